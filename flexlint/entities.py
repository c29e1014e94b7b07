"""The entity table (rules/entities.json): every detector code and entity, in one place.

Recognizers report entities (PERSON, US_SSN, ...); each entity has a rule code, a default severity, a minimum
score and the placeholder preflight writes; each code has the phrase its messages use and whether it is a
Safe Harbor identifier. The detector check, the engine's thresholds, preflight's redaction and the accuracy
benchmark all read this table, so a new entity is one row, not an edit in four modules. Cheap to import.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from flexlint.datafiles import load_json


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    code: str
    severity: str
    min_score: float
    placeholder: str
    description: str  # what a finding's message says the value may be
    safe_harbor: str


@functools.cache
def _table() -> dict[str, Any]:
    return load_json("rules", "entities.json")  # type: ignore[no-any-return]


@functools.cache
def entities() -> dict[str, Entity]:
    codes = _table()["codes"]
    out: dict[str, Entity] = {}
    for name, spec in _table()["entities"].items():
        code = spec["code"]
        out[name] = Entity(
            name=name,
            code=code,
            severity=spec["severity"],
            min_score=float(spec.get("min_score", 0.0)),
            placeholder=spec.get("placeholder", name),
            description=spec.get("description") or codes[code]["description"],
            safe_harbor=spec.get("safe_harbor", ""),
        )
    return out


@functools.cache
def identifier_codes() -> frozenset[str]:
    """The codes of Safe Harbor identifiers (not quasi-identifiers, not health information)."""
    return frozenset(code for code, spec in _table()["codes"].items() if spec["identifier"])


def code_description(code: str) -> str:
    return str(_table()["codes"][code]["description"])


def presidio_aliases() -> dict[str, str]:
    """Presidio's entity names -> flexlint's."""
    return {k: v for k, v in _table()["presidio_entity_aliases"].items() if not k.startswith("$")}
