"""Line and column of a JSON pointer in the source text, from tree-sitter-json's concrete syntax tree.

Values come from Python's json module (strict and exact); tree-sitter only answers "where is it". The tree
is built on first use and each container is indexed once, on the way down a pointer, so a file that
produces no findings never pays for it, and a file with many findings pays once per container.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from typing import TYPE_CHECKING

from flexlint.model import Position, Target

if TYPE_CHECKING:
    from tree_sitter import Node, Parser


def escape_token(token: str | int) -> str:
    """One RFC 6901 reference token: `~` becomes `~0` and `/` becomes `~1`."""
    token = str(token)
    if "~" not in token and "/" not in token:
        return token
    return token.replace("~", "~0").replace("/", "~1")


def to_pointer(path: tuple[str | int, ...] | list[str | int]) -> str:
    return "".join("/" + escape_token(token) for token in path)


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


_EXPONENT_PLUS = re.compile(rb"(?<=[0-9])([eE])\+(?=[0-9])")


@functools.cache
def _parser() -> Parser:
    import tree_sitter_json
    from tree_sitter import Language, Parser

    return Parser(Language(tree_sitter_json.language()))


class SourceMap:
    """Positions of keys and values in one JSON text.

    `first_line` is the 1-based line of the text's first line in its file (JSON Lines records start later).
    """

    def __init__(self, text: str, first_line: int = 1) -> None:
        self._data = text.encode("utf-8")
        self._first_line = first_line
        self._root: Node | None = None
        self._index: dict[int, dict[str, tuple[Node | None, Node]]] = {}
        self._line_starts: list[int] | None = None

    def locate(self, pointer: str, target: Target = "value") -> Position:
        """Position of the key or the value at `pointer`; the deepest existing ancestor if it is not found."""
        node = self._value_root()
        if node is None:
            return Position(self._first_line, 1)
        key_node: Node | None = None
        for token in split_pointer(pointer):
            entry = self._children(node).get(token)
            if entry is None:
                break
            key_node, node = entry
        chosen = key_node if target == "key" and key_node is not None else node
        return self._position(chosen.start_byte)

    def _value_root(self) -> Node | None:
        if self._root is None:
            # tree-sitter-json 0.24 rejects a "+" in an exponent (1e+16, which json.dumps writes). "1e016" is
            # the same number in the same number of bytes, and the change is harmless inside strings.
            parseable = _EXPONENT_PLUS.sub(rb"\g<1>0", self._data)
            self._root = _parser().parse(parseable).root_node
        for child in self._root.named_children:
            if child.type != "comment":
                return child
        return None

    def _children(self, node: Node) -> dict[str, tuple[Node | None, Node]]:
        cached = self._index.get(node.id)
        if cached is not None:
            return cached
        children: dict[str, tuple[Node | None, Node]] = {}
        if node.type == "object":
            for pair in node.named_children:
                if pair.type != "pair":
                    continue
                key, value = pair.child_by_field_name("key"), pair.child_by_field_name("value")
                if key is None or value is None:
                    continue
                # Duplicate keys: json.loads keeps the last one, and so does this map.
                children[self._decode_key(key)] = (key, value)
        elif node.type == "array":
            values = [c for c in node.named_children if c.type != "comment"]
            children = {str(i): (None, value) for i, value in enumerate(values)}
        self._index[node.id] = children
        return children

    def _decode_key(self, key: Node) -> str:
        raw = self._data[key.start_byte : key.end_byte].decode("utf-8", "replace")
        if "\\" not in raw and len(raw) >= 2 and raw[0] == raw[-1] == '"':
            return raw[1:-1]  # no escapes: the text is the key
        try:
            decoded = json.loads(raw)
        except ValueError:
            return raw.strip('"')
        return decoded if isinstance(decoded, str) else raw

    def _position(self, byte_offset: int) -> Position:
        if self._line_starts is None:
            starts = [0]
            find = self._data.find
            at = find(b"\n")
            while at != -1:
                starts.append(at + 1)
                at = find(b"\n", at + 1)
            self._line_starts = starts
        row = bisect.bisect_right(self._line_starts, byte_offset) - 1
        start = self._line_starts[row]
        column = len(self._data[start:byte_offset].decode("utf-8", "replace")) + 1
        return Position(self._first_line + row, column)


def position_of_offset(text: str, char_offset: int, first_line: int = 1) -> Position:
    """1-based line and column of a character offset (for errors reported as offsets)."""
    char_offset = max(0, min(char_offset, len(text)))
    line = text.count("\n", 0, char_offset)
    line_start = text.rfind("\n", 0, char_offset) + 1
    return Position(first_line + line, char_offset - line_start + 1)


class PrefixedLocator:
    """Locates payload-relative pointers in a map of the whole file (for an element of a top-level array)."""

    def __init__(self, source_map: SourceMap, prefix: str) -> None:
        self._map = source_map
        self._prefix = prefix

    def locate(self, pointer: str, target: Target = "value") -> Position:
        return self._map.locate(self._prefix + pointer, target)


class FixedLocator:
    """Every pointer is at one position: a record whose inner text has no useful map of its own."""

    def __init__(self, position: Position) -> None:
        self._position = position

    def locate(self, pointer: str, target: Target = "value") -> Position:
        return self._position


class EmbeddedLocator:
    """Locates pointers inside attributes held as a JSON string (Event Streams `task_attributes`, a Task's
    `attributes`): every inner pointer maps to the outer string token.

    A line and column inside the escaped string would name a place no editor shows, so findings point at the
    string in the file and carry the inner pointer separately (Finding.inner_pointer).
    """

    def __init__(self, outer: PrefixedLocator | SourceMap | FixedLocator, outer_pointer: str) -> None:
        self._outer = outer
        self._outer_pointer = outer_pointer
        self._position: Position | None = None

    def locate(self, pointer: str, target: Target = "value") -> Position:
        if self._position is None:  # one tree-sitter walk per record, however many findings it has
            self._position = self._outer.locate(self._outer_pointer, "value")
        return self._position
