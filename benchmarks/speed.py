"""Speed, recall and memory of flexlint's detectors against plain Presidio, measured in one run.

    python benchmarks/speed.py --payloads 2000 [--seed 7] [--runs 5] [--sample 300] [--phi-rate 0.17]

N seeded task-attribute payloads (benchmarks/payloads.py, plus clean agent notes and planted PHI: names,
phones, e-mails, SSNs, dates of birth, MRNs, addresses in preserved keys such as conversations.content,
case, conversation_attribute_N, destination and customers.customer_attribute_1, in a --phi-rate share of
the payloads) are written to a JSON Lines file; throughput depends on how many distinct strings there are.
Each mode runs in its own subprocess pinned to one core (os.sched_setaffinity), so every payloads/s figure
is one-core throughput and every ratio compares like with like:

  flexlint full     `flexlint.check_paths` on the file, default Settings (detectors on, spaCy model).
                    "load" = building the detector engine (Presidio + spaCy import, model load, first
                    analyze, one warm-up payload); payloads/s = N / steady-state check_paths time, the
                    engine already loaded.
  flexlint no-ner   the same with Settings(ner=False): patterns only, no model.
  presidio naive    `AnalyzerEngine.analyze()` once per string leaf of `filter_attributes(payload)`;
                    Presidio's default English recognizers, the same model, threshold 0.35, built offline as
                    in /work/shared/reference/presidio-spacy-notes.md §3.
  presidio batch    `BatchAnalyzerEngine.analyze_dict(filter_attributes(payload))`, same analyzer.

The two Presidio baselines are timed on the first --sample payloads only (they are slow) and reported as
payloads/s over that sample. Recall: a planted value is found when the mode reports something on its leaf
(flexlint: a Finding with that pointer and a code FLX301-FLX317; Presidio: any result at score >= 0.35).
Recalls are compared on the same sample; "clean flagged" is the share of payloads with nothing planted
that still got a flag. Peak RSS is the child's ru_maxrss. Whole-process times are medians over --runs
fresh `python -m flexlint check` runs, beside a bare `python -c pass`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
from payloads import QUEUES, payload as base_payload  # noqa: E402
from plain_presidio import plain_presidio_analyzer  # noqa: E402

PHI_CODES = {f"FLX3{n:02d}" for n in range(1, 18)}
Planted = dict[str, str]  # JSON pointer of a planted leaf -> its kind
KINDS = ("name", "phone", "email", "ssn", "dob", "mrn", "address")
FIRST = ["Maria", "James", "Aisha", "Wei", "Carlos", "Olga", "Tomasz", "Priya", "Daniel", "Fatima", "Kenji"]
LAST = ["Okafor", "Nguyen", "Kowalski", "Garcia", "Haddad", "Johansson", "Patel", "Brennan", "Mensah"]
AREAS = [206, 212, 312, 415, 503, 617, 713, 808, 305, 971]
STREETS = ["Maple Ave", "Pine St", "Oak Street", "Lakeview Dr", "Elm Rd", "Cedar Ln", "Main St"]
CITIES = [("Seattle", "WA", "981"), ("Portland", "OR", "972"), ("Sacramento", "CA", "958")]
MONTHS = ["January", "March", "April", "June", "August", "October", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
NOTES = [
    "Caller asked about the bill, balance explained", "Rescheduled to next {day}", "Transferred to {queue}",
    "Left voicemail, will retry in {n} min", "Insurance question, resolved", "Lab results not ready yet",
    "Refill sent to pharmacy", "Wants earlier slot, none available", "Portal login reset, {n} attempts",
]
PLANT_KEYS = [
    ("conversations", "content"), ("conversations", "case"), ("conversations", "destination"),
    ("customers", "customer_attribute_1"),
    *(("conversations", f"conversation_attribute_{i}") for i in range(2, 8)),
]  # fmt: skip


def phi_value(kind: str, rng: random.Random) -> str:
    f, l, a, n = rng.choice(FIRST), rng.choice(LAST), rng.choice(AREAS), rng.randint(100, 199)
    y, m, d = rng.randint(1930, 2005), rng.randint(1, 12), rng.randint(1, 28)
    city, state, zip3 = rng.choice(CITIES)
    ssn = f"{rng.randint(101, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"
    street = f"{rng.randint(10, 9999)} {rng.choice(STREETS)}"
    options = {
        "name": [f"{f} {l}", f"Pt {f} {l} called about refill", f"callback for {f} {l}", f"{l}, {f}"],
        "phone": [f"({a}) 555-{n:04d}", f"{a}-555-{n:04d}", f"+1 {a} 555 {n:04d}",
                  f"call back at {a}.555.{n:04d}"],
        "email": [f"{f.lower()}.{l.lower()}@example.com", f"email {f[0].lower()}{l.lower()}{n}@example.org"],
        "ssn": [ssn, f"SSN {ssn}"],
        "dob": [f"DOB {m:02d}/{d:02d}/{y}", f"born {rng.choice(MONTHS)} {d}, {y}", f"{y}-{m:02d}-{d:02d}"],
        "mrn": [f"MRN {rng.randint(10**6, 10**8)}", f"MRN: {rng.randint(10**6, 10**7)}",
                f"med rec # {rng.randint(10**5, 10**7)}"],
        "address": [f"{street}, {city}, {state} {zip3}{rng.randint(10, 99)}", f"lives at {street} Apt {d}"],
    }  # fmt: skip
    return rng.choice(options[kind])


# PHI in 17% of the payloads makes 2.6% of the scanned strings distinct: the repetition of the realistic sample
# the issue describes (1,400 distinct values in 56,000 string leaves, 2.5%).
DEFAULT_PHI_RATE = 0.17


def generate(count: int, seed: int, phi_rate: float = DEFAULT_PHI_RATE) -> Iterator[tuple[dict[str, Any], Planted]]:
    """Payloads with their planted PHI: {"/conversations/content": "phone", ...} (pointers in the payload)."""
    rng = random.Random(seed)
    for _ in range(count):
        attrs = base_payload(rng)
        free = PLANT_KEYS[:]
        rng.shuffle(free)
        planted: Planted = {}
        if rng.random() < 0.4:  # an ordinary agent note, no PHI
            scope, key = free.pop()
            fill = {"day": rng.choice(DAYS), "queue": rng.choice(QUEUES), "n": rng.randint(2, 30)}
            attrs[scope][key] = rng.choice(NOTES).format(**fill)
        if rng.random() < phi_rate:
            for _ in range(1 if rng.random() < 0.7 else 2):
                scope, key = free.pop()
                kind = rng.choice(KINDS)
                attrs[scope][key] = phi_value(kind, rng)
                planted[f"/{scope}/{key}"] = kind
        yield attrs, planted


def string_leaves(value: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from string_leaves(v, f"{pointer}/{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from string_leaves(v, f"{pointer}/{i}")
    elif isinstance(value, str):
        yield pointer, value


# -- children: one mode each, pinned to one core, printing one JSON line ------------------------------------


def presidio_analyzer() -> Any:
    return plain_presidio_analyzer()


def dict_flags(results: Any, pointer: str = "") -> Iterator[str]:
    """Pointers of leaves with at least one result in BatchAnalyzerEngine.analyze_dict output."""
    for item in results:
        here = f"{pointer}/{item.key}"
        if isinstance(item.value, dict):
            yield from dict_flags(item.recognizer_results, here)
        elif isinstance(item.value, list):
            yield from (f"{here}/{i}" for i, r in enumerate(item.recognizer_results) if r)
        elif item.recognizer_results:
            yield here


def child(mode: str, data: Path, sample: int) -> dict[str, Any]:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    out: dict[str, Any] = {}
    if mode in ("full", "no-ner"):
        start = time.perf_counter()
        import flexlint
        from flexlint.checks.detectors import engine

        settings = flexlint.Settings(ner=mode == "full")
        detector = engine(settings.ner, settings.recognizers, settings.score_threshold)
        detector.analyze(["warm-up (206) 555-0100"])  # phonenumbers metadata, regex compiles
        # the rest of the one-time setup (jsonschema's import and validators, the allowlist, the file readers'
        # lazy imports), on a one-payload file that shares no string with the benchmark's, so no memo is
        # warmed for it
        warm_up = data.with_name("warm-up.json")
        warm_up.write_text('{"type": "inbound", "conversations": {"content": "warm-up", "hold_time": 1}}')
        flexlint.check_paths([str(warm_up)], settings)
        out["load_s"] = time.perf_counter() - start
        start = time.perf_counter()
        report = flexlint.check_paths([str(data)], settings)
        out["run_s"] = time.perf_counter() - start
        out["payloads"] = report.stats.payloads
        out["flags"] = sorted({f.pointer for f in report.findings if f.code in PHI_CODES})
    else:
        from flexlint import filter_attributes

        with data.open(encoding="utf-8") as fh:
            kept = [filter_attributes(json.loads(line)) for line in itertools.islice(fh, sample)]
        start = time.perf_counter()
        analyzer = presidio_analyzer()
        analyzer.analyze("warm-up (206) 555-0100", language="en")
        out["load_s"] = time.perf_counter() - start
        flags: list[str] = []
        start = time.perf_counter()
        if mode == "naive":
            for i, attrs in enumerate(kept):
                for pointer, text in string_leaves(attrs):
                    if analyzer.analyze(text=text, language="en", score_threshold=0.35):
                        flags.append(f"/{i}{pointer}")
        else:
            from presidio_analyzer import BatchAnalyzerEngine

            batch = BatchAnalyzerEngine(analyzer_engine=analyzer)
            for i, attrs in enumerate(kept):
                results = batch.analyze_dict(attrs, language="en", score_threshold=0.35)
                flags.extend(f"/{i}{p}" for p in dict_flags(results))
        out["run_s"] = time.perf_counter() - start
        out["payloads"] = len(kept)
        out["flags"] = flags
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


# -- parent ----------------------------------------------------------------------------------------------


def run_child(mode: str, data: Path, sample: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", mode, "--data", str(data), "--sample", str(sample)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        sys.exit(f"mode {mode} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs + 1):  # the first run only warms the file cache
        start = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
        if proc.returncode not in (0, 1):  # 2 = usage error or internal failure: the time would mean nothing
            sys.exit(f"{' '.join(command[1:])} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    return statistics.median(times[1:])


def recall(flags: set[str], planted: Planted, payloads: int) -> tuple[float, dict[str, float | None], float]:
    """Overall recall, recall per kind, and share of clean payloads flagged, over the first `payloads`."""
    mine = {p: k for p, k in planted.items() if int(p.split("/")[1]) < payloads}
    per_kind = {k: [p in flags for p, kk in mine.items() if kk == k] for k in KINDS}
    dirty = {p.split("/")[1] for p in mine}
    clean = [str(i) for i in range(payloads) if str(i) not in dirty]
    flagged = {f.split("/")[1] for f in flags}
    found = sum(p in flags for p in mine)
    return (found / max(len(mine), 1), {k: sum(v) / len(v) if v else None for k, v in per_kind.items()},
            sum(c in flagged for c in clean) / max(len(clean), 1))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--payloads", type=int, default=2000, help="payloads generated (default 2000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per whole-process median")
    parser.add_argument("--sample", type=int, default=300, help="payloads the Presidio baselines analyse")
    parser.add_argument(
        "--phi-rate",
        type=float,
        default=DEFAULT_PHI_RATE,
        help="share of payloads with planted PHI (default %(default)s: 2.6%% of scanned strings distinct, as in "
        "the issue's realistic sample; 0.35 gives a harder 4.2%%)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.data, args.sample)))
        return

    from flexlint import filter_attributes  # (here: a child times its own import of flexlint)

    sample = min(args.sample, args.payloads)
    planted: Planted = {}
    leaves: list[str] = []  # every string leaf, then the preserved ones (what the hipaa profile scans)
    preserved: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "payloads.jsonl"
        with data.open("w", encoding="utf-8") as fh:
            for i, (attrs, plants) in enumerate(generate(args.payloads, args.seed, args.phi_rate)):
                fh.write(json.dumps(attrs) + "\n")
                planted.update({f"/{i}{p}": k for p, k in plants.items()})
                leaves.extend(v for _, v in string_leaves(attrs))
                preserved.extend(v for _, v in string_leaves(filter_attributes(attrs)))
        res = {mode: run_child(mode, data, sample) for mode in ("full", "no-ner", "naive", "batch")}
        empty, text = Path(tmp) / "empty.json", Path(tmp) / "text.json"
        empty.write_text('{"conversations": {"hold_time": 5}}')
        text.write_text('{"conversations": {"content": "Caller asked about a refill", "hold_time": 5}}')
        check = [sys.executable, "-m", "flexlint", "check", "--no-cache"]
        bare = median_seconds([sys.executable, "-c", "pass"], args.runs)
        t_empty = median_seconds([*check, str(empty)], args.runs)
        t_text = median_seconds([*check, str(text)], args.runs)

    rate = {m: r["payloads"] / r["run_s"] for m, r in res.items()}
    n_planted = sum(int(p.split("/")[1]) < sample for p in planted)
    print(f"{args.payloads:,} payloads (seed {args.seed}, phi-rate {args.phi_rate}), {len(planted)} planted "
          f"PHI values; Presidio baselines on the first {sample} ({n_planted} planted); one core each\n")
    print(f"repetition: {len(leaves):,} string leaves, {len(set(leaves)):,} distinct ({len(set(leaves)) / len(leaves):.1%}); "
          f"preserved (scanned) {len(preserved):,}, {len(set(preserved)):,} distinct "
          f"({len(set(preserved)) / len(preserved):.1%}). The issue's realistic sample: 56,000 leaves, 1,400 "
          "distinct (2.5%); --phi-rate sets how many payloads carry a (distinct) planted value\n")
    print(f"{'mode':<16}{'load s':>8}{'run s':>9}{'payloads/s':>12}{'peak RSS':>10}  {'recall (all N)':<15}"
          f"{''.join(f'{k[:5]:>7}' for k in KINDS)}  clean flagged")
    recalls: dict[str, float] = {}
    for mode, r in res.items():
        flags = set(r["flags"])
        overall, kinds, fp = recall(flags, planted, sample)
        recalls[mode] = overall
        whole = f"({recall(flags, planted, args.payloads)[0]:.2f})" if r["payloads"] > sample else ""
        cells = "".join("      -" if kinds[k] is None else f"{kinds[k]:>7.2f}" for k in KINDS)
        print(f"{mode:<16}{r['load_s']:>8.2f}{r['run_s']:>9.2f}{rate[mode]:>12,.0f}{r['peak_rss_mb']:>8.0f}MB"
              f"  {f'{overall:.2f} {whole}':<15}{cells}  {fp:>12.1%}")
    print(f"\nwhole process: python -c pass {bare:.3f} s; flexlint check, no string leaf {t_empty:.3f} s "
          f"({t_empty / bare:.0f}x); with a string (model) {t_text:.3f} s ({t_text / bare:.0f}x)\n")

    full, naive, batch, rss = rate["full"], rate["naive"], rate["batch"], res["full"]["peak_rss_mb"]
    targets = [
        ("flexlint full vs naive Presidio loop", f"{full / naive:,.1f}x", ">= 50x", full / naive >= 50),
        ("flexlint full vs BatchAnalyzerEngine", f"{full / batch:,.1f}x", ">= 10x", full / batch >= 10),
        ("recall full vs naive (same sample)", f"{recalls['full']:.2f} vs {recalls['naive']:.2f}", ">=",
         recalls["full"] >= recalls["naive"]),
        ("recall full vs batch (same sample)", f"{recalls['full']:.2f} vs {recalls['batch']:.2f}", ">=",
         recalls["full"] >= recalls["batch"]),
        ("--no-ner payloads/s, one core", f"{rate['no-ner']:,.0f}", ">= 5,000", rate["no-ner"] >= 5000),
        ("peak RSS, flexlint full", f"{rss:.0f} MB", "< 400 MB", rss < 400),
        ("whole process, no string leaf", f"{t_empty:.3f} s", "< 0.3 s", t_empty < 0.3),
        ("whole process, one string (model)", f"{t_text:.3f} s", "< 2.5 s", t_text < 2.5),
    ]  # fmt: skip
    print(f"{'target':<38}{'measured':>16}  {'goal':<10}result")
    for name, measured, goal, ok in targets:
        print(f"{name:<38}{measured:>16}  {goal:<10}{'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
