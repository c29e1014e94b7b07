"""Runs the PII/PHI detector engine over the string leaves a payload sends to Insights (FLX301-FLX321).

All leaves of a whole batch go to the engine in one call, so the model sees each distinct string once.
Presidio and spaCy are imported only when this check runs with a detector code selected.
"""

from __future__ import annotations

import functools
import gc
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from flexlint.checks.fields import implied_age_over_limit, is_organization_contact
from flexlint.checks.urls import url_severity
from flexlint.entities import entities, identifier_codes
from flexlint.checks.phi_rules import HEALTH_INFORMATION, IDENTIFIER_RULES, PHI, QUASI_IDENTIFIER
from flexlint.allowlist import hipaa_allowlist
from flexlint.datafiles import load_json
from flexlint.leaves import leaves_of
from flexlint.model import Issue, Leaf, Severity
from flexlint.payload import Payload
from flexlint.studio.template import is_placeholder

if TYPE_CHECKING:
    from flexlint.detect.engine import Detection, DetectorEngine
    from flexlint.settings import Settings

# TaskRouter refuses attributes over 4096 characters (FLX003), so no real value is longer; the cap keeps a
# pathological file (a 1 MB string of "a.a.a.") from stalling a run in Presidio's URL pattern.
MAX_SCANNED_CHARS = 4096
_SID = re.compile(r"^[A-Z]{2}[0-9a-fA-F]{32}$")
# A time of day makes it an event's timestamp; a bare date ("1962-03-14") may be a date of birth and is scanned.
_ISO_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
AGE_CODE = "FLX304"
OTHER_ID_CODE = "FLX317"
_EXTERNAL_CONTACT = ("conversations", "external_contact")
@functools.cache
def engine(ner: bool, extra_recognizers: tuple[str, ...] = (), score_threshold: float = 0.35) -> DetectorEngine:
    """One engine per process and configuration: the model loads once."""
    from flexlint.detect import environment

    environment.require(ner)  # before the engine module, whose own imports need Presidio's `regex`
    from flexlint.detect.engine import DetectorEngine

    built = DetectorEngine(ner=ner, extra_recognizer_files=extra_recognizers, score_threshold=score_threshold)
    # The model, Presidio and their caches are hundreds of thousands of objects that live for the process.
    # Left in the collected generations, every full collection walks them again while a run allocates
    # leaves and findings: freezing them takes ~15% off a run's time (benchmarks/speed.py).
    gc.freeze()
    return built


@functools.cache
def _categorical_fields() -> frozenset[tuple[str, ...]]:
    """Preserved fields that hold numbers, dates or values from a known set: nothing there can be PHI."""
    catalog = load_json("rules", "field-catalog.json")
    out = set()
    for scope in ("root", "conversations", "customers"):
        for key, spec in catalog[scope].items():
            if spec["type"] not in ("text", "url", "any", "media", "reservation_attributes", "object") or (
                "enum" in spec or "known_values" in spec
            ):
                out.add((key,) if scope == "root" else (scope, key))
    return frozenset(out)


def scanned_text(leaf: Leaf, profile: str) -> str | None:
    """The text to scan for a leaf, or None when it cannot carry PHI (or is not sent to Insights)."""
    if leaf.zone != "preserved" and profile != "strict":
        return None
    if leaf.path[:2] in _categorical_fields():
        return None
    value = leaf.value
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        # A long whole number in a text attribute is an identifier more often than a quantity; numbers deeper
        # down (media start_time, offsets) are timestamps and counters.
        top_level_field = len(leaf.path) == (2 if leaf.path[0] in ("conversations", "customers") else 1)
        return str(value) if top_level_field and isinstance(value, int) and abs(value) >= 100_000 else None
    if not isinstance(value, str):
        return None
    if is_placeholder(value):
        # a Studio template's Liquid tag: the taint analysis (FLX501) judges what it renders; the literal
        # text around it is the template's own. (Checked before the memo: every placeholder equals "<template>".)
        return _scanned_string(value.literal) if value.literal.strip() else None  # type: ignore[attr-defined]
    return _scanned_string_memo(value) if len(value) <= MAX_SCANNED_CHARS else _scanned_string(value)


def _scanned_string(value: str) -> str | None:
    if not value.strip() or _SID.match(value) or _ISO_TIMESTAMP.match(value):
        return None
    # A lone surrogate (a "\ud800" escape in the JSON) cannot be encoded, and spaCy and Presidio fail on it;
    # U+FFFD in its place keeps every offset where it was.
    return value[:MAX_SCANNED_CHARS].encode("utf-16", "surrogatepass").decode("utf-16", "replace")


# The same queue names, outcomes and notes recur on every task (short values only: a memo must stay small).
_scanned_string_memo = functools.lru_cache(maxsize=65536)(_scanned_string)


def context_words(leaf: Leaf) -> tuple[str, ...]:
    """The words of a leaf's key path ("customer_attribute_1" -> customer, attribute): Presidio context."""
    return _context_words(leaf.path)


