"""What one sink writes, as a payload the checks read like any other (flexlint/payload.py).

The written value is flattened into attribute paths. Literals stay literals (the allowlist, data-model and
detector checks judge them as they judge JSON); every other value becomes a CodeValue placeholder in the
attributes and a CodeWrite beside them, which flexlint/checks/code.py judges (FLX601-FLX604). The locator
knows the line and column of every written key and value, in characters.
"""

from __future__ import annotations

from typing import Any

from flexlint.code import catalog
from flexlint.code.ir import Pos
from flexlint.code.sinks import Hit
from flexlint.code.values import ArrayValue, Existing, Known, ObjectValue, Tainted, Unknown, Value
from flexlint.model import Position, Target
from flexlint.payload import CodeWrite, Payload
from flexlint.positions import escape_token
from flexlint.studio.template import Placeholder

MAX_DEPTH = 12


class CodeValue(Placeholder):
    """A value code computes at run time: a placeholder (skipped by the data-model and detector checks, as a
    Studio template's tags are) whose `variables` name where it came from."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (CodeValue, (self.variables, self.bare, self.literal))


class Columns:
    """Byte columns (what tree-sitter and ast give) to character columns (what findings report)."""

    def __init__(self, source: bytes) -> None:
        self._ascii = source.isascii()
        self._lines: list[bytes] | None = None if self._ascii else source.split(b"\n")

    def position(self, pos: Pos) -> Position:
        line, column = pos
        if self._ascii or self._lines is None or line > len(self._lines):
            return Position(line, column)
        return Position(line, len(self._lines[line - 1][: column - 1].decode("utf-8", "replace")) + 1)


class CodeLocator:
    """Positions of the keys and values one sink writes; anything else is at the sink."""

    unique_keys = True  # duplicate keys in an object literal are overrides, not JSON's undefined behaviour

    def __init__(self, keys: dict[str, Position], values: dict[str, Position], default: Position) -> None:
        self._keys, self._values, self._default = keys, values, default

    def locate(self, pointer: str, target: Target = "value") -> Position:
        table = self._keys if target == "key" else self._values
        found = table.get(pointer) or self._values.get(pointer) or self._keys.get(pointer)
        while found is None and pointer:
            pointer = pointer.rsplit("/", 1)[0]
            found = self._keys.get(pointer)
        return found or self._default


class _Builder:
    def __init__(self, columns: Columns, deferred: bool) -> None:
        self.columns = columns
        self.deferred = deferred
        self.keys: dict[str, Position] = {}
        self.values: dict[str, Position] = {}
        self.writes: list[CodeWrite] = []

    def value(self, value: Value, path: tuple[str, ...], pointer: str, depth: int, baseline: Value | None = None) -> Any:
        """The JSON stand-in of `value` at `pointer`; records positions and CodeWrites on the way. Entries equal
        to `baseline`'s (the sink without the caller's arguments) are left out: they are not the caller's."""
        self.values.setdefault(pointer, self.columns.position(_pos(value)))
        if isinstance(value, ObjectValue) and depth < MAX_DEPTH:
            return self._object(value, path, pointer, depth, baseline if isinstance(baseline, ObjectValue) else None)
        if isinstance(value, ArrayValue) and depth < MAX_DEPTH:
            return [self.value(v, path + (str(i),), f"{pointer}/{i}", depth + 1) for i, v in enumerate(value.items)]
        if isinstance(value, Known):
            return value.value
        if isinstance(value, Tainted):
            self.writes.append(CodeWrite(pointer, path, "input", value.source, value.carries, value.safe_harbor))
            return CodeValue((value.source,), True)
        deferred = isinstance(value, Unknown) and value.param and self.deferred
        self.writes.append(CodeWrite(pointer, path, "unknown", _source(value), deferred=deferred))
        return CodeValue((_source(value),), True)

    def _object(
        self, value: ObjectValue, path: tuple[str, ...], pointer: str, depth: int, baseline: ObjectValue | None
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, entry in value.entries.items():
            if isinstance(entry.value, Existing):
                continue  # the task's current value, kept as it is
            before = baseline.entries.get(key).value if baseline is not None and key in baseline.entries else None
            if _same_literal(entry.value, before):
                continue
            child = f"{pointer}/{escape_token(key)}"
            self.keys[child] = self.columns.position(entry.pos)
            if entry.value_pos is not None:
                self.values[child] = self.columns.position(entry.value_pos)
            out[key] = self.value(entry.value, path + (key,), child, depth + 1, before)
            if out[key] == {} and isinstance(entry.value, ObjectValue) and before is not None and not entry.value.holes:
                del out[key]  # (everything under it was the sink's own)
        for hole in value.holes:
            child = f"{pointer}/*"
            self.keys.setdefault(child, self.columns.position(hole.pos))
            self.values.setdefault(child, self.columns.position(hole.pos))
            if hole.kind == "input-key" and isinstance(hole.key, Tainted):
                key = hole.key
                self.writes.append(CodeWrite(child, path + ("*",), "input-key", key.source, key.carries, key.safe_harbor))
            else:
                deferred = self.deferred and _param(hole.value if hole.kind == "unknown-spread" else hole.key)
                self.writes.append(CodeWrite(child, path + ("*",), hole.kind, _source(hole.key or hole.value),
                                             deferred=deferred))
        return out


def payload_of(hit: Hit, file: str, columns: Columns) -> Payload | None:
    """The payload of one sink evaluation, or None when it writes nothing new (only existing attributes)."""
    builder = _Builder(columns, hit.deferred)
    value = hit.value
    if isinstance(value, Known) and isinstance(value.value, str):
        value = _json_literal(value)
    if isinstance(value, Existing):
        return None
    attributes = builder.value(value, (), "", 0, hit.baseline)
    if not isinstance(attributes, dict):
        attributes = {}
    if not attributes and not builder.writes:
        return None
    locator = CodeLocator(builder.keys, builder.values, columns.position(hit.call.pos))
    return Payload(attributes, file, "", locator, code_writes=tuple(builder.writes), note=hit.note)


def _same_literal(value: Value, before: Value | None) -> bool:
    return isinstance(value, Known) and isinstance(before, Known) and value.value == before.value


def _json_literal(value: Known) -> Value:
    """`attributes: '{"type": "inbound"}'`: JSON text written as a literal is its parsed value."""
    import json

    try:
        return Known(json.loads(str(value.value)), value.pos)
    except ValueError:
        return value


def _pos(value: Value | None) -> Pos:
    return getattr(value, "pos", (1, 1))


def _param(value: Value | None) -> bool:
    return isinstance(value, Unknown) and value.param


def _source(value: Value | None) -> str:
    if isinstance(value, Unknown) and value.path:
        return catalog.shown(value.path)
    if isinstance(value, Tainted):
        return value.source
    return ""
