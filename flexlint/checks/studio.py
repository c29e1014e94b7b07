"""Studio flows: what the template taint analysis found in a send-to-flex state (FLX004, FLX501, FLX502).

The analysis itself is flexlint/studio/; its findings ride on the template's payload (sources/studio_flow.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from flexlint.model import Issue
from flexlint.payload import Payload
from flexlint.studio.rules import STUDIO_RULES

if TYPE_CHECKING:
    from flexlint.settings import Settings


class StudioCheck:
    rules = STUDIO_RULES

    def run(self, batch: Sequence[Payload], settings: Settings) -> Iterator[tuple[Payload, Issue]]:
        for payload in batch:
            for issue in payload.template_issues or ():
                yield payload, issue


CHECK = StudioCheck()
