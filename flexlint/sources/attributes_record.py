"""Plain task attributes: the record kind that takes every JSON record no other kind claims."""

from __future__ import annotations

from collections.abc import Iterator

from flexlint.model import JSONValue
from flexlint.payload import Locator, Payload


def is_kind(record: JSONValue) -> bool:
    return True


def expand(record: JSONValue, file: str, prefix: str, locator: Locator) -> Iterator[Payload]:
    yield Payload(record, file, prefix, locator)
