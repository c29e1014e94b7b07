"""Shared fixtures for the detection tests.

Model-loading tests share one session-scoped engine: loading spaCy + Presidio costs ~1.5 s per engine.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flexlint.detect.engine import Detection, DetectorEngine


# Presidio, spaCy and the model are in flexlint's plain install: a missing one fails these tests (with the
# one-line DetectionUnavailable message), it never skips them.
@pytest.fixture(scope="session")
def model_engine() -> DetectorEngine:
    return DetectorEngine(ner=True)


@pytest.fixture(scope="session")
def pattern_engine() -> DetectorEngine:
    return DetectorEngine(ner=False)


@pytest.fixture(scope="session")
def entities_of() -> Callable[[DetectorEngine, str], list[tuple[str, str]]]:
    def run(engine: DetectorEngine, text: str, context: list[str] | None = None) -> list[tuple[str, str]]:
        found: list[Detection] = engine.analyze([text], [context] if context else None)[0]
        return [(d.entity, text[d.start : d.end]) for d in found]

    return run
