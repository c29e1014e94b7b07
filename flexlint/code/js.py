"""JavaScript, TypeScript and TSX to the analysis's form (flexlint/code/ir.py), with tree-sitter.

The grammars are the `tree-sitter-javascript` and `tree-sitter-typescript` wheels, loaded once per process.
Only what the data flow needs is lowered; every other construct is Opaque, but its children are still walked
so that calls and functions inside it (a JSX handler, a callback) are found.
"""

from __future__ import annotations

import functools
from typing import Any

from flexlint.code import ir
from flexlint.code.ir import Pos

LANGUAGES = ("javascript", "typescript", "tsx")
_WRAPPERS = frozenset({
    "parenthesized_expression", "await_expression", "as_expression", "satisfies_expression",
    "non_null_expression", "type_assertion", "spread_element_placeholder",
})
_FUNCTIONS = frozenset({
    "arrow_function", "function_expression", "function", "function_declaration",
    "generator_function_declaration", "generator_function", "method_definition",
})
_NESTING = frozenset({
    "statement_block", "if_statement", "else_clause", "try_statement", "catch_clause", "finally_clause",
    "while_statement", "do_statement", "for_statement", "switch_statement", "switch_body", "switch_case",
    "switch_default", "labeled_statement", "program", "class_body", "class_declaration", "class",
    "export_statement", "abstract_class_declaration",
})


@functools.cache
def parser(language: str) -> Any:
    from tree_sitter import Language, Parser

    if language == "javascript":
        import tree_sitter_javascript as grammar

        return Parser(Language(grammar.language()))
    import tree_sitter_typescript as grammar_ts

    raw = grammar_ts.language_tsx() if language == "tsx" else grammar_ts.language_typescript()
    return Parser(Language(raw))


def parse(source: bytes, language: str) -> Any:
    return parser(language).parse(source)


def first_error(tree: Any) -> tuple[Pos, str] | None:
    """Where the parser first gave up, and how: an ERROR node, or a token it had to assume (MISSING)."""
    node = tree.root_node
    if not node.has_error:
        return None
    while True:
        for child in node.children:
            if child.is_missing:
                return _pos(child), f"expected `{child.type}`"
            if child.type == "ERROR":
                return _pos(child), "unexpected syntax"
            if child.has_error:
                node = child
                break
        else:
            return _pos(node), "unexpected syntax"


def _pos(node: Any) -> Pos:
    row, column = node.start_point
    return row + 1, column + 1


def _text(node: Any) -> str:
    return node.text.decode("utf-8", "replace")


