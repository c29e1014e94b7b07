"""Walks a payload into leaves, each marked preserved or dropped by the HIPAA Events Filter."""

from __future__ import annotations

from collections.abc import Iterator

from flexlint.allowlist import NESTED_SCOPES, Allowlist, hipaa_allowlist
from flexlint.model import JSONValue, Leaf, Zone
from flexlint.positions import escape_token


def walk(attributes: JSONValue, allowlist: Allowlist | None = None) -> Iterator[Leaf]:
    """Yield every scalar (and every empty container) with its pointer, key path and zone."""
    if not isinstance(attributes, dict):
        return
    allowlist = allowlist or hipaa_allowlist()
    for key, value in attributes.items():
        pointer = "/" + escape_token(key)
        if not allowlist.keeps_root(key):
            yield from _walk(value, (key,), pointer, "dropped")
        elif key in NESTED_SCOPES and isinstance(value, dict):
            for child, child_value in value.items():
                zone: Zone = "preserved" if allowlist.keeps(key, child) else "dropped"
                yield from _walk(child_value, (key, child), pointer + "/" + escape_token(child), zone)
        else:
            yield from _walk(value, (key,), pointer, "preserved")


def _walk(value: JSONValue, path: tuple[str | int, ...], pointer: str, zone: Zone) -> Iterator[Leaf]:
    if isinstance(value, dict) and value:
        for key, child in value.items():
            yield from _walk(child, (*path, key), pointer + "/" + escape_token(key), zone)
    elif isinstance(value, list) and value:
        for index, child in enumerate(value):
            yield from _walk(child, (*path, index), f"{pointer}/{index}", zone)
    else:
        yield Leaf(pointer, path, value, zone)
