"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit from a git repository that uses them.

pre-commit only sees committed files, so the hooks come from a snapshot of this checkout's working tree
(tracked and untracked files, less what .gitignore excludes) committed to a throwaway repository: the test
checks the code as it is, dirty or clean, and never writes to this checkout's own repository.

Installing the hook environment (Presidio, spaCy and the model, from PyPI) takes a minute or two. The
snapshot commit is deterministic (fixed author and dates) and lives in pytest's cache directory with
PRE_COMMIT_HOME beside it, so a re-run over an unchanged tree reuses the environment. A fresh clone (CI)
installs it once. FLEXLINT_PRE_COMMIT_HOME overrides the location.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, optional_module

pytestmark = pytest.mark.slow

SSN, PHONE, NAME = "219-09-9999", "+15035550199", "Maria Okafor"
PHI_PAYLOAD = {"conversations": {"outcome": f"verified with SSN {SSN}", "destination": PHONE}}
PHI_RECORD = {"conversations": {"content": f"caller {NAME} asked about her refill", "queue": "Pharmacy"}}
PLANTED = (SSN, PHONE, NAME, "Okafor", "5035550199", "219099999")
CLEAN_PAYLOAD = {"direction": "inbound", "conversations": {"queue": "Billing", "hold_time": 35}}

_GIT_ENV = {
    "GIT_CONFIG_GLOBAL": os.devnull,  # no user hooks, signing or templates
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "flexlint tests",
    "GIT_AUTHOR_EMAIL": "tests@flexlint.invalid",
    "GIT_AUTHOR_DATE": "2000-01-01T00:00:00+0000",
    "GIT_COMMITTER_NAME": "flexlint tests",
    "GIT_COMMITTER_EMAIL": "tests@flexlint.invalid",
    "GIT_COMMITTER_DATE": "2000-01-01T00:00:00+0000",
}


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_")) and k != "SKIP"}
    env.pop("PYTHONPATH", None)  # the hook must run the installed copy, not this checkout
    return {**env, **_GIT_ENV, "PRE_COMMIT_HOME": str(home / "pre-commit"), "NO_COLOR": "1"}


def _git(cwd: Path, *args: str, env: dict[str, str]) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"git {args[0]}: {result.stderr}"
    return result.stdout.strip()


def _home(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    override = os.environ.get("FLEXLINT_PRE_COMMIT_HOME")
    if override:
        return Path(override)
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    return (
        cache.mkdir("flexlint-pre-commit")
        if cache is not None
        else tmp_path_factory.mktemp("pre-commit-home")
    )


def _snapshot(home: Path, env: dict[str, str], tmp: Path) -> tuple[Path, str]:
    """Commit the working tree to a repository of its own; return its path and the commit."""
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},  # read only: do not even refresh the index
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:
        pytest.skip("the checkout is not a git work tree")
    staging = tmp / "snapshot"
    staging.mkdir()
    for name in sorted({os.fsdecode(n) for n in listed.stdout.split(b"\0") if n}):
        source = ROOT / name
        if source.is_file() or source.is_symlink():  # a tracked file deleted in the work tree is left out
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, staging / name, follow_symlinks=False)
    _git(staging, "init", "-q", env=env)
    _git(staging, "add", "-A", env=env)
    _git(staging, "commit", "-q", "--no-verify", "-m", "flexlint work tree snapshot", env=env)
    commit = _git(staging, "rev-parse", "HEAD", env=env)
    # The same tree gives the same commit: keep one copy per commit, where pre-commit's cache can find it.
    repos = home / "hook-repos"
    repos.mkdir(parents=True, exist_ok=True)
    final = repos / commit[:16]
    if not final.exists():
        try:
            staging.rename(final)
        except OSError:  # another worker got there first (or another file system): use a fresh copy
            final = staging
    return final, commit


