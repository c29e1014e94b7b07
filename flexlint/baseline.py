"""A baseline: the findings a team has accepted when adopting flexlint, so that only new ones are reported.

An entry is keyed by file, JSON pointer and rule code, with a count for repeated identical keys (two phone
numbers in one `content`). Never by line or column: detect-secrets' baselines churn whenever a line moves.
Never by anything derived from the value: a hash of an SSN or a date of birth is brute-forced in seconds, so
a committed baseline holding one would hold the PHI. The file holds no timestamp and its entries are sorted,
one a line, so it only changes when findings do and diffs (and merges) cleanly.

    {
      "format_version": 1,
      "tool": {"name": "flexlint", "version": "0.1.0"},
      "entries": [
        {"file": "fixtures/calls.jsonl", "pointer": "/3/conversations/content", "code": "FLX305", "count": 2}
      ]
    }

`file` is relative to the directory holding the baseline file, with "/" separators, so the baseline works
from any working directory and on any machine. The pointer of a finding in an array or a JSON Lines file
starts with the record index (and, inside embedded attributes, continues into them:
`/0/data/payload/task_attributes/conversations/content`): inserting a record above it changes the pointer (an entry goes stale and the
finding is reported as new), exactly as it would change the finding's identity in SARIF.

Semantics (those of detect-secrets' `scan --baseline`, minus the value hashes):
- `filter(findings)`: for each key, the first `count` findings (in report order) are baselined; any more are
  new. Recorded occurrences that no current finding matches are stale (an entry with a count of 3 and one
  finding left yields a stale entry with a count of 2). Only files that were checked can have stale entries.
- `from_findings(findings, root)` (`flexlint baseline create`): every current finding.
- `updated(findings)` (`flexlint baseline update`): checked files get exactly their current findings (stale
  entries dropped, new findings added); entries of files that were not checked are kept as they are.
  `add_new=False` only drops stale entries (and lowers counts), never accepting a new finding.
"""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from flexlint.model import Finding

FORMAT_VERSION = 1
# The conventional name; any path works.
DEFAULT_BASELINE = "flexlint-baseline.json"

_ENTRY_KEYS = ("file", "pointer", "code", "count")
_CODE = re.compile(r"^FLX[0-9]{3}$")

Key = tuple[str, str, str]  # (file, pointer, code)


class BaselineError(Exception):
    """A baseline file that cannot be read or is not a valid baseline. The CLI turns it into exit 2.

    The reason names positions and types, never a value from the file: a hand-edited baseline could hold
    anything.
    """

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass(frozen=True, order=True, slots=True)
class Entry:
    """Accepted findings: `count` of them with this file, pointer and code."""

    file: str  # POSIX path relative to the baseline file's directory
    pointer: str  # RFC 6901, starting at the record in arrays and JSON Lines
    code: str
    count: int = 1

    @property
    def key(self) -> Key:
        return (self.file, self.pointer, self.code)

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "pointer": self.pointer, "code": self.code, "count": self.count}


class FilterResult(NamedTuple):
    """What `Baseline.filter` returns; unpacks as `new, stale = baseline.filter(findings)`."""

    new: list[Finding]  # findings not in the baseline, in the order given
    stale: list[Entry]  # recorded occurrences no finding matches any more, sorted


