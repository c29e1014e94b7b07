"""The engine: what value an expression has at a point of a function, as far as the analysis can tell.

Flow-insensitive within branches, flow-sensitive along a function: a name's value is its last binding before
the point where it is read, then every write into it (`x.a.b = v`, `Object.assign(x, ...)`, a loop over a
configuration's entries) between that binding and the point, in source order; the last write wins. Calls to
functions of the same module are followed (and, through an import, of one other module: flexlint/code/
modules.py), to a fixed depth. Which calls and paths carry caller data is the catalogue's to say
(flexlint/code/catalog.py); this module only follows values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flexlint.code import catalog, ir
from flexlint.code.index import DEEP_MERGE, Index, build_index, entries
from flexlint.code.ir import Pos
from flexlint.code.values import (
    ArrayValue, Entry, Existing, FunctionValue, Hole, Known, ObjectValue, Tainted, Unknown, Value, member, merged, with_key,
)

MAX_DEPTH = 6  # nested function calls followed from one sink
MAX_STEPS = 20_000  # expressions evaluated for one sink
MAX_RESOLVING = 200  # names resolved inside one another: past this, a value is Unknown (bounds the work)
_IDENTITY = frozenset({
    "JSON.stringify", "JSON.parse", "json.dumps", "json.loads", "String", "str", "dict", "Object.freeze",
    "structuredClone", "cloneDeep", "_.cloneDeep", "lodash.cloneDeep", "copy.deepcopy", "copy.copy", "Object.fromEntries",
    "Object.entries", "Object.keys", "Object.values",  # (a loop over them sees the object: Engine._loop)
})
_STRING_METHODS = frozenset({"trim", "toLowerCase", "toUpperCase", "toString", "strip", "lower", "upper", "slice",
                             "substring", "replace", "padStart", "format", "title", "capitalize", "split", "join"})


@dataclass
class Frame:
    """One activation: the function, its arguments (None: unknown, the callers decide), the frame it closes
    over, and `at`, the call position every value made in a foreign module is reported at."""

    func: ir.Func | None
    module: ir.Module
    args: list[Value] | None = None
    parent: Frame | None = None
    depth: int = 0
    at: Pos | None = None
    locals: dict[str, Value] = field(default_factory=dict)


class Engine:
    """Evaluates expressions of the modules it is given. `load_import(module, source)` returns the module an
    import names (or None), for the one hop across files."""

    def __init__(self, load_import: Callable[[ir.Module, str], ir.Module | None] | None = None) -> None:
        self._load_import = load_import
        self._written_at: Pos | None = None  # where the Store being replayed writes its value
        self._resolving: set[tuple[int, str, int]] = set()  # names being resolved now (a cycle ends as Unknown)
        # Per sink evaluation (begin()): names already resolved, and the steps left. `a = a + a` ten times
        # over would otherwise cost 2^10 evaluations; past the budget every value is Unknown.
        self._memo: dict[tuple[object, ...], Value] = {}
        self._steps = 0

    def begin(self) -> None:
        """Start one sink's evaluation: a fresh memo (frames and argument lists are per evaluation) and budget."""
        self._memo.clear()
        self._steps = 0

    # frames -----------------------------------------------------------------------------------------------

    def frame_for(self, func: ir.Func | None, module: ir.Module) -> Frame:
        """A frame for code in `func` whose arguments are unknown (the enclosing frames too)."""
        if func is None:
            return Frame(None, module)
        return Frame(func, module, None, self.frame_for(func.parent, module))

    @staticmethod
    def _index_of(frame: Frame) -> Index:
        """The index of the frame's body, kept on the function (or module) itself: it lives as long as they do."""
        owner: ir.Func | ir.Module = frame.func if frame.func is not None else frame.module
        if owner.index is None:
            owner.index = build_index(ir.body_of(owner) if isinstance(owner, ir.Func) else owner.body)
        return owner.index  # type: ignore[return-value]

    # names ------------------------------------------------------------------------------------------------

    def name(self, name: str, pos: Pos, frame: Frame) -> Value:
        if name in frame.locals:
            return frame.locals[name]
        index = self._index_of(frame)
        writes = index.writes.get(name)
        if writes:
            seen = sum(1 for w in writes if ir.effective(w) < pos)  # which writes are behind `pos`
            # (`x = x + x` reads x with one write fewer behind it: not a cycle; `acc[k] = acc[k] || []` is one)
            key = (id(frame.func if frame.func is not None else frame.module), name, seen)
            if key in self._resolving or len(self._resolving) > MAX_RESOLVING:
                return Unknown(self._at(frame, pos), name)
            memo_key = (key, id(frame.args), frame.at) if not frame.locals else None
            if memo_key is not None and memo_key in self._memo:
                return self._memo[memo_key]
            self._resolving.add(key)
            try:
                value = self._replay(name, writes, pos, frame, index)
            finally:
                self._resolving.discard(key)
            if value is not None:
                # A name bound to what cannot be followed is still a name: `message.body` is a message's body
                value = Unknown(value.pos, name, value.param) if isinstance(value, Unknown) else value
                if memo_key is not None:
                    self._memo[memo_key] = value
                return value
        if frame.func is not None:
            for param in frame.func.params:
                if param.name == name:
                    return self._param(param, pos, frame)
        if frame.parent is not None:
            return self.name(name, pos, frame.parent)
        if frame.func is None and name in frame.module.functions:
            func = frame.module.functions[name]
            return FunctionValue(func, self.frame_for(func.parent, frame.module), frame.module, self._at(frame, pos))
        imported = frame.module.imports.get(name)
        if imported is not None:
            value = self._imported(imported, pos, frame)
            return Unknown(value.pos, name) if isinstance(value, Unknown) else value
        return Unknown(self._at(frame, pos), name)

    def _replay(self, name: str, writes: list[ir.Stmt], pos: Pos, frame: Frame, index: Index) -> Value | None:
        """The value of `name` at `pos`: its last binding before `pos`, then the writes into it after that."""
        before = [w for w in writes if ir.effective(w) < pos] or ([w for w in writes if isinstance(w, ir.Bind)][-1:]
                                                         if frame.func is None else [])
        start = max((i for i, w in enumerate(before) if isinstance(w, ir.Bind)), default=None)
        if start is None:
            if not before or frame.func is None:
                return None
            value: Value | None = None  # writes into a parameter or an outer name
        else:
            bind = before[start]
            assert isinstance(bind, ir.Bind)
            value = self._bound(bind, frame, index)
            before = before[start + 1:]
        for write in before:
            if value is None:
                value = self._outer(name, write.pos, frame)
            value = self._apply(value, write, frame)
        return value

    def _outer(self, name: str, pos: Pos, frame: Frame) -> Value:
        if frame.func is not None:
            for param in frame.func.params:
                if param.name == name:
                    return self._param(param, pos, frame)
        return self.name(name, pos, frame.parent) if frame.parent else Unknown(pos, name)

    def _bound(self, bind: ir.Bind, frame: Frame, index: Index) -> Value:
        if bind.keys == ("[0]",) and bind.name in index.setters:
            return self._state(bind, index.setters[bind.name], frame)
        value = self.eval(bind.value, frame)
        for key in bind.keys:
            value = self.attribute(value, key.strip("[]") if key.startswith("[") else key, bind.pos, frame)
        return value

    def _state(self, bind: ir.Bind, setter: str, frame: Frame) -> Value:
        """React state (`const [x, setX] = useState(...)`): tainted when any call of the setter passes caller
        data (`onChange={e => setX(e.target.value)}`), anywhere in the module."""
        for call in frame.module.complete().calls_by_name.get(setter, ()):
            if call.args and frame.depth < MAX_DEPTH:
                value = _taint_in(self.eval(call.args[0], self._nested(self.frame_for(call.scope, frame.module), frame)))
                if value is not None:  # (an object of form fields counts: `setForm({...form, [name]: value})`)
                    return Tainted(value.source, value.carries, value.safe_harbor, self._at(frame, bind.pos))
        return Unknown(self._at(frame, bind.pos), None)

    def _param(self, param: ir.Param, pos: Pos, frame: Frame) -> Value:
        if frame.args is None:
            return Unknown(self._at(frame, pos), param.name, param=True)
        value = frame.args[param.index] if param.index < len(frame.args) else Known(None, self._at(frame, pos))
        for key in param.keys:
            value = self.attribute(value, key.strip("[]") if key.startswith("[") else key, pos, frame)
        return value

    def _apply(self, value: Value, write: ir.Stmt, frame: Frame) -> Value:
        if isinstance(write, ir.Store):
            self._written_at = write.value.pos if frame.at is None else None
            return self._store(value, write.keys, self.eval(write.value, frame), write.pos, frame)
        if isinstance(write, ir.Do) and isinstance(write.expr, ir.Call):
            call = write.expr
            shape = self.shape(call.func, frame)
            sources = [self.eval(a, frame) for a in call.args[1:]]
            if shape.endswith(".update"):  # Python's dict.update(other)
                sources = [self.eval(a, frame) for a in call.args]
            for source in sources:
                value = merged(value, source, source.pos if hasattr(source, "pos") else write.pos,
                               deep=shape in DEEP_MERGE)
            return value
        if isinstance(write, ir.Loop):
            return self._loop(value, write, frame)
        return value

    def _store(self, value: Value, keys: list[str | ir.Expr], written: Value, pos: Pos, frame: Frame) -> Value:
        head, rest = keys[0], keys[1:]
        if not isinstance(head, str):
            key = self.eval(head, frame)
            if isinstance(key, Known) and isinstance(key.value, (str, int)):
                head = str(key.value)
            else:
                out = value.copy() if isinstance(value, ObjectValue) else merged(ObjectValue(pos=pos), value, pos)
                kind = "input-key" if isinstance(key, Tainted) else "unknown-key"
                out.holes.append(Hole(kind, getattr(key, "pos", pos), key=key, value=written))
                return out
        if isinstance(value, Existing) and rest:
            return with_key(ObjectValue(pos=pos), head, self._store(Existing(pos), rest, written, pos, frame), pos)
        if not rest:
            return with_key(value, head, written, pos, self._written_at)
        entry = value.entries.get(head) if isinstance(value, ObjectValue) else None
        child = entry.value if entry is not None else None
        inner = self._store(child if isinstance(child, ObjectValue) else ObjectValue(pos=pos), rest, written, pos, frame)
        if entry is not None:  # the parent key keeps its place and position: only its contents change
            out = value.copy()  # type: ignore[union-attr]
            out.entries[head] = Entry(inner, entry.pos)
            return out
        return with_key(value, head, inner, pos)

    def _loop(self, value: Value, loop: ir.Loop, frame: Frame) -> Value:
        """A loop over a known mapping's entries runs once per entry; over anything else, once with unknowns."""
        iterable = self.eval(loop.iterable, frame)
        known = entries(iterable)
        runs = known if known is not None else [(Unknown(loop.pos), Unknown(loop.pos))]
        for key, item in runs:
            inner = Frame(frame.func, frame.module, frame.args, frame.parent, frame.depth, frame.at, dict(frame.locals))
            if len(loop.names) >= 2:
                inner.locals[loop.names[0]], inner.locals[loop.names[1]] = key, item
            elif loop.names:
                inner.locals[loop.names[0]] = key
            for stmt in loop.body:
                if isinstance(stmt, ir.Bind) and not stmt.keys:
                    inner.locals[stmt.name] = self.eval(stmt.value, inner)
                elif isinstance(stmt, (ir.Store, ir.Do)):
                    if isinstance(stmt, ir.Store) and stmt.base in inner.locals and stmt.base not in loop.names:
                        inner.locals[stmt.base] = self._apply(inner.locals[stmt.base], stmt, inner)
                    else:
                        value = self._apply(value, stmt, inner)
        return value

    # expressions ------------------------------------------------------------------------------------------

    def eval(self, expr: ir.Expr, frame: Frame) -> Value:
        self._steps += 1
        if self._steps > MAX_STEPS:
            return Unknown(self._at(frame, expr.pos))  # (a pathological file: give up on this sink, not the run)
        kind = type(expr)
        if kind is ir.Lit:
            return Known(expr.value, self._at(frame, expr.pos))  # type: ignore[union-attr]
        if kind is ir.Name:
            return self.name(expr.id, expr.pos, frame)  # type: ignore[union-attr]
        if kind is ir.Attr:
            return self.attribute(self.eval(expr.obj, frame), expr.name, expr.pos, frame)  # type: ignore[union-attr]
        if kind is ir.Obj:
            return self.object(expr, frame)  # type: ignore[arg-type]
        if kind is ir.Call:
            from flexlint.code.calls import evaluate_call

            return evaluate_call(self, expr, frame)  # type: ignore[arg-type]
        if kind is ir.Index:
            key = self.eval(expr.key, frame)  # type: ignore[union-attr]
            obj = self.eval(expr.obj, frame)  # type: ignore[union-attr]
            if isinstance(key, Known) and isinstance(key.value, (str, int)):
                return self.attribute(obj, str(key.value), expr.pos, frame)
            return self.attribute(obj, "*", expr.pos, frame) if isinstance(obj, Tainted) else Unknown(self._at(frame, expr.pos))
        if kind is ir.Concat:
            return self._concat(expr, frame)  # type: ignore[arg-type]
        if kind is ir.Choice:
            return self._choice(expr, frame)  # type: ignore[arg-type]
        if kind is ir.Arr:
            return ArrayValue([self.eval(i, frame) for i in expr.items], self._at(frame, expr.pos))  # type: ignore[union-attr]
        if kind is ir.Func:
            return FunctionValue(expr, frame, frame.module, self._at(frame, expr.pos))  # type: ignore[arg-type]
        return Unknown(self._at(frame, expr.pos))

    def attribute(self, obj: Value, name: str, pos: Pos, frame: Frame) -> Value:
        at = self._at(frame, pos)
        path = getattr(obj, "path", None)
        if path is not None and isinstance(obj, (Unknown, Existing, Tainted)):
            path = f"{path}.{name}"
            source = catalog.path_source(path)
            if source is not None:
                return Tainted(catalog.shown(path), source.carries, source.safe_harbor, at, path)
            if isinstance(obj, Unknown):
                return Existing(at, path) if catalog.is_existing(path) else Unknown(at, path, obj.param)
            if isinstance(obj, Existing):
                return Existing(at, path)
        found = member(obj, name, at)
        if found is not None:
            return found
        return Existing(at, path) if isinstance(obj, Existing) else Unknown(at)

    def object(self, expr: ir.Obj, frame: Frame) -> ObjectValue:
        out = ObjectValue(pos=self._at(frame, expr.pos))
        for item in expr.items:
            if isinstance(item, ir.Spread):
                out = merged(out, self.eval(item.value, frame), self._at(frame, item.pos))
                continue
            key_pos = self._at(frame, item.pos)
            value = self.eval(item.value, frame)
            key = item.key
            if not isinstance(key, str):
                key_value = self.eval(key, frame)
                if isinstance(key_value, Known) and isinstance(key_value.value, (str, int)):
                    key = str(key_value.value)
                else:
                    kind = "input-key" if isinstance(key_value, Tainted) else "unknown-key"
                    out.holes.append(Hole(kind, key_pos, key=key_value, value=value))
                    continue
            out.entries.pop(key, None)
            # (in a foreign module, the value's own position: a caller's argument is where the caller wrote it)
            out.entries[key] = Entry(value, key_pos, item.value.pos if frame.at is None else None)
        return out

    def _concat(self, expr: ir.Concat, frame: Frame) -> Value:
        parts = [self.eval(p, frame) for p in expr.parts]
        at = self._at(frame, expr.pos)
        for part in parts:
            if isinstance(part, Tainted):
                return Tainted(part.source, part.carries, part.safe_harbor, at)
        if all(isinstance(p, Known) and not isinstance(p.value, (dict, list)) for p in parts):
            return Known("".join("" if p.value is None else str(p.value) for p in parts), at)  # type: ignore[union-attr]
        return Unknown(at)

    def _choice(self, expr: ir.Choice, frame: Frame) -> Value:
        options = [self.eval(o, frame) for o in expr.options]
        for option in options:
            if isinstance(option, Tainted):
                return option
        for option in options:
            if isinstance(option, Unknown):
                return option
        return options[0] if options else Unknown(self._at(frame, expr.pos))

    # helpers ----------------------------------------------------------------------------------------------

    def shape(self, expr: ir.Expr, frame: Frame, depth: int = 0) -> str:
        """A callee as the sink patterns see it: `client.taskrouter.v1.workspaces(*).tasks.create`, with a
        receiver bound to a variable replaced by what it was bound to."""
        if isinstance(expr, ir.Name):
            if depth < 4:
                bound = self._bound_expr(expr.id, expr.pos, frame)
                if bound is not None:
                    return self.shape(bound, frame, depth + 1)
            return expr.id
        if isinstance(expr, ir.Attr):
            return f"{self.shape(expr.obj, frame, depth)}.{expr.name}"
        if isinstance(expr, ir.Call):
            return f"{self.shape(expr.func, frame, depth)}(*)"
        if isinstance(expr, ir.Index):
            return f"{self.shape(expr.obj, frame, depth)}[*]"
        return "?"

    def _bound_expr(self, name: str, pos: Pos, frame: Frame) -> ir.Expr | None:
        """The call or member expression a name was last bound to, if it was bound to one."""
        scope: Frame | None = frame
        while scope is not None:
            index = self._index_of(scope)
            binds = [w for w in index.writes.get(name, ()) if isinstance(w, ir.Bind) and not w.keys]
            earlier = [b for b in binds if ir.effective(b) < pos] or (binds[-1:] if scope.func is None else [])
            if earlier:
                value = earlier[-1].value
                return value if isinstance(value, (ir.Call, ir.Attr)) else None
            if scope.func is not None and any(p.name == name for p in scope.func.params):
                return None
            scope = scope.parent
        return None

    def _imported(self, imported: tuple[str, str], pos: Pos, frame: Frame) -> Value:
        from flexlint.code.modules import imported_value

        return imported_value(self, imported, self._at(frame, pos), frame)

    def _nested(self, inner: Frame, outer: Frame) -> Frame:
        inner.depth = outer.depth + 1
        inner.at = outer.at
        return inner

    @staticmethod
    def _at(frame: Frame, pos: Pos) -> Pos:
        return frame.at if frame.at is not None else pos

    def load_import(self, module: ir.Module, source: str) -> ir.Module | None:
        return self._load_import(module, source) if self._load_import is not None else None


def _taint_in(value: Value, depth: int = 0) -> Tainted | None:
    """The first caller data anywhere in a value (an object's entries and computed keys included)."""
    if isinstance(value, Tainted):
        return value
    if depth > 8:
        return None
    if isinstance(value, ObjectValue):
        parts = [e.value for e in value.entries.values()] + [p for h in value.holes for p in (h.key, h.value) if p]
    elif isinstance(value, ArrayValue):
        parts = value.items
    else:
        return None
    return next((t for t in (_taint_in(p, depth + 1) for p in parts) if t is not None), None)
