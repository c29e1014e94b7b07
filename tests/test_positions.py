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


# Objects written with duplicate keys, as (key, value) pairs: json.loads keeps the last value, and so must the
# map, whatever order the lookups come in (it indexes a container only as far as a lookup needs).
pair_lists = st.recursive(
    st.integers() | st.text(max_size=3),
    lambda inner: st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), inner), max_size=5),
    max_leaves=12,
)


def _render(value: object, out: list[str], where: dict[tuple[str, ...], tuple[int, int]], path: tuple[str, ...]) -> None:
    if isinstance(value, list):
        out.append("{")
        for i, (key, child) in enumerate(value):
            if i:
                out.append(", ")
            key_at = sum(map(len, out))
            out.append(json.dumps(key) + ": ")
            here = (*path, key)
            for stale in [p for p in where if p[: len(here)] == here]:
                del where[stale]  # a later duplicate replaces the earlier value and everything inside it
            where[here] = (key_at, sum(map(len, out)))
            _render(child, out, where, (*path, key))
        out.append("}")
    else:
        out.append(json.dumps(value))


@given(document=pair_lists.filter(lambda v: isinstance(v, list)), order=st.randoms(use_true_random=False))
def test_duplicate_keys_resolve_to_the_last_in_any_lookup_order(document: list, order: object) -> None:
    out: list[str] = []
    where: dict[tuple[str, ...], tuple[int, int]] = {}
    _render(document, out, where, ())
    text = "".join(out)
    source = SourceMap(text)
    paths = list(where)
    order.shuffle(paths)  # type: ignore[attr-defined]
    for path in paths:
        key_at, value_at = where[path]
        pointer = to_pointer(path)
        assert source.locate(pointer, "key") == Position(1, key_at + 1), (text, pointer)
        assert source.locate(pointer) == Position(1, value_at + 1), (text, pointer)


@given(document=documents, indent=st.sampled_from([None, 0, 2]), ascii_only=st.booleans())
def test_size_bound_is_never_below_the_minified_length(document: object, indent: int | None, ascii_only: bool) -> None:
    from flexlint.sources.json_text import parse

    text = json.dumps(document, indent=indent, ensure_ascii=ascii_only)
    minified = json.dumps(parse(text), separators=(",", ":"), ensure_ascii=False)
    assert SourceMap(text).size_bound() >= len(minified)


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=1, max_size=20), st.data())
def test_size_bound_covers_floats_that_grow(values: list[float], data: st.DataObject) -> None:
    from flexlint.sources.json_text import parse

    from hypothesis import assume

    from flexlint.sources.json_text import ConstantError

    spelled = [data.draw(st.sampled_from([f"{v:e}", f"{v:.0e}", repr(v)])) for v in values]
    text = "[" + ",".join(spelled) + "]"
    try:
        parsed = parse(text)
    except ConstantError:  # "{:.0e}" can round 1.5e308 up to 2e308: not a finite number any more
        assume(False)
    assert SourceMap(text).size_bound() >= len(json.dumps(parsed, separators=(",", ":"), ensure_ascii=False))


@settings(deadline=None)
@given(document=documents, indent=st.sampled_from([None, 0, 2]), limit=st.integers(0, 400))
def test_within_answers_as_the_size_bound_does(document: object, indent: int | None, limit: int) -> None:
    text = json.dumps(document, indent=indent)
    assert SourceMap(text).within(limit) == (SourceMap(text).size_bound() <= limit)


def test_the_loader_says_whether_a_key_was_named_twice() -> None:
    from flexlint.sources.json_text import load_mapped

    text = '{"a": {"b": 1, "b": 2}, "c": 3}'
    loaded = load_mapped(text, "f.json")
    clean = load_mapped('{"a": {"b": 1}, "c": 3}', "f.json")
    assert isinstance(loaded, tuple) and isinstance(clean, tuple)
    assert not loaded[1].unique_keys
    assert clean[1].unique_keys
    # With a duplicate the last one still wins.
    assert loaded[1].locate("/a/b", "key") == Position(1, 16)


@settings(deadline=None)
@given(document=pair_lists)
def test_a_map_told_keys_are_unique_locates_as_one_that_checks(document: object) -> None:
    """What the loader says about a text never changes a position: compared on texts without duplicates."""
    from flexlint.sources.json_text import load_mapped

    out: list[str] = []
    _render(document, out, {}, ())
    text = "".join(out)
    loaded = load_mapped(text, "f.json")
    if isinstance(loaded, tuple) and loaded[1].unique_keys:
        value, told = loaded
        for path, _ in pointers(value):
            pointer = to_pointer(path)
            for target in ("key", "value"):
                assert told.locate(pointer, target) == SourceMap(text).locate(pointer, target)  # type: ignore[arg-type]


def test_a_text_cut_short_after_a_separator_still_places_its_last_key() -> None:
    """Callers pass parsed JSON, but the map must not lose a key when the text ends right after ': ' or ', '."""
    assert SourceMap('{"a": ').locate("/a") == Position(1, 7)
    assert SourceMap('{"a": 1, ').locate("/a") == Position(1, 7)
    assert SourceMap('{"a": 1, ').locate("/a", "key") == Position(1, 2)
