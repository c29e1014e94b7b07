"""The data-model check answers type-and-length fields without jsonschema: it must agree with jsonschema."""

from __future__ import annotations

from flexlint.checks.datamodel import _field_validators, _passes, _simple_fields

VALUES = [0, 7, -3, 10**20, 1.5, 2.0, -0.0, True, False, None, "", "12", "text", "x" * 128, "x" * 129,
          "é" * 128, "😀" * 129, [], [1], {}, {"a": 1}]  # fmt: skip


def test_simple_fields_agree_with_jsonschema() -> None:
    fields = _simple_fields()
    assert len(fields) > 100  # the measures and times, and the 76 text fields
    assert any(max_length == 128 for _, max_length in fields.values())
    validators = _field_validators()
    decided = 0
    for path, simple in fields.items():
        for value in VALUES:
            errors = list(validators[path].iter_errors(value))
            if _passes(simple, value):  # answered here: jsonschema must find nothing
                decided += 1
                assert not errors, (path, value)
            elif isinstance(value, (str, int, float)) and not isinstance(value, bool) and simple[0] >= {"string", "integer", "number"}:
                assert errors, (path, value)  # left to jsonschema only when it has something to say
    assert decided > 500


def test_wrong_types_still_reported() -> None:
    from flexlint import Settings, check_payload
    from flexlint.selection import Selection

    payload = {"conversations": {"hold_time": "5", "talk_time": 5, "abandon_time": None}}
    findings = check_payload(payload, Settings(selection=Selection.from_specs(["FLX2"])))
    assert [(f.code, f.pointer) for f in findings if f.code == "FLX201"] == [("FLX201", "/conversations/hold_time")]
