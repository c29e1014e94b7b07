"""Load flexlint's YAML recognizer definitions into Presidio PatternRecognizers, and pick Presidio's own.

The YAML format is Presidio's (`conf/example_recognizers.yaml`: name, supported_language, supported_entity,
patterns[name, regex, score], context, deny_list, deny_list_score) plus optional flexlint keys that
Presidio's own loader does not know:

- `validator: NAME` - a checksum from `validators.VALIDATORS`: pass -> score 1.0, fail -> dropped.
- `filter: NAME` - a plausibility rule from `validators.FILTERS`: fail -> dropped, pass -> score unchanged
  (so low-score patterns still need a context word to cross the threshold).
- `case_sensitive: true` - compile without IGNORECASE (Presidio's default flags ignore case), for patterns
  that rely on capitalisation (month names, state codes, VIN letters).
- `match: gazetteer` (+ `cue_words`) - the deny_list is a large name list matched by phrase lookup
  (flexlint/detect/gazetteer.py) instead of one giant regex alternation.

Importing this module imports Presidio: only the engine imports it, lazily.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import regex
import yaml
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer

from flexlint.detect import validators
from flexlint.detect.nlp import LANGUAGE

_FLEX_KEYS = ("validator", "filter", "case_sensitive")
# libyaml's C loader parses the 35k-name gazetteer ~10x faster than the pure-Python one
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DEFAULT_FLAGS = regex.DOTALL | regex.MULTILINE | regex.IGNORECASE


class FlexPatternRecognizer(PatternRecognizer):  # type: ignore[misc]
    """A PatternRecognizer whose checksum / plausibility checks are named functions from validators.py."""

    def __init__(
        self,
        *,
        validator: str | None = None,
        filter: str | None = None,
        case_sensitive: bool = False,
        **kwargs: Any,
    ) -> None:
        if validator is not None and validator not in validators.VALIDATORS:
            raise ValueError(f"unknown validator {validator!r}")
        if filter is not None and filter not in validators.FILTERS:
            raise ValueError(f"unknown filter {filter!r}")
        flags = regex.DOTALL | regex.MULTILINE if case_sensitive else _DEFAULT_FLAGS
        super().__init__(global_regex_flags=flags, **kwargs)
        self._validator = validators.VALIDATORS[validator] if validator else None
        self._filter = validators.FILTERS[filter] if filter else None

    def validate_result(self, pattern_text: str) -> bool | None:
        return self._validator(pattern_text) if self._validator else None

    def invalidate_result(self, pattern_text: str) -> bool | None:
        return (not self._filter(pattern_text)) if self._filter else None


def recognizers_from_yaml(path: Path) -> list[EntityRecognizer]:
    """Parse one YAML file (Presidio's format plus the flexlint keys above)."""
    with path.open(encoding="utf-8") as stream:
        doc = yaml.load(stream, Loader=_YAML_LOADER) or {}
    out: list[EntityRecognizer] = []
    for spec in doc.get("recognizers", []):
        spec = dict(spec)
        if spec.get("match") == "gazetteer":
            # a large deny_list matched by phrase lookup, not a regex alternation (see gazetteer.py)
            from flexlint.detect.gazetteer import make_gazetteer_recognizer

            out.append(make_gazetteer_recognizer(spec))  # type: ignore[arg-type]
            continue
        flex = {k: spec.pop(k) for k in _FLEX_KEYS if k in spec}
        patterns = [Pattern.from_dict(p) for p in spec.pop("patterns", []) or []]
        out.append(
            FlexPatternRecognizer(
                supported_entity=spec.pop("supported_entity"),
                name=spec.pop("name"),
                supported_language=spec.pop("supported_language", LANGUAGE),
                patterns=patterns,
                deny_list=spec.pop("deny_list", None),
                deny_list_score=spec.pop("deny_list_score", 1.0),
                context=spec.pop("context", None),
                **flex,
            )
        )
        if spec:
            raise ValueError(f"{path.name}: unknown recognizer keys {sorted(spec)}")
    return out


def load_recognizer_files(paths: Iterable[Path]) -> list[EntityRecognizer]:
    result: list[EntityRecognizer] = []
    for path in paths:
        result.extend(recognizers_from_yaml(path))
    return result


# Presidio's predefined recognizers that flexlint keeps, by class name. Dropped on purpose:
# UsBankRecognizer and UsLicenseRecognizer (low-score noise on every digit string, notes §5; flexlint has
# context-gated replacements), UsSsnRecognizer (rejects 123-45-6789 and applies no SSA area rules: replaced),
# UsNpiRecognizer (a Luhn pass lifts any 10-digit phone starting 1/2 to 1.0: replaced by a context-gated
# one), UuidRecognizer and CryptoRecognizer (system ids in Flex payloads), NhsRecognizer (UK; mod-11 passes
# one 10-digit phone in 11), CreditCardRecognizer (Luhn without issuer-length rules lifts Luhn-valid
# IMEIs to 1.0: replaced), SpacyRecognizer's DATE_TIME/NRP (see nlp.py).
KEPT_PRESIDIO_RECOGNIZERS: tuple[str, ...] = (
    "EmailRecognizer",
    "IbanRecognizer",
    "IpRecognizer",
    "UrlRecognizer",
    "DateRecognizer",
    "MedicalLicenseRecognizer",
    "UsPassportRecognizer",
    "UsItinRecognizer",
    "MacAddressRecognizer",
    "SpacyRecognizer",
)

# Regions for phonenumbers-based phone detection (Presidio's default is 8 regions); contact centers see
# callers from everywhere, and each region only costs time on texts that contain digits.
# fmt: off
PHONE_REGIONS: tuple[str, ...] = (
    "US", "CA", "GB", "IE", "AU", "NZ", "IN", "DE", "FR", "IT", "ES", "PT", "NL", "BE", "CH", "AT", "DK",
    "SE", "NO", "FI", "IS", "PL", "CZ", "HU", "GR", "CY", "IL", "BR", "MX", "ZA",
)
# fmt: on


BARE_DIGITS_PHONE_SCORE = 0.1
_SSN_SHAPE = regex.compile(r"\d{3}-\d{2}-\d{4}")
# "3660170548-Fax", "Cell: 4155550132": a phone label glued to or right next to a bare digit run
_PHONE_LABEL_NEARBY = regex.compile(r"(?i)\b(?:fax|office|mobile|cell|home|work|phone|tel|ph|mob)\b")
_PHONE_CANDIDATE = regex.compile(r"(?<![A-Za-z0-9])\+?\(?\d(?:[\s().-]{0,3}\d){6,}(?![A-Za-z])")


def _phone_recognizer() -> EntityRecognizer:
    """Presidio's phonenumbers-based recognizer, but a bare digit run needs a context word.

    With 30 regions almost any 9-11 digit string is a valid number somewhere, so "514690360" (an SSN) or
    an order number would be a phone at Presidio's base score 0.4. Numbers written with separators or a
    leading +, or with a phone label right next to them ("3660170548-Fax"), keep that score. A value
    written exactly in the SSN shape (123-45-6789) is never a phone (666-12-3456 would otherwise be a
    Spanish mobile).
    """
    from presidio_analyzer.predefined_recognizers import PhoneRecognizer

    class FlexPhoneRecognizer(PhoneRecognizer):  # type: ignore[misc]
        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
            # phonenumbers' matcher is the most expensive recognizer (x30 regions): run it only when the text
            # holds a run of 7+ digits with phone separators that is not glued to letters (hex ids, SIDs)
            if sum(ch.isdigit() for ch in text) < 7 or not _PHONE_CANDIDATE.search(text):
                return []
            results = super().analyze(text, entities, nlp_artifacts)
            kept = []
            for r in results:
                value = text[r.start : r.end]
                if _SSN_SHAPE.fullmatch(value):
                    continue
                if value.isdigit() and not _PHONE_LABEL_NEARBY.search(
                    text[max(0, r.start - 12) : r.start] + " " + text[r.end : r.end + 12]
                ):
                    r.score = min(r.score, BARE_DIGITS_PHONE_SCORE)
                kept.append(r)
            return kept

    return FlexPhoneRecognizer(supported_regions=list(PHONE_REGIONS), name="PhoneRecognizer")


def presidio_recognizers(ner: bool) -> list[EntityRecognizer]:
    """Instances of the Presidio recognizers flexlint keeps, plus the disabled-by-default PHI ones."""
    from presidio_analyzer import predefined_recognizers as pr

    out: list[EntityRecognizer] = []
    for name in KEPT_PRESIDIO_RECOGNIZERS:
        if name == "SpacyRecognizer":
            if ner:
                # Only PERSON and LOCATION: DATE_TIME and NRP are the notes' main false-positive sources.
                out.append(pr.SpacyRecognizer(supported_entities=["PERSON", "LOCATION"]))
            continue
        out.append(getattr(pr, name)())
    out.append(_phone_recognizer())
    # Shipped but disabled in Presidio's default list; relevant for PHI (FLX309).
    out.append(pr.UsMbiRecognizer())
    out.append(pr.UsHealthInsuranceMemberIdRecognizer())
    return out


def entity_names(recognizers: Sequence[EntityRecognizer]) -> set[str]:
    names: set[str] = set()
    for r in recognizers:
        names.update(r.supported_entities)
    return names
