"""`flexlint filter` prints exactly the allowlisted subset, for every input shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

ALLOWLIST = json.loads((ROOT / "rules" / "allowlist.json").read_text())


def allowlisted_subset(attributes: object) -> object:
    """An independent statement of the Events Filter, read straight from rules/allowlist.json."""
    if not isinstance(attributes, dict):
        return attributes
    kept = {}
    for key, value in attributes.items():
        if key not in ALLOWLIST["root"]:
            continue
        if key in ("conversations", "customers") and isinstance(value, dict):
            value = {k: v for k, v in value.items() if k in ALLOWLIST[key]}
        kept[key] = value
    return kept


def readable_fixtures() -> list[Path]:
    out = []
    for path in sorted(FIXTURES.glob("*.json")):
        try:
            document = json.loads(path.read_text(encoding="utf-8"), parse_constant=lambda name: int("not JSON"))
        except ValueError:
            continue
        if isinstance(document, dict) and "states" in document:
            continue  # a Studio flow: filter prints its templates' attributes, not the flow
        if isinstance(document, dict) and "EventType" in document:
            continue  # a TaskRouter callback saved as JSON: filter prints its TaskAttributes (test below)
        out.append(path)
    return out


def test_allowlist_has_the_documented_sizes() -> None:
    assert (len(ALLOWLIST["root"]), len(ALLOWLIST["conversations"]), len(ALLOWLIST["customers"])) == (10, 92, 20)
    assert ALLOWLIST["source"].startswith("https://www.twilio.com/docs/flex/developer/insights/hipaa")


@pytest.mark.parametrize("path", readable_fixtures(), ids=lambda p: p.name)
def test_filter_equals_the_allowlisted_subset(run_cli, path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    result = run_cli("filter", str(path))
    assert result.exit_code == 0
    expected = [allowlisted_subset(d) for d in document] if isinstance(document, list) else allowlisted_subset(document)
    assert json.loads(result.output) == expected


def test_filter_on_a_flex_voice_task(run_cli, write_json) -> None:
    path = write_json(
        "voice.json",
        {
            "type": "inbound",
            "from": "+15035550147",
            "direction": "inbound",
            "conversations": {"queue": "Nurse Line", "notes": "x", "media": [{"type": "Raw", "url": "u"}]},
            "customers": {"name": "Dana", "category": "Returning"},
            "reservation_attributes": {"WR1": {"media": [], "anything": 1}},
        },
    )
    assert json.loads(run_cli("filter", str(path)).output) == {
        "direction": "inbound",
        "conversations": {"queue": "Nurse Line", "media": [{"type": "Raw", "url": "u"}]},
        "customers": {"category": "Returning"},
        "reservation_attributes": {"WR1": {"media": [], "anything": 1}},
    }


def test_filter_json_lines_keeps_one_record_per_line(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text('{"from": "x", "direction": "inbound"}\n\n{"customers": {"zip": "97205"}}\n')
    assert run_cli("filter", str(path)).output.splitlines() == ['{"direction": "inbound"}', '{"customers": {}}']


def test_filter_reports_unreadable_input_with_position(run_cli) -> None:
    result = run_cli("filter", str(FIXTURES / "flx001_trailing_comma.json"))
    assert result.exit_code == 1
    assert "flx001_trailing_comma.json:2:39: FLX001" in result.output


def test_filter_of_a_callback_saved_as_json_prints_its_task_attributes(run_cli) -> None:
    path = FIXTURES / "callback_json_task_created.json"
    embedded = json.loads(json.loads(path.read_text(encoding="utf-8"))["TaskAttributes"])
    result = run_cli("filter", str(path))
    assert result.exit_code == 0
    assert json.loads(result.output) == allowlisted_subset(embedded)
