"""Lowering JavaScript/TypeScript functions and expressions (the statements are flexlint/code/js.py's)."""

from __future__ import annotations

from typing import Any

from flexlint.code import ir
from flexlint.code.ir import Pos
from flexlint.code.js_syntax import (
    _FUNCTIONS, _escape, _number, _object_pattern, _string_value, _unwrap, pos_of as _pos, text_of as _text,
)


class ExpressionLowering:
    """Functions and expressions. The subclass (js.Lowering) provides statements, statement and _assignment."""

    module: ir.Module
    _func: ir.Func | None
    _source: bytes | None
    _trigger: Any

    def statements(self, node: Any, out: list[ir.Stmt]) -> None:
        raise NotImplementedError

    def _assignment(self, node: Any, out: list[ir.Stmt]) -> ir.Expr | None:
        raise NotImplementedError

    # functions --------------------------------------------------------------------------------------------

    def function(self, node: Any) -> ir.Func:
        name_node = node.child_by_field_name("name")
        name = _text(name_node) if name_node is not None and node.type != "method_definition" else None
        func = ir.Func(name, self._params(node), _pos(node), parent=self._func)
        if name is not None:
            self.module.functions.setdefault(name, func)
        body = node.child_by_field_name("body")
        if body is not None and body.type == "statement_block" and self._trigger is not None \
                and self._trigger.search(self._source, body.start_byte, body.end_byte) is None:
            func.lazy = lambda: self._body(func, body)
            self.module.pending.append(func)
        elif body is not None:
            self._body(func, body)
        return func

    def _body(self, func: ir.Func, body: Any) -> None:
        outer, self._func = self._func, func
        try:
            if body.type == "statement_block":
                self.statements(body, func.body)
            else:  # an arrow function's expression body
                func.body.append(ir.Return(self.expr(body), _pos(body)))
        finally:
            self._func = outer

    def _params(self, node: Any) -> list[ir.Param]:
        single = node.child_by_field_name("parameter")
        if single is not None:
            return [ir.Param(_text(single), 0)]
        params_node = node.child_by_field_name("parameters")
        if params_node is None:
            return []
        params: list[ir.Param] = []
        for index, param in enumerate(params_node.named_children):
            pattern = param.child_by_field_name("pattern") if param.type.endswith("_parameter") else param
            if pattern is not None and pattern.type == "assignment_pattern":
                pattern = pattern.child_by_field_name("left")
            if pattern is None:
                continue
            if pattern.type == "identifier":
                params.append(ir.Param(_text(pattern), index))
            elif pattern.type == "object_pattern":
                params.extend(ir.Param(local, index, (key,)) for local, key, _ in _object_pattern(pattern))
            elif pattern.type == "array_pattern":
                params.extend(
                    ir.Param(_text(e), index, (f"[{i}]",))
                    for i, e in enumerate(pattern.named_children)
                    if e.type == "identifier"
                )
        return params

    # expressions ------------------------------------------------------------------------------------------

    def expr(self, node: Any) -> ir.Expr:
        node = _unwrap(node)
        kind = node.type
        pos = _pos(node)
        if kind == "identifier" or kind == "shorthand_property_identifier":
            return ir.Name(_text(node), pos)
        if kind == "this":
            return ir.Name("this", pos)
        if kind == "member_expression":
            obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
            return ir.Attr(self.expr(obj), _text(prop) if prop is not None else "", pos)
        if kind == "subscript_expression":
            key = self._key(node.child_by_field_name("index"))
            obj = self.expr(node.child_by_field_name("object"))
            return ir.Attr(obj, key, pos) if isinstance(key, str) else ir.Index(obj, key, pos)
        if kind in ("call_expression", "new_expression"):
            return self._call(node, pos)
        if kind == "string":
            return ir.Lit(_string_value(node), pos)
        if kind == "template_string":
            return self._template(node, pos)
        if kind == "number":
            return ir.Lit(_number(_text(node)), pos)
        if kind in ("true", "false"):
            return ir.Lit(kind == "true", pos)
        if kind in ("null", "undefined"):
            return ir.Lit(None, pos)
        if kind == "object":
            return self._object(node, pos)
        if kind == "array":
            return ir.Arr([self.expr(c) for c in node.named_children if c.type != "comment"], pos)
        if kind == "binary_expression":
            return self._binary(node, pos)
        if kind == "ternary_expression":
            options = [node.child_by_field_name("consequence"), node.child_by_field_name("alternative")]
            self._scan(node.child_by_field_name("condition"))
            return ir.Choice([self.expr(o) for o in options if o is not None], pos)
        if kind in _FUNCTIONS:
            return self.function(node)
        if kind == "assignment_expression":  # (x = v) inside an expression: keep the value
            out: list[ir.Stmt] = []
            value = self._assignment(node, out)
            self._current_body().extend(out)
            return value if value is not None else ir.Opaque(pos)
        self._scan(node)
        return ir.Opaque(pos)

    def _current_body(self) -> list[ir.Stmt]:
        return self._func.body if self._func is not None else self.module.body

    def _call(self, node: Any, pos: Pos) -> ir.Expr:
        callee = node.child_by_field_name("function") or node.child_by_field_name("constructor")
        args_node = node.child_by_field_name("arguments")
        func = self.expr(callee) if callee is not None else ir.Opaque(pos)
        args: list[ir.Expr] = []
        if args_node is not None:
            for arg in args_node.named_children:
                if arg.type == "comment":
                    continue
                if arg.type == "spread_element":
                    self._scan(arg)
                    args.append(ir.Opaque(_pos(arg)))
                else:
                    args.append(self.expr(arg))
        call = ir.Call(func, args, {}, pos, self._func)
        self.module.calls.append(call)
        if isinstance(func, ir.Name):
            self.module.calls_by_name.setdefault(func.id, []).append(call)
        if isinstance(func, ir.Attr) and func.name == "forEach" and args and isinstance(args[0], ir.Func):
            self._for_each(func.obj, args[0], pos)
        return call

    def _for_each(self, iterable: ir.Expr, callback: ir.Func, pos: Pos) -> None:
        """`Object.entries(m).forEach(([k, v]) => ...)`: a loop whose body is the callback's."""
        names = tuple(p.name for p in callback.params if p.keys[:1] in (("[0]",), ("[1]",)))
        if len(names) == 2:
            self._current_body().append(ir.Loop(names, iterable, callback.body, pos))

    def _template(self, node: Any, pos: Pos) -> ir.Expr:
        parts: list[ir.Expr] = []
        for child in node.named_children:
            if child.type == "template_substitution":
                inner = child.named_children
                parts.append(self.expr(inner[0]) if inner else ir.Opaque(_pos(child)))
            elif child.type in ("string_fragment", "escape_sequence"):
                parts.append(ir.Lit(_text(child) if child.type == "string_fragment" else _escape(_text(child)), _pos(child)))
        if all(isinstance(p, ir.Lit) for p in parts):
            return ir.Lit("".join(str(p.value) for p in parts), pos)  # type: ignore[union-attr]
        return ir.Concat(parts, pos)

    def _binary(self, node: Any, pos: Pos) -> ir.Expr:
        operator = node.child_by_field_name("operator")
        op = _text(operator) if operator is not None else ""
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return ir.Opaque(pos)
        if op == "+":
            return ir.Concat([self.expr(left), self.expr(right)], pos)
        if op in ("||", "??", "&&"):
            return ir.Choice([self.expr(left), self.expr(right)], pos)
        self._scan(node)
        return ir.Opaque(pos)

    def _object(self, node: Any, pos: Pos) -> ir.Obj:
        items: list[ir.Pair | ir.Spread] = []
        for child in node.named_children:
            kind = child.type
            if kind == "pair":
                key_node, value_node = child.child_by_field_name("key"), child.child_by_field_name("value")
                if key_node is None or value_node is None:
                    continue
                items.append(ir.Pair(self._key(key_node), self.expr(value_node), _pos(key_node)))
            elif kind == "shorthand_property_identifier":
                items.append(ir.Pair(_text(child), ir.Name(_text(child), _pos(child)), _pos(child)))
            elif kind == "spread_element":
                inner = child.named_children
                if inner:
                    items.append(ir.Spread(self.expr(inner[0]), _pos(child)))
            elif kind == "method_definition":
                self.function(child)
        return ir.Obj(items, pos)

    def _key(self, node: Any) -> str | ir.Expr:
        if node is None:
            return ""
        kind = node.type
        if kind in ("property_identifier", "identifier") and node.parent is not None and node.parent.type == "pair":
            return _text(node)
        if kind == "property_identifier":
            return _text(node)
        if kind == "string":
            return _string_value(node)
        if kind == "number":
            return _text(node)
        if kind == "computed_property_name":
            inner = node.named_children
            return self._key_expr(inner[0]) if inner else ""
        return self._key_expr(node)

    def _key_expr(self, node: Any) -> str | ir.Expr:
        lowered = self.expr(node)
        if isinstance(lowered, ir.Lit) and isinstance(lowered.value, str):
            return lowered.value
        return lowered

    def _scan(self, node: Any) -> None:
        """Walk an unmodelled construct for the calls and functions inside it."""
        if node is None:
            return
        for child in node.named_children:
            kind = child.type
            if kind in _FUNCTIONS or kind in ("call_expression", "new_expression"):
                self.expr(child)
            elif kind == "assignment_expression":
                self._assignment(child, self._current_body())
            elif child.named_child_count:
                self._scan(child)
