"""Which findings a configuration suppresses: per-file globs, per-JSON-pointer patterns, and excluded paths.

Kept apart from flexlint/config.py so that Settings (and the pipeline) can hold a Suppressions without
importing tomllib or jsonschema.

File globs (`per-file-ignores`, `exclude`) are relative to the directory of the config file that declared
them, as in ruff. `fnmatch` rules apply (`*` also crosses `/`, as in ruff's globs and flexlint's --exclude);
a pattern also matches when it matches the file's name alone or one of its parent directories, so
`legacy`, `legacy/*` and `*.ndjson` all do what they say.

JSON pointer patterns (`per-pointer-ignores`) are written like RFC 6901 pointers and matched against the
finding's pointer *inside its payload*: the record index of an array or JSON Lines file is not part of it,
so `/conversations/content` covers a single-object file, every element of an array and every line of a
JSON Lines file alike. Token by token:
  `**`        any number of tokens, including none (`/media/**` is media and everything below it);
  otherwise   an fnmatch pattern for exactly one token (`*` one whole token, `conversation_attribute_*`,
              `[0-9]`); `~0` and `~1` are unescaped first; write `[*]` for a literal star.
A pattern names one place exactly; add `/**` to cover what is below it.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

CodeMap = tuple[tuple[str, tuple[str, ...]], ...]  # (pattern, code prefixes), in declaration order


class PatternError(ValueError):
    pass


@functools.lru_cache(maxsize=512)
def compile_pointer_pattern(pattern: str) -> tuple[re.Pattern[str] | None, ...]:
    """One entry per token: a compiled fnmatch regex, or None for `**`. Raises PatternError."""
    if pattern == "":
        return ()  # the whole payload
    if not pattern.startswith("/"):
        raise PatternError("a JSON pointer pattern starts with '/'")
    if re.search(r"~(?![01])", pattern):
        raise PatternError("'~' must be followed by 0 or 1 (RFC 6901: ~0 is '~', ~1 is '/')")
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pattern[1:].split("/")]
    return tuple(None if t == "**" else re.compile(fnmatch.translate(t)) for t in tokens)


def pointer_matches(pattern: str, pointer: str) -> bool:
    compiled = compile_pointer_pattern(pattern)
    tokens = [] if pointer == "" else [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]
    return _match_tokens(compiled, 0, tokens, 0)


def _match_tokens(pattern: tuple[re.Pattern[str] | None, ...], p: int, tokens: list[str], t: int) -> bool:
    while p < len(pattern):
        part = pattern[p]
        if part is None:
            # `**`: try every split point; pointers are a handful of tokens, so this stays cheap.
            return any(_match_tokens(pattern, p + 1, tokens, k) for k in range(t, len(tokens) + 1))
        if t >= len(tokens) or not part.match(tokens[t]):
            return False
        p, t = p + 1, t + 1
    return t == len(tokens)


def path_matches(pattern: str, relative: str) -> bool:
    """Does a glob match a POSIX path (relative to the config directory), its name, or a parent of it?"""
    pattern = pattern.removeprefix("./").rstrip("/") or "."
    path = PurePosixPath(relative)
    if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern):
        return True
    return any(fnmatch.fnmatch(parent.as_posix(), pattern) for parent in path.parents if parent.as_posix() != ".")


def _covers(prefixes: tuple[str, ...], code: str) -> bool:
    return any(code.startswith(prefix) for prefix in prefixes)


@dataclass(frozen=True)
class Suppressions:
    """What one configuration suppresses. `base` is the absolute directory its globs are relative to."""

    base: str | None = None
    per_file: CodeMap = ()
    per_pointer: CodeMap = ()
    exclude: tuple[str, ...] = ()

    def relative(self, path: str) -> str:
        """`path` (absolute, or relative to the working directory) relative to `base` when it is inside it."""
        absolute = os.path.abspath(path)
        if self.base is not None:
            rel = os.path.relpath(absolute, self.base) if _inside(absolute, self.base) else None
            if rel is not None:
                return PurePosixPath(*os.path.normpath(rel).split(os.sep)).as_posix()
        return PurePosixPath(*absolute.split(os.sep)).as_posix()

    def excluded(self, path: str) -> bool:
        if not self.exclude:
            return False
        rel = self.relative(path)
        return any(path_matches(pattern, rel) for pattern in self.exclude)

    def ignored_by_file(self, path: str, code: str) -> bool:
        if not self.per_file:
            return False
        rel = self.relative(path)
        return any(_covers(codes, code) and path_matches(glob, rel) for glob, codes in self.per_file)

    def ignored_by_pointer(self, pointer: str, code: str) -> bool:
        """`pointer` is relative to the payload (Issue.pointer), not the file (Finding.pointer)."""
        if not self.per_pointer:
            return False
        return any(_covers(codes, code) and pointer_matches(glob, pointer) for glob, codes in self.per_pointer)

    def ignored(self, path: str, pointer: str, code: str) -> bool:
        return self.ignored_by_file(path, code) or self.ignored_by_pointer(pointer, code)


def _inside(path: str, base: str) -> bool:
    try:
        return os.path.commonpath([path, base]) == base
    except ValueError:  # different drives on Windows
        return False
