#!/usr/bin/env python3
"""Health-information (FLX320) accuracy: field recall on health texts, health findings on non-health texts.

Usage:
    python benchmarks/health_accuracy.py --corpus tests/data/health/consumer_dev.jsonl \
        --corpus tests/data/health/consumer_heldout.jsonl --corpus /work/shared/corpora/sgd_dev.jsonl \
        [--limit N] [--no-ner] [--lexicon-only] [--examples N]

Corpus format (one JSON object a line): {"id", "text", "spans": [{"start", "end", "label"}], "source"}.
Corpora are read from the paths given, never copied into the repository. Health spans are labelled MEDICAL;
every other label is an identifier and ignored here (accuracy.py scores identifiers).

Scoring (one text = one field, as `conversations.content` would be):
- a text with at least one MEDICAL span is a *health text*; field recall = health texts with any health
  finding / health texts. Span recall = MEDICAL spans overlapped by a health finding / MEDICAL spans.
- every other text is a *non-health text*; "health FP" = non-health texts with any health finding / non-health
  texts. On a corpus with no MEDICAL label at all (sgd_dev) every text is non-health.
- "PERSON/LOCATION on health" = MEDICAL spans overlapped by a PERSON or LOCATION detection: the readings the
  refining stage is to veto with `health_spans`.
Engines: the default is `DetectorEngine(ner=True)` (the library, as `flexlint check` uses it); --no-ner uses
patterns only; --lexicon-only calls `flexlint.detect.health.health_spans` (no Presidio, seconds).
Detected values are printed only with --examples N (they are from the corpora given, not from user data).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

HEALTH_ENTITIES = frozenset({"MEDICAL_CONDITION", "SYMPTOM", "MEDICATION", "PROCEDURE"})
VETO_ENTITIES = frozenset({"PERSON", "LOCATION"})
Spans = list[tuple[int, int, str]]


@dataclass
class Scores:
    health_texts: int = 0
    health_found: int = 0
    spans: int = 0
    spans_found: int = 0
    other_texts: int = 0
    other_flagged: int = 0
    vetoable: int = 0
    missed: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)


def load(path: Path, limit: int | None) -> list[tuple[str, list[tuple[int, int]]]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                obj = json.loads(line)
                gold = [(s["start"], s["end"]) for s in obj.get("spans", []) if s["label"] == "MEDICAL"]
                rows.append((obj["text"], gold))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def score(rows: list[tuple[str, list[tuple[int, int]]]], preds: list[Spans], keep: int) -> Scores:
    s = Scores()
    for (text, gold), pred in zip(rows, preds, strict=True):
        health = [(a, b) for a, b, e in pred if e in HEALTH_ENTITIES]
        others = [(a, b) for a, b, e in pred if e in VETO_ENTITIES]
        if not gold:
            s.other_texts += 1
            if health:
                s.other_flagged += 1
                if len(s.false) < keep:
                    s.false.append(" | ".join(text[a:b] for a, b in health) + "  <<  " + text)
            continue
        s.health_texts += 1
        s.health_found += bool(health)
        for a, b in gold:
            s.spans += 1
            hit = any(x < b and a < y for x, y in health)
            s.spans_found += hit
            s.vetoable += any(x < b and a < y for x, y in others)
            if not hit and len(s.missed) < keep:
                s.missed.append(f"{text[a:b]!r}  <<  {text}")
    return s


def analyzer(mode: str) -> Callable[[list[str]], list[Spans]]:
    if mode == "lexicon":
        from flexlint.detect.health import CATEGORY_ENTITY, health_spans

        return lambda texts: [[(a, b, CATEGORY_ENTITY[c]) for a, b, c in health_spans(t)] for t in texts]
    from flexlint.detect.engine import DetectorEngine

    engine = DetectorEngine(ner=(mode == "ner"), score_threshold=0.35)
    return lambda texts: [[(d.start, d.end, d.entity) for d in ds] for ds in engine.analyze(texts)]


def ratio(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "-"


def main() -> None:
    ap = argparse.ArgumentParser(description="FLX320 health-information accuracy on JSONL corpora")
    ap.add_argument("--corpus", action="append", required=True, type=Path, help="gold JSONL (repeatable)")
    ap.add_argument("--limit", type=int, default=None, help="first N texts of each corpus")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--no-ner", action="store_true", help="patterns only, no spaCy model")
    mode.add_argument("--lexicon-only", action="store_true", help="health_spans() alone, no Presidio")
    ap.add_argument(
        "--examples", type=int, default=0, help="print up to N misses and false findings (values!)"
    )
    args = ap.parse_args()
    analyze = analyzer("lexicon" if args.lexicon_only else "no-ner" if args.no_ner else "ner")
    print(
        f"{'corpus':<28} {'field recall':>18} {'span recall':>18} {'health FP':>18} {'PER/LOC on health':>18}"
    )
    for path in args.corpus:
        rows = load(path, args.limit)
        t0 = time.perf_counter()
        preds = analyze([t for t, _ in rows])
        elapsed = time.perf_counter() - t0
        s = score(rows, preds, args.examples)
        print(
            f"{path.stem:<28} {ratio(s.health_found, s.health_texts):>18} {ratio(s.spans_found, s.spans):>18} "
            f"{ratio(s.other_flagged, s.other_texts):>18} {ratio(s.vetoable, s.spans):>18}"
            f"   [{len(rows) / elapsed:.0f} texts/s]"
        )
        for line in s.missed:
            print("    missed:", line)
        for line in s.false:
            print("    false: ", line)


if __name__ == "__main__":
    main()
