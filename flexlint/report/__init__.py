"""Reporters, registered by format name. Each turns a finished Report into text for one output format."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from flexlint.pipeline import Report
from flexlint.report import concise, github, gitlab, json_report, junit, sarif, text

# A reporter writes the whole report to `out`; `color` is decided by the caller (terminal and NO_COLOR).
Reporter = Callable[[Report, TextIO, bool], None]

REPORTERS: dict[str, Reporter] = {
    "text": text.write,
    "concise": concise.write,
    "json": json_report.write,
    "sarif": sarif.write,
    "github": github.write,
    "junit": junit.write,
    "gitlab": gitlab.write,
}