@functools.lru_cache(maxsize=4096)  # payloads repeat the same few key paths
def _context_words(path: tuple[str | int, ...]) -> tuple[str, ...]:
    words: list[str] = []
    for token in path:
        if isinstance(token, str):
            words.extend(w for w in re.split(r"[_\W\d]+|(?<=[a-z])(?=[A-Z])", token) if len(w) > 1)
    return tuple(w.lower() for w in words)


def mask(value: str) -> str:
    """`Maria Okafor` -> `M**** O*****`: enough to recognise a finding, too little to read the value."""
    return re.sub(r"\w+", lambda m: m.group(0)[0] + "*" * (len(m.group(0)) - 1), value)


LEAF_MEMO_SIZE = 50_000
# (pointer, text): the pointer names the key path one-to-one, and a string hashes once (a path tuple every time)
_LeafMemo = dict[tuple[str, str], tuple["Detection", ...]]


@functools.cache
def _leaf_memo(ner: bool, recognizers: tuple[str, ...], score_threshold: float) -> _LeafMemo:
    """Detections by (leaf pointer, text), one memo per engine configuration (as `engine`)."""
    return {}


class DetectorCheck:
    rules = (*IDENTIFIER_RULES, QUASI_IDENTIFIER, HEALTH_INFORMATION, PHI)

    def run(self, batch: Sequence[Payload], settings: Settings) -> Iterator[tuple[Payload, Issue]]:
        scanned = {id(payload): list(_scanned_leaves(payload, settings)) for payload in batch}
        work = [(id(payload), leaf, text, (leaf.pointer, text)) for payload in batch for leaf, text in scanned[id(payload)]]
        found: dict[int, list[tuple[Leaf, str, Detection]]] = {}
        if not work:
            return self._issues(batch, scanned, found, settings)
        detector = engine(settings.ner, settings.recognizers, settings.score_threshold)
        # The same field holds the same text on task after task (a queue, an outcome, a note): the detections
        # of a (field, text) pair are kept here, before the engine's own memo and its bookkeeping.
        memo = _leaf_memo(settings.ner, settings.recognizers, settings.score_threshold)
        misses = list({memo_key: (leaf, text) for _, leaf, text, memo_key in work if memo_key not in memo}.items())
        if misses:
            analysed = detector.analyze([text for _, (_, text) in misses], [context_words(leaf) for _, (leaf, _) in misses])
            if len(memo) + len(misses) > LEAF_MEMO_SIZE:
                memo.clear()
            for (memo_key, _), detections in zip(misses, analysed, strict=True):
                memo[memo_key] = tuple(detections)
        for key, leaf, text, memo_key in work:
            detections = memo.get(memo_key)
            if detections is None:  # (cleared while this batch was being looked up: ask again)
                detections = tuple(detector.analyze([text], [context_words(leaf)])[0])
            if detections:
                found.setdefault(key, []).extend((leaf, text, d) for d in detections)
        return self._issues(batch, scanned, found, settings)

    def _issues(
        self,
        batch: Sequence[Payload],
        scanned: dict[int, list[tuple[Leaf, str]]],
        found: dict[int, list[tuple[Leaf, str, Detection]]],
        settings: Settings,
    ) -> Iterator[tuple[Payload, Issue]]:
        for payload in batch:
            hits, leaves = found.get(id(payload)), scanned[id(payload)]
            if hits is None:  # most payloads: only the rules that need no detection can fire
                issues = _numeric_identifiers([], [leaf for leaf, _ in leaves]) + _year_of_birth(payload)
                yield from ((payload, issue) for issue in issues)
                continue  # (no identifier and no health term, so no FLX321 either)
            issues = [issue for leaf, text, d in hits if (issue := self._issue(leaf, text, d, settings)) is not None]
            issues += _numeric_identifiers(hits, [leaf for leaf, _ in leaves])
            issues += _year_of_birth(payload)
            issues += _names_reused(hits, leaves, settings.show_values)
            yield from ((payload, issue) for issue in issues)
            yield from ((payload, issue) for issue in _phi(issues))

    def _issue(self, leaf: Leaf, text: str, found: Detection, settings: Settings) -> Issue | None:
        spec = entities().get(found.entity)
        if spec is None:
            return None
        code, severity, description = spec.code, Severity.parse(spec.severity), spec.description
        if found.entity == "URL":
            # free text has words around the URL; a field holding one URL (even "user:pw@host") has none
            free_text = any(ch.isspace() for ch in text.strip())
            url_level = url_severity(text[found.start : found.end], settings.organization_domains, free_text)
            if url_level is None:
                return None  # the organization's own site, Twilio's, a public reference page
            severity = url_level
            if url_level is Severity.ERROR:
                description = "a URL to a person's record"
        where = ".".join(str(t) for t in leaf.path)
        return Issue(
            code=code,
            pointer=leaf.pointer,
            message=f"`{where}` may hold {description}",
            severity=severity,
            entity=found.entity,
            score=found.score,
            span=(found.start, found.end),
            shown_value=mask(text[found.start : found.end]) if settings.show_values else None,
            detected_by=found.recognizer,
        )


