"""The analysis's data: sinks (rules/code-sinks.json) and taint sources (rules/code-taint-sources.json).

The engine (flexlint/code/evaluate.py, sinks.py) knows how values flow; which calls write task attributes
and which values carry a caller's data is data, reviewed and extended without touching it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from flexlint.datafiles import load_json


@dataclass(frozen=True)
class Sink:
    id: str
    languages: tuple[str, ...] | None
    callee: tuple[str, ...]
    unless: tuple[str, ...]
    when: dict[str, Any] | None
    attributes: dict[str, Any]
    what: str
    trigger: tuple[str, ...] = ()

    def matches(self, shape: str, language: str) -> bool:
        if self.languages is not None and language not in self.languages:
            return False
        return any(fnmatchcase(shape, p) for p in self.callee) and not any(fnmatchcase(shape, p) for p in self.unless)


@dataclass(frozen=True)
class Source:
    carries: str
    safe_harbor: tuple[str, ...]


@functools.cache
def sinks() -> tuple[Sink, ...]:
    out = []
    for entry in load_json("rules", "code-sinks.json")["sinks"]:
        languages = entry.get("languages")
        out.append(Sink(
            entry["id"], tuple(languages) if languages else None, tuple(entry["callee"]), tuple(entry.get("unless", ())),
            entry.get("when"), entry["attributes"], entry["what"], tuple(entry.get("trigger", ())),
        ))
    return tuple(out)


@functools.cache
def _callee_filter() -> tuple[frozenset[str], frozenset[str]]:
    """The last names a sink's callee can have (setAttributes, create, task, ...), and the root names of
    patterns whose last segment is a wildcard (axios.*): a call with neither is no sink, without a match."""
    last: set[str] = set()
    roots: set[str] = set()
    for sink in sinks():
        for pattern in sink.callee:
            tail = pattern.rsplit(".", 1)[-1]
            if any(ch in tail for ch in "*?["):
                roots.add(pattern.split(".", 1)[0])
            else:
                last.add(tail)
    return frozenset(last), frozenset(roots)


def may_be_sink(last: str, root: str) -> bool:
    names, roots = _callee_filter()
    return last in names or root in roots


@functools.cache
def _sources() -> dict[str, Any]:
    return load_json("rules", "code-taint-sources.json")  # type: ignore[no-any-return]


@functools.cache
def _path_patterns() -> tuple[tuple[list[str], bool, bool, Source | None], ...]:
    """(segments, trailing `.*`, tainted, source) per entry, in order."""
    out = []
    for entry in _sources()["paths"]:
        segments = entry["pattern"].split(".")
        trailing = segments[-1] == "*" and len(segments) > 1
        if trailing:
            segments = segments[:-1]
        source = Source(entry["carries"], tuple(entry.get("safe_harbor", ()))) if entry["tainted"] else None
        out.append((segments, trailing, entry["tainted"], source))
    return tuple(out)


@functools.lru_cache(maxsize=8192)  # the same access paths recur through a repository
def path_source(path: str) -> Source | None:
    """The catalogue's verdict on an access path (`event.From`, `req.body.name`): its source, or None."""
    have = path.split(".")
    for segments, trailing, _tainted, source in _path_patterns():
        if segments[0] == "**":  # `**.author`: any path ending so, after at least one segment
            if _ends_with(have, segments[1:], trailing):
                return source
            continue
        if trailing:
            if len(have) < len(segments):
                continue
            head = have[: len(segments)]
        else:
            if len(have) != len(segments):
                continue
            head = have
        if all(fnmatchcase(h, w) for h, w in zip(head, segments, strict=True)):
            return source
    return None


def _ends_with(have: list[str], tail: list[str], trailing: bool) -> bool:
    """`have` ends with `tail` (after a first segment); with `trailing`, `tail` may sit anywhere after it."""
    starts = range(1, len(have) - len(tail) + 1) if trailing else (len(have) - len(tail),)
    return any(
        start >= 1 and all(fnmatchcase(h, w) for h, w in zip(have[start:start + len(tail)], tail, strict=True))
        for start in starts
    )


@functools.lru_cache(maxsize=8192)
def call_source(shape: str) -> Source | None:
    for entry in _sources()["calls"]:
        if fnmatchcase(shape, entry["callee"]):
            return Source(entry["carries"], tuple(entry.get("safe_harbor", ())))
    return None


@functools.lru_cache(maxsize=8192)
def is_existing(path: str) -> bool:
    return any(fnmatchcase(path, p) for p in _sources()["existing"])


@functools.cache
def trigger() -> re.Pattern[bytes]:
    """Words without one of which a file has no sink: most files of a plugin are skipped on this alone."""
    words = {word for sink in sinks() for word in sink.trigger}
    return re.compile("|".join(sorted(map(re.escape, words))).encode())


_SEGMENT = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]{0,63}$|^\d{1,4}$|^\(\*\)$")


def shown(path: str) -> str:
    """An access path or key path as a message may show it: identifiers only. A segment that is not one came
    from a string literal in the code (`req.body['Jane Doe']`), which is never echoed."""
    return ".".join(part if _SEGMENT.match(part) else "<literal>" for part in path.split("."))
