"""flexlint's own output never carries a value from the payload, and allowlist/schema runs stay light."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

PLANTED = {
    "conversations": {
        "hold_time": "PLANTED-hold-4711",
        "abandoned": "PLANTED-abandoned-4712",
        "content": "PLANTED-content-4713 " + "x" * 140,
        "date": "PLANTED-date-4714",
        "notes": "PLANTED-notes-4715",
        "media": ["PLANTED-media-4716"],
    },
    "customers": {"year_of_birth": "PLANTED-year-4717", "email": "planted.4718@example.com"},
    "patient_dob": "PLANTED-dob-4719",
    "reason": {"PLANTED-key-is-fine": "PLANTED-reason-4720"},
}
VALUES = [
    "PLANTED-hold-4711", "PLANTED-abandoned-4712", "PLANTED-content-4713", "PLANTED-date-4714",
    "PLANTED-notes-4715", "PLANTED-media-4716", "PLANTED-year-4717", "planted.4718@example.com",
    "PLANTED-dob-4719", "PLANTED-reason-4720",
]  # fmt: skip


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_no_planted_value_reaches_the_output(run_cli, tmp_path: Path, output_format: str) -> None:
    path = tmp_path / "planted.json"
    path.write_text(json.dumps(PLANTED, indent=2))
    result = run_cli("check", "--fail-on", "info", "--output-format", output_format, str(path))
    assert result.exit_code == 1
    codes = {"FLX101", "FLX102", "FLX103", "FLX201", "FLX202", "FLX203", "FLX204"}
    assert codes <= set(re.findall(r"FLX\d{3}", result.output))
    for value in VALUES:
        assert value not in result.output


def test_invalid_json_error_does_not_quote_the_input(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"conversations": {"content": "PLANTED-broken-4721" "case": 1}}')
    result = run_cli("check", str(path))
    assert "FLX001" in result.output and "PLANTED" not in result.output


def test_allowlist_and_schema_runs_never_import_a_detector(tmp_path: Path) -> None:
    path = tmp_path / "task.json"
    path.write_text(json.dumps(PLANTED))
    probe = (
        "import sys, flexlint\n"
        "from flexlint.selection import Selection\n"
        "only = flexlint.Settings(selection=Selection.from_specs(['FLX0', 'FLX1', 'FLX2', 'FLX401', 'FLX402']))\n"
        f"flexlint.check_paths([{str(path)!r}], only)\n"
        "heavy = [m for m in ('spacy', 'presidio_analyzer', 'thinc') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True)


# Code that writes attributes: string literals the code writes, a literal inside an access path, and broken
# syntax. Findings name keys and access paths (identifiers only), never a literal of the code.
CODE = """
exports.handler = async (context, event, callback) => {
  const client = context.getTwilioClient();
  const attributes = {
    conversations: { hold_time: 'PLANTED-hold-4722', abandoned: 'PLANTED-abandoned-4723',
                      content: 'caller SSN 536-90-4399 PLANTED-ssn-4724', notes: 'PLANTED-notes-4725' },
    customers: { customer_attribute_1: event['PLANTED field 4726'], customer_label_1: req.body['PLANTED-4727'] },
    patient_dob: 'PLANTED-dob-4728',
  };
  await client.taskrouter.v1.workspaces('WS').tasks.create({ attributes: JSON.stringify(attributes) });
};
"""
CODE_VALUES = ["PLANTED-hold-4722", "PLANTED-abandoned-4723", "536-90-4399", "PLANTED-ssn-4724", "PLANTED-notes-4725",
               "PLANTED field 4726", "PLANTED-4727", "PLANTED-dob-4728", "PLANTED-broken-4729"]


@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_no_planted_code_literal_reaches_the_output(run_cli, tmp_path: Path, output_format: str) -> None:
    (tmp_path / "function.js").write_text(CODE)
    (tmp_path / "broken.ts").write_text("const x = { note: 'PLANTED-broken-4729' ;\n")
    (tmp_path / "broken.py").write_text("x = {'note': 'PLANTED-broken-4729'\n")
    result = run_cli("check", "--fail-on", "info", "--output-format", output_format, str(tmp_path))
    assert result.exit_code == 1
    found = set(re.findall(r"FLX\d{3}", result.output))
    assert {"FLX001", "FLX101", "FLX102", "FLX201", "FLX202", "FLX307", "FLX601"} <= found
    for value in CODE_VALUES:
        assert value not in result.output