class Baseline:
    """Sorted, unique entries, and the directory their file paths are relative to."""

    __slots__ = ("_counts", "root")

    def __init__(self, entries: Iterable[Entry] = (), root: str | os.PathLike[str] = ".") -> None:
        self.root = Path(root)
        counts: Counter[Key] = Counter()
        for entry in entries:
            if entry.count < 1:
                raise ValueError(f"entry count must be at least 1, got {entry.count}")
            counts[entry.key] += entry.count
        self._counts = counts

    # -- construction ------------------------------------------------------------------------------

    @classmethod
    def from_findings(
        cls,
        findings: Iterable[Finding],
        root: str | os.PathLike[str],
        *,
        cwd: str | os.PathLike[str] | None = None,
    ) -> Baseline:
        """Every finding, keyed relative to `root` (the directory the baseline file will live in).

        `cwd` is the directory the findings' file names are relative to (default: the current directory).
        """
        baseline = cls(root=root)
        relative = baseline._relativizer(cwd)
        for finding in findings:
            baseline._counts[(relative(finding.file), _pointer(finding), finding.code)] += 1
        return baseline

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Baseline:
        """Read and validate a baseline file; raises BaselineError naming the file and the problem."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise BaselineError(path, "no such file (create one with `flexlint baseline create`)") from None
        except UnicodeDecodeError:
            raise BaselineError(path, "not UTF-8 text") from None
        except OSError as error:
            raise BaselineError(path, f"cannot be read ({error.strerror or type(error).__name__})") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            # error.msg is a fixed description ("Expecting ',' delimiter"), never the input
            raise BaselineError(
                path, f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
            ) from None
        except RecursionError:
            raise BaselineError(path, "not valid JSON: nested too deeply") from None
        return cls(_parse(data, path), root=path.parent)

    # -- queries -----------------------------------------------------------------------------------

    @property
    def entries(self) -> list[Entry]:
        return [Entry(*key, count) for key, count in sorted(self._counts.items())]

    def __len__(self) -> int:
        """The number of accepted findings (the sum of the counts)."""
        return sum(self._counts.values())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Baseline):
            return NotImplemented
        return self._counts == other._counts

    def __repr__(self) -> str:
        return f"Baseline({len(self._counts)} entries, {len(self)} findings, root={str(self.root)!r})"

    def filter(
        self,
        findings: Iterable[Finding],
        *,
        checked_files: Iterable[str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
    ) -> FilterResult:
        """Split findings into new ones and report stale entries.

        `checked_files` are the file names (as findings show them) that were checked: entries of other files
        are never stale, so a run over a few files (a pre-commit hook) does not call the rest stale. Without
        it, every file in the baseline counts as checked.
        """
        findings = list(findings)
        relative = self._relativizer(cwd)
        remaining = Counter(self._counts)
        baselined: set[int] = set()
        for index in sorted(range(len(findings)), key=lambda i: findings[i].sort_key()):
            finding = findings[index]
            key = (relative(finding.file), _pointer(finding), finding.code)
            if remaining[key] > 0:
                remaining[key] -= 1
                baselined.add(index)
        new = [finding for index, finding in enumerate(findings) if index not in baselined]
        checked = None if checked_files is None else {relative(f) for f in checked_files}
        stale = [
            Entry(*key, count)
            for key, count in sorted(remaining.items())
            if count > 0 and (checked is None or key[0] in checked)
        ]
        return FilterResult(new, stale)

    def updated(
        self,
        findings: Iterable[Finding],
        *,
        checked_files: Iterable[str] | None = None,
        add_new: bool = True,
        cwd: str | os.PathLike[str] | None = None,
    ) -> Baseline:
        """The baseline after `flexlint baseline update`: see the module docstring."""
        current = Baseline.from_findings(findings, self.root, cwd=cwd)._counts
        checked = {key[0] for key in current}
        if checked_files is None:
            checked |= {key[0] for key in self._counts}
        else:
            checked |= {self._relativizer(cwd)(f) for f in checked_files}
        counts: Counter[Key] = Counter({key: n for key, n in self._counts.items() if key[0] not in checked})
        for key, found in current.items():
            counts[key] = found if add_new else min(found, self._counts.get(key, 0))
        result = Baseline(root=self.root)
        result._counts = +counts  # drops zero counts
        return result

    # -- output ------------------------------------------------------------------------------------

    def to_json(self, *, tool_version: str | None = None) -> str:
        """The file's text: fixed key order, one entry a line, sorted, no timestamp, final newline."""
        if tool_version is None:
            from flexlint import __version__ as tool_version
        lines = [
            "{",
            f'  "format_version": {FORMAT_VERSION},',
            f'  "tool": {json.dumps({"name": "flexlint", "version": tool_version})},',
        ]
        entries = [json.dumps(e.to_dict(), ensure_ascii=False) for e in self.entries]
        if entries:
            lines.append('  "entries": [')
            lines.extend(f"    {text}," for text in entries[:-1])
            lines.append(f"    {entries[-1]}")
            lines.append("  ]")
        else:
            lines.append('  "entries": []')
        lines.append("}")
        return "\n".join(lines) + "\n"

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write atomically (a temporary file, then os.replace): the old file or the new, never half.

        Entries are re-rooted when `path` is in another directory than `root`.
        """
        path = Path(path)
        baseline = self._rebased(path.parent)
        text = baseline.to_json()
        directory = path.parent if str(path.parent) else Path(".")
        fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temp, _mode_for(path))
            os.replace(temp, path)
        except BaseException:
            try:
                os.unlink(temp)
            except FileNotFoundError:
                pass
            raise

    # -- paths -------------------------------------------------------------------------------------

    def _relativizer(self, cwd: str | os.PathLike[str] | None) -> Callable[[str], str]:
        """relative_path for this root, memoised per file name for one call (findings share few files)."""
        cwd = os.getcwd() if cwd is None else cwd
        return functools.lru_cache(maxsize=None)(lambda file: relative_path(file, self.root, cwd=cwd))

    def _rebased(self, new_root: Path) -> Baseline:
        if _same_directory(self.root, new_root):
            return self
        out = Baseline(root=new_root)
        for (file, pointer, code), count in self._counts.items():
            absolute = os.path.join(os.path.realpath(self.root), *PurePosixPath(file).parts)
            out._counts[(relative_path(absolute, new_root), pointer, code)] += count
        return out


def _pointer(finding: Finding) -> str:
    """The finding's place: inside embedded attributes (an event's task_attributes, a Studio template), the
    outer pointer continued by the inner one, so findings in one event keep their own entries."""
    return finding.pointer + (finding.inner_pointer or "")


def relative_path(
    file: str, root: str | os.PathLike[str], *, cwd: str | os.PathLike[str] | None = None
) -> str:
    """`file` (relative to `cwd`, or absolute) relative to `root`, with "/" separators.

    Symbolic links are resolved on both sides, so /tmp and /private/tmp (macOS) agree.
    """
    base = os.path.realpath(cwd if cwd is not None else os.getcwd())
    absolute = os.path.realpath(os.path.join(base, file))
    try:
        relative = os.path.relpath(absolute, os.path.realpath(os.path.join(base, root)))
    except ValueError:  # another drive on Windows
        return Path(absolute).as_posix()
    return Path(relative).as_posix()


def _same_directory(a: Path, b: Path) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _mode_for(path: Path) -> int:
    """An existing file's permissions, or 0o666 less the umask for a new one (mkstemp would leave 0o600)."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _parse(data: Any, path: Path) -> list[Entry]:
    if not isinstance(data, Mapping):
        raise BaselineError(path, f"expected a JSON object at the top, found {_type(data)}")
    version = data.get("format_version")
    if type(version) is not int:
        raise BaselineError(path, "`format_version` is missing or not an integer")
    if version != FORMAT_VERSION:
        raise BaselineError(
            path, f"unsupported format_version {version} (this flexlint reads {FORMAT_VERSION})"
        )
    tool = data.get("tool", {})
    if not isinstance(tool, Mapping) or tool.get("name", "flexlint") != "flexlint":
        raise BaselineError(path, "`tool` does not name flexlint: not a flexlint baseline")
    unknown = sorted(set(data) - {"format_version", "tool", "entries"})
    if unknown:
        raise BaselineError(path, f"unknown top-level key {_safe_key(unknown[0])}")
    entries = data.get("entries")
    if not isinstance(entries, list):
        raise BaselineError(path, f"`entries` must be an array, found {_type(entries)}")
    out: list[Entry] = []
    seen: dict[Key, int] = {}
    for index, item in enumerate(entries):
        where = f"entries[{index}]"
        if not isinstance(item, Mapping):
            raise BaselineError(path, f"{where}: expected an object, found {_type(item)}")
        missing = [k for k in _ENTRY_KEYS if k not in item]
        if missing:
            raise BaselineError(path, f"{where}: missing `{missing[0]}`")
        extra = sorted(set(item) - set(_ENTRY_KEYS))
        if extra:
            raise BaselineError(path, f"{where}: unknown key {_safe_key(extra[0])}")
        file, pointer, code, count = (item[k] for k in _ENTRY_KEYS)
        if not isinstance(file, str) or not file or "\\" in file or PurePosixPath(file).is_absolute():
            raise BaselineError(path, f"{where}: `file` must be a relative path with '/' separators")
        if not isinstance(pointer, str) or (pointer and not pointer.startswith("/")):
            raise BaselineError(
                path, f"{where}: `pointer` must be a JSON pointer (empty or starting with '/')"
            )
        if not isinstance(code, str) or not _CODE.match(code):
            raise BaselineError(path, f"{where}: `code` must be a rule code such as FLX301")
        if type(count) is not int or count < 1:
            raise BaselineError(path, f"{where}: `count` must be a whole number of at least 1")
        entry = Entry(file, pointer, code, count)
        if entry.key in seen:
            raise BaselineError(
                path,
                f"{where}: same file, pointer and code as entries[{seen[entry.key]}] (merge them: one count)",
            )
        seen[entry.key] = index
        out.append(entry)
    return out


def _type(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


def _safe_key(key: str) -> str:
    """Keys of a baseline are names, but a mangled file could hold anything: show short, plain ones only."""
    return f"`{key}`" if re.fullmatch(r"[A-Za-z0-9_-]{1,40}", key) else "(not shown)"
