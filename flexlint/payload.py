"""A payload: one task-attributes value, where it came from, and how to find positions inside it."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Protocol

from flexlint.model import Issue, JSONValue, Leaf, Position, Target


class Locator(Protocol):
    def locate(self, pointer: str, target: Target = "value") -> Position: ...


@dataclass(frozen=True)
class CodeWrite:
    """One value code writes into task attributes that is not a literal, at `pointer` (key path `path`).

    `kind`: "input" (caller or customer data), "unknown" (a value the analysis cannot resolve), "input-key"
    (a key chosen at run time from caller data), "unknown-key" or "unknown-spread" (keys it cannot name).
    `source` is the access path or call the value came from, identifiers only; `carries` and `safe_harbor`
    come from the taint catalogue (rules/code-taint-sources.json). `deferred`: a parameter of an exported
    function, left to the callers (reported there), so not an unresolved value here.
    """

    pointer: str
    path: tuple[str, ...]
    kind: str
    source: str = ""
    carries: str = ""
    safe_harbor: tuple[str, ...] = ()
    deferred: bool = False


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
    # Attributes that code writes (flexlint/code/): what the analysis learnt of each written value that is not
    # a literal (caller data, a value it cannot resolve, a key chosen at run time), for flexlint/checks/code.py
    # to judge against the allowlist. None for data files. In `attributes` such values are CodeValue
    # placeholders (flexlint/code/payloads.py): the data-model and detector checks skip them, the allowlist
    # checks see their keys. Positions come from `locator`, one per written key and value.
    code_writes: tuple[CodeWrite, ...] | None = None
    # Said after every finding's message: for code, which call writes these attributes and at which line.
    note: str | None = None

    @functools.cached_property
    def leaves(self) -> tuple[Leaf, ...]:
        from flexlint.allowlist import hipaa_allowlist
        from flexlint.leaves import leaves_of

        return tuple(leaves_of(self.attributes, hipaa_allowlist(self.extra_preserved)))
