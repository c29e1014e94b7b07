"""Plain data shared by every stage of the pipeline: sources -> payloads -> leaves -> checks -> findings.

Nothing here imports a later stage, so any stage can use these types without pulling in the others.
"""

from __future__ import annotations

import enum
import operator
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

JSONValue = Any  # what json.loads returns: dict | list | str | int | float | bool | None


class Severity(enum.IntEnum):
    """Ordered so that `severity >= threshold` answers "does this fail the run?"."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


Zone = Literal["preserved", "dropped"]
Target = Literal["key", "value"]


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column (in characters) in the source file."""

    line: int
    column: int


class Leaf(NamedTuple):
    """One terminal value of a payload: a scalar, or an empty container.

    `path` is the key path from the payload's root (list indexes are ints); `pointer` is its RFC 6901 form.
    `zone` says whether the HIPAA Events Filter keeps the value or drops it. (A NamedTuple: payloads have
    dozens of leaves and this is the cheapest immutable record to build.)
    """

    pointer: str
    path: tuple[str | int, ...]
    value: JSONValue
    zone: Zone


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem. Holds no value from the payload: messages name keys, types and lengths only.

    A frozen dataclass, part of the library API (dataclasses.asdict and replace work on it). The pipeline
    builds it with positional arguments: a run builds one per problem, five on every task for Flex's own
    routing keys alone."""

    code: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    pointer: str
    # The pointer inside embedded attributes (a JSON string inside an event, a Studio template), if any.
    inner_pointer: str | None = None
    # Detector results: entity type, confidence, and the span inside the string value.
    entity: str | None = None
    score: float | None = None
    span: tuple[int, int] | None = None
    # A masked rendering of the detected value; set only when the user asks for --show-values.
    shown_value: str | None = None
    # The recognizer or refiner that produced a detector finding: a name, never a value.
    detected_by: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return FINDING_ORDER(self)  # type: ignore[no-any-return]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "pointer": self.pointer,
        }
        for name in ("inner_pointer", "entity", "score", "shown_value", "detected_by"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.span is not None:
            out["span"] = {"offset": self.span[0], "length": self.span[1] - self.span[0]}
        return out


# Finding.sort_key as a C-level callable: a run sorts every finding by it.
FINDING_ORDER = operator.attrgetter("file", "line", "column", "code", "pointer")


@dataclass(frozen=True, slots=True)
class Issue:
    """What a check yields before the pipeline knows the file and position: a code, a pointer and a message.

    `target` says whether the line and column should be those of the key or of the value at `pointer`.
    """

    code: str
    pointer: str
    message: str
    target: Target = "value"
    severity: Severity | None = None  # None: the rule's default severity
    entity: str | None = None
    score: float | None = None
    span: tuple[int, int] | None = None
    shown_value: str | None = None
    detected_by: str | None = None


@dataclass
class RunStats:
    """Counts for the summary line."""

    files: int = 0
    payloads: int = 0
    unreadable_files: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
