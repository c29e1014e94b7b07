"""Rules about keys the HIPAA Events Filter drops (FLX101-FLX104)."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from flexlint.allowlist import NESTED_SCOPES, Allowlist, hipaa_allowlist
from flexlint.checks.base import PayloadCheck
from flexlint.model import Issue, Severity
from flexlint.positions import escape_token
from flexlint.rule import Rule

if TYPE_CHECKING:
    from flexlint.settings import Settings

_DROPPED_WHY = (
    "For HIPAA accounts the Flex Insights Events Filter keeps only an allowlist of task attributes and drops\n"
    "every other one before the data reach Insights. Reports built on a dropped attribute silently come out\n"
    "empty. The value is still stored in TaskRouter, event callbacks and Event Streams, so it must not hold\n"
    "PHI there either."
)

DROPPED_ROOT = Rule(
    code="FLX101",
    name="dropped-root-attribute",
    severity=Severity.WARNING,
    summary="A root attribute that the HIPAA Events Filter drops.",
    why=_DROPPED_WHY + "\nAttributes Flex or TaskRouter set by default (name, from, to, caller, ...) are expected and\n"
    "reported at severity info; custom ones are warnings.",
    example='{"patient_dob": "1958-07-14", "direction": "inbound"}',
    instead=(
        "Move data Insights should report on into a preserved key (conversations.conversation_attribute_N,\n"
        "customers.customer_attribute_N), after making sure it holds no PHI; otherwise remove it."
    ),
)
DROPPED_CONVERSATIONS = Rule(
    code="FLX102",
    name="dropped-conversations-key",
    severity=Severity.WARNING,
    summary="A key inside `conversations` that the HIPAA Events Filter drops.",
    why=_DROPPED_WHY,
    example='{"conversations": {"notes": "called back"}}',
    instead="Use one of the 92 preserved conversations keys, for example conversation_attribute_1..10.",
)
DROPPED_CUSTOMERS = Rule(
    code="FLX103",
    name="dropped-customers-key",
    severity=Severity.WARNING,
    summary="A key inside `customers` that the HIPAA Events Filter drops.",
    why=_DROPPED_WHY + "\ncustomers.name, email, phone, external_id, zip and geo_location are dropped on purpose: they\n"
    "identify the customer.",
    example='{"customers": {"email": "dana@example.com"}}',
    instead="Use a preserved customers key (customer_attribute_1..3, category, market_segment, ...) with no PII.",
)
NEAR_MISS = Rule(
    code="FLX104",
    name="near-miss-key",
    severity=Severity.WARNING,
    summary="A dropped key that looks like a misspelt or misplaced preserved key.",
    why=(
        "A typo (conversation_atribute_1), camelCase (externalContact), a capital (Customers) or the right\n"
        "key at the wrong level is dropped by the Events Filter like any other key, so the report it was meant\n"
        "for stays empty and nobody notices."
    ),
    example='{"conversations": {"externalContact": "+18005550100"}}',
    instead='{"conversations": {"external_contact": "+18005550100"}}',
)
_SCOPE_RULE = {"conversations": DROPPED_CONVERSATIONS, "customers": DROPPED_CUSTOMERS}


def _check(attributes: dict, settings: Settings) -> Iterator[Issue]:
    allowlist = hipaa_allowlist(settings.extra_preserved)
    kept = allowlist.root
    for key in attributes:
        if key in kept:  # (Allowlist.keeps_root, without a call per key of every payload)
            continue
        if key in allowlist.flex_defaults:
            yield _flex_default(key)
            continue
        yield _dropped(allowlist, "root", key, "/" + escape_token(key))
    for scope in NESTED_SCOPES:
        nested = attributes.get(scope)
        if not isinstance(nested, dict):
            continue
        kept = allowlist.nested[scope]
        for key in [key for key in nested if key not in kept]:  # (Allowlist.keeps, without a call per key)
            yield _dropped(allowlist, scope, key, f"/{scope}/{escape_token(key)}")


# Issues are immutable and the same keys recur on every task (Flex's defaults on all of them): build each once.
@functools.lru_cache(maxsize=4096)
def _flex_default(key: str) -> Issue:
    return Issue(
        DROPPED_ROOT.code,
        "/" + escape_token(key),
        f"root attribute `{key}` is set by Flex by default and dropped by the HIPAA Events Filter",
        target="key",
        severity=Severity.INFO,
    )


@functools.lru_cache(maxsize=4096)
def _dropped(allowlist: Allowlist, scope: str, key: str, pointer: str) -> Issue:
    where = "root attribute" if scope == "root" else f"`{scope}` key"
    suggestion = suggest(allowlist, scope, key)
    if suggestion is not None:
        return Issue(
            NEAR_MISS.code,
            pointer,
            f"{where} `{key}` is dropped by the HIPAA Events Filter; did you mean `{suggestion}`?",
            target="key",
        )
    code = DROPPED_ROOT.code if scope == "root" else _SCOPE_RULE[scope].code
    return Issue(
        code,
        pointer,
        f"{where} `{key}` is dropped by the HIPAA Events Filter; reports that rely on it will be empty",
        target="key",
    )


def suggest(allowlist: Allowlist, scope: str, key: str) -> str | None:
    """A preserved key that `key` probably meant, as a dotted path when it belongs to another scope."""
    return _suggest(allowlist, scope, key)


@functools.cache
def _misplaced_root_keys() -> dict[str, str]:
    """One-word root keys that are preserved in a nested scope (rules/allowlist.json `misplaced_root_keys`)."""
    from flexlint.datafiles import load_json

    table = load_json("rules", "allowlist.json").get("misplaced_root_keys", {})
    return {k: v for k, v in table.items() if not k.startswith("$")}


@functools.lru_cache(maxsize=4096)  # the same custom keys recur on every task
def _suggest(allowlist: Allowlist, scope: str, key: str) -> str | None:
    if scope == "root" and key in _misplaced_root_keys():
        return _misplaced_root_keys()[key]
    wanted = _normalise(key)
    for candidate in sorted(allowlist.keys_of(scope)):
        if _normalise(candidate) == wanted:
            return candidate
    close = difflib.get_close_matches(key.lower(), sorted(allowlist.keys_of(scope)), n=1, cutoff=0.88)
    if close:
        return close[0]
    # The right key at the wrong level: {"external_contact": ...} at the root. Only multi-word keys: a bare
    # `source` or `date` at the root is too common a word to guess from.
    if "_" not in _CAMEL.sub("_", key):
        return None
    for other in ("root", *NESTED_SCOPES):
        if other == scope:
            continue
        for candidate in sorted(allowlist.keys_of(other)):
            if _normalise(candidate) == wanted:
                return candidate if other == "root" else f"{other}.{candidate}"
    return None


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _normalise(key: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _CAMEL.sub("_", key).lower())


CHECK = PayloadCheck(
    rules=(DROPPED_ROOT, DROPPED_CONVERSATIONS, DROPPED_CUSTOMERS, NEAR_MISS),
    check_one=_check,
)
