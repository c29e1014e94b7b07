"""What the analysis knows of a value: a literal, caller data, the task's existing attributes, an object
built key by key, or nothing (Unknown). Every value has the position of the code that produced it, which is
where findings about it are reported."""

from __future__ import annotations

from dataclasses import dataclass, field


from flexlint.code import ir
from flexlint.code.ir import Pos


@dataclass(slots=True)
class Known:
    """A literal, or data from a JSON file of the repository (a configuration mapping)."""

    value: object
    pos: Pos


@dataclass(slots=True)
class Tainted:
    """Caller or customer data. `source` is the access path or call it came from (identifiers only)."""

    source: str
    carries: str
    safe_harbor: tuple[str, ...]
    pos: Pos
    path: str | None = None  # the access path, while it is one: a longer path may be a more telling source


@dataclass(slots=True)
class Unknown:
    """A value the analysis cannot follow. `path` is the access path that produced it, if any (so that
    `task.attributes` can still be recognised through a parameter); `param` says it comes from a parameter
    of the function the sink is in, which the callers resolve."""

    pos: Pos
    path: str | None = None
    param: bool = False


@dataclass(slots=True)
class Existing:
    """The task's current attributes (or a part of them): spread or copied, they write nothing new. `path`
    is how they were reached (`task.attributes`), so that their caller fields are still recognised."""

    pos: Pos
    path: str | None = None


@dataclass(slots=True)
class Entry:
    value: Value
    pos: Pos  # of the key
    value_pos: Pos | None = None  # of the expression written at the key (the value's own is where it came from)


@dataclass(slots=True)
class Hole:
    """Keys the analysis cannot name: a computed key (`{[k]: v}`) or a spread of an unknown object.
    `kind` is "input-key" (the key comes from caller data: FLX604), "unknown-key" or "unknown-spread"."""

    kind: str
    pos: Pos
    key: Value | None = None
    value: Value | None = None


@dataclass(slots=True)
class ObjectValue:
    entries: dict[str, Entry] = field(default_factory=dict)
    holes: list[Hole] = field(default_factory=list)
    pos: Pos = (1, 1)

    def copy(self) -> ObjectValue:
        return ObjectValue(dict(self.entries), list(self.holes), self.pos)


@dataclass(slots=True)
class ArrayValue:
    items: list[Value]
    pos: Pos


@dataclass(slots=True)
class FunctionValue:
    func: ir.Func
    frame: object  # the Frame it closes over (flexlint.code.evaluate.Frame)
    module: ir.Module
    pos: Pos


Value = Known | Tainted | Unknown | Existing | ObjectValue | ArrayValue | FunctionValue


def with_key(obj: Value, key: str, value: Value, pos: Pos, value_pos: Pos | None = None) -> ObjectValue:
    """`obj` with `key` (re)written: the later write wins, as in JavaScript and Python."""
    out = obj.copy() if isinstance(obj, ObjectValue) else _as_object(obj)
    out.entries.pop(key, None)  # (a rewritten key moves to the end, as JSON.stringify prints it)
    out.entries[key] = Entry(value, pos, value_pos)
    return out


def _as_object(value: Value) -> ObjectValue:
    if isinstance(value, Known) and isinstance(value.value, dict):
        return ObjectValue({k: Entry(Known(v, value.pos), value.pos) for k, v in value.value.items()}, [], value.pos)
    if isinstance(value, Unknown):
        return ObjectValue({}, [Hole("unknown-spread", value.pos, value=value)], value.pos)
    if isinstance(value, Tainted):
        return ObjectValue({}, [Hole("input-key", value.pos, key=value, value=value)], value.pos)
    return ObjectValue({}, [], getattr(value, "pos", (1, 1)))


def merged(target: Value, source: Value, pos: Pos, *, deep: bool = False) -> ObjectValue:
    """`{...target, ...source}` (`Object.assign`), or lodash `merge` when `deep`."""
    out = target.copy() if isinstance(target, ObjectValue) else _as_object(target)
    if isinstance(source, Existing):
        return out
    if not isinstance(source, ObjectValue):
        if isinstance(source, Unknown):
            out.holes.append(Hole("unknown-spread", pos, value=source))
            return out
        if isinstance(source, Tainted):
            out.holes.append(Hole("input-key", pos, key=source, value=source))
            return out
        source = _as_object(source)
    for key, entry in source.entries.items():
        before = out.entries.get(key)
        if deep and before is not None and isinstance(entry.value, ObjectValue):
            out.entries[key] = Entry(merged(before.value, entry.value, entry.pos, deep=True), entry.pos)
        else:
            out.entries.pop(key, None)
            out.entries[key] = entry
    out.holes.extend(source.holes)
    return out


def member(value: Value, key: str, pos: Pos) -> Value | None:
    """`value.key`, when the value says what it holds (None: ask the taint catalogue)."""
    if isinstance(value, ObjectValue):
        entry = value.entries.get(key)
        return entry.value if entry is not None else Unknown(pos)
    if isinstance(value, Known):
        if isinstance(value.value, dict):
            return Known(value.value[key], value.pos) if key in value.value else Unknown(pos)
        if isinstance(value.value, list) and key.isdigit() and int(key) < len(value.value):
            return Known(value.value[int(key)], value.pos)
        return Unknown(pos)
    if isinstance(value, ArrayValue):
        if key.isdigit() and int(key) < len(value.items):
            return value.items[int(key)]
        return Unknown(pos)
    if isinstance(value, Tainted):
        return Tainted(value.source, value.carries, value.safe_harbor, pos, value.path and f"{value.path}.{key}")
    if isinstance(value, Existing):
        return None
    return None
