"""Rules for the NER's PERSON and LOCATION hits: which of them are only ordinary words.

The sm model tags capitalised dictionary words, lone words and lower-case phrases; these rules tell such
guesses from names and places, using the lexicon and the words of the JSON key. Shared by people.py and
places.py.
"""

from __future__ import annotations

import re

from flexlint.detect.geo import COARSE_PLACES, PLACE_FEATURE_WORDS
from flexlint.detect.refining.lexicon import WordLexicon
from flexlint.detect.refining.words import LOCATION_KEY_WORDS, PERSON_KEY_WORDS
from flexlint.detect.results import Raw


def ordinary_ner_words(text: str, r: Raw, lexicon: WordLexicon, cued: bool) -> bool:
    """An NER PERSON/LOCATION hit that is just ordinary English: a lone capitalised dictionary word with no
    name cue ("Wisdom and Discipline", "Spoke with ...", "Tales"), or a lower-case span of dictionary words
    ("asthma inhaler"). Names ("Hope", "Castro"), known cities and non-words ("Okafor") are kept."""
    if r.recognizer != "SpacyRecognizer" or cued or not lexicon:
        return False
    words = [w for w in re.split(r"[\s\-/]+", text[r.start : r.end]) if w.strip(".,'’")]
    if not words:
        return False
    if r.entity == "LOCATION" and _ordinary_place_words(text[r.start : r.end], words, lexicon):
        return True
    if len(words) == 1:
        # all-caps tokens are abbreviations ("NY", "SD"), not ordinary words
        return not words[0].isupper() and lexicon.is_ordinary(words[0])
    if all(w.islower() for w in words):
        return all(lexicon.is_ordinary(w) for w in words)
    return False


def _ordinary_place_words(value: str, words: list[str], lexicon: WordLexicon) -> bool:
    """A LOCATION made only of dictionary words that name no known place: "Transferred to Nurse Line",
    "Billing" (a contact center's queue names). A surname is no reason to keep a *place* ("Billing" is one),
    so unlike is_ordinary this ignores the name list; known places ("Reading", "Long Beach") are kept."""
    lowered = [w.lower() for w in words]
    if value.lower() in lexicon.places or any(w.isupper() for w in words):
        return False
    if any(w in COARSE_PLACES or w in PLACE_FEATURE_WORDS for w in lowered) or value.lower() in COARSE_PLACES:
        return False  # "Italy" (reported as coarse, not dropped as a word), "Bodega Bay"
    return all(lexicon.is_english(w) and w not in lexicon.places for w in lowered)


def lone_word_ner_without_key(text: str, r: Raw, context: frozenset[str]) -> bool:
    if r.recognizer != "SpacyRecognizer" or any(ch.isspace() for ch in text.strip()):
        return False
    words = PERSON_KEY_WORDS if r.entity == "PERSON" else LOCATION_KEY_WORDS
    return not (context & words)


def cued(r: Raw, cued_spans: list[tuple[str, int, int]], context: frozenset[str]) -> bool:
    """Another recognizer found the same entity there, or the JSON key names a person or a place."""
    if context & (PERSON_KEY_WORDS if r.entity == "PERSON" else LOCATION_KEY_WORDS):
        return True
    return any(e == r.entity and s < r.end and r.start < t for e, s, t in cued_spans)
