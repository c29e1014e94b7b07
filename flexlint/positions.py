"""Line and column of a JSON pointer in the source text.

Values come from Python's json module; this module only answers "where is it". It walks the text with the
json module's own scanners (`scanstring` for keys, `scan_once` to step over a value, both in C): a source
map of a text that json.loads accepted, with no second grammar to disagree with it. Each container is
indexed once, on the way down a pointer, so a file that produces no findings never pays for it, and a file
with many findings pays once per container.
"""

from __future__ import annotations

import bisect
import json
import re
from json.decoder import scanstring

from flexlint.model import Position, Target


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
    if "~" not in pointer:
        return pointer[1:].split("/")
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_BLANKS = " \t\n\r"  # (a slice past the end is "", which is "in" it: the regex then decides)
_COLON = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")  # between a key and its value
_FLOAT_MARK = re.compile(r"[0-9][.eE]")
_FLOAT_GROWTH = 21  # the longest float repr (24 characters) less the shortest float literal (3)
_SEPARATOR = re.compile(r"[ \t\n\r]*,?[ \t\n\r]*")  # after a value: to the next child or the closer
_scan_value = json.JSONDecoder().scan_once  # (text, index) -> (value, end); the C scanner when available
# Offsets of a container's children: token -> (offset of the key or None in an array, offset of the value).
_Children = dict[str, tuple[int | None, int]]


class _Container:
    """What is known of one container's children so far: they are indexed only as far as a lookup needs."""

    __slots__ = ("children", "resume", "count", "done", "is_object", "final")

    def __init__(self, resume: int, done: bool, is_object: bool = True) -> None:
        self.children: _Children = {}
        self.resume = resume  # where the next child starts
        self.count = 0  # array elements indexed so far
        self.done = done
        self.is_object = is_object
        self.final: set[str] = set()  # keys known to be the last of their name


