"""The README's examples are real: its configuration example loads and validates."""

from __future__ import annotations

from pathlib import Path

from flexlint.config import load_config, resolve
from tests.conftest import ROOT


def test_readme_configuration_example_is_valid(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "flexlint").mkdir()
    (tmp_path / "flexlint" / "acme-mrn.yaml").write_text("recognizers: []\n")
    (tmp_path / "pyproject.toml").write_text(block)
    settings, origins = resolve(load_config(tmp_path / "pyproject.toml"), {})
    assert str(settings.fail_on) == "warning"
    assert not settings.selection.enabled("FLX101")
    assert origins["fail-on"].endswith("pyproject.toml")


def test_readme_preflight_example_runs_and_blocks_before_sending(capsys) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = readme.split("### From Python", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "('FLX301', 'FLX305')" in printed and "task attributes blocked by flexlint" in printed
    assert "Maria" not in printed and "0147" not in printed
