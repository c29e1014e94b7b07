"""Per function, which statements bind or write each name (the engine replays them, flexlint/code/evaluate.py),
and the small helpers over calls and loops that building it needs."""

from __future__ import annotations

from dataclasses import dataclass

from flexlint.code import ir
from flexlint.code.values import Known, ObjectValue, Value

ASSIGN = frozenset({"Object.assign", "_.assign", "_.extend", "lodash.assign"})
DEEP_MERGE = frozenset({"merge", "_.merge", "lodash.merge", "deepmerge", "deepMerge", "_.defaultsDeep"})


@dataclass
class Index:
    """Per function: the statements that bind or write each name, in source order."""

    writes: dict[str, list[ir.Stmt]]
    setters: dict[str, str]  # React state: value name -> its setter's name


def entries(value: Value) -> list[tuple[Value, Value]] | None:
    """The (key, value) pairs a loop over `Object.entries(m)` / `m.items()` would see, when known."""
    if isinstance(value, Known) and isinstance(value.value, dict):
        return [(Known(k, value.pos), Known(v, value.pos)) for k, v in value.value.items()]
    if isinstance(value, ObjectValue) and not value.holes:
        return [(Known(k, e.pos), e.value) for k, e in value.entries.items()]
    return None


def build_index(body: list[ir.Stmt]) -> Index:
    writes: dict[str, list[ir.Stmt]] = {}
    setters: dict[str, str] = {}
    state_calls: dict[int, str] = {}
    for stmt in body:
        if isinstance(stmt, ir.Bind):
            writes.setdefault(stmt.name, []).append(stmt)
            if isinstance(stmt.value, ir.Call) and _callee_name(stmt.value).endswith("useState"):
                if stmt.keys == ("[0]",):
                    state_calls[id(stmt.value)] = stmt.name
                elif stmt.keys == ("[1]",) and id(stmt.value) in state_calls:
                    setters[state_calls[id(stmt.value)]] = stmt.name
        elif isinstance(stmt, ir.Store):
            writes.setdefault(stmt.base, []).append(stmt)
        elif isinstance(stmt, ir.Do) and isinstance(stmt.expr, ir.Call):
            target = _mutated(stmt.expr)
            if target is not None:
                writes.setdefault(target, []).append(stmt)
        elif isinstance(stmt, ir.Loop):
            for name in {s.base for s in stmt.body if isinstance(s, ir.Store)} - set(stmt.names):
                writes.setdefault(name, []).append(stmt)
    return Index(writes, setters)


def _callee_name(call: ir.Call) -> str:
    func = call.func
    parts: list[str] = []
    while isinstance(func, ir.Attr):
        parts.append(func.name)
        func = func.obj
    if isinstance(func, ir.Name):
        parts.append(func.id)
    return ".".join(reversed(parts))


def _mutated(call: ir.Call) -> str | None:
    """The name a statement-level call writes into: Object.assign(x, ...), merge(x, ...), x.update(...)."""
    name = _callee_name(call)
    if (name in ASSIGN or name in DEEP_MERGE) and call.args and isinstance(call.args[0], ir.Name):
        return call.args[0].id
    if name.endswith(".update") and isinstance(call.func, ir.Attr) and isinstance(call.func.obj, ir.Name):
        if call.args and not call.kwargs:
            return call.func.obj.id
    return None
