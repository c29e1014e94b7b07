"""A payload: one task-attributes value, where it came from, and how to find positions inside it."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Protocol

from flexlint.model import Issue, JSONValue, Leaf, Position, Target


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
    # Settings.extra_preserved of the configuration this payload is checked under (set by the pipeline).
    extra_preserved: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    # The pointer in the file of the JSON string these attributes were parsed from (an Event Streams
    # `task_attributes`, a Task's `attributes`), or None when they are the file's own JSON. When set, findings
    # carry it as their pointer and the payload-relative pointer as Finding.inner_pointer.
    # (After extra_preserved: callers pass that one positionally.)
    outer_pointer: str | None = None
    # A Studio attributes template: its taint-analysis issues (flexlint/checks/studio.py emits them). None for
    # ordinary attributes, whose values are real; a template's are placeholders.
    template_issues: tuple[Issue, ...] | None = None
    # Where these attributes sit inside the string at outer_pointer, when they are not the whole of it (an
    # Interactions request's Routing string holds them at /properties/attributes): findings' inner pointers
    # start with it.
    inner_prefix: str = ""

    @functools.cached_property
    def leaves(self) -> tuple[Leaf, ...]:
        from flexlint.allowlist import hipaa_allowlist
        from flexlint.leaves import leaves_of

        return tuple(leaves_of(self.attributes, hipaa_allowlist(self.extra_preserved)))
