"""`path:line:col: CODE [severity] message`, one finding a line, then a summary line."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TextIO

import click

from flexlint.model import Severity
from flexlint.pipeline import Report

# Control characters (an ESC, a newline) in a key or a file name must not reach a terminal raw: they could
# recolour, rewrite or forge output lines.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group(0)):02x}", text)


_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def write(report: Report, out: TextIO, color: bool, *, summary: bool = True) -> None:
    """With summary=False (--quiet), the findings only."""
    def style(text: str, **kwargs: object) -> str:
        return click.style(text, **kwargs) if color else text  # type: ignore[arg-type]

    for f in report.findings:
        location = style(f"{printable(f.file)}:{f.line}:{f.column}:", bold=True)
        code = style(f.code, fg=_COLORS[f.severity], bold=True)
        extra = ""
        if f.entity is not None:
            extra = f" ({f.entity}, score {f.score:.2f}" if f.score is not None else f" ({f.entity}"
            if f.span is not None:
                extra += f", offset {f.span[0]}, length {f.span[1] - f.span[0]}"
            if f.detected_by is not None:
                extra += f", by {f.detected_by}"
            if f.shown_value is not None:
                extra += f", value {f.shown_value}"
            extra += ")"
        out.write(f"{location} {code} [{f.severity}] {printable(f.message)}{extra}\n")
    if summary:
        out.write(summary_line(report, style) + "\n")


def summary_line(report: Report, style: Callable[..., str]) -> str:
    stats = report.stats
    scope = f"{_plural(stats.files, 'file')}, {_plural(stats.payloads, 'payload')}"
    if stats.unreadable_files:
        scope += f", {stats.unreadable_files} unreadable"
    if stats.skipped:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(stats.skipped.items(), key=lambda kv: (-kv[1], kv[0])))
        scope += f", {sum(stats.skipped.values())} records skipped ({kinds})"
    parts = [_plural(n, name) if name != "info" else f"{n} info" for name, n in report.counts().items() if n]
    if not report.findings:
        line = style(f"No findings in {scope}.", fg="green")
    else:
        verdict = f"failed (--fail-on {report.fail_on})" if report.failed else f"passed (--fail-on {report.fail_on})"
        line = f"Found {_plural(len(report.findings), 'finding')} ({', '.join(parts)}) in {scope}: {verdict}."
        line = style(line, fg="red" if report.failed else "yellow")
    if report.internal_errors:
        line += style(f" {_plural(len(report.internal_errors), 'internal error')}: see standard error.", fg="red")
    return line


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
