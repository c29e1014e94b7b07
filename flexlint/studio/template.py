"""Parse a Send to Flex `attributes` template (JSON with Liquid in it) into JSON with placeholders.

Studio renders the Liquid first and parses the result as JSON, so flexlint does the same with a stand-in
for every output tag: inside a JSON string the tag becomes a private-use marker; a bare tag (`{{x | to_json}}`)
becomes a quoted marker. After `json.loads`, every string holding a marker is replaced by a `Placeholder`.

Placeholder choice: a `str` whose text is always "<template>", carrying the variables it reads. Being a
string, it goes through the allowlist walk, the JSON Schema data model and `json.dumps` unchanged, and its
text can never be caller data. Checks that judge a value's content (enumerations, dates, PII detectors) should
skip it (`is_placeholder`); a bare placeholder (`.bare`) stands for a value of unknown type (an object, a
number), so a type check should skip it too. A key built from a tag becomes the key "<template>".

`{% if %}` and its kin are rendered once per branch choice (variant i takes branch i of every block), so each
branch is parsed and every variable is found at the pointer where it lands.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from flexlint.positions import to_pointer
from flexlint.studio.liquid import Block, LiquidError, Node, Output, Text, lex

PLACEHOLDER_TEXT = "<template>"
_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: never in a real template, valid in JSON strings
_MARKER = re.compile(f"{_OPEN}(\\d+)(b?){_CLOSE}")
_MAX_VARIANTS = 16  # blocks rarely have more branches; past that, later branches reuse the last one


class Placeholder(str):
    """The stand-in for a value Studio fills from Liquid: text "<template>", plus the variables it reads, and
    the template's own literal text around the tags (`literal`, each tag a space), which the PII detectors
    scan: "Patient {{name}} DOB 01/02/1960" holds a date of birth whatever the tag renders to."""

    variables: tuple[str, ...]
    bare: bool
    literal: str

    def __new__(cls, variables: tuple[str, ...] = (), bare: bool = False, literal: str = "") -> Placeholder:
        obj = super().__new__(cls, PLACEHOLDER_TEXT)
        obj.variables = variables
        obj.bare = bare
        obj.literal = literal
        return obj

    def __reduce__(self) -> tuple[Any, ...]:  # payloads are pickled to worker processes
        return (Placeholder, (self.variables, self.bare, self.literal))

    def __repr__(self) -> str:
        return f"Placeholder({self.variables!r}, bare={self.bare})"  # (never the literal: it may be PHI)


def is_placeholder(value: Any) -> bool:
    return isinstance(value, Placeholder)


@dataclass(frozen=True)
class TemplateError:
    offset: int  # 0-based character offset in the template
    message: str  # names the problem, never the template's text


@dataclass
class ParsedTemplate:
    value: Any  # the attributes with placeholders (the first variant that parses), None if none does
    variables: dict[str, list[str]] = field(default_factory=dict)  # JSON pointer -> variables flowing there
    paths: dict[str, tuple[str | int, ...]] = field(default_factory=dict)  # the same pointers as key paths
    errors: list[TemplateError] = field(default_factory=list)


def parse_template(template: str) -> ParsedTemplate:
    result = ParsedTemplate(value=None)
    try:
        nodes = lex(template)
    except LiquidError as error:
        result.errors.append(TemplateError(error.offset, error.msg))
        return result
    outputs: list[Output] = []
    for variant in range(min(_branch_count(nodes), _MAX_VARIANTS)):
        text, pieces = _render(nodes, variant, outputs)
        try:
            value = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as error:
            offset = _template_offset(pieces, error.pos)
            if all(e.offset != offset for e in result.errors):
                result.errors.append(TemplateError(offset, f"invalid JSON once Liquid is rendered: {error.msg}"))
            continue
        except ValueError as error:
            result.errors.append(TemplateError(0, str(error)))
            continue
        value = _substitute(value, (), outputs, result)
        if result.value is None:
            result.value = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _branch_count(nodes: list[Node]) -> int:
    count = 1
    for node in nodes:
        if isinstance(node, Block):
            count = max(count, len(node.branches), *(_branch_count(b) for b in node.branches))
    return count


def _render(nodes: list[Node], variant: int, outputs: list[Output]) -> tuple[str, list[tuple[int, int, bool]]]:
    """The JSON text of one variant, and its pieces (rendered offset, template offset, is literal text)."""
    parts: list[str] = []
    pieces: list[tuple[int, int, bool]] = []
    state = {"in_string": False, "escaped": False, "length": 0}

    def emit(text: str, template_offset: int, literal: bool) -> None:
        pieces.append((state["length"], template_offset, literal))
        parts.append(text)
        state["length"] += len(text)

    def walk(items: list[Node]) -> None:
        for node in items:
            if isinstance(node, Text):
                emit(node.text, node.offset, True)
                _track_strings(node.text, state)
            elif isinstance(node, Output):
                outputs.append(node)
                marker = f"{_OPEN}{len(outputs) - 1}{'' if state['in_string'] else 'b'}{_CLOSE}"
                emit(marker if state["in_string"] else f'"{marker}"', node.offset, False)
            else:
                walk(node.branches[min(variant, len(node.branches) - 1)])

    walk(nodes)
    return "".join(parts), pieces


def _track_strings(text: str, state: dict[str, Any]) -> None:
    """Follow JSON string boundaries across literal text, so a tag knows whether it sits inside a string."""
    for ch in text:
        if state["escaped"]:
            state["escaped"] = False
        elif ch == "\\" and state["in_string"]:
            state["escaped"] = True
        elif ch == '"':
            state["in_string"] = not state["in_string"]


def _template_offset(pieces: list[tuple[int, int, bool]], rendered: int) -> int:
    for start, template_offset, literal in reversed(pieces):
        if start <= rendered:
            return template_offset + (rendered - start if literal else 0)
    return 0


def _substitute(value: Any, path: tuple[str | int, ...], outputs: list[Output], result: ParsedTemplate) -> Any:
    """Replace marked strings with placeholders and record which variables land at which pointer."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, child in value.items():
            if _MARKER.search(key):  # a key made by a tag: its name is data, and the filter drops it
                new_key = PLACEHOLDER_TEXT if PLACEHOLDER_TEXT not in out else f"{PLACEHOLDER_TEXT}{len(out)}"
                _record(path + (new_key,), _variables(key, outputs), result)
                key = new_key
            out[key] = _substitute(child, path + (key,), outputs, result)
        return out
    if isinstance(value, list):
        return [_substitute(child, path + (i,), outputs, result) for i, child in enumerate(value)]
    if isinstance(value, str) and _MARKER.search(value):
        variables = _variables(value, outputs)
        _record(path, variables, result)
        bare = bool(re.fullmatch(_MARKER.pattern, value)) and value[-2] == "b"
        return Placeholder(variables, bare, _MARKER.sub(" ", value))
    return value


def _variables(text: str, outputs: list[Output]) -> tuple[str, ...]:
    found = [v for m in _MARKER.finditer(text) for v in outputs[int(m.group(1))].variables]
    return tuple(dict.fromkeys(found))


def _record(path: tuple[str | int, ...], variables: tuple[str, ...], result: ParsedTemplate) -> None:
    pointer = to_pointer(path)
    known = result.variables.setdefault(pointer, [])
    known.extend(v for v in variables if v not in known)
    result.paths[pointer] = path
