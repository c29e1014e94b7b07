"""Python to the analysis's form (flexlint/code/ir.py), with the standard library's ast.

Services written with the TaskRouter Python SDK, Flask or Django views, and callback handlers: what matters
is the dict handed to `tasks.create(attributes=json.dumps(...))`, so dict displays, subscript writes,
`dict(...)`, `.update(...)` and f-strings are lowered; every other construct is Opaque.
"""

from __future__ import annotations

import ast

from flexlint.code import ir
from flexlint.code.ir import Pos


def parse(source: str) -> ast.Module:
    return ast.parse(source)


def _pos(node: ast.AST) -> Pos:
    return getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1


def _end(node: ast.AST) -> Pos:
    return getattr(node, "end_lineno", None) or 1, (getattr(node, "end_col_offset", None) or 0) + 1


class Lowering:
    def __init__(self, path: str) -> None:
        self.module = ir.Module(path, "python")
        self._func: ir.Func | None = None

    def statements(self, nodes: list[ast.stmt], out: list[ir.Stmt]) -> None:
        for node in nodes:
            self.statement(node, out)

    def statement(self, node: ast.stmt, out: list[ir.Stmt]) -> None:
        if isinstance(node, ast.Assign):
            value = self.expr(node.value)
            for target in node.targets:
                self._assign(target, value, out, _end(node))
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self._assign(node.target, self.expr(node.value), out, _end(node))
        elif isinstance(node, ast.Expr):
            out.append(ir.Do(self.expr(node.value), _pos(node), _end(node)))
        elif isinstance(node, ast.Return) and node.value is not None:
            out.append(ir.Return(self.expr(node.value), _pos(node)))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.function(node)
        elif isinstance(node, ast.ClassDef):
            self.statements(node.body, out)
        elif isinstance(node, ast.ImportFrom):
            source = "." * node.level + (node.module or "")
            for alias in node.names:
                self.module.imports[alias.asname or alias.name] = (source, alias.name)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            inner: list[ir.Stmt] = []
            self.statements(node.body, inner)
            names = tuple(n.id for n in ast.walk(node.target) if isinstance(n, ast.Name))
            out.append(ir.Loop(names, self.expr(node.iter), inner, _pos(node), _end(node)))
            self.statements(node.orelse, out)
        elif isinstance(node, (ast.If, ast.While)):
            self.expr(node.test)
            self.statements(node.body, out)
            self.statements(node.orelse, out)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                self.expr(item.context_expr)
            self.statements(node.body, out)
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            self.statements(node.body, out)  # type: ignore[attr-defined]
            for handler in node.handlers:  # type: ignore[attr-defined]
                self.statements(handler.body, out)
            self.statements(node.orelse, out)  # type: ignore[attr-defined]
            self.statements(node.finalbody, out)  # type: ignore[attr-defined]
        elif isinstance(node, ast.Match):
            for case in node.cases:
                self.statements(case.body, out)
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.expr):
                    self.expr(child)

    def _assign(self, target: ast.expr, value: ir.Expr, out: list[ir.Stmt], end: Pos | None = None) -> None:
        if isinstance(target, ast.Name):
            out.append(ir.Bind(target.id, value, _pos(target), end=end))
            return
        if isinstance(target, (ast.Tuple, ast.List)):
            for index, element in enumerate(target.elts):
                if isinstance(element, ast.Name):
                    out.append(ir.Bind(element.id, value, _pos(element), (f"[{index}]",), end))
            return
        keys: list[str | ir.Expr] = []
        node = target
        while isinstance(node, (ast.Subscript, ast.Attribute)):
            if isinstance(node, ast.Attribute):
                keys.append(node.attr)
            else:
                key = self.expr(node.slice)
                keys.append(key.value if isinstance(key, ir.Lit) and isinstance(key.value, str) else key)
            node = node.value
        keys.reverse()
        if isinstance(node, ast.Name) and keys:
            position = _pos(target.slice) if isinstance(target, ast.Subscript) else _pos(target)
            out.append(ir.Store(node.id, keys, value, position, end))

    def function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> ir.Func:
        args = node.args
        names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
        params = [ir.Param(name, index) for index, name in enumerate(names)]
        name = getattr(node, "name", None)
        func = ir.Func(name, params, _pos(node), parent=self._func)
        if name is not None:
            self.module.functions.setdefault(name, func)
            if self._func is None and not name.startswith("_"):
                func.exported = True
                self.module.exported.add(name)
        outer, self._func = self._func, func
        try:
            if isinstance(node, ast.Lambda):
                func.body.append(ir.Return(self.expr(node.body), _pos(node.body)))
            else:
                for decorator in node.decorator_list:
                    self.expr(decorator)
                self.statements(node.body, func.body)
        finally:
            self._func = outer
        return func

    def expr(self, node: ast.expr) -> ir.Expr:
        pos = _pos(node)
        if isinstance(node, ast.Name):
            return ir.Name(node.id, pos)
        if isinstance(node, ast.Constant):
            value = node.value
            return ir.Lit(value if isinstance(value, (str, int, float, bool)) or value is None else None, pos)
        if isinstance(node, ast.Attribute):
            return ir.Attr(self.expr(node.value), node.attr, pos)
        if isinstance(node, ast.Subscript):
            key = self.expr(node.slice)
            obj = self.expr(node.value)
            if isinstance(key, ir.Lit) and isinstance(key.value, (str, int)):
                return ir.Attr(obj, str(key.value), pos)
            return ir.Index(obj, key, pos)
        if isinstance(node, ast.Call):
            return self._call(node, pos)
        if isinstance(node, ast.Dict):
            items: list[ir.Pair | ir.Spread] = []
            for key, value in zip(node.keys, node.values, strict=True):
                if key is None:
                    items.append(ir.Spread(self.expr(value), _pos(value)))
                else:
                    lowered = self.expr(key)
                    literal = isinstance(lowered, ir.Lit) and isinstance(lowered.value, str)
                    items.append(ir.Pair(lowered.value if literal else lowered, self.expr(value), _pos(key)))  # type: ignore[union-attr, arg-type]
            return ir.Obj(items, pos)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return ir.Arr([self.expr(e) for e in node.elts], pos)
        if isinstance(node, ast.JoinedStr):
            parts = [self.expr(v.value) if isinstance(v, ast.FormattedValue) else self.expr(v) for v in node.values]
            return ir.Concat(parts, pos)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
            return ir.Concat([self.expr(node.left), self.expr(node.right)], pos)
        if isinstance(node, ast.BoolOp):
            return ir.Choice([self.expr(v) for v in node.values], pos)
        if isinstance(node, ast.IfExp):
            self.expr(node.test)
            return ir.Choice([self.expr(node.body), self.expr(node.orelse)], pos)
        if isinstance(node, ast.Await):
            return self.expr(node.value)
        if isinstance(node, ast.Lambda):
            return self.function(node)
        for child in ast.iter_child_nodes(node):  # an unmodelled expression: find the calls inside it
            if isinstance(child, ast.expr):
                self.expr(child)
        return ir.Opaque(pos)

    def _call(self, node: ast.Call, pos: Pos) -> ir.Call:
        func = self.expr(node.func)
        args = [ir.Opaque(_pos(a)) if isinstance(a, ast.Starred) else self.expr(a) for a in node.args]
        kwargs: dict[str, ir.Expr] = {}
        spreads: list[ir.Pair | ir.Spread] = []
        for keyword in node.keywords:
            if keyword.arg is None:
                spreads.append(ir.Spread(self.expr(keyword.value), _pos(keyword.value)))
            else:
                kwargs[keyword.arg] = self.expr(keyword.value)
        if isinstance(func, ir.Name) and func.id == "dict":
            # dict(a, k=v, **b): an object built from its arguments, in order
            items: list[ir.Pair | ir.Spread] = [ir.Spread(a, a.pos) for a in args]
            items.extend(ir.Pair(k, v, v.pos) for k, v in kwargs.items())
            items.extend(spreads)
            return ir.Call(func, [ir.Obj(items, pos)], {}, pos, self._func)
        if spreads:  # f(**params): the keyword arguments a sink looks for may be inside (sinks.attributes_of)
            kwargs["**"] = ir.Obj(spreads, pos)
        call = ir.Call(func, args, kwargs, pos, self._func)
        self.module.calls.append(call)
        if isinstance(func, ir.Name):
            self.module.calls_by_name.setdefault(func.id, []).append(call)
        return call


def lower(tree: ast.Module, path: str) -> ir.Module:
    lowering = Lowering(path)
    lowering.statements(tree.body, lowering.module.body)
    return lowering.module
