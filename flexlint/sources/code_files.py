"""Code that writes task attributes (JS, TS, Python): the code readers of the registry (flexlint/code/)."""

from __future__ import annotations

from collections.abc import Iterator

from flexlint.sources import Item, Target


def read(target: Target, fmt: str) -> Iterator[Item]:
    return iter(())
