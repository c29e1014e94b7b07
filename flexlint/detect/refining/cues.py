"""Names after cues, in any case: "DR RIZZO", "son bill", "dtr suzette", "VASQUEZ/RN", a signature.

The cue recognizers in rules/recognizers/person.yaml need a capitalised name; notes and quick messages are
written in capitals or in lower case. A title ("Dr", "Mrs") takes any word that is not ordinary English; a
relative or a contact verb ("spoke with") takes a known given name or a word that is not English; a
credential after a name ("/RN", ", MD") makes the words before it a signature; so does a known given name
alone at the end of a text. The cue lists are rules/words/words.yaml `clinical`.
"""

from __future__ import annotations

import regex

from flexlint.detect.refining.name_words import known_given_name, name_like, unlisted
from flexlint.detect.refining.context import Refinement, letter_words
from flexlint.detect.refining.lexicon import WordLexicon
from flexlint.detect.refining.words import (
    AFTER_KIN,
    CONTACT_CUES,
    CREDENTIALS,
    KIN_CUES,
    PERSON_VERBS,
    STRONG_TITLES,
    TITLE_CUES,
)
from flexlint.detect.results import Raw

CUE_SCORE = 0.5
RECOGNIZER = "CuedNameAnyCase"
_NAME_WORD = r"\p{L}[\p{L}'’-]*\p{L}"


def _alternation(words: frozenset[str]) -> str:
    return "|".join(sorted((regex.escape(w).replace(r"\ ", r"[ \t]+") for w in words), key=len, reverse=True))


_TITLE_WORD = regex.compile(r"\p{L}+")
_TITLE = regex.compile(
    rf"(?i)(?<![\p{{L}}])(?:{_alternation(TITLE_CUES)})(?:\.[ \t]*|[ \t]+)((?:\p{{L}}\.[ \t]*)?({_NAME_WORD}))"
)
# a relative, then a separator note writers use: "son bill", "DAUGHTER-KRISSY", "son: Vladimir", "son ,dave,"
_KIN = regex.compile(
    rf"(?i)(?<![\p{{L}}])(?:{_alternation(KIN_CUES | CONTACT_CUES)})(?:[ \t]*[,:-]+[ \t]*|[ \t]+)({_NAME_WORD})"
)
# a name, then a credential: "VASQUEZ/RN", "Carole Hayes, RN", "Q. LANDER RRT", "J. Chang PA in"
_CREDENTIAL = regex.compile(
    rf"(?i)(?<![\p{{L}}.'’-])((?:\p{{L}}\.[ \t]*)?{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?)"
    rf"(?:[ \t]*(?:/|,)[ \t]*|(?P<loose>[ \t]+))"
    rf"(?:{_alternation(CREDENTIALS)})(?![\p{{L}}])"
)
# "<Surname> family": "KEEP OKONKWO FAMILY AWARE", "the Castellanos family"; not a business named so
# ("Okafor Family Bakery": the employer rule judges those)
_FAMILY = regex.compile(rf"(?i)(?<![\p{{L}}'’-])({_NAME_WORD})[ \t]+famil(?:y|ies)\b(?![ \t]+(?-i:\p{{Lu}}\p{{Ll}}))")
# an initial and a surname: "W. MAROTTA", "D. Phyl", "j. o'brien" (not "E. coli": organisms are note words)
_INITIAL_SURNAME = regex.compile(rf"(?<![\p{{L}}.'’-])\p{{L}}\.[ \t]?({_NAME_WORD})(?![\p{{L}}.'’-])")
# a full name in capitals: "KAREN ANN YANULIS", "LINDSEY CARDARELLI" (a known given name first)
_CAPS_FULL_NAME = regex.compile(
    r"(?<![\p{L}'’-])(\p{Lu}{2,})(?:[ \t]+(\p{Lu}{2,}))?[ \t]+(\p{Lu}[\p{Lu}'’-]*\p{Lu})(?![\p{L}'’-])"
)
# a given name doing what people do in a note: "bob visited", "social: bill called"
_SUBJECT_VERB = regex.compile(
    rf"(?i)(?<![\p{{L}}'’-])(?<!(?:the|a|an|this|that|your|my|his|her|our|their)[ \t]+)({_NAME_WORD})[ \t]+"
    rf"(?:{'|'.join(sorted(PERSON_VERBS))})\b"
)
# a signature ends a note: after at least one sentence, never the whole text ("Female" is a value)
_SIGNATURE = regex.compile(rf"(?:[.!?][ \t]+|\n[ \t]*)({_NAME_WORD})[ \t.]*\Z")


