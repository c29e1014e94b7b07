"""Places: drop LOCATION results that are no place, and report countries and US states apart.

A place with digits or "@" in it, a month ("in March"), or dictionary words the NER guessed is dropped; a
country or US state becomes STATE_OR_COUNTRY (FLX318, a quasi-identifier: Safe Harbor allows them).
"""

from __future__ import annotations

from flexlint.detect.geo import COARSE_PLACE_ENTITY, COARSE_PLACES, US_STATE_CODES
from flexlint.detect.refining.context import Refinement
from flexlint.detect.refining.ner_hits import cued, lone_word_ner_without_key, ordinary_ner_words
from flexlint.detect.refining.words import CALENDAR_WORDS
from flexlint.detect.results import Raw


def _bad_location(text: str, r: Raw) -> bool:
    value = text[r.start : r.end]
    if "@" in value or any(ch.isdigit() for ch in value):
        return True
    return value.strip(" .,").lower() in CALENDAR_WORDS  # "in March" is a month, not March (Cambridgeshire)


def _as_coarse_place(text: str, r: Raw) -> Raw:
    """Countries and US states are not "smaller than a state": Safe Harbor allows them, so they are not
    FLX302 but a quasi-identifier (FLX318, info), an entity of their own. A state's postal code counts
    only as written ("lives in CA"; "or", "in" and "me" are words)."""
    value = text[r.start : r.end].strip(" .,")
    if value.lower().removeprefix("the ") in COARSE_PLACES or value in US_STATE_CODES:
        return Raw(COARSE_PLACE_ENTITY, r.start, r.end, r.score, r.recognizer)
    return r



def drop_false_places(ref: Refinement, found: list[Raw]) -> list[Raw]:
    text = ref.text
    out: list[Raw] = []
    for r in found:
        if r.entity == "LOCATION":
            if lone_word_ner_without_key(text, r, ref.key_words) or _bad_location(text, r):
                continue
            r = _as_coarse_place(text, r)
            if r.entity == "LOCATION" and ordinary_ner_words(
                text, r, ref.lexicon, cued(r, ref.cued_spans, ref.key_words)
            ):
                continue
        out.append(r)
    return out
