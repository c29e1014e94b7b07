"""Which rule codes are on: ruff's --select/--ignore with code prefixes and rule names."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from flexlint.model import Severity


class SelectionError(ValueError):
    pass


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = ("FLX",)
    ignore: tuple[str, ...] = ()

    @classmethod
    def from_specs(cls, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Selection:
        chosen = tuple(_normalise(spec) for spec in select) or ("FLX",)
        return cls(select=chosen, ignore=tuple(_normalise(spec) for spec in ignore))

    @functools.lru_cache(maxsize=256)  # noqa: B019 - selections are few, immutable and live for the run
    def enabled(self, code: str) -> bool:
        """The longest matching prefix decides; on a tie, ignore wins (as in ruff)."""
        best_select = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        best_ignore = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return best_select > best_ignore

    def any_enabled(self, codes: Iterable[str]) -> bool:
        return any(self.enabled(code) for code in codes)


def _normalise(spec: str) -> str:
    from flexlint.registry import all_rules, rule_for

    spec = spec.strip()
    if spec.upper() == "ALL":
        return "FLX"
    rule = rule_for(spec)
    if rule is not None:
        return rule.code
    prefix = spec.upper()
    if not prefix.startswith("FLX") or not any(code.startswith(prefix) for code in all_rules()):
        raise SelectionError(f"unknown rule code or prefix: {spec!r}")
    return prefix


def parse_codes(value: str | None) -> list[str]:
    """Split a comma-separated --select/--ignore value."""
    if not value:
        return []
    return [part for part in (p.strip() for p in value.split(",")) if part]


def fails(severity: Severity, fail_on: Severity) -> bool:
    return severity >= fail_on
