from __future__ import annotations

import importlib
import json
import os
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def optional_module(name: str, extra: str = "dev") -> ModuleType:
    """Import a package that is not part of the plain install (twilio, pre-commit, ...), or skip the test with
    the reason. Under CI (`CI` set, as .ci/run does) a missing one fails instead: CI must run every test."""
    try:
        return importlib.import_module(name)
    except ImportError:
        reason = f"{name} is not installed; it comes with `pip install -e '.[{extra}]'`"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, and CI must run this test", pytrace=False)
        pytest.skip(reason, allow_module_level=True)


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch):
    """Every test gets its own cache directory, so no test reads another's results (or the checkout's)."""
    monkeypatch.setenv("FLEXLINT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def run_cli():
    """Run the real `flexlint` entry point (main(), with its exit-code handling) in-process."""
    from flexlint.cli import cli

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
        runner = CliRunner()
        return runner.invoke(cli, list(args), input=input, env=env, catch_exceptions=False)

    return run


@pytest.fixture
def write_json(tmp_path: Path):
    def write(name: str, value: object) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(value, indent=2), encoding="utf-8")
        return path

    return write
