"""The content cache and --jobs: same findings, no rescans of unchanged files, no values on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

PLANTED = {"conversations": {"content": "Maria Okafor SSN 219-09-9999", "destination": "+15035550199"}}


def run(*args: str, cache: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FLEXLINT_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-m", "flexlint", *args], capture_output=True, text=True, env=env, cwd=cwd)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "fixtures"
    root.mkdir()
    for index in range(6):
        (root / f"task{index}.json").write_text(json.dumps({"conversations": {"hold_time": str(index)}, "x": 1}))
    (root / "phi.json").write_text(json.dumps(PLANTED))
    return root


def test_second_run_is_identical_and_loads_no_model(tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = run("check", "--output-format", "json", str(tree), cache=cache)
    probe = (
        "import sys, flexlint\n"
        "from flexlint.cache import FileCache\n"
        "from flexlint.settings import Settings\n"
        f"r = flexlint.check_paths([{str(tree)!r}], cache=FileCache({str(cache)!r}, Settings()))\n"
        "assert r.cached_files == 7, r.cached_files\n"
        "assert 'spacy' not in sys.modules and 'presidio_analyzer' not in sys.modules\n"
        "print(len(r.findings))\n"
    )
    second = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert int(second.stdout) == len(json.loads(first.stdout)["findings"])
    again = run("check", "--output-format", "json", str(tree), cache=cache)
    assert again.stdout == first.stdout and again.returncode == first.returncode == 1


def test_a_changed_file_or_setting_is_checked_again(tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    run("check", str(tree), cache=cache)
    (tree / "task0.json").write_text(json.dumps({"conversations": {"abandoned": "maybe"}}))
    changed = run("check", "--output-format", "json", str(tree), cache=cache)
    codes = {(Path(f["file"]).name, f["code"]) for f in json.loads(changed.stdout)["findings"]}
    assert ("task0.json", "FLX202") in codes and ("task0.json", "FLX201") not in codes
    narrowed = run("check", "--output-format", "json", "--select", "FLX202", str(tree), cache=cache)
    assert {f["code"] for f in json.loads(narrowed.stdout)["findings"]} == {"FLX202"}


def test_cache_holds_no_value(tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    run("check", str(tree), cache=cache)
    stored = "".join(p.read_text(errors="replace") for p in cache.rglob("*") if p.is_file())
    assert "FLX301" in stored
    for value in ("Maria", "Okafor", "219-09-9999", "5035550199", "555-0199"):
        assert value not in stored
    assert (cache / "CACHEDIR.TAG").is_file() and (cache / ".gitignore").read_text().strip().endswith("*")


def test_show_values_and_no_cache_write_nothing(tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    run("check", "--show-values", str(tree), cache=cache)
    run("check", "--no-cache", str(tree), cache=cache)
    assert not cache.exists()


def test_clean_removes_the_cache(tree: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    run("check", str(tree), cache=cache)
    assert run("clean", cache=cache).stdout.startswith("Removed")
    assert not cache.exists()
    assert run("clean", cache=cache).stdout.startswith("No cache")


def test_jobs_give_the_same_findings_in_the_same_order(tmp_path: Path) -> None:
    serial = run("check", "--no-cache", "--output-format", "json", str(FIXTURES), cache=tmp_path / "c")
    parallel = run("check", "--no-cache", "--jobs", "2", "--output-format", "json", str(FIXTURES), cache=tmp_path / "c")
    assert parallel.returncode == serial.returncode
    assert json.loads(parallel.stdout) == json.loads(serial.stdout)


def test_progress_line_only_on_a_terminal(monkeypatch, capsys, tmp_path: Path) -> None:
    from flexlint.cli import options as cli

    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"direction": "inbound"}) + "\n" for _ in range(1200)))
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert cli.show_progress()
    progress = cli.Progress()
    from flexlint import check_paths

    check_paths([str(path)], progress=progress)
    progress.finish()
    assert "checked 1,024 payloads" in capsys.readouterr().err
    monkeypatch.setenv("CI", "true")
    assert not cli.show_progress()


def test_no_progress_line_in_piped_output(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"direction": "inbound"}) + "\n" for _ in range(1200)))
    result = run("check", str(path), cache=tmp_path / "c")
    assert result.stderr == ""
