"""A non-editable install carries rules/ and schemas/ and works from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT


@pytest.mark.slow
def test_wheel_install_works_from_another_directory(tmp_path: Path) -> None:
    wheels, site, elsewhere = tmp_path / "wheels", tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)], check=True)
    (wheel,) = wheels.glob("flexlint-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)
    assert (site / "flexlint" / "_data" / "rules" / "allowlist.json").is_file()
    assert (site / "flexlint" / "_data" / "schemas" / "task-attributes.schema.json").is_file()

    # Only the installed copy may be importable: not the checkout, whatever the current directory.
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = "import flexlint, flexlint.datafiles as d; print(flexlint.__file__); print(d.data_dir('rules'))"
    where = subprocess.run([sys.executable, "-c", probe], env=env, cwd=elsewhere, capture_output=True, text=True, check=True)
    assert all(line.startswith(str(site)) for line in where.stdout.splitlines())

    fixture = FIXTURES / "flx104_near_miss.json"
    result = subprocess.run(
        [sys.executable, "-m", "flexlint", "check", str(fixture)], env=env, cwd=elsewhere, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "did you mean `external_contact`?" in result.stdout
