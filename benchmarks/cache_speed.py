"""Cold and warm `flexlint check` over a directory of fixture files: what the content cache saves.

    python benchmarks/cache_speed.py --files 2000

Writes N generated single-payload fixture files to a temporary directory (the queue names and outcomes of
benchmarks/payloads.py, a wrap-up note of each file's own, a phone number and a name in every tenth file),
then runs the whole command twice with a fresh cache directory: the first run checks everything (and loads the model), the second finds
every file unchanged. Targets: the second run under 5% of the first, and under 1 s. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from payloads import payloads  # noqa: E402


NOTES = [
    "Rescheduled the appointment as requested,",
    "Explained the billing statement and the copay,",
    "Transferred to the pharmacy team for a refill,",
    "Left a voicemail about the referral,",
    "Confirmed the lab order was received,",
    "Updated the mailing preferences,",
]


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3, help="warm runs to take the median of")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        fixtures = Path(tmp, "fixtures")
        fixtures.mkdir()
        rng = random.Random(11)
        for index, payload in enumerate(payloads(args.files, seed=11)):
            # Fixture files are recorded or written one by one: each has a wrap-up note of its own, and some
            # carry PHI, as real ones do.
            payload["conversations"]["content"] = (
                f"{rng.choice(NOTES)} ticket {rng.randint(10000, 99999)}, follow-up in {rng.randint(2, 30)} days"
            )
            if index % 10 == 0:
                payload["conversations"]["content"] = f"Caller Dana Whitfield, callback 503-555-{index % 10000:04d}"
            (fixtures / f"task_{index:05d}.json").write_text(json.dumps(payload, indent=2))
        env = {**os.environ, "FLEXLINT_CACHE_DIR": str(Path(tmp, "cache"))}
        command = [sys.executable, "-m", "flexlint", "check", str(fixtures)]
        cold = timed(command, env)
        warm = sorted(timed(command, env) for _ in range(args.runs))[args.runs // 2]
    ratio = warm / cold
    print(f"files                       {args.files:>8,}")
    print(f"first run (cold cache)      {cold:8.2f} s")
    print(f"second run (all unchanged)  {warm:8.2f} s   median of {args.runs}")
    print(f"second / first              {ratio:8.1%}   target < 5%: {'met' if ratio < 0.05 else 'MISSED'}")
    print(f"second run under 1 s        {'met' if warm < 1 else 'MISSED'}")


if __name__ == "__main__":
    main()
