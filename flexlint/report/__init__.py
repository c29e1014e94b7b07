"""Reporters, registered by format name. Each turns a finished Report into text for one output format.

The registry names each reporter's module, imported only when that format is asked for: a run printing
text never loads the XML or SARIF machinery.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import TextIO

from flexlint.pipeline import Report

# A reporter writes the whole report to `out`; `color` is decided by the caller (terminal and NO_COLOR).
Reporter = Callable[[Report, TextIO, bool], None]

_MODULES = {
    "text": "text",
    "concise": "concise",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
    "gitlab": "gitlab",
}


class _Registry(Mapping[str, Reporter]):
    def __getitem__(self, name: str) -> Reporter:
        return importlib.import_module(f"flexlint.report.{_MODULES[name]}").write  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


REPORTERS: Mapping[str, Reporter] = _Registry()
