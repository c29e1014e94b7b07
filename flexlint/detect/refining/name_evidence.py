"""Name evidence beyond the NER: a given name plus a second, independent clue.

The sm NER misses lone and foreign names and almost every lower-case name. These rules find a name from the
given-name list (rules/recognizers/first_names.txt) plus a second piece of evidence: a surname-shaped next
word, a cue before it, a speaker label, a kinship noun after it, a vocative comma, a gendered pronoun that
refers back to it. A name on the list alone is never enough. Words that are also ordinary English ("Mark",
"Hope", "Grant") need stronger evidence than words that are only names ("Zuzana", "Hanna"). Every rule
checks the lexicon, so without the spaCy model (empty lexicon) none runs. Pure functions on `Raw` records.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import regex

from flexlint.detect.geo import COARSE_PLACE_ENTITY, COARSE_PLACES
from flexlint.detect.refining.lexicon import WordLexicon, strip_possessive
from flexlint.detect.refining.words import (
    BEFORE_NAME,
    BRANDS,
    CHAT_SHORTHAND,
    MONTHS,
    NAME_PARTICLES,
    POSSESSED_BY_PEOPLE,
    WEEKDAYS,
)
from flexlint.detect.results import Raw


EVIDENCE_SCORE = 0.5
_TITLE = r"(?:\p{Lu}['’])?\p{Lu}\p{Ll}+(?:(?:-|['’](?!s\b))\p{Lu}?\p{Ll}+)*"  # no possessive 's
_LOWER = r"\p{Ll}+(?:(?:-|['’](?!s\b))\p{Ll}+)*"
_ANY = r"\p{L}+(?:(?:-|['’](?!s\b))\p{L}+)*"
_EDGE_L = r"(?<![\p{L}\p{N}'’-])"
_EDGE_R = r"(?![\p{L}\p{N}-]|['’](?!s\b))"  # a possessive 's may follow
# "Hanna Ukkonen", "Edi F. Živković": a given name, an optional initial, a capitalised next word
_FULL_TITLE = regex.compile(_EDGE_L + rf"({_TITLE})[ \t]+(?:\p{{Lu}}\.?[ \t]+)?({_TITLE})" + _EDGE_R)
_FULL_LOWER = regex.compile(_EDGE_L + rf"({_LOWER})[ \t]+(?:\p{{Ll}}\.?[ \t]+)?({_LOWER})" + _EDGE_R)
_LONE_TITLE = regex.compile(_EDGE_L + rf"({_TITLE})" + _EDGE_R)
# cues after which a word is a name unless it is ordinary English ("call me back" is not)
_STRONG_CUE = regex.compile(
    r"(?i:\b(?:my name is|my name's|name is|call me|mr|mrs|ms|miss|mx|dr)\.?)[ \t]+"
    rf"({_ANY})(?:[ \t]+({_ANY}))?"
)
# weaker cues: only a given name that is no English word ("this is Maria", not "this is great")
_WEAK_CUE = regex.compile(rf"(?i:\b(?:this is|i am|i'm|i’m|it's|it’s)\.?)[ \t]+({_ANY})(?:[ \t]+({_ANY}))?")
_LIST_ANY = regex.compile(
    _EDGE_L + rf"{_ANY}(?:,[ \t]+{_ANY})+,?[ \t]+(?:and|or|&)[ \t]+{_ANY}" + _EDGE_R
)
_LIST_ITEM = regex.compile(_EDGE_L + _ANY + _EDGE_R)
# "Elizabeth: ...", "mika: \"who are you?\"": a chat transcript's speaker label at the start of a line
_SPEAKER = regex.compile(rf"(?m)^[ \t>]*({_ANY})[ \t]*:(?=[ \t]*\S)")
# kin and what a person has, singular or plural ("Amanda's daughter", "Raj's accounts")
_KIN = "(?:" + "|".join(sorted(map(regex.escape, POSSESSED_BY_PEOPLE), key=len, reverse=True)) + ")s?"
_POSSESSIVE_KIN = regex.compile(_EDGE_L + rf"({_ANY})['’]s[ \t]+{_KIN}\b", regex.IGNORECASE)
_VOCATIVE = regex.compile(
    rf"(?m)^[ \t]*({_TITLE}),[ \t]+(?=(?i:can|could|would|will|please|i|i'm|we|do|did|are|is|have|how|what|"
    r"where|when|why|you|thank|thanks|let|just)\b)"
)
_SENTENCE_SUBJECT = regex.compile(rf"(?:\A|(?<=[.!?][ \t]+))[ \t]*({_TITLE})[ \t]+(?=\p{{Ll}})")
_GENDERED_PRONOUN = regex.compile(r"(?i)\b(?:he|she|him|her|his|hers|himself|herself)\b")
@functools.lru_cache(maxsize=8)
def _evidence_stop_words(stop: frozenset[str]) -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS  # the lexicon exists only with spaCy loaded

    return stop | MONTHS | WEEKDAYS | CHAT_SHORTHAND | BRANDS | frozenset(STOP_WORDS)


class _Words:
    """Word classes for the evidence rules (lower-case lookups in the lexicon)."""

    def __init__(self, lexicon: WordLexicon, stop: frozenset[str]) -> None:
        self.lex = lexicon
        self.stop = _evidence_stop_words(stop)  # built once: clean() runs this for every text

    def _key(self, word: str) -> str:
        return strip_possessive(word).lower()

    def _blocked(self, k: str) -> bool:
        if len(k) < 2 or k in self.stop or k in NAME_PARTICLES:
            return True
        # a place that is also a common name ("Elizabeth", "Young", "Jordan") stays a name candidate
        return (k in self.lex.places or k in COARSE_PLACES) and k not in self.lex.names

    def given(self, word: str) -> bool:
        """Only a given name: "Zuzana", "Amanda" (not "Mark", "Hope": those are words too)."""
        k = self._key(word)
        return k in self.lex.given and k not in self.lex.english and not self._blocked(k)

    def any_given(self, word: str) -> bool:
        """A given name, maybe also a word ("Grant"). A word that only the baby-name counts list ("Creek",
        "Child") is not: those also list placeholders and fashion words."""
        k = self._key(word)
        lex = self.lex
        return k in lex.given and (k not in lex.english or k in lex.names) and not self._blocked(k)

    def unknown(self, word: str) -> bool:
        """No dictionary word, name or place: a foreign name, or a brand or a typo."""
        k = self._key(word)
        lex = self.lex
        if len(k) < 3 or "'" in k or "’" in k or lex.is_english(k):  # "you'll", "apartments"
            return False
        return not (k in lex.names or k in lex.given or self._blocked(k))

    def surname(self, word: str) -> bool:
        """Could be a surname: a known name or no ordinary word ("Young", "Ukkonen"; not "Access")."""
        k = self._key(word)
        return not self._blocked(k) and not self.lex.is_ordinary(k) and not word.isupper()


_WORD_BEFORE = regex.compile(r"(\p{L}[\p{L}'’.-]*)[ \t]+$")
_WORD_AFTER = regex.compile(r"[ \t]+(?:&[ \t]+)?(\p{L}[\p{L}'’-]*)")


def _in_proper_phrase(text: str, start: int, end: int, w: _Words) -> bool:
    """The span is part of a longer run of capitalised words: a business or place ("Villa Romano", "Mai
    Vietnamese Cuisine", "Avery Park Apartments"), not a person's name. Honorifics, possessives and a
    sentence-initial verb ("Ask Maria") before it, and lower-case words around it, are fine."""
    after = _WORD_AFTER.match(text, end)
    if after is not None and after.group(1)[0].isupper() and not text.startswith(("'s", "’s"), end):
        return True
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before is None or not before.group(1)[0].isupper():
        return False
    word = before.group(1)
    if word.endswith(("'s", "’s")) or word.lower().rstrip(".") in BEFORE_NAME or word.lower() in w.stop:
        return False
    initial = _SENTENCE_START_BEFORE.search(text, 0, before.start()) is not None
    return not (initial and w.lex.is_ordinary(word))


_SENTENCE_START_BEFORE = regex.compile(r"(?:\A|[.!?:\n])[ \t\"'“]*$")


class _Collector:
    """The spans found so far, and what they must not overlap: a later rule never takes a word an earlier
    rule or a recognizer placed."""

    def __init__(self, text: str, found: Sequence[Raw], w: _Words, lexicon: WordLexicon) -> None:
        self.text, self.w, self.lexicon = text, w, lexicon
        # a country or state does not hide a name that starts with it ("from Israel Okonkwo"): the longer
        # PERSON result then contains it, and the overlap refiner keeps the name
        self.covered = [(r.start, r.end) for r in found if r.entity != COARSE_PLACE_ENTITY]
        self.spans: list[tuple[int, int]] = []

    def add(self, start: int, end: int) -> None:
        if not any(s < end and start < e for s, e in self.covered):
            self.spans.append((start, end))
            self.covered.append((start, end))

    def full_name(self, m: regex.Match[str], first_ok: bool) -> None:
        first, last, w = m.group(1), m.group(2), self.w
        if self.text[m.start() : m.end()].lower() in self.lexicon.places:
            return  # "Santa Clara"
        if first_ok and (w.given(first) and w.surname(last) or w.any_given(first) and w.unknown(last)):
            self.add(m.start(), m.end())


def _full_names(c: _Collector) -> None:
    text, w, lexicon = c.text, c.w, c.lexicon
    for m in _FULL_TITLE.finditer(text, overlapped=True):
        c.full_name(m, not _in_proper_phrase(text, m.start(), m.end(), w))
    if any(ch.islower() for ch in text):
        for m in _FULL_LOWER.finditer(text, overlapped=True):
            # lower-case text: both words must be names or no words ("eva kleist", "naomi ryan"); the given
            # name a common one (1990 Census list): the baby-name counts also list chat words ("wanna")
            first, last = m.group(1), m.group(2)
            c.full_name(m, w.given(first) and lexicon.is_name(first) and (w.unknown(last) or lexicon.is_name(last)))


def _after_cues(c: _Collector) -> None:
    text, w, lexicon = c.text, c.w, c.lexicon
    for m in _STRONG_CUE.finditer(text):
        first, second = m.group(1), m.group(2)
        if not (w.surname(first) and (first[0].isupper() or w.unknown(first) or lexicon.is_name(first) or w.given(first))):
            continue
        end = m.end(1)
        if second and w.surname(second) and (w.unknown(second) or w.any_given(second) or second[0].isupper()):
            end = m.end(2)
        c.add(m.start(1), end)
    for m in _WEAK_CUE.finditer(text):
        if w.given(m.group(1)):
            two = m.group(2) and (w.unknown(m.group(2)) or lexicon.is_name(m.group(2)))
            c.add(m.start(1), m.end(2) if two and w.surname(m.group(2)) else m.end(1))


def _lists_and_speakers(c: _Collector) -> None:
    text, w = c.text, c.w
    for lst in _LIST_ANY.finditer(text):
        items = [i for i in _LIST_ITEM.finditer(text, lst.start(), lst.end()) if i.group() not in ("and", "or")]
        names = sum(w.any_given(i.group()) for i in items)
        if len(items) >= 3 and 3 * names >= 2 * len(items) and all(w.surname(i.group()) for i in items):
            for i in items:
                c.add(i.start(), i.end())
    labels = [m for m in _SPEAKER.finditer(text) if w.surname(m.group(1)) and not m.group(1).isupper()]
    namey = [m for m in labels if w.any_given(m.group(1)) or w.unknown(m.group(1))]
    for m in namey:
        if w.given(m.group(1)) or len(namey) >= 2:
            c.add(m.start(1), m.end(1))


def _kin_vocatives_subjects(c: _Collector) -> None:
    text, w, lexicon = c.text, c.w, c.lexicon
    for m in _POSSESSIVE_KIN.finditer(text):
        word = m.group(1)
        # lower-case: only a clear given name ("roberto's daughter", not "my child's account")
        if w.surname(word) and (w.given(word) or word[0].isupper() and (w.any_given(word) or w.unknown(word))):
            c.add(m.start(1), m.end(1))
    for m in _VOCATIVE.finditer(text):
        # a common given name only: chat typos ("Ofcourse, I can") start turns with a comma too
        if w.given(m.group(1)) and lexicon.is_name(m.group(1)):
            c.add(m.start(1), m.end(1))
    for m in _SENTENCE_SUBJECT.finditer(text):
        word = m.group(1)
        if (w.given(word) or w.unknown(word)) and _GENDERED_PRONOUN.search(text, m.end(), m.end() + 300):
            c.add(m.start(1), m.end(1))


def _lone_given_names(c: _Collector) -> None:
    text, w, lexicon = c.text, c.w, c.lexicon
    for m in _LONE_TITLE.finditer(text):
        word = m.group(1)
        # alone, only a common given name (1990 Census list): the baby-name counts add brands ("Lexus")
        if not (w.given(word) and lexicon.is_name(word)) or _in_proper_phrase(text, m.start(), m.end(), w):
            continue
        if text.startswith(("'s", "’s"), m.end()) and not regex.match(rf"['’]s[ \t]+{_KIN}\b", text[m.end() :]):
            continue  # "Wendy's" is a restaurant; "Amanda's daughter" is a person
        c.add(m.start(1), m.end(1))


# In this order: stronger evidence first, so it claims its words before weaker rules look at them.
_RULES = (_full_names, _after_cues, _lists_and_speakers, _kin_vocatives_subjects, _lone_given_names)


def name_evidence(text: str, found: Sequence[Raw], stop: frozenset[str], lexicon: WordLexicon) -> list[Raw]:
    """PERSON results the recognizers missed, from the given-name list plus one more piece of evidence."""
    if not lexicon or not lexicon.given or not any(ch.isalpha() for ch in text):
        return []
    collector = _Collector(text, found, _Words(lexicon, stop), lexicon)
    for rule in _RULES:
        rule(collector)
    return [Raw("PERSON", s, e, EVIDENCE_SCORE, "NameEvidence") for s, e in collector.spans]
