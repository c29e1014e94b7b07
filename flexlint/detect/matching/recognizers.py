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
  (flexlint/detect/matching/gazetteer.py) instead of one giant regex alternation.
- `requires` - a prefilter (see `Prefilter`): a list of alternatives `{min_digits: N, keywords: [...]}`;
  on a pattern, the same for that pattern alone;
  the engine skips the recognizer on a text that meets none of them. It must be a *necessary* condition of
  every pattern (it only saves time, never changes a result); tests/detect/test_prefilter.py checks that.

Importing this module imports Presidio: only the engine imports it, lazily.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import regex
import yaml
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer

from flexlint.detect.matching import validators
from flexlint.detect.nlp import LANGUAGE
from flexlint.detect.matching.phone import phone_recognizer

_FLEX_KEYS = ("validator", "filter", "case_sensitive")
_PREFILTER_KEYS = frozenset({"min_digits", "keywords"})
# libyaml's C loader parses the 35k-name gazetteer ~10x faster than the pure-Python one
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DEFAULT_FLAGS = regex.DOTALL | regex.MULTILINE | regex.IGNORECASE


class TextFeatures:
    """What prefilters look at, computed once per text: digit count, lower-case text (ASCII texts only)."""

    __slots__ = ("text", "digits", "lower")

    def __init__(self, text: str) -> None:
        self.text = text
        # str.isdigit is a superset of regex \d (Unicode Nd), so this never under-counts a pattern's digits
        self.digits = sum(map(str.isdigit, text))
        # Case-insensitive regexes match some non-ASCII letters to ASCII ones (Kelvin sign ~ k, long s ~ s),
        # so lower-case keyword checks are only trusted on ASCII texts.
        self.lower = text.lower() if text.isascii() else None


class Prefilter:
    """Necessary conditions for a recognizer to match: a text that meets none of the alternatives is skipped.

    An alternative holds when the text has at least `min_digits` digits and (if `keywords` are given)
    contains one of them. Keywords are lower-case substrings; one with a letter is compared with the
    lower-cased text, and only on ASCII texts (on other texts it counts as present).
    """

    __slots__ = ("alternatives", "min_digits", "_bare_min", "_keyed")

    def __init__(self, alternatives: Sequence[dict[str, Any]]) -> None:
        alts: list[tuple[int, tuple[str, ...], tuple[str, ...]]] = []
        for alt in alternatives:
            unknown = set(alt) - _PREFILTER_KEYS
            if unknown:
                raise ValueError(f"unknown prefilter keys {sorted(unknown)}")
            words = [str(w) for w in alt.get("keywords") or ()]
            if any(w != w.lower() or not w for w in words):
                raise ValueError("prefilter keywords must be non-empty and lower-case")
            symbols = tuple(w for w in words if not any(ch.isalpha() for ch in w))
            letters = tuple(w for w in words if any(ch.isalpha() for ch in w))
            alts.append((int(alt.get("min_digits", 0)), symbols, letters))
        if not alts:
            raise ValueError("a prefilter needs at least one alternative")
        self.alternatives = tuple(alts)
        self.min_digits = min(a[0] for a in alts)
        # passes() runs for every recognizer on every text: the alternatives without keywords (most of them)
        # come down to one digit count, and the others are looked at only when that fails
        bare = [a[0] for a in alts if not a[1] and not a[2]]
        self._bare_min = min(bare) if bare else None
        self._keyed = tuple(a for a in alts if a[1] or a[2])

    def passes(self, f: TextFeatures) -> bool:
        digits = f.digits
        if digits < self.min_digits:
            return False
        if self._bare_min is not None and digits >= self._bare_min:
            return True
        for min_digits, symbols, letters in self._keyed:
            if digits < min_digits:
                continue
            text = f.text
            for word in symbols:
                if word in text:
                    return True
            if letters:
                lower = f.lower
                if lower is None:
                    return True
                for word in letters:
                    if word in lower:
                        return True
        return False


