"""Latency of `Preflight.guard()` on typical task attributes, after warm-up, with the spaCy model.

    python benchmarks/guard_latency.py [--calls 1000] [--warmup 50] [--seed 7] [--no-ner]

Standard library only (plus flexlint). One Preflight is built (the model loads in its constructor, timed as
"load"), warmed with --warmup calls, then each scenario times --calls single guard() calls with
time.perf_counter_ns and prints the median, p90, p99 and max in milliseconds:

  typical   benchmarks/payloads.py payloads (Flex defaults, queue, outcome, measures ...) plus a free-text
            `conversations.content` that is new on every call, so the engine's memo never answers it: the
            model runs on each call, as for a real agent note. This is the figure the target applies to.
  repeated  one identical payload every call: every string is a memo hit (the floor: the checks only).
  blocked   a new PHI note each call (name + phone): guard() raises PHIViolation (the cost of blocking).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from payloads import payload as base_payload  # noqa: E402

from flexlint import Settings  # noqa: E402
from flexlint.preflight import PHIViolation, Preflight  # noqa: E402

NOTES = ["asked to move the appointment to next week", "question about a bill from March",
         "wants the lab results portal link resent", "transferred from the front desk, no answer"]  # fmt: skip
NAMES = ["Maria Okafor", "Daniel Brooks", "Priya Raman", "Tomas Novak"]


def typical(rng: random.Random, i: int) -> dict:
    attributes = base_payload(rng)
    attributes["conversations"]["content"] = f"Caller {rng.choice(NOTES)} (ref {i})"
    return attributes


def blocked(rng: random.Random, i: int) -> dict:
    return {"conversations": {"content": f"{rng.choice(NAMES)}, callback 503-555-{i % 10000:04d}, ref {i}"}}


def timed(preflight: Preflight, make: Callable[[int], dict], calls: int) -> list[float]:
    samples = []
    for i in range(calls):
        attributes = make(i)  # built outside the timed region
        start = time.perf_counter_ns()
        try:
            preflight.guard(attributes)
        except PHIViolation:
            pass
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return samples


def summary(name: str, samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return (f"{name:<9} n={len(samples):<5} median {statistics.median(samples):6.2f} ms  p90 {cuts[89]:6.2f} ms  "
            f"p99 {cuts[98]:6.2f} ms  max {max(samples):6.2f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-ner", action="store_true", help="patterns only: no spaCy model")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    start = time.perf_counter()
    preflight = Preflight(Settings(ner=not args.no_ner))
    print(f"load      {time.perf_counter() - start:.2f} s (engine, model, checks){' [--no-ner]' if args.no_ner else ''}")
    timed(preflight, lambda i: typical(rng, -1 - i), args.warmup)
    fixed = typical(random.Random(0), 0)
    print(summary("typical", timed(preflight, lambda i: typical(rng, i), args.calls)))
    print(summary("repeated", timed(preflight, lambda i: fixed, args.calls)))
    print(summary("blocked", timed(preflight, lambda i: blocked(rng, i), args.calls)))


if __name__ == "__main__":
    main()
