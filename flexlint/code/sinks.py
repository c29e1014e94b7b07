"""Find the calls that write task attributes (rules/code-sinks.json) and work out what each one writes.

A sink whose attributes come from the parameters of the function it sits in is evaluated once per call of
that function in the same module, with the caller's arguments, and once per call from another module that
imports the function (one hop): the finding is reported where the caller's data enters. Only when nobody is
found calling the function are the parameters reported as unresolved (and not at all for an exported
function, whose callers live elsewhere).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from flexlint.code import catalog, ir
from flexlint.code.catalog import Sink
from flexlint.code.evaluate import Engine, Frame
from flexlint.code.values import ArrayValue, Known, ObjectValue, Unknown, Value


@dataclass
class Hit:
    """One evaluation of one sink: what it writes, and where the sink is."""

    sink: Sink
    call: ir.Call
    value: Value
    note: str  # "written by <what> at line N" (and through which call, across files)
    deferred: bool  # parameters left to callers elsewhere: their unknowns are not reported
    # For an evaluation with a caller's arguments: the sink evaluated without them. What is the same literal in
    # both does not depend on the caller and is reported once, by the sink's own evaluation, not per caller.
    baseline: Value | None = None


def find_sinks(module: ir.Module, engine: Engine) -> Iterator[tuple[Sink, ir.Call]]:
    """Each call that writes attributes, with the first sink entry that matches it and finds attributes in
    it (Python's tasks.create is tried with attributes= first, then in the legacy positional form)."""
    for call in module.calls:
        last, root = _names(call.func)
        if not catalog.may_be_sink(last, root):
            continue  # (most calls of a file: a cheap test before the callee's shape is worked out)
        frame = engine.frame_for(call.scope, module)
        shape = engine.shape(call.func, frame)
        for sink in catalog.sinks():
            if sink.matches(shape, module.language) and _when(sink, call, engine, frame):
                if attributes_of(sink, call, engine, frame) is not None:
                    yield sink, call
                    break


def hits(module: ir.Module, engine: Engine) -> Iterator[Hit]:
    """Every sink of `module`, evaluated in its own frame or once per caller; then the sinks of imported
    modules that this module's calls reach."""
    for sink, call in find_sinks(module, engine):
        yield from _evaluated(sink, call, module, engine)
    yield from _imported_hits(module, engine)


def _evaluated(sink: Sink, call: ir.Call, module: ir.Module, engine: Engine) -> Iterator[Hit]:
    frame = engine.frame_for(call.scope, module)
    value = attributes_of(sink, call, engine, frame)
    if value is None:
        return
    note = f"written by {sink.what} at line {call.pos[0]}"
    func = call.scope
    if func is None or not _uses_params(value):
        yield Hit(sink, call, value, note, False)
        return
    callers = [c for c in module.complete().calls_by_name.get(func.name or "", ()) if c.scope is not func] \
        if func.name else []
    if callers:  # its own literals, once; what depends on the parameters, once per caller below
        yield Hit(sink, call, value, note, True)
    for caller in callers:
        outer = engine.frame_for(caller.scope, module)
        args = [engine.eval(a, outer) for a in caller.args]
        inner = Frame(func, module, args, engine.frame_for(func.parent, module), 1)
        bound = attributes_of(sink, call, engine, inner)
        if bound is not None:
            yield Hit(sink, call, bound, f"{note}, through `{catalog.shown(func.name or '')}` called at line "
                      f"{caller.pos[0]}", False, value)
    if not callers:
        yield Hit(sink, call, value, note, func.exported or _exported(func, module))


def _imported_hits(module: ir.Module, engine: Engine) -> Iterator[Hit]:
    """Calls of functions imported from another module of the repository that reach a sink there with this
    module's arguments: reported in this module, at the arguments."""
    local = {name for name, (source, _) in module.imports.items()
             if (source.startswith(".") or module.language == "python") and _reaches_sinks(engine, module, source)}
    if not local:
        return
    for call in module.complete().calls:
        if not isinstance(call.func, (ir.Name, ir.Attr)) or _names(call.func)[1] not in local:
            continue
        frame = engine.frame_for(call.scope, module)
        callee = engine.eval(call.func, frame)
        from flexlint.code.values import FunctionValue

        if not isinstance(callee, FunctionValue) or callee.module is module:
            continue
        other, func = callee.module, callee.func
        for sink, sink_call in find_sinks(other, engine):
            if sink_call.scope is not func:
                continue
            alone = attributes_of(sink, sink_call, engine, engine.frame_for(func, other))
            if alone is None or not _uses_params(alone):
                continue  # what it writes does not depend on its caller: its own module reports it
            args = [engine.eval(a, frame) for a in call.args]
            inner = Frame(func, other, args, engine.frame_for(func.parent, other), 1, at=call.pos)
            value = attributes_of(sink, sink_call, engine, inner)
            if value is not None:
                where = os.path.basename(other.path)
                note = (f"written by {sink.what} at line {sink_call.pos[0]} of {catalog.shown(where)}, through "
                        f"`{catalog.shown(func.name or 'default')}` called at line {call.pos[0]}")
                yield Hit(sink, call, value, note, False, alone)


def attributes_of(sink: Sink, call: ir.Call, engine: Engine, frame: Frame) -> Value | None:
    """The value a sink writes as attributes, or None when the call passes none (tasks(sid).update({reason}))."""
    engine.begin()
    spec = sink.attributes
    if "form_key" in spec:
        found = _form_value(call, spec["form_key"], engine, frame)
        return engine.eval(found, frame) if found is not None else None
    expr: ir.Expr | None = None
    keys: list[str] = []
    kwarg = spec.get("kwarg")
    if kwarg and kwarg not in call.kwargs and "**" in call.kwargs:
        spread = engine.eval(call.kwargs["**"], frame)  # Python's f(**params)
        if isinstance(spread, ObjectValue) and kwarg in spread.entries:
            value = spread.entries[kwarg].value
            for key in spec.get("kwarg_key", "").split(".") if spec.get("kwarg_key") else []:
                value = spread_member(value, key)
            return value
    if kwarg and kwarg in call.kwargs:
        expr = call.kwargs[kwarg]
        keys = spec.get("kwarg_key", "").split(".") if spec.get("kwarg_key") else []
    elif "arg" in spec and spec["arg"] < len(call.args):
        expr = call.args[spec["arg"]]
        keys = spec["key"].split(".") if spec.get("key") else []
        if sink.languages == ("python",) and call.kwargs.get("attributes") is not None:
            return None
    if expr is None:
        return None
    value = engine.eval(expr, frame)
    for key in keys:
        if isinstance(value, ObjectValue):
            entry = value.entries.get(key)
            if entry is None:
                return None if not value.holes else Unknown(value.pos)
            value = entry.value
        elif isinstance(value, Known) and isinstance(value.value, dict):
            if key not in value.value:
                return None
            value = Known(value.value[key], value.pos)
        else:
            return None if isinstance(value, Known) else value
    return value


def spread_member(value: Value, key: str) -> Value:
    if isinstance(value, ObjectValue) and key in value.entries:
        return value.entries[key].value
    return Unknown(getattr(value, "pos", (1, 1)))


def _when(sink: Sink, call: ir.Call, engine: Engine, frame: Frame) -> bool:
    if not sink.when:
        return True
    index = sink.when["arg"]
    if index >= len(call.args):
        return False
    value = engine.eval(call.args[index], frame)
    return isinstance(value, Known) and value.value == sink.when["equals"]


def _form_value(call: ir.Call, key: str, engine: Engine, frame: Frame) -> ir.Expr | None:
    """The expression under `key` in an object literal anywhere in the call's arguments (a form body,
    possibly wrapped: new URLSearchParams({...}), qs.stringify({...}), {body: ...})."""
    stack: list[ir.Expr] = list(call.args) + list(call.kwargs.values())
    seen = 0
    while stack and seen < 200:
        seen += 1
        expr = stack.pop()
        if isinstance(expr, ir.Name):
            bound = engine._bound_expr(expr.id, expr.pos, frame)
            if bound is None:
                continue
            expr = bound
        if isinstance(expr, ir.Obj):
            for item in expr.items:
                if isinstance(item, ir.Pair):
                    if item.key == key:
                        return item.value
                    stack.append(item.value)
        elif isinstance(expr, ir.Call):
            stack.extend(expr.args)
            stack.extend(expr.kwargs.values())
    return None


def _has_sinks(other: ir.Module | None) -> bool:
    return other is not None and any(True for _ in find_sinks(other, Engine()))


def _reaches_sinks(engine: Engine, module: ir.Module, source: str) -> bool:
    """Whether an import leads to a module with sinks: directly, or through a barrel's re-exports."""
    other = engine.load_import(module, source)
    if other is None:
        return False
    if _has_sinks(other):
        return True
    targets = [s for s, _ in other.reexports.values()] + other.star_exports
    return any(_has_sinks(engine.load_import(other, s)) for s in dict.fromkeys(targets))


def _names(expr: ir.Expr) -> tuple[str, str]:
    """A callee's last name and root name: `a.b.c(...)` -> ("c", "a"); `f(...)` -> ("f", "f")."""
    last = expr.name if isinstance(expr, ir.Attr) else expr.id if isinstance(expr, ir.Name) else ""
    while isinstance(expr, (ir.Attr, ir.Index, ir.Call)):
        expr = expr.func if isinstance(expr, ir.Call) else expr.obj
    return last, expr.id if isinstance(expr, ir.Name) else ""


def _uses_params(value: Value) -> bool:
    if isinstance(value, Unknown):
        return value.param
    if isinstance(value, ObjectValue):
        return any(_uses_params(e.value) for e in value.entries.values()) or any(
            h.value is not None and _uses_params(h.value) or h.key is not None and _uses_params(h.key)
            for h in value.holes
        )
    if isinstance(value, ArrayValue):
        return any(_uses_params(v) for v in value.items)
    return False


def _exported(func: ir.Func, module: ir.Module) -> bool:
    while func.parent is not None:
        func = func.parent
    return func.exported or (func.name or "") in module.exported


