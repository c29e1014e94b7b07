"""GitLab Code Quality (a subset of the Code Climate JSON format), shown in merge requests.

GitLab dedups issues by fingerprint, so it is the same line-independent, value-free one as SARIF's.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from flexlint.model import Severity
from flexlint.pipeline import Report
from flexlint.report.sarif import fingerprints, relative_path

# An error is what fails the run (PHI reaching the warehouse, a credential in a URL): "critical" puts it
# first in the merge request widget. "blocker" is left to the team, for a --fail-on of their own.
SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "minor", Severity.INFO: "info"}


def to_list(report: Report) -> list[dict[str, Any]]:
    issues = []
    for f, fingerprint in zip(report.findings, fingerprints(report.findings), strict=True):
        # The mask is there only when the user asked for it with --show-values.
        shown = f" (value {f.shown_value})" if f.shown_value is not None else ""
        issues.append(
            {
                "type": "issue",
                "description": f"{f.code} {f.message}{shown}",
                "check_name": f.code,
                "fingerprint": fingerprint,
                "severity": SEVERITIES[f.severity],
                # GitLab wants a path relative to the repository root and a 1-based line.
                "location": {"path": relative_path(f.file), "lines": {"begin": max(f.line, 1)}},
            }
        )
    return issues


def write(report: Report, out: TextIO, color: bool) -> None:
    json.dump(to_list(report), out, indent=2, ensure_ascii=False)
    out.write("\n")
