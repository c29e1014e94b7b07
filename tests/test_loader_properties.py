"""Property tests: any JSON and any bytes are handled without a crash, and positions are exact.

For every finding on a parsed document: its pointer resolves in the document, and the text at its line and
column is exactly the JSON token of the key or value it names.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flexlint import check_paths
from flexlint.allowlist import hipaa_allowlist
from flexlint.positions import split_pointer

KEY_TARGETED = {"FLX101", "FLX102", "FLX103", "FLX104"}

allow = hipaa_allowlist()
keys = st.one_of(
    st.sampled_from(sorted(allow.root | allow.nested["conversations"] | allow.nested["customers"] | {"from", "name"})),
    st.text(max_size=12),
)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=200)
)
json_values = st.recursive(
    scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=6)), max_leaves=30
)
payloads = st.dictionaries(
    keys,
    st.one_of(json_values, st.dictionaries(keys, json_values, max_size=8)),
    max_size=10,
)
documents = st.one_of(payloads, st.lists(payloads, max_size=3), json_values)
layouts = st.sampled_from([None, 0, 2, 4])


def resolve(document: object, pointer: str) -> object:
    node = document
    for token in split_pointer(pointer):
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def token_at(text: str, line: int, column: int) -> object:
    """Decode the JSON token that starts at a 1-based line and column."""
    offset = sum(len(row) + 1 for row in text.split("\n")[: line - 1]) + column - 1
    value, _ = json.JSONDecoder().raw_decode(text, offset)
    return value


def check_text(tmp_path: Path, text: str, name: str = "doc.json"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = check_paths([str(path)])
    assert report.internal_errors == []
    return report


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents, indent=layouts, ascii_only=st.booleans())
def test_any_json_document(tmp_path: Path, document: object, indent: int | None, ascii_only: bool) -> None:
    text = json.dumps(document, indent=indent, ensure_ascii=ascii_only)
    report = check_text(tmp_path, text)
    for finding in report.findings:
        assert finding.code != "FLX001"
        target = resolve(document, finding.pointer)
        if finding.pointer == "" or (isinstance(document, list) and finding.pointer.count("/") == 1):
            continue  # whole-payload findings point at the payload's first character
        at_position = token_at(text, finding.line, finding.column)
        expected = split_pointer(finding.pointer)[-1] if finding.code in KEY_TARGETED else target
        assert at_position == expected, (finding, text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(st.one_of(payloads, st.text(max_size=20)), max_size=5))
def test_any_json_lines(tmp_path: Path, records: list) -> None:
    # Text records are mostly not JSON: every record is still handled on its own line.
    lines = [json.dumps(r) if isinstance(r, dict) else r.replace("\n", " ") for r in records]
    text = "\n".join(lines) + "\n"
    report = check_text(tmp_path, text, "doc.jsonl")
    for finding in report.findings:
        record_index = int(split_pointer(finding.pointer)[0])
        assert finding.line == record_index + 1
        if finding.code != "FLX001":
            resolve(json.loads(lines[record_index]), "/" + finding.pointer.split("/", 2)[2] if finding.pointer.count("/") > 1 else "")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_any_bytes(tmp_path: Path, data: bytes) -> None:
    for name in ("blob.json", "blob.jsonl"):
        path = tmp_path / name
        path.write_bytes(data)
        report = check_paths([str(path)])
        assert report.internal_errors == []
        for finding in report.findings:
            assert finding.line >= 1 and finding.column >= 1


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=payloads, cut=st.integers(min_value=1, max_value=400))
def test_truncated_json_reports_flx001_within_the_text(tmp_path: Path, document: dict, cut: int) -> None:
    text = json.dumps(document, indent=2)
    if cut >= len(text):
        return
    broken = text[:cut]
    report = check_text(tmp_path, broken)
    errors = [f for f in report.findings if f.code == "FLX001"]
    if errors:
        rows = broken.split("\n")
        assert 1 <= errors[0].line <= len(rows)
        assert 1 <= errors[0].column <= len(rows[errors[0].line - 1]) + 1


@settings(deadline=None)
@given(st.lists(st.one_of(st.text(max_size=30), st.sampled_from(['{"a": 1, "a": 2}', '{"b": {"c": 1, "c": [1]}}', "NaN",
                                                                  "1e400", "\ufeff{}", '{"x": 1} y', " [1.5, -0] "])),
                max_size=6))
def test_a_reused_parser_reads_as_a_fresh_parse(texts: list[str]) -> None:
    """One Parser serves a whole JSON Lines file: each line reads as json.loads would, with its own answer to
    whether a key was named twice, whatever the lines before it were."""
    from flexlint.sources.json_text import Parser, parse

    parser = Parser()
    for text in texts:
        try:
            expected: object = parse(text)
        except ValueError as error:
            expected = (type(error), str(error))
        try:
            got, duplicates = parser(text)
        except ValueError as error:
            assert expected == (type(error), str(error))
            continue
        assert got == expected
        assert duplicates == _named_twice(got)


def _named_twice(value: object) -> bool:
    from flexlint.sources.json_text import DuplicateKeys

    if isinstance(value, DuplicateKeys):
        return True
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return any(_named_twice(child) for child in children)