def _scanned_leaves(payload: Payload, settings: Settings) -> Iterator[tuple[Leaf, str]]:
    if not isinstance(payload.attributes, dict):
        return
    strict = settings.profile == "strict"
    if strict:
        leaves: Sequence[Leaf] = payload.leaves
    else:  # what reaches Insights, less the fields that cannot carry PHI (never walked)
        allowlist = hipaa_allowlist(payload.extra_preserved)
        leaves = leaves_of(payload.attributes, allowlist, preserved_only=True, skip=_categorical_fields())
    for leaf in leaves:
        value = leaf.value
        if not strict and type(value) is str and len(value) <= MAX_SCANNED_CHARS:
            # scanned_text's answer for a plain string of a preserved, non-categorical field (all this walk
            # yields), without its checks
            text = _scanned_string_memo(value)
        else:
            text = scanned_text(leaf, settings.profile)
        if text is None:
            continue
        if leaf.path == _EXTERNAL_CONTACT and is_organization_contact(text, settings.organization_contacts):
            continue  # the organization's own number is expected there (FLX402 judges the rest)
        yield leaf, text


def _numeric_identifiers(hits: list[tuple[Leaf, str, Detection]], leaves: list[Leaf]) -> list[Issue]:
    """A long whole number in a text attribute that no recognizer placed: an identifier of some kind (R)."""
    placed = {leaf.pointer for leaf, _, _ in hits}
    return [
        Issue(OTHER_ID_CODE, leaf.pointer, f"`{'.'.join(map(str, leaf.path))}` is a {len(str(abs(leaf.value)))}-digit "
              "number in a text attribute: an identifier more often than a quantity",
              entity="OTHER_ID", score=0.4, span=(0, len(str(leaf.value))), detected_by="numeric-attribute")
        for leaf in leaves
        if isinstance(leaf.value, int) and not isinstance(leaf.value, bool) and leaf.pointer not in placed
    ]


def _year_of_birth(payload: Payload) -> list[Issue]:
    customers = payload.attributes.get("customers") if isinstance(payload.attributes, dict) else None
    if not isinstance(customers, dict) or not implied_age_over_limit(customers.get("year_of_birth")):
        return []
    return [
        Issue(AGE_CODE, "/customers/year_of_birth", "`customers.year_of_birth` implies an age over 89",
              entity="AGE_OVER_89", score=1.0, detected_by="year-of-birth")
    ]


def _names_reused(
    hits: list[tuple[Leaf, str, Detection]], scanned: list[tuple[Leaf, str]], show_values: bool
) -> list[Issue]:
    """A person's surname found in one field and repeated in another (an employer, a relative's business).

    Safe Harbor covers the names of the individual's relatives and employers too; "Okafor Family Bakery" in
    customers.organization next to "Maria Okafor" in the content names the patient's family business.
    """
    surnames: dict[str, str] = {}
    for leaf, text, detection in hits:
        if detection.entity == "PERSON" and detection.score >= 0.85:
            words = re.findall(r"[A-Z][a-z]{2,}", text[detection.start : detection.end])
            if len(words) >= 2:
                surnames.setdefault(words[-1], leaf.pointer)
    flagged = {leaf.pointer for leaf, _, d in hits if d.entity == "PERSON"}
    issues = []
    for leaf, text in scanned:
        # Employers and relatives are described in the customers object; a queue or team named like a
        # surname elsewhere is the organization's own vocabulary.
        if leaf.path[0] != "customers" or leaf.pointer in flagged:
            continue
        for surname, source in surnames.items():
            match = re.search(rf"\b{surname}\b", text)
            if match and source != leaf.pointer:
                where = ".".join(str(t) for t in leaf.path)
                issues.append(Issue(
                    code="FLX301", pointer=leaf.pointer, severity=Severity.ERROR, entity="PERSON", score=0.6,
                    detected_by="surname-reused",
                    span=(match.start(), match.end()), shown_value=mask(match.group(0)) if show_values else None,
                    message=f"`{where}` repeats a surname found at {source} (a relative or employer of the person)",
                ))
                break
    return issues


def _phi(issues: list[Issue]) -> Iterator[Issue]:
    """FLX321 at each health-information leaf of a payload that also holds an error-level identifier."""
    identifiers = [i for i in issues if i.code in identifier_codes() and i.severity == Severity.ERROR]
    if not identifiers:
        return
    first = identifiers[0]
    others = len({(i.code, i.pointer) for i in identifiers}) - 1
    more = f" and {others} more identifier{'s' if others != 1 else ''}" if others > 0 else ""
    for pointer in dict.fromkeys(i.pointer for i in issues if i.code == HEALTH_INFORMATION.code):
        yield Issue(
            code=PHI.code,
            pointer=pointer,
            message=f"health information in the same payload as {first.code} at {first.pointer}{more}: this is PHI",
        )


CHECK = DetectorCheck()
