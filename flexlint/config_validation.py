"""Validation of a configuration table: the JSON Schema (schemas/config.schema.json), then what it cannot say.

Every problem is (key, expectation): the key as a TOML dotted path (`tool.flexlint.per-file-ignores."a/*"[0]`)
and what was expected, with what was found described by its type, so flexlint/config.py can name the file,
the key and the expectation without a traceback. All problems are collected, sorted by key.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from flexlint.selection import SelectionError, _normalise
from flexlint.suppressions import PatternError, compile_pointer_pattern

CODE_LIST_KEYS = ("select", "extend-select", "ignore")
_TYPE_NAMES = {"object": "a table", "array": "an array", "string": "a string", "number": "a number",
               "integer": "an integer", "boolean": "true or false"}


def problems(table: Any, prefix: tuple[str, ...], base: Path) -> list[tuple[str, str]]:
    """The schema's problems or, when there are none (so the shapes are right), the registry's and the disk's."""
    return sorted(_schema_problems(table, prefix) or _semantic_problems(table, prefix, base))


def config_keys() -> dict[str, Any]:
    """Each configuration key and its schema, in schema order (without importing jsonschema)."""
    from flexlint.datafiles import load_json

    return load_json("schemas", "config.schema.json")["properties"]


@functools.cache
def validator() -> Any:
    from jsonschema import Draft202012Validator

    from flexlint.datafiles import load_json

    return Draft202012Validator(load_json("schemas", "config.schema.json"))


def _schema_problems(table: Any, prefix: tuple[str, ...]) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for error in validator().iter_errors(table):
        path = (*prefix, *error.absolute_path)
        if error.validator == "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - set(allowed)):
                close = difflib.get_close_matches(key.replace("_", "-").lower(), allowed, n=1)
                hint = f" (did you mean `{close[0]}`?)" if close else ""
                expected = f"unknown key{hint}; expected one of {', '.join(allowed)}"
                problems.append((_dotted((*path, key)), expected))
        elif "propertyNames" in error.relative_schema_path:
            expected = f"expected {error.schema['description']} as the key"
            problems.append((_dotted((*path, error.instance)), expected))
        else:
            problems.append((_dotted(path), _expected(error)))
    return problems


def _expected(error: Any) -> str:
    found = _describe(error.instance)
    if error.validator == "type":
        return f"expected {_TYPE_NAMES.get(error.validator_value, error.validator_value)}, found {found}"
    if error.validator == "enum":
        return f"expected one of {', '.join(map(json.dumps, error.validator_value))}, found {found}"
    if error.validator in ("minimum", "maximum"):
        low, high = error.schema["minimum"], error.schema["maximum"]
        return f"expected a number from {low} to {high}, found {error.instance}"
    if error.validator == "minLength":
        return f"expected {error.schema.get('description', 'a non-empty string')}, found an empty string"
    return f"expected {error.schema.get('description', 'a valid value')} ({error.message})"


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return f"the string {json.dumps(value)}"
    kinds = {dict: "a table", list: "an array", int: "an integer", float: "a number"}
    return next((name for kind, name in kinds.items() if isinstance(value, kind)), "a date or time")


def _dotted(path: Iterable[str | int]) -> str:
    """TOML-style key path: tool.flexlint.per-file-ignores."legacy/*", select[2]."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            token = part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else json.dumps(part)
            out += f".{token}" if out else token
    return out


def _semantic_problems(table: Mapping[str, Any], prefix: tuple[str, ...], base: Path) -> list[tuple[str, str]]:
    """What the schema cannot say: codes the registry knows, pointer escapes, recognizer files that exist."""
    problems: list[tuple[str, str]] = []

    def codes(specs: list[str], *path: str | int) -> None:
        for index, spec in enumerate(specs):
            _code_problem(spec, (*prefix, *path, index), problems)

    for key in CODE_LIST_KEYS:
        codes(table.get(key, []), key)
    for glob, specs in table.get("per-file-ignores", {}).items():
        codes(specs, "per-file-ignores", glob)
    for pattern, specs in table.get("per-pointer-ignores", {}).items():
        try:
            compile_pointer_pattern(pattern)
        except PatternError as error:
            where = _dotted((*prefix, "per-pointer-ignores", pattern))
            problems.append((where, f"expected a JSON pointer pattern: {error}"))
        codes(specs, "per-pointer-ignores", pattern)
    for spec in table.get("severity", {}):
        _code_problem(spec, (*prefix, "severity", spec), problems)
    for index, name in enumerate(table.get("recognizers", [])):
        if not (base / name).is_file():
            where = _dotted((*prefix, "recognizers", index))
            expected = f"expected a recognizer file relative to {base}; {json.dumps(name)} is not a file"
            problems.append((where, expected))
    return problems


def _code_problem(spec: str, path: tuple[str | int, ...], problems: list[tuple[str, str]]) -> None:
    try:
        _normalise(spec)
    except SelectionError:
        expected = "expected a rule code, prefix or name (FLX101, FLX1, near-miss-key)"
        problems.append((_dotted(path), f"{expected}, found {json.dumps(spec)}"))
