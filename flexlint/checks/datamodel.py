"""Rules from the Flex Insights data model, checked with JSON Schema (schemas/task-attributes.schema.json).

Schema errors are mapped to codes by the keyword that failed; messages are composed here and never quote
the value (jsonschema's own messages do, so they are not used).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from flexlint.checks.base import PayloadCheck
from flexlint.checks.structure import json_type
from flexlint.datafiles import load_json
from flexlint.model import Issue, Severity
from flexlint.positions import to_pointer
from flexlint.rule import Rule
from flexlint.studio.template import is_placeholder

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

    from flexlint.settings import Settings

SCOPE_NOT_OBJECT = Rule(
    code="FLX105",
    name="scope-not-object",
    severity=Severity.ERROR,
    summary="`conversations` or `customers` is present but is not an object.",
    why=(
        "Insights reads conversations and customers as objects of named attributes. A string (often a JSON\n"
        "string that was never parsed), an array, a number or null carries nothing Insights can use."
    ),
    example='{"conversations": "{\\"queue\\": \\"Billing\\"}"}',
    instead='{"conversations": {"queue": "Billing"}}',
)
WRONG_TYPE = Rule(
    code="FLX201",
    name="wrong-type",
    severity=Severity.WARNING,
    summary="A preserved value has the wrong type for the Insights data model.",
    why=(
        "Measures and time fields (hold_time, conversation_measure_N, ...) are numbers that Insights sums and\n"
        "averages; text attributes are strings; media is a list of link objects. A value of another type is\n"
        "dropped or misread, and the metric built on it is wrong."
    ),
    example='{"conversations": {"hold_time": "35"}}',
    instead='{"conversations": {"hold_time": 35}}',
)
NOT_DOCUMENTED_VALUE = Rule(
    code="FLX202",
    name="value-not-in-enumeration",
    severity=Severity.WARNING,
    summary="A value outside a documented enumeration (abandoned, abandoned_phase, in_business_hours, ...).",
    why=(
        "Insights' built-in reports filter on the documented values: abandoned is Yes, No or Follow-Up;\n"
        "in_business_hours and virtual are Yes or No. Another spelling (\"yes\", \"true\") falls out of those\n"
        "reports. Fields whose value set Twilio does not fully document (kind, hang_up_by, ...) are not checked."
    ),
    example='{"conversations": {"abandoned": "true"}}',
    instead='{"conversations": {"abandoned": "Yes"}}',
)
TOO_LONG_VALUE = Rule(
    code="FLX203",
    name="value-truncated",
    severity=Severity.WARNING,
    summary="A preserved string is longer than 128 characters; Insights keeps only the first 128.",
    why=(
        "Flex Insights loads at most 128 characters of each attribute value and silently drops the rest, so\n"
        "segmenting and filtering on the value give wrong results. Long free text is also where PHI hides."
    ),
    example="{\"conversations\": {\"content\": <a 300-character wrap-up note>}}",
    instead="Keep attribute values short and categorical; put long text in a system made for it.",
)
BAD_DATE = Rule(
    code="FLX204",
    name="date-out-of-range",
    severity=Severity.WARNING,
    summary="A date field holds a date outside 1901-2049, or one that cannot be parsed.",
    why=(
        "Insights stores dates only in the years 1901 to 2049 and cannot read other formats; such a value is\n"
        "lost. Date fields are conversations.date, customers.acquisition_date and customers.year_of_birth."
    ),
    example='{"customers": {"acquisition_date": "03/22/2051"}}',
    instead='{"customers": {"acquisition_date": "2025-03-22"}}',
)

_SCOPES = {("conversations",), ("customers",)}
_TYPE_WORDS = {
    "string": "a string",
    "number": "a number",
    "integer": "an integer",
    "object": "an object",
    "array": "an array",
    "boolean": "a boolean",
    "null": "null",
}


def _limits() -> dict[str, int]:
    return load_json("rules", "field-catalog.json")["limits"]


def date_problem(value: Any) -> str | None:
    """Why `value` is not a date Insights can store, or None if it is."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None  # the type is FLX201's business
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return "cannot be parsed as an ISO 8601 date"
        year = parsed.year
    else:
        # Epoch numbers: milliseconds when they are that large (Flex media timestamps are in ms).
        seconds = value / 1000 if abs(value) >= 100_000_000_000 else value
        try:
            year = dt.datetime.fromtimestamp(seconds, tz=dt.UTC).year
        except (OverflowError, OSError, ValueError):
            return "is an epoch time out of any range"
    return _year_problem(year)


