"""Names after cues, in any case: "DR RIZZO", "son bill", "dtr suzette", "VASQUEZ/RN", a signature.

The cue recognizers in rules/recognizers/person.yaml need a capitalised name; notes and quick messages are
written in capitals or in lower case. A title ("Dr", "Mrs") takes any word that is not ordinary English; a
relative or a contact verb ("spoke with") takes a known given name or a word that is not English; a
credential after a name ("/RN", ", MD") makes the words before it a signature; so does a known given name
alone at the end of a text. The cue lists are rules/words/words.yaml `clinical`.
"""

from __future__ import annotations

import regex

from flexlint.detect.refining.clinical import known_given_name, unlisted
from flexlint.detect.refining.context import Refinement
from flexlint.detect.refining.lexicon import WordLexicon
from flexlint.detect.refining.words import AFTER_KIN, CONTACT_CUES, CREDENTIALS, KIN_CUES, TITLE_CUES
from flexlint.detect.results import Raw

CUE_SCORE = 0.5
RECOGNIZER = "CuedNameAnyCase"
_NAME_WORD = r"\p{L}[\p{L}'’-]*\p{L}"


def _alternation(words: frozenset[str]) -> str:
    return "|".join(sorted((regex.escape(w).replace(r"\ ", r"[ \t]+") for w in words), key=len, reverse=True))


_TITLE = regex.compile(
    rf"(?i)(?<![\p{{L}}])(?:{_alternation(TITLE_CUES)})(?:\.[ \t]*|[ \t]+)((?:\p{{L}}\.[ \t]*)?({_NAME_WORD}))"
)
# a relative, then a separator note writers use: "son bill", "DAUGHTER-KRISSY", "son: Vladimir", "son ,dave,"
_KIN = regex.compile(
    rf"(?i)(?<![\p{{L}}])(?:{_alternation(KIN_CUES | CONTACT_CUES)})(?:[ \t]*[,:-]+[ \t]*|[ \t]+)({_NAME_WORD})"
)
# a name, then a credential: "VASQUEZ/RN", "Carole Hayes, RN", "Q. LANDER RRT" (at a line's or text's end)
_CREDENTIAL = regex.compile(
    rf"(?i)(?<![\p{{L}}.])((?:\p{{L}}\.[ \t]*)?{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?)"
    rf"(?:[ \t]*(?:/|,)[ \t]*|[ \t]+(?=(?:{_alternation(CREDENTIALS)})[ \t.]*(?:$|\n)))"
    rf"(?:{_alternation(CREDENTIALS)})(?![\p{{L}}])"
)
# "<Surname> family": "KEEP OKONKWO FAMILY AWARE", "the Castellanos family"; not a business named so
# ("Okafor Family Bakery": the employer rule judges those)
_FAMILY = regex.compile(rf"(?i)(?<![\p{{L}}])({_NAME_WORD})[ \t]+famil(?:y|ies)\b(?![ \t]+(?-i:\p{{Lu}}\p{{Ll}}))")
# a signature ends a note: after at least one sentence, never the whole text ("Female" is a value)
_SIGNATURE = regex.compile(rf"(?:[.!?][ \t]+|\n[ \t]*)({_NAME_WORD})[ \t.]*\Z")


def _acronym(word: str) -> bool:
    """"MDs", "ICU", "RRT": short and mostly capitals. (Short names in capital notes come with a title.)"""
    return len(word) <= 4 and sum(ch.isupper() for ch in word) >= 2


def _known_name(word: str, lexicon: WordLexicon) -> bool:
    return known_given_name(word, lexicon) or (lexicon.is_name(word) and unlisted(word, lexicon))


def cued_names(text: str, lexicon: WordLexicon) -> list[Raw]:
    out: list[Raw] = []
    for m in _TITLE.finditer(text):
        if _known_name(m.group(2), lexicon) or unlisted(m.group(2), lexicon):
            out.append(Raw("PERSON", m.start(1), m.end(1), CUE_SCORE, RECOGNIZER))
    for m in _KIN.finditer(text):
        word = m.group(1)
        # a relative's name, not what the relative did ("son called", "husband in"): no English word, and
        # not a short capitalised abbreviation ("spoke with MDs")
        given = word.lower() in lexicon.given and len(word) > 2 and word.lower() not in AFTER_KIN
        if given or (unlisted(word, lexicon) and len(word) >= 3 and not _acronym(word)):
            out.append(Raw("PERSON", m.start(1), m.end(1), CUE_SCORE, RECOGNIZER))
    for m in _CREDENTIAL.finditer(text):
        words = m.group(1).split()
        while words and not (_known_name(words[0], lexicon) or unlisted(words[0], lexicon)):
            words.pop(0)  # "AGREED VASQUEZ/RN": only the name words before the credential
        if words and all(_known_name(w, lexicon) or unlisted(w, lexicon) for w in words):
            start = m.end(1) - len(" ".join(words)) if len(words) < len(m.group(1).split()) else m.start(1)
            out.append(Raw("PERSON", start, m.end(1), CUE_SCORE, RECOGNIZER))
    for m in _FAMILY.finditer(text):
        if unlisted(m.group(1), lexicon) and not _acronym(m.group(1)):
            out.append(Raw("PERSON", m.start(1), m.end(1), CUE_SCORE, RECOGNIZER))
    m = _SIGNATURE.search(text)
    if m and known_given_name(m.group(1), lexicon) and not lexicon.is_english(m.group(1)):
        out.append(Raw("PERSON", m.start(1), m.end(1), CUE_SCORE, RECOGNIZER))
    return out


def add_cued_names(ref: Refinement, found: list[Raw]) -> list[Raw]:
    if not ref.lexicon:
        return found
    return found + ref.admit(cued_names(ref.text, ref.lexicon))
