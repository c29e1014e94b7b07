"""The package, its tests, benchmarks and scripts pass ruff with the rules in pyproject.toml (pyflakes, bugbear, pyupgrade)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT, optional_module


def test_ruff_finds_nothing() -> None:
    optional_module("ruff")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--output-format", "concise", "flexlint", "tests", "benchmarks", "scripts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
