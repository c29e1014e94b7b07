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