class SourceMap:
    """Positions of keys and values in one JSON text (one that json.loads accepted).

    `first_line` is the 1-based line of the text's first line in its file (JSON Lines records start later).
    A container is indexed up to the child a lookup asks for, not to its end: findings mostly name the first
    keys of a task (Flex's own `type`, `name`, `from`), and stepping over the values after them (the whole
    `conversations` object) would cost more than the lookup.
    """

    def __init__(self, text: str, first_line: int = 1, *, unique_keys: bool = False) -> None:
        self._text = text
        # The loader saw no object in this text name a key twice (sources.json_text): every key is the last
        # of its name, and no object needs a duplicate-key walk (FLX005). False when nobody knows.
        self.unique_keys = unique_keys
        self._first_line = first_line
        self._index: dict[int, _Container] = {}
        self._line_starts: list[int] | None = None
        self._root = _WHITESPACE.match(text).end()
        self._last_backslash = text.rfind("\\")
        self._size_bound: int | None = None

    def locate(self, pointer: str, target: Target = "value") -> Position:
        """Position of the key or the value at `pointer`; the deepest existing ancestor if it is not found."""
        at = self._root
        key_at: int | None = None
        for token in pointer[1:].split("/") if pointer and "~" not in pointer else split_pointer(pointer):
            entry = self._child(at, token)
            if entry is None:
                break
            key_at, at = entry
        return self._position(key_at if target == "key" and key_at is not None else at)

    def _child(self, at: int, token: str) -> tuple[int | None, int] | None:
        container = self._index.get(at)
        if container is None:
            container = self._index[at] = self._open(at)
        entry = container.children.get(token)
        if entry is not None and (container.done or entry[0] is None or self.unique_keys or token in container.final):
            return entry
        if not container.done:
            try:
                self._scan(container, token)
            except (ValueError, IndexError, StopIteration, AttributeError):  # (AttributeError: no ':' matched)
                container.done = True  # not JSON after all (a caller's mistake): positions stop here
        return container.children.get(token)

    def _open(self, at: int) -> _Container:
        text = self._text
        opener = text[at : at + 1]
        if opener not in ("{", "["):
            return _Container(at, done=True)
        return _Container(_WHITESPACE.match(text, at + 1).end(), done=False, is_object=opener == "{")

    def _last_of_its_name(self, key: str, entry: tuple[int | None, int]) -> bool:
        """No later key of the same name can follow in this object: json.loads keeps the last of duplicate
        keys, and so must the map. (Array indices are unique; an escaped key later on is not searched for, so
        any backslash after the key means "not sure".)"""
        key_at, value_at = entry
        if key_at is None or self.unique_keys:
            return True
        return value_at > self._last_backslash and self._text.find('"' + key + '"', value_at) == -1

    def _scan(self, container: _Container, until: str) -> None:
        """Index children from where the last scan stopped, up to `until` (the last of its name) or the end."""
        text, children = self._text, container.children
        at = container.resume
        is_object = container.is_object
        closer = "}" if is_object else "]"
        while text[at] != closer:
            if is_object:
                key, after_key = scanstring(text, at + 1)
                # json.dumps writes '": "' and '", "': checked first, as a regex match costs more
                if text.startswith(": ", after_key) and text[after_key + 2 : after_key + 3] not in _BLANKS:
                    value_at = after_key + 2
                else:
                    value_at = _COLON.match(text, after_key).end()  # type: ignore[union-attr]  # None: not JSON
                entry: tuple[int | None, int] = (at, value_at)
            else:
                key, value_at = str(container.count), at
                entry = (None, value_at)
                container.count += 1
            children[key] = entry  # duplicate keys: the later one replaces the earlier, as in json.loads
            _, end = _scan_value(text, value_at)
            if text.startswith(", ", end) and text[end + 2 : end + 3] not in _BLANKS:
                at = end + 2
            else:
                at = _SEPARATOR.match(text, end).end()  # type: ignore[union-attr]
            container.resume = at
            if key == until and (self.unique_keys or self._last_of_its_name(key, entry)):
                container.final.add(key)
                return
        container.done = True

    def size_bound(self) -> int:
        """An upper bound on the minified JSON length of any value in this text (json.dumps with
        separators=(",", ":"), ensure_ascii=False, of what json.loads read from it).

        Minifying drops whitespace and never lengthens a string, key or literal (an escape is at least as long
        as what json.dumps writes for it); only a float can grow, from 3 characters ("1e5") to at most 24
        ("-2.2250738585072014e-308"), and each float literal has a digit followed by ".", "e" or "E"."""
        if self._size_bound is None:
            self._size_bound = len(self._text) + _FLOAT_GROWTH * len(_FLOAT_MARK.findall(self._text))
        return self._size_bound

    def within(self, limit: int) -> bool:
        """size_bound() <= limit, answered first from a looser bound that costs less than the float search:
        every float mark holds one ".", "e" or "E", and str.count runs at memory speed."""
        text = self._text
        if len(text) + _FLOAT_GROWTH * (text.count(".") + text.count("e") + text.count("E")) <= limit:
            return True
        return self.size_bound() <= limit

    def _position(self, offset: int) -> Position:
        starts = self._line_starts
        if starts is None:
            starts, find = [0], self._text.find
            at = find("\n")
            while at != -1:
                starts.append(at + 1)
                at = find("\n", at + 1)
            self._line_starts = starts
        if len(starts) == 1:  # one line (a JSON Lines record): nothing to search
            return Position(self._first_line, offset + 1)
        row = bisect.bisect_right(starts, offset) - 1
        return Position(self._first_line + row, offset - starts[row] + 1)


def position_of_offset(text: str, char_offset: int, first_line: int = 1) -> Position:
    """1-based line and column of a character offset (for errors reported as offsets)."""
    char_offset = max(0, min(char_offset, len(text)))
    line = text.count("\n", 0, char_offset)
    line_start = text.rfind("\n", 0, char_offset) + 1
    return Position(first_line + line, char_offset - line_start + 1)


class PrefixedLocator:
    """Locates payload-relative pointers in a map of the whole file (for an element of a top-level array)."""

    def __init__(self, source_map: SourceMap | PrefixedLocator, prefix: str) -> None:
        self._map = source_map
        self._prefix = prefix

    def locate(self, pointer: str, target: Target = "value") -> Position:
        return self._map.locate(self._prefix + pointer, target)

    def within(self, limit: int) -> bool:
        # (the whole file's text holds this element's: its bound holds for the element too)
        within = getattr(self._map, "within", None)
        return within is not None and within(limit)

    @property
    def unique_keys(self) -> bool:
        return getattr(self._map, "unique_keys", False)


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
        if self._position is None:  # one walk per record, however many findings it has
            self._position = self._outer.locate(self._outer_pointer, "value")
        return self._position
