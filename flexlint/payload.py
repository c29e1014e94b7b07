"""A payload: one task-attributes value, where it came from, and how to find positions inside it."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Protocol

from flexlint.model import JSONValue, Leaf, Position, Target


class Locator(Protocol):
    def locate(self, pointer: str, target: Target = "value") -> Position: ...


@dataclass
class Payload:
    """Task attributes as parsed, with their place in a file.

    `prefix` is the pointer of the payload inside its file ("" for a file holding one object, "/3" for the
    fourth element of an array or the fourth line of a JSON Lines file). Checks see pointers relative to the
    payload; the pipeline adds the prefix.
    """

    attributes: JSONValue
    file: str
    prefix: str
    locator: Locator
    extra_preserved: frozenset[str] = field(default=frozenset())

    @functools.cached_property
    def leaves(self) -> tuple[Leaf, ...]:
        from flexlint.leaves import walk

        return tuple(walk(self.attributes))

    def locate(self, pointer: str, target: Target = "value") -> Position:
        return self.locator.locate(pointer, target)
