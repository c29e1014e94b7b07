"""People: drop PERSON results that are no one's name; add the names the recognizers missed.

Drops: a lone NER word with no name key, digits or "@" inside, greetings and roles ("Hi Team"), a first
name used as a verb at the start of an instruction ("Mark as resolved"), a cue followed by ordinary words
("transfer to Spanish"), and dictionary words the NER guessed. Adds: name evidence (a given name plus a
second clue, name_evidence.py) and propagation (repeats and list siblings of a found name, propagation.py).
"""

from __future__ import annotations

import re

from flexlint.detect.refining.context import NO_LEXICON, Refinement
from flexlint.detect.refining.lexicon import WordLexicon
from flexlint.detect.refining.name_evidence import name_evidence
from flexlint.detect.refining.ner_hits import cued, lone_word_ner_without_key, ordinary_ner_words
from flexlint.detect.refining.propagation import propagate_person_names
from flexlint.detect.refining.words import IMPERATIVE_FOLLOWERS, IMPERATIVE_NAMES, NOT_NAME_WORDS, NOT_NAMES
from flexlint.detect.results import Raw

_WORD_AFTER = re.compile(r"[\s,:;-]*([A-Za-z']+)")
_SENTENCE_START = re.compile(r"(?:^|[.!?\n]\s*|^\W*)$")


def bad_person(text: str, r: Raw, lexicon: WordLexicon = NO_LEXICON) -> bool:
    value = text[r.start : r.end]
    if r.recognizer == "MiddleInitialNameRecognizer":
        words = value.split()
        if lexicon and (lexicon.is_ordinary(words[0]) or lexicon.is_ordinary(words[-1])):
            return True  # "Sai's T Restaurant", "Blood A Positive"
    if "@" in value or any(ch.isdigit() for ch in value) or "/" in value:
        return True
    if r.recognizer == "CuedPersonRecognizer" and lexicon:
        words = value.split()
        if words and all(lexicon.is_ordinary(w) and not lexicon.is_name(w) for w in words):
            # "transfer to Spanish", "ask for Details", "transferred to Lab Results": a cue, then ordinary
            # words (a queue's name)
            return True
    if not any(ch.isalpha() for ch in value):
        return True
    word = value.strip().lower()
    if word in NOT_NAMES or word.split(" ", 1)[0] in NOT_NAMES:
        return True
    if r.recognizer == "SpacyRecognizer" and value.islower() and " " not in value.strip():
        return True  # a lone lower-case word: the sm NER's guesses there are almost always common words
    if word in IMPERATIVE_NAMES and _SENTENCE_START.search(text[: r.start]) is not None:
        m = _WORD_AFTER.match(text, r.end)
        if m is None or m.group(1).lower() in IMPERATIVE_FOLLOWERS:
            return True
    return False



def drop_false_persons(ref: Refinement, found: list[Raw]) -> list[Raw]:
    text, lexicon = ref.text, ref.lexicon
    return [
        r
        for r in found
        if r.entity != "PERSON"
        or not (
            lone_word_ner_without_key(text, r, ref.key_words)
            or bad_person(text, r, lexicon)
            or ordinary_ner_words(text, r, lexicon, cued(r, ref.cued_spans, ref.key_words))
        )
    ]


def add_name_evidence(ref: Refinement, found: list[Raw]) -> list[Raw]:
    """Names the recognizers missed: given-name list + a cue, a surname, a speaker label, ..."""
    if not ref.lexicon:
        return found
    return found + ref.admit(name_evidence(ref.text, found, NOT_NAME_WORDS, ref.lexicon))


def propagate_names(ref: Refinement, found: list[Raw]) -> list[Raw]:
    if not any(r.entity == "PERSON" for r in found):
        return found
    return found + ref.admit(propagate_person_names(ref.text, found, NOT_NAME_WORDS, ref.lexicon))
