"""GitHub Actions workflow commands: one `::error|warning|notice ...::message` line per finding.

GitHub parses these lines out of the job log, so every piece of text is escaped the way the runner
unescapes it; an unescaped "," or ":" in a property, or a newline anywhere, would let a crafted file name
end the command early or start a new one (command injection through the log).
"""

from __future__ import annotations

from typing import TextIO

from flexlint.model import Finding, Severity
from flexlint.pipeline import Report
from flexlint.registry import all_rules

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The message after `::`. "%" first, or the escapes themselves would be escaped again."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A `key=value` property: also "," (the property separator) and ":" (the end of the properties)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(f: Finding, rule_name: str | None) -> str:
    title = f"flexlint {f.code} ({rule_name})" if rule_name else f"flexlint {f.code}"
    props = {"file": f.file, "line": str(f.line), "col": str(f.column), "title": title}
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props.items())
    # The mask is there only when the user asked for it with --show-values.
    shown = f" (value {f.shown_value})" if f.shown_value is not None else ""
    at = f" at {f.pointer}" if f.pointer else ""  # "" is the whole payload
    message = f"{f.code} {f.message}{at}{shown}"
    return f"::{COMMANDS[f.severity]} {rendered}::{escape_data(message)}"


def write(report: Report, out: TextIO, color: bool) -> None:
    names = {code: rule.name for code, rule in all_rules().items()}
    for f in report.findings:
        out.write(command(f, names.get(f.code)) + "\n")
    for line in report.internal_errors:
        out.write(f"::error title={escape_property('flexlint internal error')}::{escape_data(line)}\n")
