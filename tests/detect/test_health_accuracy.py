"""The health benchmark's scoring (benchmarks/health_accuracy.py): field recall and non-health findings."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "health_accuracy.py"


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("health_accuracy", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["health_accuracy"] = module
    spec.loader.exec_module(module)
    return module


def test_scores_field_recall_and_non_health_findings() -> None:
    bench = _bench()
    rows = [
        ("my anxiety", [(3, 10)]),  # found
        ("Effexor please", [(0, 7)]),  # read as a PERSON only: missed, and counted as vetoable
        ("see you Monday", []),  # non-health, nothing found
        ("a fever for the album", []),  # non-health with a finding
    ]
    preds = [
        [(3, 10, "MEDICAL_CONDITION")],
        [(0, 7, "PERSON")],
        [],
        [(2, 7, "SYMPTOM")],
    ]
    s = bench.score(rows, preds, keep=0)
    assert (s.health_found, s.health_texts) == (1, 2)
    assert (s.other_flagged, s.other_texts) == (1, 2)
    assert (s.spans_found, s.spans, s.vetoable) == (1, 2, 1)
    assert s.missed == [] and s.false == []  # no value is kept unless asked for


def test_lexicon_mode_runs_without_presidio() -> None:
    analyze = _bench().analyzer("lexicon")
    assert analyze(["nausea since Monday", "see you Monday"]) == [[(0, 6, "SYMPTOM")], []]
