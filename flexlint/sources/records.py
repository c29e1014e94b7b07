"""One parsed JSON record to payloads, by its kind: the record kinds of flexlint/sources/registry.py."""

from __future__ import annotations

from collections.abc import Iterator

from flexlint.model import JSONValue
from flexlint.payload import Locator, Payload
from flexlint.sources import LoadError, Skipped
from flexlint.sources import registry


def kind_of(record: JSONValue) -> str:
    """The input format a record looks like. Task attributes holding `specversion` and `data`, or a string
    `attributes` beside `sid: WT...`, would be misread; --input-format attributes forces the old reading."""
    return registry.kind_of(record).name


def expand(
    record: JSONValue, fmt: str, file: str, prefix: str, locator: Locator
) -> Iterator[Payload | LoadError | Skipped]:
    """`prefix` is the record's pointer in the file; `locator` locates record-relative pointers."""
    return registry.expand(record, fmt, file, prefix, locator)
