"""Studio flows: Liquid templates parse into placeholders, and caller data is followed into attributes."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from flexlint.allowlist import hipaa_allowlist
from flexlint.leaves import walk
from flexlint.studio import Placeholder, is_placeholder, parse_template
from flexlint.studio.rules import STUDIO_RULES
from flexlint.studio.taint import analyse_flow, is_studio_flow

FIXTURES = Path(__file__).parent / "fixtures" / "studio"
EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "05_studio_flow_send_to_flex.json"


def load(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def found(flow: dict) -> set[tuple[str, str]]:
    return {(f.issue.code, f.inner_pointer) for f in analyse_flow(flow).findings}


@pytest.mark.parametrize(
    ("template", "pointer", "variables", "bare"),
    [
        ('{"name": "{{trigger.call.From}}"}', "/name", ["trigger.call.From"], False),
        ('{"a": "{{x.y}} - {{widgets.g.Digits}}"}', "/a", ["x.y", "widgets.g.Digits"], False),
        ('{"customers": {{widgets.crm.parsed | to_json}}}', "/customers", ["widgets.crm.parsed"], True),
        ("{\"a\": \"{{widgets.g.Digits | default: 'x' | upcase}}\"}", "/a", ["widgets.g.Digits"], False),
        ('{"a": "{{ x | default: flow.variables.y }}"}', "/a", ["x", "flow.variables.y"], False),
        ('{"a": "{{- trigger.call.From -}}"}', "/a", ["trigger.call.From"], False),
        ('{"a": 1{% if w.g.Digits %}, "b": "{{w.g.Digits}}"{% endif %}}', "/b", ["w.g.Digits"], False),
        ('{"a": "{%- if x -%}{{ trigger.call.From }}{%- endif -%}"}', "/a", ["trigger.call.From"], False),
        ("{\"a\": \"{{widgets['crm'].parsed[0].name}}\"}", "/a", ["widgets.crm.parsed.0.name"], False),
        ('{% assign p = widgets.crm.parsed %}{"a": "{{p.mrn}}"}', "/a", ["widgets.crm.parsed.mrn"], False),
        ('{"a": "{% echo trigger.call.From %}"}', "/a", ["trigger.call.From"], False),
        ('{% assign\tv = trigger.call.From %}{"a": "{{v}}"}', "/a", ["trigger.call.From"], False),  # any whitespace
        ('{% liquid\n  assign v = trigger.call.From\n%}{"a": "{{ v }}"}', "/a", ["trigger.call.From"], False),
        ('{% # a note %}{"a": "{{x}}"}', "/a", ["x"], False),  # the inline comment tag
    ],
)
def test_every_liquid_form_parses(template: str, pointer: str, variables: list[str], bare: bool) -> None:
    parsed = parse_template(template)
    assert parsed.errors == []
    assert parsed.variables[pointer] == variables
    value = parsed.value
    for token in pointer.strip("/").split("/"):
        value = value[token]
    assert is_placeholder(value) and value == "<template>" and value.bare is bare


def test_every_branch_of_a_block_is_followed() -> None:
    parsed = parse_template('{"a": 1{% if x %}, "b": "{{p.q}}"{% elsif y %}, "c": "{{r.s}}"{% else %}{% endif %}}')
    assert parsed.errors == []
    assert parsed.variables == {"/b": ["p.q"], "/c": ["r.s"]}
    assert parsed.value == {"a": 1, "b": "<template>"}


def test_placeholders_survive_the_checks_plumbing() -> None:
    parsed = parse_template('{"conversations": {"content": "{{a.b}}", "queue": "Billing"}, "x": {{c.d}}}')
    zones = {leaf.pointer: leaf.zone for leaf in walk(parsed.value, hipaa_allowlist())}
    assert zones == {"/conversations/content": "preserved", "/conversations/queue": "preserved", "/x": "dropped"}
    assert json.loads(json.dumps(parsed.value))["x"] == "<template>"
    copy = pickle.loads(pickle.dumps(parsed.value))
    assert isinstance(copy["x"], Placeholder) and copy["x"].variables == ("c.d",) and copy["x"].bare


@pytest.mark.parametrize(
    ("template", "offset"),
    [
        ('{"a": "{{x}"}', 7),  # unterminated tag: at `{{`
        ('{"a": 1,}', 8),  # trailing comma: at `}`
        ('{"a": 1 {% if x %}', 8),  # block never closed: at `{%`
        ('{"a": 1{% endif %}}', 7),  # endif with no if
        ('{"a": "{{x}}",\n "b": }', 21),  # after a tag, offsets are still the template's
        ('{"a": "{% iff x %}1{% endif %}"}', 7),  # a misspelt tag Studio cannot render
        ('{"a": "{% Maria Okafor %}"}', 7),  # ... whose name is not echoed unless it is a plain tag word
        ('{"a": "{% raw %}{{x}"}', 7),  # raw never closed
    ],
)
def test_parse_errors_give_the_offset_in_the_template(template: str, offset: int) -> None:
    parsed = parse_template(template)
    assert [e.offset for e in parsed.errors] == [offset]
    assert "{{" not in parsed.errors[0].message and "Okafor" not in parsed.errors[0].message


def test_raw_blocks_are_text_and_known_tags_pass() -> None:
    parsed = parse_template('{"a": "{% raw %}{{x}}{% endraw %}", "b": "{% increment n %}{% cycle 1, 2 %}"}')
    assert parsed.errors == [] and parsed.value["a"] == "{{x}}" and parsed.variables == {}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("string_embedded", {("FLX501", "/conversations/content")}),
        ("several_tags", {("FLX501", "/conversations/conversation_label_1")}),  # FromCity, FromZip; To is not
        ("bare_tag", {("FLX501", "/customers")}),
        ("filters", {("FLX501", "/conversations/case"), ("FLX501", "/conversations/outcome")}),
        ("if_block", {("FLX501", "/conversations/conversation_attribute_3")}),
        ("whitespace_control", {("FLX501", "/conversations/content"), ("FLX502", "/callback")}),
        ("set_variables", {("FLX501", "/conversations/conversation_attribute_5")}),
        ("too_long", {("FLX004", "")}),
        ("parse_error", {("FLX001", "")}),
    ],
)
def test_fixture_flows(name: str, expected: set[tuple[str, str]]) -> None:
    flow = load(name)
    assert is_studio_flow(flow)
    assert found(flow) == expected


def test_set_variables_propagate_through_chains_to_a_fixed_point() -> None:
    findings = analyse_flow(load("set_variables")).findings
    (finding,) = findings
    message = finding.issue.message
    assert "`flow.variables.dob_copy` (set from `flow.variables.dob` in state `copy_dob`)" in message
    assert "state `gather` (gather-input-on-call)" in message and "Safe Harbor" in message
    assert finding.state_pointer == "/states/4/properties/attributes"


def test_too_long_template() -> None:
    flow = load("too_long")
    assert len(flow["states"][-1]["properties"]["attributes"]) == 1100
    (finding,) = analyse_flow(flow).findings
    assert "1,100" in finding.issue.message


def test_parse_error_is_flx001_with_an_offset() -> None:
    (finding,) = analyse_flow(load("parse_error")).findings
    assert finding.issue.code == "FLX001" and "at character 65" in finding.issue.message


@pytest.mark.skipif(not EXAMPLE.exists(), reason="../shared is absent")
def test_shared_example_05() -> None:
    flow = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    analysis = analyse_flow(flow)
    assert found(flow) == {
        ("FLX501", "/conversations/content"),
        ("FLX501", "/conversations/external_contact"),
        ("FLX501", "/conversations/conversation_attribute_2"),
        ("FLX501", "/customers/customer_attribute_1"),
        # the lookup widget is not in the exported flow: its data are still taken for caller data, and the
        # variable that cannot resolve gets a warning of its own
        ("FLX503", "/customers/customer_attribute_1"),
        ("FLX502", "/name"),
    }
    assert {f.state_pointer for f in analysis.findings} == {"/states/3/properties/attributes"}
    by_pointer = {f.inner_pointer: f.issue.message for f in analysis.findings}
    assert "widgets.gather_reason.SpeechResult" in by_pointer["/conversations/content"]
    assert "state `gather_dob` (gather-input-on-call)" in by_pointer["/conversations/conversation_attribute_2"]
    assert "trigger.call.From" in by_pointer["/conversations/external_contact"]
    assert "widgets.lookup_patient.parsed.plan" in by_pointer["/customers/customer_attribute_1"]
    literals = {s for s in _strings(flow) | _strings(analysis.templates[0].parsed.value) if len(s) > 3}
    literals.discard("<template>")
    for message in by_pointer.values():
        assert [s for s in literals if s in message] == []
    # The template's own literals (a dropped key's text) stay in the parsed attributes, to be checked as usual.
    assert analysis.templates[0].parsed.value["conversations"]["ivr_path"] == "reason ▸ dob"


def _strings(value: object) -> set[str]:
    if isinstance(value, str):
        return {value}
    # Names, types and transition events are the flow's structure, not data: messages may name them.
    structure = ("name", "type", "event", "next", "input")
    children = [v for k, v in value.items() if k not in structure] if isinstance(value, dict) else value
    if not isinstance(children, list):
        return set()
    return set().union(set(), *(_strings(child) for child in children))


def test_rules_are_documented() -> None:
    assert [r.code for r in STUDIO_RULES] == ["FLX004", "FLX501", "FLX502", "FLX503"]
    for rule in STUDIO_RULES:
        assert rule.why and rule.example and rule.instead and rule.documentation()


@pytest.mark.skipif(not (Path(__file__).resolve().parents[2] / "shared" / "examples").is_dir(), reason="no ../shared")
def test_shared_example_05_through_check_paths_points_at_the_attributes_string() -> None:
    import flexlint

    path = Path(__file__).resolve().parents[2] / "shared" / "examples" / "05_studio_flow_send_to_flex.json"
    report = flexlint.check_paths([str(path)])
    taint = {(f.code, f.inner_pointer) for f in report.findings if f.code in ("FLX501", "FLX502")}
    assert taint == {
        ("FLX501", "/conversations/content"),
        ("FLX501", "/conversations/external_contact"),
        ("FLX501", "/conversations/conversation_attribute_2"),
        ("FLX501", "/customers/customer_attribute_1"),
        ("FLX502", "/name"),
    }
    # The `attributes` string of state 3, in the file, is where every finding points.
    assert {(f.line, f.column, f.pointer) for f in report.findings} == {(107, 23, "/states/3/properties/attributes")}


def test_literal_text_beside_a_tag_is_scanned_for_phi(tmp_path: Path) -> None:
    """The template's own text around a tag is scanned ("Patient {{x}} DOB ..."); the tag itself is the taint
    analysis's business, and a mixed string with no PHI in its literal text gives nothing."""
    import flexlint
    from flexlint.selection import Selection

    flow = load("several_tags")
    flow["states"][-1]["properties"]["attributes"] = json.dumps({"conversations": {
        "content": "Patient {{flow.variables.ref}} DOB 01/02/1960, MRN 48213377",
        "case": "Caller from {{flow.variables.queue}} asked about billing",
        "outcome": "{{flow.variables.outcome}}",
    }})  # fmt: skip
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(flow), encoding="utf-8")
    settings = flexlint.Settings(ner=False, selection=Selection.from_specs(["FLX3"]))
    report = flexlint.check_paths([str(path)], settings)
    found = {(f.code, f.inner_pointer) for f in report.findings}
    assert ("FLX303", "/conversations/content") in found and ("FLX308", "/conversations/content") in found
    assert not {p for _, p in found} - {"/conversations/content"}
    rendered = "".join(f.message + str(f.shown_value) for f in report.findings)
    assert "48213377" not in rendered and "1960" not in rendered
