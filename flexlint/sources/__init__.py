"""Sources turn paths (and stdin) into payloads. One module per input kind; `read` picks the module."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flexlint.model import Position
from flexlint.payload import Payload

# What a directory walk picks up. An explicitly named file is read whatever its name.
JSON_SUFFIXES = (".json",)
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
DISCOVERED_SUFFIXES = JSON_SUFFIXES + JSON_LINES_SUFFIXES
STDIN = "-"


@dataclass(frozen=True)
class LoadError:
    """Input that could not be read or parsed (reported as FLX001). `message` never quotes the input."""

    file: str
    position: Position
    message: str
    pointer: str = ""


@dataclass(frozen=True)
class Target:
    """One file to read: where it is (`path`, or "-" for stdin) and the name findings should show."""

    path: str
    display: str


def discover(paths: Iterable[str], *, exclude: Iterable[str] = (), stdin_filename: str | None = None) -> Iterator[Target]:
    """Expand directories recursively, in a stable order; skip paths matching an --exclude glob."""
    patterns = tuple(exclude)
    for raw in paths:
        if raw == STDIN:
            yield Target(STDIN, stdin_filename or "<stdin>")
            continue
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _excluded(Path(root, d), patterns))
                for name in sorted(files):
                    child = Path(root, name)
                    if name.endswith(DISCOVERED_SUFFIXES) and not _excluded(child, patterns):
                        yield Target(str(child), str(child))
        elif not _excluded(path, patterns):
            yield Target(raw, raw)


def _excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    text = path.as_posix()
    return any(fnmatch.fnmatch(text, p) or fnmatch.fnmatch(path.name, p) or path.match(p) for p in patterns)


def read(target: Target) -> Iterator[Payload | LoadError]:
    """Yield the payloads of one file, and a LoadError for each part that cannot be read."""
    from flexlint.sources import json_text

    name = target.display.lower()
    if name.endswith(JSON_LINES_SUFFIXES):
        return json_text.read_json_lines(target)
    return json_text.read_json(target)