def year_problem(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}", text):
        return "is not a four-digit year"
    return _year_problem(int(text))


def _year_problem(year: int) -> str | None:
    limits = _limits()
    if limits["min_year"] <= year <= limits["max_year"]:
        return None
    return f"is outside the years {limits['min_year']}-{limits['max_year']} that Insights stores"


@functools.cache
def _field_validators() -> dict[tuple[str, ...], Validator]:
    """One validator per top-level and per conversations/customers field, keyed by its path.

    The schema's top level and its two scopes use nothing but `type` and `properties`, so validating field by
    field is the same as validating the whole document, and lets identical values (queue names, outcomes,
    small measures repeat across thousands of tasks) be validated once.
    """
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("flexlint-date")(lambda value: date_problem(value) is None)
    checker.checks("flexlint-year")(lambda value: year_problem(value) is None)
    schema = load_json("schemas", "task-attributes.schema.json")
    defs = schema["$defs"]

    def validator(subschema: dict) -> Validator:
        return Draft202012Validator({**subschema, "$defs": defs}, format_checker=checker)

    validators: dict[tuple[str, ...], Validator] = {}
    for key, subschema in schema["properties"].items():
        if key in _NESTED:
            validators[(key,)] = validator({"type": subschema["type"]})
            for child, child_schema in subschema["properties"].items():
                validators[(key, child)] = validator(child_schema)
        else:
            validators[(key,)] = validator(subschema)
    return validators


_NESTED = ("conversations", "customers")


@functools.lru_cache(maxsize=65536)
def _scalar_errors(path: tuple[str, ...], kind: type, value: Any) -> tuple[Issue, ...]:
    # `kind` is part of the key so that 1, 1.0 and True (equal in Python) are validated apart.
    return tuple(_field_errors(path, value))


