"""Print the lowest Presidio version flexlint supports, read from pyproject.toml (`make test-presidio-floor`).

The floor is a `>=` bound in the presidio-analyzer requirement: CI installs exactly that version in a second
environment and runs the equivalence tests there, so the whole declared range is tested, not only its top.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def presidio_floor(pyproject: Path = PYPROJECT) -> str:
    dependencies = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    for requirement in dependencies:
        if re.match(r"presidio[-_]analyzer\b", requirement):
            floor = re.search(r">=\s*([0-9][0-9.]*)", requirement)
            if floor:
                return floor.group(1)
            break
    sys.exit("pyproject.toml: presidio-analyzer needs a `>=` floor for the Presidio-floor run")


if __name__ == "__main__":
    print(presidio_floor())