def _acronym(word: str) -> bool:
    """"MDs", "ICU", "RRT": short and mostly capitals. (Short names in capital notes come with a title.)"""
    return len(word) <= 4 and sum(ch.isupper() for ch in word) >= 2


def _kin_name(word: str, lexicon: WordLexicon) -> bool:
    """A relative's name, not what the relative did ("son called", "husband in"): a given name that is not
    a word that follows relatives, or a word that is no English word and no abbreviation ("spoke with MDs")."""
    w = word.lower()
    if w in KIN_CUES:
        return False  # "son called/visited": the relative, not a name
    # (a two-letter given name only in Title case: "Son, Ed, was updated"; "son in" is no name)
    short_ok = len(w) > 2 or (len(w) == 2 and word[0].isupper() and word[1:].islower())
    given = w in lexicon.given and short_ok and w not in AFTER_KIN
    return given or (unlisted(word, lexicon) and len(word) >= 3 and not _acronym(word))


def _after_titles(text: str, lexicon: WordLexicon) -> list[Raw]:
    out: list[Raw] = []
    for m in _TITLE.finditer(text):
        word = m.group(2)
        strong = _TITLE_WORD.match(m.group(0)).group().lower() in STRONG_TITLES  # type: ignore[union-attr]
        # "Dr. Foley", "Dr. White" take any surname; a credential used as a title ("NP CAROL") takes what a
        # relative takes (chat shorthand does not count: "np thx", "rn im at work")
        if strong:
            ok = (lexicon.is_name(word) and word.lower() not in AFTER_KIN) or name_like(word, lexicon) or unlisted(word, lexicon)
        else:
            ok = _kin_name(word, lexicon)
        if ok:
            out.append(Raw("PERSON", m.start(1), m.end(1), CUE_SCORE, RECOGNIZER))
    return out


def _before_credentials(text: str, lexicon: WordLexicon) -> list[Raw]:
    out: list[Raw] = []
    for m in _CREDENTIAL.finditer(text, overlapped=True):
        words = m.group(1).split()
        while words and not (name_like(words[0], lexicon) or unlisted(words[0], lexicon)):
            words.pop(0)  # "AGREED VASQUEZ/RN": only the name words before the credential
        if not words or not all(name_like(w, lexicon) or unlisted(w, lexicon) for w in words):
            continue
        # without a separator and before more words, the name must look like one: two words, an initial,
        # or Title case ("Stord-Painter MD performed", "J. Chang PA in"; not "PT RN WILL")
        if m.group("loose") and not (len(words) > 1 or words[0][0].isupper() and not words[0].isupper()):
            continue
        start = m.end(1) - len(" ".join(words)) if len(words) < len(m.group(1).split()) else m.start(1)
        out.append(Raw("PERSON", start, m.end(1), CUE_SCORE, RECOGNIZER))
    return out


def _caps_full_name(first: str, middle: str | None, last: str, lexicon: WordLexicon) -> bool:
    if middle and not (known_given_name(middle, lexicon) or unlisted(middle, lexicon)):
        return False  # "IMELDA AWARE OF"
    return known_given_name(first, lexicon) and not lexicon.is_english(first) and (
        unlisted(last, lexicon) or lexicon.is_name(last) and not lexicon.is_english(last)
    )


