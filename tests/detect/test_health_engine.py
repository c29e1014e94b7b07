"""FLX320 through the detector engine (patterns only: the health lexicon needs no model)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flexlint.detect.engine import DetectorEngine

HEALTH = {"MEDICAL_CONDITION", "SYMPTOM", "MEDICATION", "PROCEDURE"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hypertension follow-up next week", ("MEDICAL_CONDITION", "hypertension")),
        ("caller wants a depression screening", ("MEDICAL_CONDITION", "depression")),
        ("nausea since Monday", ("SYMPTOM", "nausea")),
        ("my anxiety has been bad", ("MEDICAL_CONDITION", "anxiety")),
        ("out of water pills", ("MEDICATION", "water pills")),
    ],
)
def test_health_words_callers_use_are_reported(
    pattern_engine: DetectorEngine,
    entities_of: Callable[[DetectorEngine, str], list[tuple[str, str]]],
    text: str,
    expected: tuple[str, str],
) -> None:
    assert expected in entities_of(pattern_engine, text)


@pytest.mark.parametrize(
    "text",
    ["We covered the Great Depression today", "I'm anxious to hear back", "Can I get a cold brew"],
)
def test_ordinary_words_are_not_health_information(
    pattern_engine: DetectorEngine,
    entities_of: Callable[[DetectorEngine, str], list[tuple[str, str]]],
    text: str,
) -> None:
    assert not [e for e, _ in entities_of(pattern_engine, text) if e in HEALTH]
