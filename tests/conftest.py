from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


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
