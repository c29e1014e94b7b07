"""The one registry of rules and checks.

Every rule is declared once, beside the check that emits it, as a `Rule`. This module collects them in an
explicit list (no import magic), and the checks, `flexlint rule`, the README table and SARIF metadata all
read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flexlint.model import Severity

if TYPE_CHECKING:
    from flexlint.checks.base import Check


@dataclass(frozen=True)
class Rule:
    """A rule's identity and its documentation, in ruff's shape: what it does, why, an example, a fix."""

    code: str  # stable public contract: never renumber
    name: str  # kebab-case, accepted wherever a code is
    severity: Severity  # the default; a check may lower or raise one finding (FLX101 for Flex defaults)
    summary: str  # one line, for tables and SARIF shortDescription
    why: str
    example: str  # a payload (or fragment) that fails
    instead: str  # what to do instead

    def documentation(self) -> str:
        return (
            f"{self.code} ({self.name}) [{self.severity}]\n\n"
            f"What it does\n    {self.summary}\n\n"
            f"Why it matters\n{_indent(self.why)}\n\n"
            f"Example that fails\n{_indent(self.example)}\n\n"
            f"Do instead\n{_indent(self.instead)}\n"
        )


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.strip("\n").splitlines())


def all_checks() -> tuple[Check, ...]:
    # Imported here so that `flexlint.registry` stays importable from the checks themselves.
    from flexlint.checks import allowlist, datamodel, structure

    return (structure.CHECK, allowlist.CHECK, datamodel.CHECK)


def all_rules() -> dict[str, Rule]:
    from flexlint.checks import structure

    rules: dict[str, Rule] = {rule.code: rule for rule in structure.PIPELINE_RULES}
    for check in all_checks():
        for rule in check.rules:
            if rule.code in rules:
                raise RuntimeError(f"rule {rule.code} is declared twice")
            rules[rule.code] = rule
    return dict(sorted(rules.items()))


def rule_for(code_or_name: str) -> Rule | None:
    wanted = code_or_name.strip()
    for rule in all_rules().values():
        if wanted.upper() == rule.code or wanted.lower() == rule.name:
            return rule
    return None
