"""The one registry of rules and checks.

Every rule is declared once, beside the check that emits it, as a `Rule` (flexlint/rule.py). This module
collects them in an explicit list (no import magic), and the checks, `flexlint rule`, the README table and SARIF metadata all
read it from here.
"""

from __future__ import annotations

from flexlint.checks import allowlist, code, datamodel, detectors, fields, structure, studio
from flexlint.checks.base import Check
from flexlint.rule import Rule


def all_checks() -> tuple[Check, ...]:
    return (
        structure.CHECK, allowlist.CHECK, datamodel.CHECK, fields.CHECK, detectors.CHECK, studio.CHECK, code.CHECK
    )


def all_rules() -> dict[str, Rule]:
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
