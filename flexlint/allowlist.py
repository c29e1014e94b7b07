"""The HIPAA Events Filter allowlist (rules/allowlist.json) and what it keeps of a payload."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from flexlint.datafiles import load_json

# The two objects whose keys the filter checks one by one; everything else is decided at the root.
NESTED_SCOPES = ("conversations", "customers")


@dataclass(frozen=True, eq=False)  # hashed by identity, so lookups can be memoised per allowlist
class Allowlist:
    root: frozenset[str]
    nested: dict[str, frozenset[str]]
    flex_defaults: frozenset[str]
    source: str

    def keeps_root(self, key: str) -> bool:
        return key in self.root

    def keeps(self, scope: str, key: str) -> bool:
        """Does the filter keep `key` inside the nested object `scope` (conversations or customers)?"""
        return key in self.nested[scope]

    def keys_of(self, scope: str) -> frozenset[str]:
        return self.root if scope == "root" else self.nested[scope]

    def filter(self, attributes: dict[str, Any]) -> dict[str, Any]:
        """What the Events Filter passes on: allowlisted keys only, nested objects filtered key by key.

        Values of other preserved keys (media, reservation_attributes, recordings) pass whole. A nested scope
        that is not an object is passed as it is: the filter keeps the key, and flexlint reports FLX105.
        """
        kept: dict[str, Any] = {}
        for key, value in attributes.items():
            if key not in self.root:
                continue
            if key in self.nested and isinstance(value, dict):
                allowed = self.nested[key]
                value = {k: v for k, v in value.items() if k in allowed}
            kept[key] = value
        return kept


@functools.cache
def hipaa_allowlist(extra: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> Allowlist:
    """The allowlist, plus a configuration's `extra-preserved-attributes` ((scope, keys), ...).

    Cached per `extra`: each configuration gets one Allowlist, so the checks' memoised lookups keep working.
    """
    data = load_json("rules", "allowlist.json")
    defaults = load_json("rules", "flex-default-attributes.json")
    added = dict(extra)
    return Allowlist(
        root=frozenset(data["root"]) | frozenset(added.get("root", ())),
        nested={scope: frozenset(data[scope]) | frozenset(added.get(scope, ())) for scope in NESTED_SCOPES},
        flex_defaults=frozenset(k for group in defaults["groups"] for k in group["keys"]),
        source=data["source"],
    )


def filter_attributes(attributes: dict[str, Any]) -> dict[str, Any]:
    """Return the task attributes exactly as Flex Insights keeps them for a HIPAA account."""
    return hipaa_allowlist().filter(attributes)
