"""Input sources: Task resources, Event Streams CloudEvents (one, array, JSON Lines, gzip), TaskRouter
event-callback captures and Flex Interactions API requests, with findings at the outer string and an inner
pointer."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from flexlint import sources
from flexlint.sources.records import kind_of
from flexlint.pipeline import check_paths
from flexlint.selection import Selection
from flexlint.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SOURCES = Path(__file__).parent / "fixtures" / "sources"
EXAMPLE_04 = ROOT.parent / "shared" / "examples" / "04_eventstreams_task_created.json"
# The allowlist and data-model rules: every fixture's attributes give FLX101 `from` and FLX201 hold_time.
NO_DETECTORS = Settings(selection=Selection.from_specs(["FLX0", "FLX1", "FLX2"]))
EVENT = "data/payload/task_attributes"


def rows(path: Path, settings: Settings = NO_DETECTORS, **kwargs: str):
    report = check_paths([str(path)], settings, **kwargs)
    return [(f.line, f.column, f.code, f.pointer, f.inner_pointer) for f in report.findings], report


def pair(line: int, column: int, pointer: str) -> list[tuple[int, int, str, str, str]]:
    """FLX101 for `from` and FLX201 for hold_time, both at the outer string."""
    return [(line, column, "FLX101", pointer, "/from"), (line, column, "FLX201", pointer, "/conversations/hold_time")]


@pytest.mark.parametrize(
    ("name", "expected", "skipped"),
    [
        ("task_resource.json", pair(4, 17, "/attributes"), {}),
        ("event_single.json", pair(13, 26, f"/{EVENT}"), {}),
        (
            "events_array.json",
            pair(29, 28, f"/1/{EVENT}"),
            {"com.twilio.taskrouter.worker.activity.update": 1},
        ),
        (
            "events.jsonl",
            pair(1, 373, f"/0/{EVENT}") + pair(3, 373, f"/2/{EVENT}"),
            {"com.twilio.taskrouter.task-queue.entered": 1},
        ),
        (
            "events.jsonl.gz",
            pair(1, 373, f"/0/{EVENT}") + pair(3, 373, f"/2/{EVENT}"),
            {"com.twilio.taskrouter.task-queue.entered": 1},
        ),
        (
            "callbacks.form",
            pair(1, 128, "/0/TaskAttributes")
            + [(3, 46, "FLX001", "/2/TaskAttributes", None)]
            + pair(4, 39, "/3/TaskAttributes"),
            {"worker.activity.update": 1},
        ),
        (
            "interaction_sdk.json",  # routing and attributes as objects: exact positions, no inner pointer
            [
                (8, 22, "FLX101", "/routing/properties/attributes/from", None),
                (8, 77, "FLX201", "/routing/properties/attributes/conversations/hold_time", None),
            ],
            {},
        ),
        (  # the REST parameter: JSON in JSON, attributes in it at /properties/attributes
            "interaction_rest.json",
            [(3, 14, code, "/Routing", f"/properties/attributes{inner}") for _, _, code, _, inner in pair(3, 14, "")],
            {},
        ),
        (
            "events_malformed.json",
            [(14, 28, "FLX001", f"/0/{EVENT}", None)] + pair(30, 28, f"/1/{EVENT}"),
            {},
        ),
    ],
)
def test_source_kinds(name: str, expected: list, skipped: dict[str, int]) -> None:
    found, report = rows(SOURCES / name)
    assert found == expected
    assert report.stats.skipped == skipped
    assert not report.internal_errors


def test_malformed_embedded_string_message_names_no_value() -> None:
    report = check_paths([str(SOURCES / "events_malformed.json")], NO_DETECTORS)
    error = next(f for f in report.findings if f.code == "FLX001")
    assert error.message.startswith("invalid JSON in the embedded attributes")
    assert "1503555" not in error.message
    assert report.stats.payloads == 1  # the good event is still checked


def test_inner_pointer_in_json_output() -> None:
    report = check_paths([str(SOURCES / "task_resource.json")], NO_DETECTORS)
    assert report.findings[0].to_dict()["inner_pointer"] == "/from"


@pytest.mark.skipif(not EXAMPLE_04.exists(), reason="../shared is absent")
def test_shared_example_04() -> None:
    found, _ = rows(EXAMPLE_04, Settings())
    outer = f"/0/{EVENT}"
    assert (31, 28, "FLX101", outer, "/from") in found
    assert all((line, column, pointer) == (31, 28, outer) for line, column, _, pointer, _ in found)
    inner = {(code, inner) for _, _, code, _, inner in found}
    assert ("FLX320", "/conversations/content") in inner  # health information in a preserved attribute


def test_forcing_attributes_reads_an_event_as_plain_attributes() -> None:
    found, _ = rows(SOURCES / "event_single.json", input_format="attributes")
    assert all(inner is None for *_, inner in found)
    assert (2, 3, "FLX101", "/specversion", None) in found


def test_forcing_events_on_plain_attributes_is_flx001(tmp_path: Path) -> None:
    path = tmp_path / "plain.json"
    path.write_text('{"direction": "inbound"}')
    found, _ = rows(path, input_format="events")
    assert [code for _, _, code, _, _ in found] == ["FLX001"]


def test_forcing_task_and_callbacks(tmp_path: Path) -> None:
    task = json.loads((SOURCES / "task_resource.json").read_text())
    del task["sid"], task["assignment_status"], task["workspace_sid"]  # no longer recognisable as a Task
    path = tmp_path / "bare.json"
    path.write_text(json.dumps(task))
    auto, _ = rows(path)
    assert all(inner is None for *_, inner in auto)
    forced, _ = rows(path, input_format="task")
    assert {inner for *_, inner in forced} == {"/from", "/conversations/hold_time"}
    capture = tmp_path / "capture.txt"
    capture.write_bytes((SOURCES / "callbacks.form").read_bytes())
    found, _ = rows(capture, input_format="callbacks")
    assert [code for _, _, code, _, _ in found] == ["FLX101", "FLX201", "FLX001", "FLX101", "FLX201"]


def test_discover_takes_gzip_and_form_and_txt_only_when_forced(tmp_path: Path) -> None:
    for name in ("a.jsonl.gz", "b.form", "c.txt", "d.json", "e.gz.bak"):
        (tmp_path / name).write_text("")
    auto = sorted(Path(t.path).name for t in sources.discover([str(tmp_path)]))
    assert auto == ["a.jsonl.gz", "b.form", "d.json"]
    forced = list(sources.discover([str(tmp_path)], input_format="callbacks"))
    assert sorted(Path(t.path).name for t in forced) == ["a.jsonl.gz", "b.form", "c.txt", "d.json"]
    assert {t.input_format for t in forced} == {"callbacks"}
    with pytest.raises(ValueError):
        list(sources.discover([str(tmp_path)], input_format="yaml"))


def test_gzip_detected_by_content_and_damage_is_flx001(tmp_path: Path) -> None:
    data = (SOURCES / "events.jsonl.gz").read_bytes()
    renamed = tmp_path / "events.jsonl"  # no .gz: the magic number decides
    renamed.write_bytes(data)
    assert rows(renamed)[0] == rows(SOURCES / "events.jsonl")[0]
    many = gzip.compress((SOURCES / "events.jsonl").read_bytes() * 200)
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(many[: len(many) // 2])
    found, report = rows(truncated)
    assert found[-1][2] == "FLX001" and found[-1][3] == ""
    assert report.stats.payloads > 0  # what came before the damage is checked


def _measure(events: int) -> dict:
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "archive_speed.py"), str(events), "--clean"],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_archive_of_100000_events_streams_in_constant_memory() -> None:
    """Peak RSS in a fresh process is the same for 10,000 and 100,000 gzip'd events (records are streamed
    and released in batches). Also prints the throughput for the close note (pytest -s)."""
    small, large = _measure(10_000), _measure(100_000)
    assert large["events"] == 100_000 and large["findings"] == 0
    assert large["skipped"] == {
        "com.twilio.taskrouter.worker.activity.update": 25_000,
        "com.twilio.taskrouter.task-queue.entered": 25_000,
    }
    # A leak of even 100 bytes an event would add about 9 MB; allocator noise is well under that.
    assert large["max_rss_mb"] - small["max_rss_mb"] < 8, (small, large)
    print(f"\narchive throughput: {large['events_per_s']} events/s ({large['seconds']} s for 100,000 events)")


def test_phi_in_an_interaction_request_is_found(tmp_path: Path) -> None:
    routing = {"properties": {"workflow_sid": "WW0123456789abcdef0123456789abcdef",
                              "attributes": {"conversations": {"content": "MRN 48213377, DOB 03/14/1951"}}}}
    path = tmp_path / "interaction.json"
    path.write_text(json.dumps({"channel": {"type": "sms"}, "routing": routing}), encoding="utf-8")
    settings = Settings(ner=False, selection=Selection.from_specs(["FLX3"]))
    found, report = rows(path, settings)
    assert {code for _, _, code, pointer, _ in found if pointer.endswith("/conversations/content")} >= {"FLX303", "FLX308"}
    assert kind_of({"channel": {"type": "sms"}, "routing": routing}) == "interaction"
    assert kind_of({"routing": "not json", "Channel": "{}"}) == "interaction"
    assert kind_of({"routing": {"properties": {}}}) == "attributes"


def test_interaction_attributes_of_the_wrong_type_are_flx001_either_way(tmp_path: Path) -> None:
    """A list where the attributes belong is FLX001 whether Routing is an object or its JSON text."""
    routing = {"properties": {"attributes": [1, 2]}}
    for name, doc in (("object", {"routing": routing}), ("string", {"Routing": json.dumps(routing)})):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        found, report = rows(path)
        assert [code for _, _, code, _, _ in found] == ["FLX001"], name
        assert "array" in report.findings[0].message and not report.internal_errors


def test_duplicate_keys_are_found_in_every_kind_of_file(tmp_path: Path) -> None:
    """FLX005 relies on the loader saying whether a text named a key twice; every reader must say it right."""
    import flexlint

    twice = '{"conversations": {"case": "a", "case": "b"}}'
    (tmp_path / "one.json").write_text(twice)
    (tmp_path / "many.json").write_text(f"[{twice}, {{}}]")
    (tmp_path / "lines.jsonl").write_text('{"conversations": {}}\n' + twice + "\n")
    report = flexlint.check_paths([str(tmp_path)], flexlint.Settings(ner=False))
    found = sorted((f.file.rsplit("/", 1)[-1], f.pointer) for f in report.findings if f.code == "FLX005")
    assert found == [("lines.jsonl", "/1/conversations/case"), ("many.json", "/0/conversations/case"),
                     ("one.json", "/conversations/case")]
    # A dict the caller parsed (with flexlint's parser, so it carries its duplicates) is walked too.
    from flexlint.sources.json_text import parse

    assert [f.code for f in flexlint.check_payload(parse(twice), flexlint.Settings(ner=False)) if f.code == "FLX005"]
