"""What a call returns, for the engine (flexlint/code/evaluate.py).

In order: calls that pass their argument through (JSON.stringify, json.dumps, String, dict), object merges
(Object.assign, lodash merge), the taint catalogue's calls (fetch, axios, CRM lookups), methods of a tainted
value (`res.json()`, `form.get('name')`), and functions of the same module or imported from another, whose
returns are evaluated with the arguments bound. Anything else is Unknown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flexlint.code import catalog, ir
from flexlint.code.values import (
    Existing, FunctionValue, Known, ObjectValue, Tainted, Unknown, Value, member, merged,
)

if TYPE_CHECKING:
    from flexlint.code.evaluate import Engine, Frame


def evaluate_call(engine: Engine, call: ir.Call, frame: Frame) -> Value:
    from flexlint.code.evaluate import _IDENTITY, _STRING_METHODS, MAX_DEPTH
    from flexlint.code.index import ASSIGN as _ASSIGN, DEEP_MERGE as _DEEP_MERGE

    at = engine._at(frame, call.pos)
    shape = engine.shape(call.func, frame)
    bare = _plain(call.func)
    if bare == "require" and call.args and isinstance(call.args[0], ir.Lit) and isinstance(call.args[0].value, str):
        return required(engine, call.args[0].value, at, frame)
    if bare in _IDENTITY or shape in _IDENTITY:
        return engine.eval(call.args[0], frame) if call.args else Unknown(at)
    if bare in _ASSIGN or bare in _DEEP_MERGE:
        result: Value = ObjectValue(pos=at)
        for arg in call.args:
            value = engine.eval(arg, frame)
            result = merged(result, value, getattr(value, "pos", at), deep=bare in _DEEP_MERGE)
        return result
    source = catalog.call_source(shape)
    if source is not None:
        return Tainted(catalog.shown(shape) + "()", source.carries, source.safe_harbor, at)
    if isinstance(call.func, ir.Attr):
        receiver = engine.eval(call.func.obj, frame)
        method = call.func.name
        if isinstance(receiver, Tainted):
            return Tainted(receiver.source, receiver.carries, receiver.safe_harbor, at)
        if isinstance(receiver, Unknown) and receiver.path is not None:
            via_path = engine.attribute(receiver, method, call.func.pos, frame)
            if isinstance(via_path, (Tainted, Existing)):
                return via_path if isinstance(via_path, Existing) else Tainted(
                    via_path.source, via_path.carries, via_path.safe_harbor, at)
        if method in ("items", "keys", "values") and not call.args and isinstance(receiver, (ObjectValue, Known)):
            return receiver  # Python's m.items(): a loop over it sees the mapping (Engine._loop)
        if method == "get" and call.args and isinstance(receiver, (ObjectValue, Known)):
            key = engine.eval(call.args[0], frame)
            if isinstance(key, Known) and isinstance(key.value, str):
                found = member(receiver, key.value, at)
                if found is not None:
                    return found
        if method in _STRING_METHODS and isinstance(receiver, Known):
            return Unknown(at)
    callee = engine.eval(call.func, frame) if isinstance(call.func, ir.Name) else _method_function(engine, call, frame)
    if isinstance(callee, FunctionValue) and frame.depth < MAX_DEPTH:
        return returned(engine, callee, [engine.eval(a, frame) for a in call.args], frame, at)
    return Unknown(at)


def required(engine: Engine, source: str, at: tuple[int, int], frame: Frame) -> Value:
    """`require('./x')`: a JSON file's data, or another module's exports as an object of functions."""
    from flexlint.code.modules import imported_value
    from flexlint.code.values import Entry

    value = imported_value(engine, (source, "default"), at, frame)
    if not isinstance(value, Unknown):
        return value
    other = engine.load_import(frame.module, source)
    if other is None:
        return value
    exports = ObjectValue(pos=at)
    for name in sorted(other.exported):
        func = other.functions.get(name)
        if func is not None:
            exports.entries[name] = Entry(FunctionValue(func, engine.frame_for(func.parent, other), other, at), at)
    return exports


def _method_function(engine: Engine, call: ir.Call, frame: Frame) -> Value | None:
    """`helpers.build(...)`, `this.build(...)`: a function stored in an object of this module."""
    if not isinstance(call.func, ir.Attr):
        return None
    receiver = engine.eval(call.func.obj, frame)
    if isinstance(receiver, ObjectValue):
        entry = receiver.entries.get(call.func.name)
        return entry.value if entry is not None else None
    if isinstance(call.func.obj, ir.Name) and call.func.obj.id in ("this", "self"):
        func = frame.module.functions.get(call.func.name)
        if func is not None:
            return FunctionValue(func, engine.frame_for(func.parent, frame.module), frame.module, call.pos)
    return None


def returned(engine: Engine, callee: FunctionValue, args: list[Value], frame: Frame, at: tuple[int, int]) -> Value:
    """What a function returns with these arguments: a tainted return if any, else the last one."""
    from flexlint.code.evaluate import Frame as _Frame

    parent = callee.frame if isinstance(callee.frame, _Frame) else None
    foreign = callee.module is not frame.module
    inner = _Frame(callee.func, callee.module, args, parent, frame.depth + 1, at if foreign else frame.at)
    result: Value | None = None
    for stmt in ir.body_of(callee.func):
        if isinstance(stmt, ir.Return) and stmt.value is not None:
            value = engine.eval(stmt.value, inner)
            if isinstance(value, Tainted):
                return value
            result = value
    return result if result is not None else Unknown(at)


def _plain(expr: ir.Expr) -> str:
    parts: list[str] = []
    while isinstance(expr, ir.Attr):
        parts.append(expr.name)
        expr = expr.obj
    if isinstance(expr, ir.Name):
        parts.append(expr.id)
        return ".".join(reversed(parts))
    return "?"
