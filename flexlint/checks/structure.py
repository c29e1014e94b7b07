"""Rules about the input as a whole: can it be read (FLX001), is it an object (FLX002), does it fit (FLX003)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from flexlint.datafiles import load_json
from flexlint.model import Issue, Severity
from flexlint.payload import Payload
from flexlint.rule import Rule

if TYPE_CHECKING:
    from flexlint.settings import Settings

UNREADABLE = Rule(
    code="FLX001",
    name="unreadable-input",
    severity=Severity.ERROR,
    summary="The input cannot be read or is not valid JSON.",
    why=(
        "TaskRouter rejects attributes that are not valid JSON, and a file flexlint cannot parse is a file it\n"
        "cannot vouch for: it is reported as an error, never skipped, so an unreadable fixture never reads as\n"
        "clean. The finding gives the line and column where parsing stopped."
    ),
    example='{"conversations": {"queue": "Billing",}}    <- trailing comma',
    instead="Fix the syntax at the reported position; JSON allows no comments, trailing commas or NaN.",
)

NOT_AN_OBJECT = Rule(
    code="FLX002",
    name="payload-not-object",
    severity=Severity.ERROR,
    summary="A payload is not a JSON object.",
    why=(
        "Task attributes are always a JSON object. A file may hold one object, an array of objects, or one\n"
        "object per line (JSON Lines); anything else in those places is not a task."
    ),
    example='["inbound", "+15035550147"]    <- an array of strings, not of objects',
    instead='{"direction": "inbound"}',
)

TOO_LONG = Rule(
    code="FLX003",
    name="attributes-too-long",
    severity=Severity.ERROR,
    summary="The minified attributes exceed TaskRouter's limit of 4096 characters.",
    why=(
        "TaskRouter refuses to create or update a task whose attributes, as a JSON string, are longer than\n"
        "4096 characters (whitespace included, so flexlint measures the minified form). The task is never\n"
        "created and the caller waits in vain."
    ),
    example="{\"conversations\": {\"content\": <5,000 characters of notes>}}",
    instead="Keep attributes small: store long notes elsewhere and put a short reference in the task.",
)

DUPLICATE_KEY = Rule(
    code="FLX005",
    name="duplicate-key",
    severity=Severity.WARNING,
    summary="An object names the same key twice; only the last value is read.",
    why=(
        "JSON leaves duplicate keys undefined. flexlint, like most readers, keeps the last value, so an earlier\n"
        "one is never checked, and which of them TaskRouter and Flex Insights keep is anyone's guess. A PHI\n"
        "value can hide in the first copy of a key whose last copy looks clean."
    ),
    example='{"reason": "callback about a refill", "reason": "ok"}',
    instead='{"reason": "ok"}',
)

PIPELINE_RULES = (UNREADABLE,)


def _check(batch: Sequence[Payload], settings: Settings) -> Iterator[tuple[Payload, Issue]]:
    limit = load_json("rules", "field-catalog.json")["limits"]["max_attributes_chars"]
    for payload in batch:
        attributes = payload.attributes
        if not isinstance(attributes, dict):
            kind = json_type(attributes)
            yield payload, Issue(NOT_AN_OBJECT.code, "", f"task attributes must be a JSON object, found {kind}")
            continue
        # The loader knows when no object of the text names a key twice: then there is nothing to walk for.
        if not getattr(payload.locator, "unique_keys", False):
            yield from ((payload, issue) for issue in _duplicates(attributes, ""))
        if payload.template_issues is not None or payload.code_writes is not None:
            # a Studio template: its length limit is the widget's 1024 characters (FLX004); code: its values
            # are only known at run time
            continue
        # Minifying is the costly part of this check; the source text says when it cannot exceed the limit.
        within = getattr(payload.locator, "within", None)
        if within is not None and within(limit):
            continue
        size = len(json.dumps(attributes, separators=(",", ":"), ensure_ascii=False))
        if size > limit:
            yield payload, Issue(
                TOO_LONG.code, "", f"minified attributes are {size} characters; TaskRouter accepts at most {limit}"
            )


def _duplicates(value: object, pointer: str) -> list[Issue]:
    """FLX005 for every object that the loader marked as naming a key twice (a walk over containers only:
    it runs on every payload, nearly always to find nothing)."""
    from flexlint.positions import escape_token
    from flexlint.sources.json_text import DuplicateKeys

    found: list[Issue] = []
    stack: list[tuple[object, str]] = [(value, pointer)]
    while stack:
        value, pointer = stack.pop()
        if isinstance(value, dict):
            if type(value) is DuplicateKeys:
                found.extend(
                    Issue(
                        DUPLICATE_KEY.code,
                        f"{pointer}/{escape_token(key)}",
                        f"key `{key}` appears more than once in this object; only its last value is read and checked",
                        target="key",
                    )
                    for key in value.duplicates
                )
            children: Iterable[tuple[object, object]] = value.items()
        elif isinstance(value, list):
            children = enumerate(value)
        else:
            continue
        stack.extend(
            (child, f"{pointer}/{escape_token(key) if isinstance(key, str) else key}")
            for key, child in children
            if isinstance(child, (dict, list))
        )
    found.sort(key=lambda issue: issue.pointer)  # (a stack walk visits siblings last-first)
    return found


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


class _StructureCheck:
    rules = (NOT_AN_OBJECT, TOO_LONG, DUPLICATE_KEY)

    def run(self, batch: Sequence[Payload], settings: Settings) -> Iterator[tuple[Payload, Issue]]:
        return _check(batch, settings)


CHECK = _StructureCheck()
