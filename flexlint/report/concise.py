"""`path:line:col: CODE message`, one finding a line, then a count line (ruff's `concise`).

No severity, entity or score: this is the format for editors' problem matchers and for grep.
"""

from __future__ import annotations

from typing import TextIO

from flexlint.pipeline import Report
from flexlint.report.text import printable


def write(report: Report, out: TextIO, color: bool, *, summary: bool = True) -> None:
    """With summary=False (--quiet), the findings only."""
    for f in report.findings:
        # The mask is there only when the user asked for it with --show-values.
        shown = f" (value {f.shown_value})" if f.shown_value is not None else ""
        out.write(f"{printable(f.file)}:{f.line}:{f.column}: {f.code} {printable(f.message)}{shown}\n")
    if not summary:
        return
    n = len(report.findings)
    line = f"Found {n} finding{'' if n == 1 else 's'}." if n else "No findings."
    if report.internal_errors:  # the errors themselves go to standard error, as with the text format
        k = len(report.internal_errors)
        line = f"{line[:-1]}; {k} internal error{'' if k == 1 else 's'}."
    out.write(line + "\n")
