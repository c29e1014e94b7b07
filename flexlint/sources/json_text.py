"""JSON files (one object or an array of them) and JSON Lines files (one object per line)."""

from __future__ import annotations

import gzip
import io
import json
import math
import re
import sys
import zlib
from collections.abc import Iterator
from typing import BinaryIO, cast

from flexlint.model import Position
from flexlint.positions import PrefixedLocator, SourceMap, position_of_offset
from flexlint.sources import STDIN, Item, LoadError, Target


class ConstantError(ValueError):
    """Python's json accepts NaN and Infinity; JSON (and TaskRouter) does not."""

    def __init__(self, name: str, description: str | None = None) -> None:
        super().__init__(f"invalid JSON: {description or name + ' is not a JSON value'}")
        self.name = name  # the literal, to find its position; never shown


def _reject_constant(name: str) -> None:
    raise ConstantError(name)


def _finite_float(literal: str) -> float:
    # 1e400 is valid JSON syntax, but Python reads it as infinity, which no JSON writer (nor TaskRouter) can
    # give back: treat it like Infinity, and point at it the same way.
    value = float(literal)
    if math.isinf(value):
        raise ConstantError(literal, "a number too large to represent (it would be read as infinity)")
    return value


class DuplicateKeys(dict):
    """A JSON object that named a key more than once: json keeps the last value, and `duplicates` says which
    keys lost earlier ones (FLX005), since those earlier values are never checked."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, object]]) -> dict:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    return _flagged(pairs, result)


def _flagged(pairs: list[tuple[str, object]], result: dict) -> DuplicateKeys:
    seen: set[str] = set()
    twice = [key for key, _ in pairs if key in seen or seen.add(key)]  # type: ignore[func-returns-value]
    flagged = DuplicateKeys(result)
    flagged.duplicates = tuple(dict.fromkeys(twice))
    return flagged


class _NotingObjects:
    """The object hook of one parse, noting whether any object named a key twice (one per call: parses in
    other threads never touch it)."""

    __slots__ = ("duplicates",)

    def __init__(self) -> None:
        self.duplicates = False

    def __call__(self, pairs: list[tuple[str, object]]) -> dict:
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        self.duplicates = True
        return _flagged(pairs, result)


def parse(text: str) -> object:
    return json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float, object_pairs_hook=_object)


class Parser:
    """`parse` that also says whether any object named a key twice. One serves a whole file: json.loads builds
    a decoder on every call, which costs as much as parsing a short JSON Lines record. Not for sharing
    between threads."""

    __slots__ = ("_decode", "_hook")

    def __init__(self) -> None:
        self._hook = _NotingObjects()
        self._decode = json.JSONDecoder(
            parse_constant=_reject_constant, parse_float=_finite_float, object_pairs_hook=self._hook
        ).decode

    def __call__(self, text: str) -> tuple[object, bool]:
        """(value, whether some object named a key twice); raises as json.loads does."""
        if text.startswith("\ufeff"):  # json.loads' own check, before it decodes
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        self._hook.duplicates = False
        return self._decode(text), self._hook.duplicates


def load_mapped(
    text: str, file: str, first_line: int = 1, pointer: str = "", parser: Parser | None = None
) -> tuple[object, SourceMap] | LoadError:
    """The JSON value of `text` with its SourceMap (which knows whether the parse met a duplicate key), or the
    LoadError (FLX001) that says where and why it is not JSON."""
    try:
        value, duplicates = (parser or Parser())(text)
    except ValueError as error:
        return parse_error(error, text, file, first_line, pointer)
    except RecursionError:
        return parse_error(ValueError(), text, file, first_line, pointer)
    return value, SourceMap(text, first_line, unique_keys=not duplicates)


def decode(data: bytes, file: str, first_line: int = 1) -> str | LoadError:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8", "replace")
        return LoadError(file, position_of_offset(before, len(before), first_line), "the file is not valid UTF-8")


def parse_error(error: ValueError, text: str, file: str, first_line: int = 1, pointer: str = "") -> LoadError:
    if isinstance(error, json.JSONDecodeError):
        return LoadError(file, Position(first_line + error.lineno - 1, error.colno), f"invalid JSON: {error.msg}", pointer)
    if isinstance(error, ConstantError):
        # The json module does not say where the constant was: find its first use outside a string.
        match = re.search(r'^(?:[^"]|"(?:[^"\\]|\\.)*")*?(?<![\w.])(' + re.escape(error.name) + r")", text, re.S)
        offset = match.start(1) if match else 0
        return LoadError(file, position_of_offset(text, offset, first_line), str(error), pointer)
    if "digits" in str(error):  # Python's limit on integer size (sys.set_int_max_str_digits)
        return LoadError(file, Position(first_line, 1), "cannot read a number with more than 4300 digits", pointer)
    return LoadError(file, Position(first_line, 1), "invalid JSON: nested too deeply", pointer)


GZIP_MAGIC = b"\x1f\x8b"
# What a damaged or truncated gzip stream raises part-way through (gzip.BadGzipFile is an OSError).
GZIP_ERRORS = (OSError, EOFError, zlib.error)


def open_binary(target: Target) -> BinaryIO:
    """The file's bytes, decompressed when they are gzip (by content, not name: archives get renamed).

    Both file objects are buffered readers, so peeking at the magic number consumes nothing; a gzip stream
    is decompressed as it is read, never held whole.
    """
    handle: BinaryIO = sys.stdin.buffer if target.path == STDIN else open(target.path, "rb")
    if hasattr(handle, "peek"):
        head = handle.peek(2)[:2]
    else:  # a stdin replaced by a test harness (BytesIO): small by nature, so read it whole
        handle = io.BytesIO(handle.read())
        head = handle.getvalue()[:2]
    if head == GZIP_MAGIC:
        return cast(BinaryIO, gzip.GzipFile(fileobj=handle, mode="rb"))
    return cast(BinaryIO, handle)


def _read_bytes(target: Target) -> bytes | LoadError:
    try:
        with open_binary(target) as handle:
            return handle.read()
    except GZIP_ERRORS as error:
        reason = getattr(error, "strerror", None) or "damaged gzip data"
        return LoadError(target.display, Position(1, 1), f"cannot read the file: {reason}")


def read_json(target: Target, fmt: str = "attributes") -> Iterator[Item]:
    data = _read_bytes(target)
    if isinstance(data, LoadError):
        yield data
        return
    text = decode(data, target.display)
    if isinstance(text, LoadError):
        yield text
        return
    loaded = load_mapped(text, target.display)
    if isinstance(loaded, LoadError):
        yield loaded
        return
    from flexlint.sources.records import expand

    document, source_map = loaded
    if isinstance(document, list):
        for index, item in enumerate(document):
            yield from expand(item, fmt, target.display, f"/{index}", PrefixedLocator(source_map, f"/{index}"))
    else:
        yield from expand(document, fmt, target.display, "", source_map)


def read_json_lines(target: Target, fmt: str = "attributes") -> Iterator[Item]:
    """One record per non-blank line, streamed (gzip too): memory stays flat however long the file is.

    A record's pointer prefix is its 0-based line index (`/0` is line 1), so a pointer names its line.
    """
    from flexlint.sources.records import expand

    parser = Parser()
    for index, raw in record_lines(target):
        if isinstance(raw, LoadError):
            yield raw
            continue
        line_number = index + 1
        text = decode(raw, target.display, line_number)
        if isinstance(text, LoadError):
            yield text
            continue
        loaded = load_mapped(text, target.display, line_number, f"/{index}", parser)
        if isinstance(loaded, LoadError):
            yield loaded
            continue
        yield from expand(loaded[0], fmt, target.display, f"/{index}", loaded[1])


def record_lines(target: Target) -> Iterator[tuple[int, bytes | LoadError]]:
    """The non-blank lines of a line-per-record file (JSON Lines, callback captures), without their line
    ends, streamed; a file that cannot be opened or a damaged gzip stream ends them with a LoadError."""
    try:
        handle = open_binary(target)
    except OSError as error:
        yield 0, LoadError(target.display, Position(1, 1), f"cannot read the file: {error.strerror or 'I/O error'}")
        return
    with handle:
        for index, raw in lines(handle, target):
            if isinstance(raw, LoadError):
                yield index, raw
                return
            if raw.strip():
                yield index, raw.rstrip(b"\r\n")


def lines(handle: BinaryIO, target: Target) -> Iterator[tuple[int, bytes | LoadError]]:
    """(0-based index, line) pairs; a damaged gzip stream ends with a LoadError instead of an exception,
    so the records before the damage keep their findings."""
    count = 0
    try:
        for raw in handle:
            yield count, raw
            count += 1
    except GZIP_ERRORS:
        yield count, LoadError(target.display, Position(count + 1, 1), "cannot read the file: damaged gzip data")


def read(target: Target, fmt: str) -> Iterator[Item]:
    """The `json` reader of the registry: one record, or an array of them."""
    return read_json(target, fmt)