def _name_shapes(text: str, lexicon: WordLexicon) -> list[Raw]:
    """Shapes that are names without a cue word: an initial and a surname, a full name in capitals."""
    out: list[Raw] = []
    for m in _INITIAL_SURNAME.finditer(text):
        word = m.group(1)
        if (unlisted(word, lexicon) and len(word) >= 3) or (lexicon.is_name(word) and not lexicon.is_english(word)):
            out.append(Raw("PERSON", m.start(), m.end(1), CUE_SCORE, RECOGNIZER))
    for m in _CAPS_FULL_NAME.finditer(text, overlapped=True):
        first, middle, last = m.group(1), m.group(2), m.group(3)
        if middle and _caps_full_name(first, None, middle, lexicon) and not _caps_full_name(first, middle, last, lexicon):
            out.append(Raw("PERSON", m.start(), m.end(2), CUE_SCORE, RECOGNIZER))  # "LINDSEY CARDARELLI CALLED"
        elif _caps_full_name(first, middle, last, lexicon):
            out.append(Raw("PERSON", m.start(), m.end(), CUE_SCORE, RECOGNIZER))
    return out


_CAPS_PAIR = regex.compile(r"\p{Lu}{2,}[ \t]+\p{Lu}{2,}")


def _cue_words(words: frozenset[str]) -> frozenset[str]:
    """The first word of each cue (the cue lists hold phrases: "spoke with", "case manager", "dr.")."""
    return frozenset(w.split()[0].rstrip(".").split("-")[0] for w in words)


_TITLE_FIRST, _KIN_FIRST = _cue_words(TITLE_CUES), _cue_words(KIN_CUES | CONTACT_CUES)
_CREDENTIAL_FIRST = _cue_words(CREDENTIALS)


def cued_names(
    text: str, lexicon: WordLexicon, prefilter: bool = True, words: frozenset[str] | None = None
) -> list[Raw]:
    """PERSON spans the cues and name shapes find. With `prefilter`, a cue's regex runs only when the text
    holds one of its words (a set lookup instead of a dozen searches on most texts); the results are the
    same either way (tests/detect/test_clinical.py compares both on the sample texts)."""
    if prefilter and words is None:
        words = letter_words(text)
    elif not prefilter:
        words = None
    out: list[Raw] = []
    if words is None or words & _TITLE_FIRST:
        out += _after_titles(text, lexicon)
    if words is None or words & _KIN_FIRST:
        for m in _KIN.finditer(text, overlapped=True):
            if _kin_name(m.group(1), lexicon):
                out.append(Raw("PERSON", m.start(1), m.end(1), CUE_SCORE, RECOGNIZER))
    if words is None or words & _CREDENTIAL_FIRST:
        out += _before_credentials(text, lexicon)
    if words is None or "family" in words or "families" in words:
        for m in _FAMILY.finditer(text):
            if unlisted(m.group(1), lexicon) and not _acronym(m.group(1)):
                out.append(Raw("PERSON", m.start(1), m.end(1), CUE_SCORE, RECOGNIZER))
    if words is None or words & PERSON_VERBS:
        for m in _SUBJECT_VERB.finditer(text):
            if _kin_name(m.group(1), lexicon) and (m.group(1) in lexicon.given or m.group(1).lower() in lexicon.given):
                out.append(Raw("PERSON", m.start(1), m.end(1), CUE_SCORE, RECOGNIZER))
    if words is None or "." in text or _CAPS_PAIR.search(text):
        out += _name_shapes(text, lexicon)
    tail = text.rstrip(" \t.")
    m = _SIGNATURE.search(text) if tail[-1:].isalpha() else None  # (a signature ends the text with a word)
    if m and known_given_name(m.group(1), lexicon) and not lexicon.is_english(m.group(1)):
        out.append(Raw("PERSON", m.start(1), m.end(1), CUE_SCORE, RECOGNIZER))
    # overlapping cue matches find a name twice, or a part of it ("ANN ZABINSKI" in "IMELDA ANN ZABINSKI")
    unique = list(dict.fromkeys(out))
    return [r for r in unique if not any(o is not r and o.start <= r.start and r.end <= o.end for o in unique)]


def add_cued_names(ref: Refinement, found: list[Raw]) -> list[Raw]:
    if not ref.lexicon or len(ref.words) < 2:
        return found  # every cue and shape takes two words at least
    return found + ref.admit(cued_names(ref.text, ref.lexicon, words=ref.words))
