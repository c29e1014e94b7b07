"""JavaScript, TypeScript and TSX to the analysis's form (flexlint/code/ir.py), with tree-sitter.

The grammars are the `tree-sitter-javascript` and `tree-sitter-typescript` wheels, loaded once per process.
Only what the data flow needs is lowered; every other construct is Opaque, but its children are still walked
so that calls and functions inside it (a JSX handler, a callback) are found.
"""

from __future__ import annotations

from typing import Any

from flexlint.code import ir
from flexlint.code.ir import Pos
from flexlint.code.js_expressions import ExpressionLowering
from flexlint.code.js_syntax import (  # noqa: F401  (parser, parse, first_error, LANGUAGES: the reader's API)
    _NESTING, LANGUAGES, _object_pattern, _pattern_names, _require, _string_value, _unwrap, first_error, parse,
    parser, pos_of as _pos, text_of as _text,
)


def _end(node: Any) -> Pos:
    row, column = node.end_point
    return row + 1, column + 1


class Lowering(ExpressionLowering):
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
            out.append(ir.Do(self.expr(node), _pos(node), _end(node)))

    def _assignment(self, node: Any, out: list[ir.Stmt]) -> ir.Expr | None:
        """Lower `left = right` into `out`; the lowered right side is returned (`a = b = 0` chains reuse it:
        lowering it again per level would double the work at every `=`)."""
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return None
        value = self.expr(right)
        if left.type == "identifier":
            out.append(ir.Bind(_text(left), value, _pos(left), end=_end(node)))
            if isinstance(value, ir.Func) and value.name is None:
                value.name = _text(left)
                self.module.functions.setdefault(value.name, value)
            return value
        keys: list[str | ir.Expr] = []
        target = left
        while target is not None and target.type in ("member_expression", "subscript_expression"):
            if target.type == "member_expression":
                prop = target.child_by_field_name("property")
                keys.append(_text(prop) if prop is not None else "")
            else:
                keys.append(self._key(target.child_by_field_name("index")))
            target = _unwrap(target.child_by_field_name("object"))
        keys.reverse()
        if target is None or target.type != "identifier" or not keys:
            return value
        base = _text(target)
        if base in ("exports", "module") and self._func is None:
            self._module_export(base, keys, value)
        last = left.child_by_field_name("property") or left.child_by_field_name("index") or left
        out.append(ir.Store(base, keys, value, _pos(last), _end(node)))
        return value

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
            out.append(ir.Bind(text, value, _pos(name), end=_end(node)))
        elif name.type == "object_pattern":
            for local, key, pos in _object_pattern(name):
                if source is not None:
                    self.module.imports[local] = (source, key)
                out.append(ir.Bind(local, value, pos, (key,), _end(node)))
        elif name.type == "array_pattern":
            for index, element in enumerate(name.named_children):
                if element.type == "identifier":
                    out.append(ir.Bind(_text(element), value, _pos(element), (f"[{index}]",), _end(node)))

    def _export(self, node: Any, out: list[ir.Stmt]) -> None:
        source = node.child_by_field_name("source")
        if source is not None:
            self._reexport(node, _string_value(source))
            return
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

    def _reexport(self, node: Any, source: str) -> None:
        clauses = [c for c in node.named_children if c.type == "export_clause"]
        if not clauses:
            self.module.star_exports.append(source)
            return
        for spec in clauses[0].named_children:
            name, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
            original = _text(name) if name is not None else "default"  # `export {default as x} from`
            exported = _text(alias) if alias is not None else original
            self.module.reexports[exported] = (source, original)
            self.module.exported.add(exported)

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
        out.append(ir.Loop(names, iterable, inner, _pos(node), _end(node)))


def lower(tree: Any, path: str, language: str, source: bytes | None = None, trigger: Any = None) -> ir.Module:
    """The module of a parsed file. With `source` and `trigger` (flexlint.code.catalog.trigger), function
    bodies without a trigger word are lowered on demand (ir.body_of)."""
    lowering = Lowering(path, language, source, trigger if source is not None else None)
    lowering.statements(tree.root_node, lowering.module.body)
    return lowering.module
