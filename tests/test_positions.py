"""SourceMap: every key and value of any JSON text is located where it really starts."""

from __future__ import annotations

import json
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from flexlint.model import Position
from flexlint.positions import SourceMap, to_pointer

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=25,
)


def pointers(value: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], object]]:
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from pointers(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from pointers(child, (*path, index))


def offset_of(text: str, position: Position, first_line: int = 1) -> int:
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[: position.line - first_line]) + position.column - 1


@settings(max_examples=300, deadline=None)
@given(document=documents, indent=st.sampled_from([None, 0, 2, "\t"]), ascii_only=st.booleans())
def test_every_key_and_value_is_found(document: object, indent: int | str | None, ascii_only: bool) -> None:
    text = json.dumps(document, indent=indent, ensure_ascii=ascii_only)
    source = SourceMap(text, first_line=3)
    decoder = json.JSONDecoder()
    for path, value in pointers(document):
        pointer = to_pointer(path)
        at = offset_of(text, source.locate(pointer), first_line=3)
        found, _ = decoder.raw_decode(text, at)
        assert found == value or (found != found and value != value), pointer
        if path and isinstance(path[-1], str):
            key_at = offset_of(text, source.locate(pointer, "key"), first_line=3)
            key, _ = decoder.raw_decode(text, key_at)
            assert key == path[-1]


def test_examples() -> None:
    text = '{\n  "a/b": [1, {"x": "é"}],\n  "a/b": {"y": 2},\n  "tilde~": "v"\n}'
    source = SourceMap(text)
    assert source.locate("/a~1b/y") == Position(3, 16)  # duplicate keys: the last one, as json.loads keeps
    assert source.locate("/a~1b", "key") == Position(3, 3)
    assert source.locate("/tilde~0") == Position(4, 13)
    assert source.locate("/missing/deeper") == Position(1, 1)  # the deepest existing ancestor: the root
    assert source.locate("/a~1b/nope") == Position(3, 10)
    assert SourceMap('{"z": "\\u00e9", "w": 1}').locate("/w") == Position(1, 22)  # columns count characters
    assert SourceMap("  [ ]").locate("/0") == Position(1, 3)


def test_text_that_is_not_json_never_raises() -> None:
    for text in ("", "{", '{"a": ', '{"a" 1}', "[1,", "nul", '{"a": 1,}'):
        assert isinstance(SourceMap(text).locate("/a/0"), Position)
