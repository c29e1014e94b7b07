"""The JSON report (schemas/report.schema.json): findings plus a summary, for scripts and dashboards."""

from __future__ import annotations

import json
from typing import Any, TextIO

from flexlint.pipeline import Report

FORMAT_VERSION = 1


def to_dict(report: Report) -> dict[str, Any]:
    from flexlint import __version__

    return {
        "tool": {"name": "flexlint", "version": __version__},
        "format_version": FORMAT_VERSION,
        "summary": {
            "files": report.stats.files,
            "payloads": report.stats.payloads,
            "unreadable_files": report.stats.unreadable_files,
            "skipped": dict(sorted(report.stats.skipped.items())),
            "findings": len(report.findings),
            "by_severity": report.counts(),
            "fail_on": str(report.fail_on),
            "failed": report.failed,
            "internal_errors": list(report.internal_errors),
        },
        "findings": [finding.to_dict() for finding in report.findings],
    }


def write(report: Report, out: TextIO, color: bool) -> None:
    json.dump(to_dict(report), out, indent=2, ensure_ascii=False)
    out.write("\n")
