"""Phone numbers as Presidio's PhoneRecognizer finds them (Google's libphonenumber, `phonenumbers`), in 30
regions, with a context rule for bare digit runs and shortcuts that save time without changing a result.

phonenumbers' matcher is the most expensive recognizer: one pass over the text per region, each candidate
parsed with that region's metadata. The shortcuts (each checked against the full 30-region matcher in
tests/detect/test_prefilter.py):

- no 7-digit run with phone separators that is not glued to letters (hex ids, SIDs): no matcher at all;
- every candidate the matcher would try is SSN- or ISO-date-shaped: those are never phones (below), so no
  matcher at all;
- a text that is only "+" and digits needs US and CA only (`plus_only_regions`);
- when the text holds a single candidate with no digit after it and the first region matches it whole, the
  other regions can only add the same span or spans inside it, which Presidio's duplicate removal drops:
  the first region's answer is the answer. Most phone numbers contact centers see are North American, so
  this is the common case for texts that hold one;
- when every candidate is a bare digit run with no phone label or phone context word (`cannot_reach`), the
  matcher could only return results below the threshold: the engine skips it unless the JSON key's words
  could lift them.

Importing this module imports phonenumbers and Presidio: only the engine imports it, lazily.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import phonenumbers
import regex
from phonenumbers import phonenumbermatcher, phonenumberutil
from presidio_analyzer import EntityRecognizer
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

# Regions for national-format numbers (Presidio's default is 8 regions); contact centers see callers from
# everywhere, and each region only costs time on texts that hold a phone-shaped digit run.
# fmt: off
PHONE_REGIONS: tuple[str, ...] = (
    "US", "CA", "GB", "IE", "AU", "NZ", "IN", "DE", "FR", "IT", "ES", "PT", "NL", "BE", "CH", "AT", "DK",
    "SE", "NO", "FI", "IS", "PL", "CZ", "HU", "GR", "CY", "IL", "BR", "MX", "ZA",
)
# fmt: on

BARE_DIGITS_PHONE_SCORE = 0.1
# A value written exactly as an SSN (123-45-6789) or an ISO calendar date (1979-03-17) is never a phone:
# 666-12-3456 would otherwise be a Spanish mobile and 19790317 a Danish number. The SSN and date
# recognizers report them for what they are.
_DATE = r"(?:19|20)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_NEVER_PHONE_VALUE = regex.compile(rf"\d{{3}}-\d{{2}}-\d{{4}}|{_DATE}")
_NEVER_PHONE_CANDIDATE = regex.compile(rf"[0-9]{{3}}-[0-9]{{2}}-[0-9]{{4}}|{_DATE}")
# "3660170548-Fax", "Cell: 4155550132": a phone label glued to or right next to a bare digit run
_PHONE_LABEL_NEARBY = regex.compile(r"(?i)\b(?:fax|office|mobile|cell|home|work|phone|tel|ph|mob)\b")
# A text that is only "+" and digits (Twilio's E.164 from/to numbers) is one candidate for phonenumbers'
# matcher, parsed from its country code: the default region cannot change the result, except that a region
# whose country code it shares without being that code's main region (CA for +1) parses with its own
# metadata. So US + CA give exactly the matches of all PHONE_REGIONS.
_PLUS_DIGITS_ONLY = regex.compile(r"\+[0-9]{6,20}")
# A run of 7+ digits that phonenumbers could read as one number: its separators are the library's own
# punctuation (dashes of every width, slashes, dots, brackets, spaces), and it is not glued to letters.
_PUNCTUATION = getattr(phonenumberutil, "_VALID_PUNCTUATION", "-x\u2010-\u2015\u2212\u30FC\uFF0D-\uFF0F./~")
_PHONE_CANDIDATE = regex.compile(
    rf"(?<![A-Za-z0-9])[+\uFF0B]?[(\uFF08]?\d(?:[{_PUNCTUATION}\s]{{0,3}}\d){{6,}}(?![A-Za-z])"
)
# The matcher's own rule: a candidate holding a slash-separated date ("03/14/1962") is never a number.
_SLASH_DATE = getattr(phonenumbermatcher, "_SLASH_SEPARATED_DATES", None)


class FlexPhoneRecognizer(PhoneRecognizer):  # type: ignore[misc]
    """Presidio's phonenumbers-based recognizer, but a bare digit run needs a phone label next to it.

    With 30 regions almost any 9-11 digit string is a valid number somewhere, so "514690360" (an SSN) or an
    order number would be a phone at Presidio's base score 0.4. Numbers written with separators or a leading
    +, or with a phone label right next to them ("3660170548-Fax"), keep that score; a bare run drops to
    BARE_DIGITS_PHONE_SCORE and needs a context word to cross the threshold.
    """

    def __init__(self, regions: Sequence[str] = PHONE_REGIONS) -> None:
        super().__init__(supported_regions=list(regions), name="PhoneRecognizer")
        self.plus_regions = plus_only_regions(regions)
        self.context_words = frozenset(w.lower() for w in self.context or ())  # as the enhancer compares them

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        if sum(ch.isdigit() for ch in text) < 7 or not _PHONE_CANDIDATE.search(text):
            return []
        candidates = matcher_candidates(text)
        if candidates is not None and all(_never_phone(text[s:e]) for s, e in candidates):
            return []  # nothing, or only SSN- and date-shaped spans, which are never phones (dropped below)
        regions = self.plus_regions if _PLUS_DIGITS_ONLY.fullmatch(text) else self.supported_regions
        results = self._match(text, regions[:1], nlp_artifacts)
        if candidates is None or not covers(text, results, candidates):
            results = self._match(text, regions, nlp_artifacts)
        return self.filtered(text, results)

    def cannot_reach(self, text: str, nlp_artifacts: Any, min_score: float) -> bool:
        """True when nothing the matcher finds in `text` could reach `min_score` without the JSON key's help:
        every candidate is a bare digit run (so every match is one, at BARE_DIGITS_PHONE_SCORE), no phone
        label is near it, and no lemma of the text is one of this recognizer's context words (so Presidio's
        whole-word context enhancement cannot lift it). Record and order numbers are the usual case; the
        engine then runs the matcher only for a key whose words could lift the score (`lifted_by`)."""
        if min_score <= BARE_DIGITS_PHONE_SCORE or _PHONE_LABEL_NEARBY.search(text):
            return False
        candidates = matcher_candidates(text)
        if not candidates or not all(text[s:e].isdigit() for s, e in candidates):
            return False
        if text.isascii() and not any(word in text.lower() for word in self.context_words):
            return True  # lemmas are prefixes of lower-cased tokens (nlp.cheap_lemma): none can be a context word
        lemmas = getattr(nlp_artifacts, "lemmas", None)
        if lemmas is None:
            return False
        return not self.lifted_by(lemmas)

    def lifted_by(self, words: Sequence[str]) -> bool:
        """Whether context enhancement would find a supportive word among `words` (whole-word, any case)."""
        return any(str(w).lower() in self.context_words for w in words)

    def filtered(self, text: str, results: list[Any]) -> list[Any]:
        """The matcher's results without never-phone shapes, bare digit runs scored down."""
        kept = []
        for r in results:
            value = text[r.start : r.end]
            if _NEVER_PHONE_VALUE.fullmatch(value):
                continue
            if value.isdigit() and not _PHONE_LABEL_NEARBY.search(
                text[max(0, r.start - 12) : r.start] + " " + text[r.end : r.end + 12]
            ):
                r.score = min(r.score, BARE_DIGITS_PHONE_SCORE)
            kept.append(r)
        return kept

    def _match(self, text: str, regions: Sequence[str], nlp_artifacts: Any) -> list[Any]:
        """PhoneRecognizer.analyze over `regions` (same code, same results for the same regions)."""
        results = []
        for region in regions:
            for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=self.leniency):
                try:
                    parsed_number = phonenumbers.parse(text[match.start : match.end])
                    region = phonenumbers.region_code_for_number(parsed_number)
                    results.append(self._get_recognizer_result(match, text, region, nlp_artifacts))
                except phonenumbers.NumberParseException:
                    results.append(self._get_recognizer_result(match, text, region, nlp_artifacts))
        return EntityRecognizer.remove_duplicates(results)  # type: ignore[no-any-return]


