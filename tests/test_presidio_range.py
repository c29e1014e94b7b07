"""The Presidio range in pyproject.toml is tested at both ends: CI runs the equivalence tests on the floor too."""

from __future__ import annotations

import re

from scripts.presidio_floor import presidio_floor
from tests.conftest import ROOT


def test_the_floor_is_the_lower_bound_of_the_declared_range() -> None:
    from flexlint.detect.environment import requirement_of

    floor = presidio_floor()
    assert f">={floor}" in requirement_of("presidio-analyzer") and "<" in requirement_of("presidio-analyzer")


def test_every_equivalence_test_runs_in_the_floor_run() -> None:
    target = re.search(r"^test-presidio-floor:.*?(?=^\S|\Z)", (ROOT / "Makefile").read_text(), re.S | re.M)
    assert target, "Makefile has no test-presidio-floor target"
    floor_files = set(re.findall(r"tests/\S+\.py", target.group(0)))
    marked = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "tests").rglob("test_*.py")
        if re.search(r"^\s*(pytestmark = pytest|@pytest)\.mark\.presidio_equivalence", path.read_text(encoding="utf-8"), re.M)
    }
    assert marked and marked <= floor_files, marked - floor_files
    assert "make test-presidio-floor" in (ROOT / ".ci" / "run").read_text()