class Lowering:
    """One module's lowering. `_func` is the function being lowered (None at module level)."""

    def __init__(self, path: str, language: str, source: bytes | None = None, trigger: Any = None) -> None:
        self.module = ir.Module(path, language)
        self._func: ir.Func | None = None
        self._source, self._trigger = source, trigger  # bodies without a trigger word are lowered lazily

    # statements -------------------------------------------------------------------------------------------

    def statements(self, node: Any, out: list[ir.Stmt]) -> None:
        for child in node.named_children:
            self.statement(child, out)

    def statement(self, node: Any, out: list[ir.Stmt]) -> None:
        kind = node.type
        if kind in ("lexical_declaration", "variable_declaration"):
            for declarator in node.named_children:
                if declarator.type == "variable_declarator":
                    self._declarator(declarator, out)
        elif kind == "expression_statement":
            for child in node.named_children:
                self._expression_statement(child, out)
        elif kind == "return_statement":
            value = node.named_children[0] if node.named_children else None
            if value is not None:
                out.append(ir.Return(self.expr(value), _pos(node)))
        elif kind in ("function_declaration", "generator_function_declaration"):
            self.function(node)
        elif kind == "export_statement":
            self._export(node, out)
        elif kind == "import_statement":
            self._import(node)
        elif kind == "enum_declaration":
            self._enum(node, out)
        elif kind == "for_in_statement":
            self._for_in(node, out)
        elif kind in _NESTING:
            self.statements(node, out)
        else:
            self._scan(node)

    def _expression_statement(self, node: Any, out: list[ir.Stmt]) -> None:
        node = _unwrap(node)
        if node.type == "assignment_expression":
            self._assignment(node, out)
        elif node.type == "sequence_expression":
            for child in node.named_children:
                self._expression_statement(child, out)
        else:
            out.append(ir.Do(self.expr(node), _pos(node)))

    def _assignment(self, node: Any, out: list[ir.Stmt]) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return
        value = self.expr(right)
        if left.type == "identifier":
            out.append(ir.Bind(_text(left), value, _pos(left)))
            if isinstance(value, ir.Func) and value.name is None:
                value.name = _text(left)
                self.module.functions.setdefault(value.name, value)
            return
        keys: list[str | ir.Expr] = []
        target = left
        while target.type in ("member_expression", "subscript_expression"):
            if target.type == "member_expression":
                prop = target.child_by_field_name("property")
                keys.append(_text(prop) if prop is not None else "")
            else:
                keys.append(self._key(target.child_by_field_name("index")))
            target = _unwrap(target.child_by_field_name("object"))
        keys.reverse()
        if target.type != "identifier" or not keys:
            return
        base = _text(target)
        if base in ("exports", "module") and self._func is None:
            self._module_export(base, keys, value)
        last = left.child_by_field_name("property") or left.child_by_field_name("index") or left
        out.append(ir.Store(base, keys, value, _pos(last)))

    def _module_export(self, base: str, keys: list[str | ir.Expr], value: ir.Expr) -> None:
        """`exports.handler = ...`, `module.exports = {f}`, `module.exports.f = ...`."""
        names = [k for k in keys if isinstance(k, str)]
        if base == "module" and names[:1] == ["exports"]:
            names = names[1:]
        if names:
            self.module.exported.add(names[0])
            if isinstance(value, ir.Func):
                value.exported = True
                value.name = value.name or names[0]
                self.module.functions[names[0]] = value
        elif isinstance(value, ir.Obj):
            for item in value.items:
                if isinstance(item, ir.Pair) and isinstance(item.key, str):
                    self.module.exported.add(item.key)
                    if isinstance(item.value, ir.Func):
                        item.value.exported = True
                        self.module.functions.setdefault(item.key, item.value)
        elif isinstance(value, ir.Name):
            self.module.exported.add(value.id)
        elif isinstance(value, ir.Func):  # module.exports = function (...) {...}
            value.exported = True
            self.module.functions["default"] = value
            self.module.exported.add("default")

    def _declarator(self, node: Any, out: list[ir.Stmt]) -> None:
        name, value_node = node.child_by_field_name("name"), node.child_by_field_name("value")
        if name is None or value_node is None:
            return
        source = _require(value_node)
        value = self.expr(value_node)
        if name.type == "identifier":
            text = _text(name)
            if source is not None:
                self.module.imports[text] = (source, "default")
            if isinstance(value, ir.Func) and value.name is None:
                value.name = text
                self.module.functions.setdefault(text, value)
            out.append(ir.Bind(text, value, _pos(name)))
        elif name.type == "object_pattern":
            for local, key, pos in _object_pattern(name):
                if source is not None:
                    self.module.imports[local] = (source, key)
                out.append(ir.Bind(local, value, pos, (key,)))
        elif name.type == "array_pattern":
            for index, element in enumerate(name.named_children):
                if element.type == "identifier":
                    out.append(ir.Bind(_text(element), value, _pos(element), (f"[{index}]",)))

    def _export(self, node: Any, out: list[ir.Stmt]) -> None:
        declaration = node.child_by_field_name("declaration")
        before = set(self.module.functions)
        if declaration is not None:
            start = len(out)
            self.statement(declaration, out)
            for stmt in out[start:]:
                if isinstance(stmt, ir.Bind):
                    self.module.exported.add(stmt.name)
            for name in set(self.module.functions) - before:
                self.module.exported.add(name)
                self.module.functions[name].exported = True
            return
        value = node.child_by_field_name("value")
        if value is not None:  # export default <expr>
            lowered = self.expr(value)
            if isinstance(lowered, ir.Func):
                lowered.exported = True
                lowered.name = lowered.name or "default"
                self.module.functions.setdefault("default", lowered)
            self.module.exported.add("default")
            out.append(ir.Bind("default", lowered, _pos(value)))
        for clause in node.named_children:
            if clause.type == "export_clause":
                for spec in clause.named_children:
                    local = spec.child_by_field_name("name")
                    if local is not None:
                        self.module.exported.add(_text(local))

    def _import(self, node: Any) -> None:
        source_node = node.child_by_field_name("source")
        if source_node is None:
            return
        source = _string_value(source_node)
        for clause in node.named_children:
            if clause.type != "import_clause":
                continue
            for part in clause.named_children:
                if part.type == "identifier":
                    self.module.imports[_text(part)] = (source, "default")
                elif part.type == "namespace_import":
                    for ident in part.named_children:
                        self.module.imports[_text(ident)] = (source, "*")
                elif part.type == "named_imports":
                    for spec in part.named_children:
                        name, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
                        if name is not None:
                            self.module.imports[_text(alias or name)] = (source, _text(name))

    def _enum(self, node: Any, out: list[ir.Stmt]) -> None:
        """A TypeScript enum is an object of constants (`Queue.Billing` is its member's value)."""
        name, body = node.child_by_field_name("name"), node.child_by_field_name("body")
        if name is None or body is None:
            return
        items: list[ir.Pair | ir.Spread] = []
        for index, member in enumerate(body.named_children):
            if member.type == "enum_assignment":
                key, value = member.child_by_field_name("name"), member.child_by_field_name("value")
                if key is not None and value is not None:
                    items.append(ir.Pair(self._key(key), self.expr(value), _pos(key)))
            elif member.type == "property_identifier":
                items.append(ir.Pair(_text(member), ir.Lit(index, _pos(member)), _pos(member)))
        out.append(ir.Bind(_text(name), ir.Obj(items, _pos(body)), _pos(name)))

    def _for_in(self, node: Any, out: list[ir.Stmt]) -> None:
        left, right, body = (node.child_by_field_name(f) for f in ("left", "right", "body"))
        if left is None or right is None or body is None:
            return
        names = _pattern_names(left)
        inner: list[ir.Stmt] = []
        self.statement(body, inner)
        is_of = any(child.type == "of" for child in node.children)
        iterable = self.expr(right)
        if not is_of:  # for (k in obj): the keys
            iterable = ir.Call(ir.Attr(ir.Name("Object", _pos(right)), "keys", _pos(right)), [iterable], {}, _pos(right))
        out.append(ir.Loop(names, iterable, inner, _pos(node)))

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
            self._assignment(node, out)
            self._current_body().extend(out)
            right = node.child_by_field_name("right")
            return self.expr(right) if right is not None else ir.Opaque(pos)
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


