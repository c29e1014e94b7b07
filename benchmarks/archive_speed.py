"""Events/s of `check_paths` over a gzip'd Event Streams JSON Lines archive, and its peak memory.

Standard library only (plus flexlint). Usage:
    python benchmarks/archive_speed.py [EVENTS] [--rules FLX0,FLX1,FLX2|all] [--clean]
Writes a synthetic archive (half task/reservation events, half worker events) to a temporary directory.
Prints one JSON line: events, seconds, events_per_s, max_rss_mb, findings, skipped.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

# Clean attributes give no finding, so memory measures the stream and not a growing list of findings.
CLEAN = {"direction": "inbound", "from_country": "US", "conversations": {"direction": "inbound"}}
DIRTY = {"direction": "inbound", "from": "+15035550147", "conversations": {"content": "refill", "hold_time": "35"}}
TYPES = ("task.created", "worker.activity.update", "reservation.created", "task-queue.entered")


def write_archive(path: Path, events: int, attributes: dict[str, object]) -> None:
    text = json.dumps(attributes, separators=(",", ":"))
    with gzip.open(path, "wt", encoding="utf-8") as out:  # written a line at a time: flat for the writer too
        for n in range(events):
            kind = "com.twilio.taskrouter." + TYPES[n % len(TYPES)]
            payload: dict[str, object] = {"eventtype": kind, "task_sid": f"WT{n:032x}", "workspace_sid": "WS" + "0" * 32}
            if ".task." in kind or ".reservation." in kind:
                payload["task_attributes"] = text
            event = {"specversion": "1.0", "type": kind, "id": f"EV{n:032x}", "source": "/v1/Workspaces/WS",
                     "time": "2026-03-02T16:04:05.123Z", "data": {"product_name": "TaskRouter", "payload": payload}}  # fmt: skip
            out.write(json.dumps(event, separators=(",", ":")) + "\n")


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser()
    parser.add_argument("events", type=int, nargs="?", default=100_000)
    parser.add_argument("--rules", default="FLX0,FLX1,FLX2", help="codes to select, or 'all' (detectors too)")
    parser.add_argument("--clean", action="store_true", help="attributes with no finding (for memory)")
    parser.add_argument("--archive", help="check this file instead of writing one")
    args = parser.parse_args(argv)

    from flexlint.pipeline import check_paths
    from flexlint.selection import Selection
    from flexlint.settings import Settings

    settings = Settings() if args.rules == "all" else Settings(selection=Selection.from_specs(args.rules.split(",")))
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(args.archive) if args.archive else Path(tmp, "events.jsonl.gz")
        if not args.archive:
            write_archive(archive, args.events, CLEAN if args.clean else DIRTY)
        start = time.perf_counter()
        report = check_paths([str(archive)], settings)
        seconds = time.perf_counter() - start
    events = report.stats.payloads + sum(report.stats.skipped.values())
    result = {
        "events": events,
        "scanned": report.stats.payloads,
        "seconds": round(seconds, 2),
        "events_per_s": round(events / seconds),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),  # KiB on Linux
        "findings": len(report.findings),
        "skipped": report.stats.skipped,
    }
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
    sys.exit(0)
