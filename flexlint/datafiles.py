"""Where rules/ and schemas/ are: inside the installed wheel, or at the top of a source checkout."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def data_dir(name: str) -> Path:
    """Return the directory `rules` or `schemas`.

    A wheel carries them as flexlint/_data/<name> (see pyproject.toml); a checkout or an editable install
    has them beside the package.
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"flexlint data directory {name!r} is missing from this installation")


@functools.cache
def load_json(directory: str, filename: str) -> Any:
    with open(data_dir(directory) / filename, encoding="utf-8") as handle:
        return json.load(handle)
