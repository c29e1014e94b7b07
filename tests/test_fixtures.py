"""Acceptance: every payload in tests/fixtures/ produces exactly the findings in its .expect file.

Each .expect line is `LINE:COLUMN CODE SEVERITY POINTER`. Regenerate after a deliberate change with
`FLEXLINT_UPDATE_FIXTURES=1 pytest tests/test_fixtures.py`, then review the diff line by line.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from flexlint import check_paths
from flexlint.model import Severity
from flexlint.registry import all_rules

FIXTURES = Path(__file__).parent / "fixtures"
# Code that writes task attributes (tests/fixtures/code/, one behaviour a file), read with the real
# tree-sitter grammars; its JSON files are the configuration the code reads, not payloads.
CODE_SUFFIXES = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".py")
CASES = sorted(
    [p for p in FIXTURES.iterdir() if p.suffix in (".json", ".jsonl")]
    + [p for p in (FIXTURES / "code").rglob("*") if p.suffix in CODE_SUFFIXES]
)


def rendered(case: Path) -> list[str]:
    report = check_paths([str(case)])
    assert not report.internal_errors
    return [f"{f.line}:{f.column} {f.code} {f.severity} {f.pointer}" for f in report.findings]


def expect_file(case: Path) -> Path:
    """x.json -> x.expect; code keeps its suffix (parse_error.js and parse_error.ts are different cases)."""
    return case.with_suffix(".expect") if case.suffix in (".json", ".jsonl") else case.with_name(case.name + ".expect")


def expected(case: Path) -> list[str]:
    lines = expect_file(case).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("case", CASES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_findings(case: Path) -> None:
    got = rendered(case)
    if os.environ.get("FLEXLINT_UPDATE_FIXTURES"):
        expect_file(case).write_text("".join(line + "\n" for line in got), encoding="utf-8")
    assert got == expected(case)


@pytest.mark.parametrize("case", [c for c in CASES if c.name.startswith("clean_")], ids=lambda p: p.name)
def test_clean_fixtures_have_nothing_above_info(case: Path) -> None:
    report = check_paths([str(case)])
    assert [f.code for f in report.findings if f.severity > Severity.INFO] == []
    assert report.exit_code == 0


def test_every_rule_is_exercised_by_a_fixture() -> None:
    emitted = {line.split()[1] for case in CASES for line in expected(case)}
    assert set(all_rules()) - emitted == set()


def test_every_case_has_an_expectation_file() -> None:
    assert [c.name for c in CASES if not expect_file(c).exists()] == []
