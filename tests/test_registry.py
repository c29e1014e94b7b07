"""One registry documents every rule; the docs' examples really fail; the README table matches."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from flexlint import check_payload
from flexlint.docs import END, START, rule_table
from flexlint.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
RULES = list(all_rules().values())


def test_every_code_in_the_checks_is_a_documented_rule() -> None:
    sources = "\n".join(p.read_text() for p in (ROOT / "flexlint").rglob("*.py"))
    mentioned = set(re.findall(r'code="(FLX\d{3})"', sources))
    assert mentioned and mentioned <= set(all_rules())


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_fully_documented(rule) -> None:
    assert re.fullmatch(r"FLX\d{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    for part in (rule.summary, rule.why, rule.example, rule.instead):
        assert part.strip()
    text = rule.documentation()
    for heading in ("What it does", "Why it matters", "Example that fails", "Do instead"):
        assert heading in text


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_documented_example_fails_with_its_code(rule) -> None:
    example = rule.example.split("    <-")[0].strip()
    try:
        json.loads(example)
    except ValueError:
        if rule.code != "FLX001":
            pytest.skip("the example is a sketch, not a literal payload")
    codes = {f.code for f in check_payload(example)}
    assert rule.code in codes


def test_rule_names_are_unique() -> None:
    assert len({r.name for r in RULES}) == len(RULES)


def test_readme_rule_table_is_in_sync() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split(START, 1)[1].split(END, 1)[0].strip()
    assert table == rule_table(), "run `python -m flexlint.docs` to regenerate the README table"
