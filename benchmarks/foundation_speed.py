"""Whole-process timing of `flexlint check` without detectors: one small file, and N generated payloads.

Prints medians over several runs, beside the Python interpreter's own start-up measured in the same run,
so the figures can be compared across machines as ratios. Standard library only.

    python benchmarks/foundation_speed.py --payloads 10000 --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from payloads import write_jsonl  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def median_seconds(command: list[str], runs: int) -> float:
    subprocess.run(command, capture_output=True)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--payloads", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    flexlint = [sys.executable, "-m", "flexlint", "check", "--no-cache", "--select", "FLX0,FLX1,FLX2"]
    with tempfile.TemporaryDirectory() as tmp:
        many = Path(tmp) / "payloads.jsonl"
        write_jsonl(str(many), args.payloads)
        small = ROOT / "examples" / "clean.json"
        python = median_seconds([sys.executable, "-c", "pass"], args.runs)
        one = median_seconds([*flexlint, str(small)], args.runs)
        bulk = median_seconds([*flexlint, str(many)], args.runs)

    print(f"python start-up (baseline)          {python:7.3f} s")
    print(f"flexlint check, one small file       {one:7.3f} s   ({one / python:.1f}x python start-up)")
    print(
        f"flexlint check, {args.payloads:,} payloads      {bulk:7.3f} s   "
        f"({args.payloads / max(bulk - one, 1e-9):,.0f} payloads/s after start-up)"
    )


if __name__ == "__main__":
    main()
