"""`flexlint baseline create|update` and `check --baseline`, end to end."""

from __future__ import annotations

import json
from pathlib import Path


def write(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, indent=2))


def test_adopting_flexlint_with_a_baseline(run_cli, tmp_path: Path) -> None:
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    write(fixtures / "old.json", {"conversations": {"destination": "+15035550199", "hold_time": "5"}})
    baseline = tmp_path / "flexlint-baseline.json"
    created = run_cli("baseline", "create", "--baseline", str(baseline), "--no-ner", str(fixtures))
    assert created.exit_code == 0, created.output
    assert "5035550199" not in baseline.read_text() and "FLX305" in baseline.read_text()

    clean = run_cli("check", "--no-ner", "--baseline", str(baseline), "--fail-on", "info", str(fixtures))
    assert clean.exit_code == 0 and clean.output.startswith("No findings")

    # Lines move: nothing new. A new PHI file: only it is reported.
    write(fixtures / "old.json", {"x": None, "conversations": {"hold_time": "5", "destination": "+15035550199"}})
    write(fixtures / "new.json", {"conversations": {"destination": "+15035550123"}})
    moved = run_cli("check", "--no-ner", "--baseline", str(baseline), "--select", "FLX3", str(fixtures))
    assert moved.exit_code == 1
    assert {line.split(":")[0] for line in moved.output.splitlines()[:-1]} == {str(fixtures / "new.json")}

    # The old finding goes away: its entry is stale, and `update` removes it.
    write(fixtures / "old.json", {"conversations": {"hold_time": 5}})
    stale = run_cli("check", "--no-ner", "--baseline", str(baseline), str(fixtures / "old.json"))
    assert "no longer match a finding" in stale.output
    assert run_cli("baseline", "update", "--baseline", str(baseline), "--no-ner", "--no-add", str(fixtures)).exit_code == 0
    assert "FLX305" not in baseline.read_text() and "new.json" not in baseline.read_text()


def test_create_refuses_to_overwrite_and_bad_baselines_exit_2(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "t.json"
    write(target, {"direction": "inbound"})
    baseline = tmp_path / "b.json"
    baseline.write_text("{}")
    again = run_cli("baseline", "create", "--baseline", str(baseline), str(target))
    assert again.exit_code == 2 and "--force" in again.output
    broken = run_cli("check", "--baseline", str(baseline), str(target))
    assert broken.exit_code == 2 and str(baseline) in broken.output


def test_findings_inside_one_event_keep_their_own_entries(run_cli, tmp_path: Path) -> None:
    event = {
        "specversion": "1.0",
        "type": "com.twilio.taskrouter.task.created",
        "data": {"payload": {"task_attributes": json.dumps({"conversations": {"hold_time": "5", "order": "1"}})}},
    }
    path = tmp_path / "events.json"
    write(path, [event])
    baseline = tmp_path / "b.json"
    assert run_cli("baseline", "create", "--baseline", str(baseline), "--select", "FLX2", str(path)).exit_code == 0
    pointers = {e["pointer"] for e in json.loads(baseline.read_text())["entries"]}
    assert pointers == {
        "/0/data/payload/task_attributes/conversations/hold_time",
        "/0/data/payload/task_attributes/conversations/order",
    }