def lower(tree: Any, path: str, language: str, source: bytes | None = None, trigger: Any = None) -> ir.Module:
    """The module of a parsed file. With `source` and `trigger` (flexlint.code.catalog.trigger), function
    bodies without a trigger word are lowered on demand (ir.body_of)."""
    lowering = Lowering(path, language, source, trigger if source is not None else None)
    lowering.statements(tree.root_node, lowering.module.body)
    return lowering.module


def _unwrap(node: Any) -> Any:
    while node is not None and node.type in _WRAPPERS:
        inner = [c for c in node.named_children if c.type != "comment"]
        if not inner:
            break
        node = inner[0]
    return node


def _require(node: Any) -> str | None:
    """`require('./x')` (also awaited or wrapped): the module it loads."""
    node = _unwrap(node)
    if node is None or node.type != "call_expression":
        return None
    func = node.child_by_field_name("function")
    args = node.child_by_field_name("arguments")
    if func is None or _text(func) != "require" or args is None or not args.named_children:
        return None
    first = args.named_children[0]
    return _string_value(first) if first.type == "string" else None


def _object_pattern(node: Any) -> list[tuple[str, str, Pos]]:
    """`{From, To: to, body = ''}` -> (local name, key read, position)."""
    found: list[tuple[str, str, Pos]] = []
    for child in node.named_children:
        if child.type == "shorthand_property_identifier_pattern":
            found.append((_text(child), _text(child), _pos(child)))
        elif child.type == "pair_pattern":
            key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
            if value is not None and value.type == "assignment_pattern":
                value = value.child_by_field_name("left")
            if key is not None and value is not None and value.type == "identifier":
                found.append((_text(value), _string_value(key) if key.type == "string" else _text(key), _pos(value)))
        elif child.type == "object_assignment_pattern":
            left = child.child_by_field_name("left")
            if left is not None:
                found.append((_text(left), _text(left), _pos(left)))
    return found


def _pattern_names(node: Any) -> tuple[str, ...]:
    if node.type == "identifier":
        return (_text(node),)
    if node.type in ("lexical_declaration", "variable_declaration"):
        for declarator in node.named_children:
            name = declarator.child_by_field_name("name")
            if name is not None:
                return _pattern_names(name)
    if node.type == "array_pattern":
        return tuple(_text(c) for c in node.named_children if c.type == "identifier")
    return tuple(_text(c) for c in node.named_children if c.type == "identifier")


def _string_value(node: Any) -> str:
    parts = []
    for child in node.named_children:
        if child.type == "string_fragment":
            parts.append(_text(child))
        elif child.type == "escape_sequence":
            parts.append(_escape(_text(child)))
    return "".join(parts)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _escape(text: str) -> str:
    body = text[1:]
    if body[:1] in _ESCAPES and len(body) == 1:
        return _ESCAPES[body]
    if body[:1] == "u" and len(body) >= 5:
        try:
            return chr(int(body[1:].strip("{}"), 16))
        except ValueError:
            return ""
    if body[:1] == "x" and len(body) == 3:
        try:
            return chr(int(body[1:], 16))
        except ValueError:
            return ""
    return body


def _number(text: str) -> int | float:
    try:
        return int(text.replace("_", ""), 0)
    except ValueError:
        try:
            return float(text.replace("_", ""))
        except ValueError:
            return 0
