"""Hostile and odd input: nothing crashes, nothing hides findings, nothing from the payload leaks out."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PLANT = "Ingrid Halvorsen 536-90-4399"


def flexlint(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flexlint", *args], capture_output=True, text=True, cwd=cwd, timeout=timeout,
        env={**os.environ, "FLEXLINT_CACHE_DIR": str(Path(cwd or ".") / ".cache-test")},
    )  # fmt: skip


@pytest.mark.parametrize("output_format", ["text", "concise", "json", "sarif", "github", "junit", "gitlab"])
def test_lone_surrogates_neither_crash_nor_hide_findings(tmp_path: Path, output_format: str) -> None:
    path = tmp_path / "surrogates.json"
    path.write_text('{"\\ud800": "x", "reason": "\\ud800 ' + PLANT + '"}')
    result = flexlint("check", "--no-ner", "--output-format", output_format, str(path), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "FLX307" in result.stdout and "internal error" not in result.stderr
    assert "536-90-4399" not in result.stdout + result.stderr


def test_control_characters_in_keys_are_escaped_in_text(tmp_path: Path) -> None:
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"\x1b[31mred\n::error::forged": 1}))
    result = flexlint("check", "--fail-on", "info", str(path), cwd=tmp_path)
    assert "\x1b" not in result.stdout and "\\x1b[31mred\\x0a::error::forged" in result.stdout
    assert len(result.stdout.strip().splitlines()) == 2  # one finding, one summary: no forged line


def test_event_types_from_the_file_are_not_echoed(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl.gz"
    events = [{"specversion": "1.0", "type": PLANT, "data": {}},
              {"specversion": "1.0", "type": "com.twilio.taskrouter.worker.activity.update", "data": {}}]  # fmt: skip
    with gzip.open(path, "wt") as out:
        out.writelines(json.dumps(e) + "\n" for e in events)
    for fmt in ("text", "json"):
        result = flexlint("check", "--output-format", fmt, str(path), cwd=tmp_path)
        assert "Ingrid" not in result.stdout and "<unrecognised event type>" in result.stdout
        assert "com.twilio.taskrouter.worker.activity.update" in result.stdout
    cached = "".join(p.read_text() for p in (tmp_path / ".cache-test").rglob("*.json"))
    assert "Ingrid" not in cached


def test_redact_refuses_files_of_events_rather_than_print_them(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    event = {"specversion": "1.0", "type": "com.twilio.taskrouter.task.created",
             "data": {"payload": {"task_attributes": json.dumps({"conversations": {"content": PLANT}})}}}  # fmt: skip
    path.write_text(json.dumps([event]))
    for extra in ([], ["--keep-dropped"]):
        result = flexlint("redact", *extra, str(path), cwd=tmp_path)
        assert result.returncode != 0 and "task-attributes files only" in result.stderr
        assert "536-90-4399" not in result.stdout + result.stderr


def test_a_fifo_in_a_directory_does_not_block_the_run(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.jsonl")
    (tmp_path / "task.json").write_text('{"mrn": 1}')
    result = flexlint("check", str(tmp_path), cwd=tmp_path, timeout=60)
    assert result.returncode == 0 and "1 file" in result.stdout


def test_a_huge_integer_is_reported_as_such(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_text('{"conversations": {"hold_time": ' + "9" * 5000 + "}}")
    result = flexlint("check", str(path), cwd=tmp_path)
    assert result.returncode == 1 and "more than 4300 digits" in result.stdout


def test_studio_messages_never_echo_string_literals_from_a_template(tmp_path: Path) -> None:
    attributes = json.dumps({"conversations": {"content": "{{flow.variables.r}}", "case": '{{widgets["Ingrid H"].Digits}}'}})
    flow = {"states": [
        {"name": "Trigger", "type": "trigger", "properties": {}},
        {"name": "setv", "type": "set-variables",
         "properties": {"variables": [{"key": "r", "value": "{{widgets['" + PLANT + "'].SpeechResult}}"}]}},
        {"name": "to_flex", "type": "send-to-flex", "properties": {"attributes": attributes}},
    ]}  # fmt: skip
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(flow))
    result = flexlint("check", str(path), cwd=tmp_path)
    assert "FLX501" in result.stdout and "Ingrid" not in result.stdout and "536-90" not in result.stdout


def test_a_number_too_large_for_a_float_is_unreadable_at_its_position(tmp_path: Path) -> None:
    path = tmp_path / "inf.json"
    path.write_text('{"conversations": {"hold_time": 1e400}}')
    result = flexlint("check", str(path), cwd=tmp_path)
    assert result.returncode == 1 and result.stdout.startswith(f"{path}:1:33: FLX001")
