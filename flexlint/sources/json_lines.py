"""JSON Lines files (one record a line, streamed): the `json-lines` reader of the registry."""

from __future__ import annotations

from collections.abc import Iterator

from flexlint.sources import Item, Target
from flexlint.sources.json_text import read_json_lines


def read(target: Target, fmt: str) -> Iterator[Item]:
    return read_json_lines(target, fmt)