def phone_recognizer() -> EntityRecognizer:
    return FlexPhoneRecognizer()


def matcher_candidates(text: str) -> list[tuple[int, int]] | None:
    """The spans phonenumbers' matcher tries in `text`, in order, when none of them yields a partial match.

    The matcher scans with its _PATTERN (the same in every region) and cuts a candidate where a second
    number starts. After a candidate it goes on from the candidate's end, whether the candidate matched whole
    or not at all; only an "inner match" (part of a candidate) makes it go on from elsewhere. None when
    phonenumbers' private names change: callers then take the slow path.
    """
    pattern = getattr(phonenumbermatcher, "_PATTERN", None)
    second = getattr(phonenumbermatcher, "_SECOND_NUMBER_START_PATTERN", None)
    if pattern is None or second is None:
        return None
    out: list[tuple[int, int]] = []
    index = 0
    while (m := pattern.search(text, index)) is not None:
        candidate = text[m.start() : m.end()]
        cut = second.search(candidate)
        length = cut.start() if cut else len(candidate)
        out.append((m.start(), m.start() + length))
        index = m.start() + length
    return out


def covers(text: str, results: Sequence[Any], candidates: Sequence[tuple[int, int]]) -> bool:
    """The text's one candidate is matched whole, and no digit follows it.

    Another region's matcher then tries the same candidate first: it matches it whole (the same span), or
    not at all, or matches a part and scans on from there. Whatever that later scan finds starts inside the
    candidate and, with no digit after it, ends inside it too: a span inside the first region's, at the
    same score, which duplicate removal drops. (With a second candidate, or digits after the first, a
    rescan from inside can join numbers the first region saw apart: the full matcher runs.)"""
    if len(candidates) != 1:
        return False
    start, end = candidates[0]
    if any(ch.isdigit() for ch in text[end:]):
        return False
    return any(r.start == start and r.end == end for r in results)


def _never_phone(candidate: str) -> bool:
    """No region's matcher gives a phone for this candidate that the recognizer keeps: an SSN- or ISO-date-
    shaped one (dropped), or one the matcher itself skips as a slash-separated date."""
    return bool(_NEVER_PHONE_CANDIDATE.fullmatch(candidate) or (_SLASH_DATE and _SLASH_DATE.search(candidate)))


def only_never_phone_candidates(text: str) -> bool:
    """True when the matcher would try something and every candidate is a never-phone shape."""
    candidates = matcher_candidates(text)
    return bool(candidates) and all(_never_phone(text[s:e]) for s, e in candidates)


def plus_only_regions(regions: Sequence[str]) -> tuple[str, ...]:
    """Regions whose matcher results can differ on a "+digits" text: the first region, plus every region
    that is not the main region of its country code (it parses such numbers with its own metadata)."""
    out = [regions[0]]
    for region in regions[1:]:
        code = phonenumbers.country_code_for_region(region)
        if phonenumbers.region_code_for_country_code(code) != region:
            out.append(region)
    return tuple(out)
