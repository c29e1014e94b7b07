"""The data-model check answers type-only fields without jsonschema: it must agree with jsonschema."""

from __future__ import annotations

from flexlint.checks.datamodel import _field_validators, _json_type, _type_only_fields

VALUES = [0, 7, -3, 10**20, 1.5, 2.0, -0.0, True, False, None, "", "12", "text", [], [1], {}, {"a": 1}]


def test_type_only_fields_agree_with_jsonschema() -> None:
    fields = _type_only_fields()
    assert len(fields) > 20  # the measures and times of conversations
    validators = _field_validators()
    for path, types in fields.items():
        for value in VALUES:
            if _json_type(value) in types:
                assert not list(validators[path].iter_errors(value)), (path, value)


def test_wrong_types_still_reported() -> None:
    from flexlint import Settings, check_payload
    from flexlint.selection import Selection

    payload = {"conversations": {"hold_time": "5", "talk_time": 5, "abandon_time": None}}
    findings = check_payload(payload, Settings(selection=Selection.from_specs(["FLX2"])))
    assert [(f.code, f.pointer) for f in findings if f.code == "FLX201"] == [("FLX201", "/conversations/hold_time")]
