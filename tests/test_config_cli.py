"""Configuration files through the real command line: per-file discovery, suppressions, severity, --show."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAYLOAD = {"conversations": {"hold_time": "35", "notes": "x", "conversation_attribute_4": "ok"}, "x_custom": 1}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "task.json").write_text(json.dumps(PAYLOAD))
    (tmp_path / "pyproject.toml").write_text('[tool.flexlint]\nselect = ["FLX1"]\n')
    (tmp_path / "b" / "flexlint.toml").write_text(
        'select = ["FLX2"]\nfail-on = "warning"\n[severity]\nFLX201 = "error"\n'
        '[per-pointer-ignores]\n"/conversations/*" = ["FLX2"]\n'
    )
    return tmp_path


def flexlint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "flexlint", *args]
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}  # this checkout, whatever is installed
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env)


def codes(result: subprocess.CompletedProcess[str]) -> set[tuple[str, str, str]]:
    report = json.loads(result.stdout)
    return {(Path(f["file"]).parent.name, f["code"], f["severity"]) for f in report["findings"]}


def test_each_file_gets_its_nearest_config(repo: Path) -> None:
    result = flexlint("check", "--no-cache", "--output-format", "json", ".", cwd=repo)
    found = codes(result)
    assert {c for d, c, _ in found if d == "a"} == {"FLX101", "FLX102"}  # the root pyproject: FLX1 only
    assert not {c for d, c, _ in found if d == "b"}  # FLX2 selected, and all of it ignored under /conversations/*
    assert result.returncode == 0  # fail-on comes from the working directory's config: error


def test_severity_override_and_command_line_select(repo: Path) -> None:
    (repo / "b" / "flexlint.toml").write_text('select = ["FLX2"]\n[severity]\nFLX201 = "error"\n')
    result = flexlint("check", "--no-cache", "--output-format", "json", "b", cwd=repo)
    assert ("b", "FLX201", "error") in codes(result) and result.returncode == 1
    narrowed = flexlint("check", "--no-cache", "--output-format", "json", "--select", "FLX102", "b", cwd=repo)
    assert {c for _, c, _ in codes(narrowed)} == {"FLX102"}


def test_isolated_and_forced_config(repo: Path) -> None:
    isolated = flexlint("check", "--no-cache", "--output-format", "json", "--isolated", "a", cwd=repo)
    assert "FLX201" in {c for _, c, _ in codes(isolated)}
    forced = flexlint("check", "--no-cache", "--output-format", "json", "--config", "b/flexlint.toml", "a", cwd=repo)
    assert codes(forced) == set()
    both = flexlint("check", "--config", "b/flexlint.toml", "--isolated", "a", cwd=repo)
    assert both.returncode == 2 and "cannot be used together" in both.stderr


def test_extra_preserved_attributes_and_exclude(repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[tool.flexlint]\nselect = ["FLX1"]\nexclude = ["a/old"]\n'
        '[tool.flexlint.extra-preserved-attributes]\nroot = ["x_custom"]\nconversations = ["notes"]\n'
    )
    (repo / "a" / "old").mkdir()
    (repo / "a" / "old" / "task.json").write_text(json.dumps(PAYLOAD))
    result = flexlint("check", "--no-cache", "--output-format", "json", "a", cwd=repo)
    assert codes(result) == set()  # x_custom and conversations.notes are preserved now
    assert json.loads(result.stdout)["summary"]["files"] == 1  # a/old is excluded, relative to the config


def test_a_bad_config_exits_2_naming_file_and_key(repo: Path) -> None:
    (repo / "b" / "flexlint.toml").write_text('select = "FLX2"\n')
    result = flexlint("check", "b", cwd=repo)
    assert result.returncode == 2
    assert f"{repo / 'b' / 'flexlint.toml'}: `select`: expected an array" in result.stderr
    assert "Traceback" not in result.stderr


def test_config_show(repo: Path) -> None:
    result = flexlint("config", "--show", "b", cwd=repo)
    assert result.returncode == 0
    assert f'fail-on = "warning"  # {repo / "b" / "flexlint.toml"}' in result.stdout
    assert 'profile = "hipaa"  # default' in result.stdout
    as_json = json.loads(flexlint("config", "--show", "--output-format", "json", "a", cwd=repo).stdout)
    assert as_json["origins"]["select"] == str(repo / "pyproject.toml")