def _project(tmp: Path, hook_repo: Path, commit: str, env: dict[str, str]) -> Path:
    project = tmp / "project"
    project.mkdir()
    _git(project, "init", "-q", env=env)
    config = {
        "repos": [
            {"repo": str(hook_repo), "rev": commit, "hooks": [{"id": "flexlint-fast"}, {"id": "flexlint"}]}
        ]
    }
    (project / ".pre-commit-config.yaml").write_text(json.dumps(config, indent=2) + "\n")  # JSON is YAML
    (project / "fixtures").mkdir()
    (project / "fixtures" / "clean.json").write_text(json.dumps(CLEAN_PAYLOAD, indent=2))
    (project / "fixtures" / "phi.json").write_text(json.dumps(PHI_PAYLOAD, indent=2))
    (project / "fixtures" / "calls.jsonl").write_text(
        json.dumps(CLEAN_PAYLOAD) + "\n" + json.dumps(PHI_RECORD) + "\n"
    )
    (project / "fixtures" / "clean.ndjson").write_text(
        json.dumps(CLEAN_PAYLOAD) + "\n" + json.dumps(CLEAN_PAYLOAD) + "\n"
    )
    (project / "plugin").mkdir()
    # Code that writes caller data into a preserved attribute: both hooks read code too (FLX601).
    (project / "plugin" / "wrapup.js").write_text(
        "export const tag = (task, event) =>\n"
        "  task.setAttributes({ ...task.attributes, conversations: { conversation_attribute_1: event.target.value } });\n"
    )
    (project / "notes.txt").write_text(f"not a payload: {SSN}\n")  # outside `files:`, never checked
    (project / "flexlint-baseline.json").write_text('{"format_version": 1, "entries": []}\n')  # `exclude:`
    _git(project, "add", "-A", env=env)
    return project


def _run(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pre_commit", "run", "--color", "never", *args]
    return subprocess.run(
        command, cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False
    )


def _assert_no_value(result: subprocess.CompletedProcess[str]) -> None:
    for value in PLANTED:
        assert value not in result.stdout + result.stderr


@pytest.fixture
def precommit(request: pytest.FixtureRequest, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory):
    optional_module("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    home = _home(request, tmp_path_factory)
    env = _env(home)
    hook_repo, commit = _snapshot(home, env, tmp_path)
    project = _project(tmp_path, hook_repo, commit, env)
    yield project, env
    # Drop the environments of earlier snapshots whose test projects are gone (pytest keeps the last three
    # base temporary directories), and the sources of earlier snapshots (pre-commit keeps its own clone).
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "gc"], cwd=project, env=env, capture_output=True, check=False
    )
    for old in (home / "hook-repos").iterdir():
        if old != hook_repo:
            shutil.rmtree(old, ignore_errors=True)


def test_hooks_fail_on_phi_and_pass_without_it(precommit) -> None:
    project, env = precommit
    timings = {}

    started = time.monotonic()
    failed = _run(project, env, "flexlint-fast")  # the staged files; the first run installs the environment
    timings["flexlint-fast, with the install"] = time.monotonic() - started
    _assert_no_value(failed)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "fixtures/phi.json:" in failed.stdout and "FLX307" in failed.stdout and "FLX305" in failed.stdout
    assert "fixtures/calls.jsonl:2:" in failed.stdout  # JSON Lines are selected by `files:`
    assert "notes.txt" not in failed.stdout and "flexlint-baseline.json" not in failed.stdout
    assert "plugin/wrapup.js:2:" in failed.stdout and "FLX601" in failed.stdout  # code is selected too
    assert "in 5 files, 7 payloads" in failed.stdout  # the two .json, the .jsonl, the .ndjson and the .js

    _git(project, "rm", "-q", "--cached", "fixtures/phi.json", "fixtures/calls.jsonl", "plugin/wrapup.js", env=env)
    started = time.monotonic()
    passed = _run(project, env, "flexlint-fast")
    timings["flexlint-fast"] = time.monotonic() - started
    _assert_no_value(passed)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout

    # The full hook shares the environment (both install the plain package) and loads the spaCy model.
    started = time.monotonic()
    full = _run(project, env, "flexlint")
    timings["flexlint"] = time.monotonic() - started
    _assert_no_value(full)
    assert full.returncode == 0, full.stdout + full.stderr
    full = _run(project, env, "flexlint", "--files", "fixtures/phi.json", "fixtures/calls.jsonl")
    _assert_no_value(full)
    assert full.returncode == 1, full.stdout + full.stderr
    assert "fixtures/calls.jsonl:2:" in full.stdout and "FLX301" in full.stdout and "FLX307" in full.stdout

    print("pre-commit timings:", ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