def _field_errors(path: tuple[str, ...], value: Any) -> Iterator[Issue]:
    validator = _field_validators().get(path)
    if validator is None:
        return  # not a preserved key: the allowlist check reports it
    errors = sorted(validator.iter_errors(value), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    type_failures = {tuple(e.absolute_path) for e in errors if e.validator == "type"}
    for error in errors:
        inner = tuple(error.absolute_path)
        if error.validator != "type" and inner in type_failures:
            continue  # a value of the wrong type fails its enum and format too: report the type only
        issue = _issue(error.validator, path + inner, error.validator_value, error.instance, error.schema)
        if issue is not None:
            yield issue


def _errors(path: tuple[str, ...], value: Any) -> Iterable[Issue]:
    if is_placeholder(value):
        return ()  # a Studio template's Liquid tag: its value, and so its type and range, is only known at run time
    if isinstance(value, (dict, list)):
        return _field_errors(path, value)
    return _scalar_errors(path, type(value), value)


def _passes(simple: tuple[frozenset[str], int | None] | None, value: Any) -> bool:
    """What jsonschema would say of a type-and-length field (`_simple_fields`), without it: True when the
    value is valid; False for other fields and for failures, which jsonschema then explains."""
    if simple is None:
        return False
    types, max_length = simple
    name = _json_type(value)
    if name not in types:
        return False
    return max_length is None or name != "string" or len(value) <= max_length


# bool before int: True is an int to Python, a boolean to JSON Schema
_JSON_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"), (dict, "object"), (list, "array"))


# the exact types json.loads makes, looked up directly (a subclass, such as a Studio placeholder or an object
# with duplicate keys, goes down the isinstance list)
_EXACT_TYPES = {**{kind: name for kind, name in _JSON_TYPES}, type(None): "null"}


def _json_type(value: Any) -> str:
    name = _EXACT_TYPES.get(type(value))
    if name is not None:
        return name
    return next((name for kind, name in _JSON_TYPES if isinstance(value, kind)), "other")


@functools.cache
def _simple_fields() -> dict[tuple[str, ...], tuple[frozenset[str], int | None]]:
    """Fields whose schema asks only for a type and perhaps a maximum length (directly, or through a `$ref`
    such as the 76 text fields' `#/$defs/text`; the `conversations` and `customers` objects, whose own fields
    are checked one by one): their values are checked here, since most of them rarely
    repeat (talk_time, content) and jsonschema would run for each. Keyed like _field_validators: the accepted
    _json_type names ("number" accepts integers too), and maxLength or None."""
    out: dict[tuple[str, ...], tuple[frozenset[str], int | None]] = {}
    for path, validator in _field_validators().items():
        defs = validator.schema.get("$defs", {})
        field = {k: v for k, v in validator.schema.items() if k != "$defs" and not k.startswith("x-")}
        ref = field.get("$ref")
        if set(field) == {"$ref"} and isinstance(ref, str) and ref.startswith("#/$defs/"):
            field = {k: v for k, v in defs.get(ref.removeprefix("#/$defs/"), {}).items() if not k.startswith("x-")}
        if "type" not in field or not set(field) <= {"type", "maxLength"}:
            continue
        declared = {field["type"]} if isinstance(field["type"], str) else set(field["type"])
        if "number" in declared:
            declared.add("integer")
        # an integral float is an "integer" to JSON Schema, but keep those on the jsonschema path
        out[path] = (frozenset(declared), field.get("maxLength"))
    return out


@functools.cache
def _fields_by_key() -> tuple[dict[str, tuple[frozenset[str], int | None] | None], dict[str, dict[str, tuple[frozenset[str], int | None] | None]]]:
    """_field_validators' fields by key (root) and by scope and key, each with its _simple_fields entry or
    None: what _check looks up for every key of every payload, without building a path for it."""
    simple = _simple_fields()
    root: dict[str, tuple[frozenset[str], int | None] | None] = {}
    nested: dict[str, dict[str, tuple[frozenset[str], int | None] | None]] = {scope: {} for scope in _NESTED}
    for path in _field_validators():
        if len(path) == 1:
            root[path[0]] = simple.get(path)
        else:
            nested[path[0]][path[1]] = simple.get(path)
    return root, nested


def _check(attributes: dict, settings: Settings) -> Iterator[Issue]:
    # Only preserved keys have a schema; the rest (Flex's own name, from, call_sid, ...) are the allowlist
    # check's business, and their values (phone numbers, SIDs) would only churn the memo of _scalar_errors.
    root, nested = _fields_by_key()
    for key, value in attributes.items():
        if key in root and not _passes(root[key], value):
            yield from _errors((key,), value)
        fields = nested.get(key)
        if fields is not None and isinstance(value, dict):
            for child, child_value in value.items():
                if child in fields and not _passes(fields[child], child_value):
                    yield from _errors((key, child), child_value)


def _issue(keyword: str, path: tuple, expected: Any, instance: Any, schema: dict) -> Issue | None:
    pointer = to_pointer(path)
    where = _dotted(path)
    if keyword == "type":
        if path in _SCOPES:
            return Issue(SCOPE_NOT_OBJECT.code, pointer, f"`{where}` must be an object, found {json_type(instance)}")
        wanted = [expected] if isinstance(expected, str) else list(expected)
        words = " or ".join(_TYPE_WORDS[t] for t in wanted if t != "null")
        unit = schema.get("x-unit")
        unit_note = " of seconds" if unit == "s" else ""
        return Issue(WRONG_TYPE.code, pointer, f"`{where}` should be {words}{unit_note}, found {json_type(instance)}")
    if keyword == "enum":
        documented = ", ".join(str(v) for v in expected if v is not None)
        return Issue(NOT_DOCUMENTED_VALUE.code, pointer, f"`{where}` is not one of the documented values: {documented}")
    if keyword == "maxLength":
        return Issue(
            TOO_LONG_VALUE.code,
            pointer,
            f"`{where}` is {len(instance)} characters; Insights keeps only the first {expected}",
        )
    if keyword == "format":
        problem = date_problem(instance) if expected == "flexlint-date" else year_problem(instance)
        return Issue(BAD_DATE.code, pointer, f"`{where}` {problem or 'is not a valid date'}")
    return None


def _dotted(path: tuple) -> str:
    out = ""
    for token in path:
        out += f"[{token}]" if isinstance(token, int) else (f".{token}" if out else str(token))
    return out or "(root)"


CHECK = PayloadCheck(
    rules=(SCOPE_NOT_OBJECT, WRONG_TYPE, NOT_DOCUMENTED_VALUE, TOO_LONG_VALUE, BAD_DATE),
    check_one=_check,
)
