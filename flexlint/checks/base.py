"""The shape every check has: its rules, and a function from a batch of payloads to issues."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from flexlint.model import Issue
from flexlint.payload import Payload
from flexlint.rule import Rule

if TYPE_CHECKING:
    from flexlint.settings import Settings


class Check(Protocol):
    """Checks see batches, not single payloads, so that a detector can send all strings through a model once."""

    rules: tuple[Rule, ...]

    def run(self, batch: Sequence[Payload], settings: Settings) -> Iterator[tuple[Payload, Issue]]: ...


@dataclass(frozen=True)
class PayloadCheck:
    """A check that looks at one task-attributes object at a time."""

    rules: tuple[Rule, ...]
    check_one: Callable[[dict, Settings], Iterable[Issue]]

    def run(self, batch: Sequence[Payload], settings: Settings) -> Iterator[tuple[Payload, Issue]]:
        for payload in batch:
            if isinstance(payload.attributes, dict):
                for issue in self.check_one(payload.attributes, settings):
                    yield payload, issue
