"""Code that writes task attributes: the JavaScript, TypeScript, TSX and Python readers of the registry.

Each file is parsed (tree-sitter for JS/TS, the standard library's ast for Python: flexlint/code/modules.py),
every sink in it is evaluated (flexlint/code/sinks.py), and each evaluation becomes one payload
(flexlint/code/payloads.py). A file that does not parse is FLX001 at the parser's position; what the
parser recovered is still analysed. A file with none of the sinks' trigger words is not analysed at all,
unless it imports another module of the repository (whose wrappers it may call).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator

from flexlint.model import Position
from flexlint.sources.registry import CODE_LANGUAGE_OF
from flexlint.sources import Item, LoadError, Target
from flexlint.sources.json_text import GZIP_ERRORS, open_binary

MAX_BYTES = 4_000_000  # a generated bundle larger than this is not hand-written plugin code
_RELATIVE_IMPORT = re.compile(rb"""(?:from\s+['"]\.|require\(\s*['"]\.|^\s*from\s+\.)""", re.M)


def read(target: Target, fmt: str) -> Iterator[Item]:
    from flexlint.code import catalog
    from flexlint.code.modules import language_of, parse_source
    from flexlint.code.payloads import Columns, payload_of
    from flexlint.code.sinks import hits

    language = fmt if fmt in CODE_LANGUAGE_OF.values() else language_of(target.display) or "javascript"
    source = _read(target)
    if isinstance(source, LoadError):
        yield source
        return
    wanted = catalog.trigger().search(source) is not None or (
        _RELATIVE_IMPORT.search(source) is not None and _imports_a_sink(target.path, source)
    )
    try:
        parsed = parse_source(source, target.path if target.path != "-" else target.display, language, lower=wanted)
        columns = Columns(source)
        if parsed.error is not None:
            where, message = parsed.error
            yield LoadError(target.display, columns.position(where), message)
        if parsed.module is None or not wanted:
            return
        payloads = [payload_of(hit, target.display, columns) for hit in hits(parsed.module, _engine())]
    except RecursionError:
        # Thousands of nested brackets (generated data in code): reported, never a crash of the run.
        yield LoadError(target.display, Position(1, 1), "the code is nested too deeply to analyse")
        return
    yield from (p for p in payloads if p is not None)


def _read(target: Target) -> bytes | LoadError:
    try:
        with open_binary(target) as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        return LoadError(target.display, Position(1, 1), f"cannot read the file: {error.strerror or 'I/O error'}")
    except GZIP_ERRORS:
        return LoadError(target.display, Position(1, 1), "cannot read the file: damaged gzip data")
    if len(data) > MAX_BYTES:
        return LoadError(target.display, Position(1, 1), f"the file is larger than {MAX_BYTES:,} bytes: not analysed")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a byte-order mark is no character of line 1 (as JSON files are read: utf-8-sig)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", "replace")
        line = before.count("\n") + 1
        return LoadError(target.display, Position(line, len(before) - before.rfind("\n")), "the file is not valid UTF-8")
    return data


def _imports_a_sink(path: str, source: bytes) -> bool:
    """Whether a module this file imports by a relative path has a sink's trigger word: only then can its
    calls reach a sink one hop away."""
    from flexlint.code.dependencies import local_dependencies

    for dependency in local_dependencies(path, source):
        if _has_trigger(dependency):
            return True
        # a barrel (index.js re-exporting a helper): one step further, where the helper is
        if any(_has_trigger(further) for further in _dependencies_of(dependency)):
            return True
    return False


def _dependencies_of(path: str) -> list[str]:
    from flexlint.code.dependencies import local_dependencies

    try:
        with open(path, "rb") as handle:
            return local_dependencies(path, handle.read(MAX_BYTES))
    except OSError:
        return []


def _has_trigger(path: str) -> bool:
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return _file_has_trigger(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=4096)  # a repository's helpers are imported by many files (keyed by version too)
def _file_has_trigger(path: str, mtime: int, size: int) -> bool:
    from flexlint.code import catalog

    try:
        with open(path, "rb") as handle:
            return catalog.trigger().search(handle.read(MAX_BYTES)) is not None
    except OSError:
        return False


_ENGINE = None


def _engine():  # type: ignore[no-untyped-def]
    """One engine per process: imported modules are parsed once for the whole run."""
    global _ENGINE
    if _ENGINE is None:
        from flexlint.code.evaluate import Engine
        from flexlint.code.modules import ModuleCache

        cache = ModuleCache()
        _ENGINE = Engine(cache.load)
        _ENGINE.modules = cache  # type: ignore[attr-defined]
    return _ENGINE