# Prefilters of the Presidio recognizers flexlint keeps (regexes in presidio_analyzer.predefined_recognizers)
PRESIDIO_PREFILTERS: dict[str, list[dict[str, Any]]] = {
    "EmailRecognizer": [{"keywords": ["@"]}],  # [@]
    "IbanRecognizer": [{"min_digits": 2}],  # [A-Z]{2}[0-9]{2}...
    "IpRecognizer": [{"keywords": [".", ":"]}],  # IPv4 dots, IPv6 colons
    "UrlRecognizer": [{"keywords": ["."]}],  # [.] before the TLD
    # every date pattern has a digit and a / - or . separator
    "DateRecognizer": [{"min_digits": 1, "keywords": ["/", "-", "."]}],
    "MedicalLicenseRecognizer": [{"min_digits": 7}],  # \d{7}
    "UsPassportRecognizer": [{"min_digits": 8}],  # [0-9]{9} or [A-Z][0-9]{8}
    "UsItinRecognizer": [{"min_digits": 9}],
    "MacAddressRecognizer": [{"keywords": [":", "-", "."]}],
    "UsMbiRecognizer": [{"min_digits": 5}],
    "UsHealthInsuranceMemberIdRecognizer": [{"min_digits": 1}],  # (?=[A-Z0-9-]*\d)
    # FlexPhoneRecognizer runs phonenumbers only on 7+ digits
    "FlexPhoneRecognizer": [{"min_digits": 7}],
}


def prefilter_of(recognizer: EntityRecognizer) -> Prefilter | None:
    """The recognizer's prefilter: from its YAML `requires`, or PRESIDIO_PREFILTERS by class name."""
    found = getattr(recognizer, "prefilter", None)
    if found is not None:
        return found  # type: ignore[no-any-return]
    spec = PRESIDIO_PREFILTERS.get(type(recognizer).__name__)
    return Prefilter(spec) if spec else None


class FlexPatternRecognizer(PatternRecognizer):  # type: ignore[misc]
    """A PatternRecognizer whose checksum / plausibility checks are named functions from validators.py."""

    prefilter: Prefilter | None = None  # from the YAML `requires` key
    pattern_prefilters: dict[str, Prefilter] = {}  # noqa: RUF012 (replaced per instance) pattern name -> its own `requires`

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
            from flexlint.detect.matching.gazetteer import make_gazetteer_recognizer

            out.append(make_gazetteer_recognizer(spec))  # type: ignore[arg-type]
            continue
        flex = {k: spec.pop(k) for k in _FLEX_KEYS if k in spec}
        requires = spec.pop("requires", None)
        patterns, pattern_prefilters = [], {}
        for entry in spec.pop("patterns", []) or []:
            entry = dict(entry)
            needs = entry.pop("requires", None)  # flexlint key: a prefilter for this pattern alone
            pattern = Pattern.from_dict(entry)
            patterns.append(pattern)
            if needs is not None:
                pattern_prefilters[pattern.name] = Prefilter(needs)
        recognizer = FlexPatternRecognizer(
            supported_entity=spec.pop("supported_entity"),
            name=spec.pop("name"),
            supported_language=spec.pop("supported_language", LANGUAGE),
            patterns=patterns,
            deny_list=spec.pop("deny_list", None),
            deny_list_score=spec.pop("deny_list_score", 1.0),
            context=spec.pop("context", None),
            **flex,
        )
        if requires is not None:
            recognizer.prefilter = Prefilter(requires)
        recognizer.pattern_prefilters = pattern_prefilters
        out.append(recognizer)
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
    out.append(phone_recognizer())
    # Shipped but disabled in Presidio's default list; relevant for PHI (FLX309).
    out.append(pr.UsMbiRecognizer())
    out.append(pr.UsHealthInsuranceMemberIdRecognizer())
    return out


def entity_names(recognizers: Sequence[EntityRecognizer]) -> set[str]:
    names: set[str] = set()
    for r in recognizers:
        names.update(r.supported_entities)
    return names
