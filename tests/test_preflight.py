"""The pre-flight API with the real model: check, redact, Preflight.guard and PHIViolation, across threads."""

from __future__ import annotations

import json
import pickle
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from flexlint import Settings
from flexlint.model import Severity
from flexlint.preflight import PHIViolation, Preflight, check, redact
from flexlint.selection import Selection

pytestmark = pytest.mark.model

PHI = {
    "type": "inbound",  # dropped by the Events Filter
    "name": "Maria Okafor",  # dropped too
    "conversations": {
        "content": "Maria Okafor, callback 503-555-0147, asthma refill",
        "case": "DOB 03/14/1962, maria.okafor@example.com, SSN 219-09-9999",
        "conversation_attribute_4": 123456789,
        "queue_reason": "dropped key",
    },
    "customers": {"region": "97205"},
}
PLANTED = ["Maria", "Okafor", "503-555-0147", "5550147", "03/14/1962", "maria.okafor", "219-09-9999",
           "123456789", "97205", "asthma"]  # fmt: skip
CLEAN = {"direction": "inbound", "conversations": {"content": "billing question about an invoice", "hold_time": 35}}


@pytest.fixture(scope="module")
def preflight() -> Preflight:
    return Preflight()


def test_check_returns_a_report_for_a_dict_or_json_text() -> None:
    for attributes in (PHI, json.dumps(PHI)):
        report = check(attributes)
        codes = {(f.pointer, f.code) for f in report.findings}
        assert {("/conversations/content", "FLX301"), ("/conversations/content", "FLX305")} <= codes
        assert report.failed and report.exit_code == 1 and report.stats.payloads == 1
    assert check(CLEAN).exit_code == 0


def test_guard_raises_with_codes_and_pointers_and_no_value(preflight: Preflight) -> None:
    with pytest.raises(PHIViolation) as caught:
        preflight.guard(PHI)
    error = caught.value
    assert {"FLX301", "FLX305", "FLX306", "FLX307"} <= set(error.codes)
    assert "/conversations/content" in error.pointers and "/conversations/case" in error.pointers
    assert all(v.severity >= Severity.ERROR for v in error.violations)
    text = str(error) + repr(error) + repr(error.violations)
    assert "FLX301" in text and "/conversations/content" in text
    assert not [p for p in PLANTED if p in text]
    # Picklable (task queues, process pools) and still value-free.
    again = pickle.loads(pickle.dumps(error))
    assert again.violations == error.violations and str(again) == str(error)


def test_guard_returns_clean_attributes_unchanged(preflight: Preflight) -> None:
    assert preflight.guard(CLEAN) is CLEAN
    text = json.dumps(CLEAN)
    assert preflight.guard(text) is text


def test_guard_threshold_is_configurable() -> None:
    warning_only = {"conversations": {"content": "refill for albuterol inhaler"}}  # FLX320 is a warning
    assert Preflight(warm_up=False).guard(warning_only) == warning_only
    with pytest.raises(PHIViolation) as caught:
        Preflight(fail_on="warning", warm_up=False).guard(warning_only)
    assert "FLX320" in caught.value.codes


def test_redact_removes_values_and_dropped_keys_and_types_placeholders() -> None:
    out = redact(PHI)
    text = json.dumps(out)
    assert not [p for p in PLANTED if p in text]
    assert set(out) == {"conversations", "customers"}  # type and name are dropped by the filter
    assert "queue_reason" not in out["conversations"]
    content = out["conversations"]["content"]
    assert content.startswith("<PERSON>, callback <PHONE>, ") and "<HEALTH_INFORMATION>" in content
    for placeholder in ("<DATE>", "<EMAIL>", "<SSN>"):
        assert placeholder in out["conversations"]["case"]
    assert isinstance(out["conversations"]["conversation_attribute_4"], str)  # a number becomes a placeholder
    assert out["customers"]["region"] == "<ZIP>"
    assert PHI["conversations"]["content"].startswith("Maria")  # the input is never modified


def test_redact_options_and_json_text() -> None:
    out = redact(json.dumps(PHI), keep_health=True, keep_dropped=True)
    assert out["type"] == "inbound" and "asthma" in out["conversations"]["content"]
    assert "Okafor" not in out["conversations"]["content"]
    assert redact(CLEAN) == CLEAN
    with pytest.raises(TypeError):
        redact("[1, 2]")


def test_redact_follows_the_selection() -> None:
    settings = Settings(selection=Selection(ignore=("FLX301",)))
    content = redact(PHI, settings=settings)["conversations"]["content"]
    assert content.startswith("Maria Okafor, callback <PHONE>")


def test_preflight_is_safe_to_share_across_threads(preflight: Preflight) -> None:
    # Distinct texts per call, so the engine's memo is written (not only read) concurrently.
    def one(i: int) -> tuple[bool, str]:
        attributes = {"conversations": {"content": f"Maria Okafor, callback 503-555-{i:04d}, ticket {i}"}}
        try:
            preflight.guard(attributes)
        except PHIViolation:
            return True, json.dumps(preflight.redact(attributes))
        return False, ""

    barrier = threading.Barrier(8)

    def started(i: int) -> tuple[bool, str]:
        if i < 8:
            barrier.wait(timeout=30)
        return one(i)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(started, range(64)))
    assert all(blocked for blocked, _ in results)
    assert all("Okafor" not in text and "<PHONE>" in text for _, text in results)


def test_the_engine_is_never_entered_by_two_threads_at_once(preflight: Preflight, monkeypatch) -> None:
    # The smoke test above rarely loses the race under the GIL; this one widens the window and counts.
    from flexlint.checks.detectors import engine

    settings = preflight.settings
    detector = engine(settings.ner, settings.recognizers, settings.score_threshold)
    analyze, state, guard_lock = detector.analyze, {"in": 0, "max": 0}, threading.Lock()

    def counting(*args, **kwargs):
        with guard_lock:
            state["in"] += 1
            state["max"] = max(state["max"], state["in"])
        try:
            threading.Event().wait(0.005)
            return analyze(*args, **kwargs)
        finally:
            with guard_lock:
                state["in"] -= 1

    monkeypatch.setattr(detector, "analyze", counting)
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda i: preflight.check({"conversations": {"content": f"ticket {i} for Ana Lima"}}), range(30)))
    assert state["max"] == 1
