"""A content cache of results per file, so a re-run over unchanged files neither loads the model nor rescans.

An entry is keyed by the file's name and bytes, the resolved settings, flexlint's rule data and the
versions of flexlint, Presidio, spaCy and the model. It holds findings, which never carry a value from the
payload; runs with --show-values (whose findings do carry masks) are never cached.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from flexlint.datafiles import data_dir
from flexlint.model import Finding, Severity
from flexlint.settings import Settings
from flexlint.sources.registry import CODE_LANGUAGE_OF

_LAYOUT = "v1"
_CODE_SUFFIXES = tuple(CODE_LANGUAGE_OF)  # code findings also depend on the files the code imports


@dataclasses.dataclass
class FileResult:
    """What checking one file produced: enough to rebuild its part of a Report."""

    file: str
    findings: list[Finding]
    payloads: int = 0
    unreadable: bool = False
    # Records not scanned, by kind (Event Streams worker events, ...), for the summary.
    skipped: dict[str, int] = dataclasses.field(default_factory=dict)
    internal_errors: list[str] = dataclasses.field(default_factory=list)


# The layout of a cached finding (_row): a change makes every older cache entry a miss, not a wrong read.
ROW_FORMAT = 2


@functools.cache
def _environment_fingerprint() -> str:
    """Everything outside the settings that changes results: versions and the rule data files."""
    from flexlint import __version__
    from flexlint.detect.environment import DETECTION_PACKAGES, installed_version

    digest = hashlib.sha256()
    digest.update(f"{__version__} rows={ROW_FORMAT}".encode())
    for package in (*DETECTION_PACKAGES, "jsonschema"):
        digest.update(f"{package}={installed_version(package) or 'absent'}".encode())
    for directory in (data_dir("rules"), data_dir("schemas")):
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            digest.update(path.relative_to(directory).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def settings_fingerprint(settings: Settings) -> str:
    fields = dataclasses.asdict(settings)
    # A user's recognizer file changes results when its content changes, not only its name.
    fields["recognizer_contents"] = [_file_digest(Path(p)) for p in settings.recognizers]
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


class FileCache:
    """One index file per set of inputs and settings, loaded once and rewritten once per run.

    A run over 2,000 unchanged fixtures then reads one file instead of 2,000; entries of files that were
    not part of the run are dropped when the index is rewritten, so it never grows stale.
    """

    def __init__(self, directory: str | os.PathLike[str], settings: Settings) -> None:
        self.directory = Path(directory)
        self._context = _environment_fingerprint() + settings_fingerprint(settings)
        self._index_path: Path | None = None
        self._old: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        self._fingerprints: dict[Settings, str] = {}

    def open(self, inputs: list[str]) -> None:
        """Load the index for this run's inputs (the files it will check, in order)."""
        name = hashlib.sha256((self._context + "\0".join(inputs)).encode("utf-8", "surrogatepass")).hexdigest()
        self._index_path = self.directory / _LAYOUT / f"{name}.json"
        try:
            self._old = json.loads(self._index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._old = {}  # a missing or damaged index is a miss, never an error

    def key(self, path: str, settings: Settings | None = None) -> str | None:
        """The file's bytes, plus its own settings when a config file gave it settings of its own."""
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError:
            return None  # unreadable files are re-checked, and reported, every time
        digest = hashlib.sha256(data)
        if path.lower().endswith(_CODE_SUFFIXES):
            # Code findings depend on the wrappers and JSON configuration it imports (flexlint/code/).
            from flexlint.code.dependencies import cache_dependencies

            for dependency in cache_dependencies(path, data):
                digest.update(dependency.encode("utf-8", "surrogatepass"))
                digest.update(_file_digest(Path(dependency)).encode())
        if settings is not None:
            if settings not in self._fingerprints:  # one fingerprint per configuration, not per file
                self._fingerprints[settings] = settings_fingerprint(settings)
            digest.update(self._fingerprints[settings].encode())
        return digest.hexdigest()

    def get(self, display: str, key: str) -> FileResult | None:
        entry = self._old.get(display)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        try:
            result = FileResult(
                file=display,
                findings=[_finding(display, row) for row in entry["findings"]],
                payloads=entry["payloads"],
                unreadable=entry["unreadable"],
                skipped=entry.get("skipped", {}),
            )
        except (KeyError, TypeError, ValueError):
            return None
        self._new[display] = entry
        return result

    def put(self, key: str, result: FileResult) -> None:
        if result.internal_errors:
            return  # a failure must be retried, not remembered
        self._new[result.file] = {
            "key": key,
            "payloads": result.payloads,
            "unreadable": result.unreadable,
            "skipped": result.skipped,
            "findings": [_row(f) for f in result.findings],
        }

    def save(self) -> None:
        if self._index_path is None or self._new == self._old:
            return
        try:
            self._index_path.parent.mkdir(parents=True, exist_ok=True)
            self._mark_directory()
            with tempfile.NamedTemporaryFile("w", dir=self._index_path.parent, delete=False, encoding="utf-8") as out:
                json.dump(self._new, out, separators=(",", ":"))
            os.replace(out.name, self._index_path)
        except OSError:
            pass  # a read-only checkout still gets its results, just not cached

    def _mark_directory(self) -> None:
        # Like ruff's cache: ignored by git and by backup tools without anyone having to configure them.
        gitignore = self.directory / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text("# Automatically created by flexlint.\n*\n")
            (self.directory / "CACHEDIR.TAG").write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by flexlint.\n"
            )


def _row(finding: Finding) -> list[Any]:
    """A finding as a compact row (its file is the entry's). shown_value is never cached."""
    return [
        finding.code, int(finding.severity), finding.message, finding.line, finding.column, finding.pointer,
        finding.inner_pointer, finding.entity, finding.score, list(finding.span) if finding.span else None,
        finding.detected_by,
    ]  # fmt: skip


def _finding(file: str, row: list[Any]) -> Finding:
    # Positional, in _row's order: thousands of findings come back from the cache on a warm run.
    code, severity, message, line, column, pointer, inner, entity, score, span, detected_by = row
    return Finding(
        code, Severity(severity), message, file, line, column, pointer, inner, entity, score,
        (span[0], span[1]) if span else None, None, detected_by,
    )  # fmt: skip


def clean(directory: str | os.PathLike[str]) -> bool:
    """Remove a cache directory; True when there was one."""
    path = Path(directory)
    if not path.is_dir():
        return False
    shutil.rmtree(path)
    return True
