"""tree-sitter's side of the JavaScript/TypeScript reader: the grammars, syntax errors, and small helpers
over syntax nodes that the lowering (flexlint/code/js.py, js_expressions.py) shares."""

from __future__ import annotations

import functools
from typing import Any

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


pos_of, text_of = _pos, _text  # (the lowering modules import them under their short names)
