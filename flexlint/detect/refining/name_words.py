"""What a single word says about being a name, for the refiners that add and check names.

- `unlisted`: no ordinary English word, note shorthand, chat shorthand, organization or stop word: a word a
  name can be ("suzette", "Zabinski");
- `known_given_name`: on the given-name list and not a stop word ("Imelda"; not "in", "will");
- `name_like`: either a known given name, or a surname that is no ordinary word.
"""

from __future__ import annotations

from flexlint.detect.refining.lexicon import WordLexicon
from flexlint.detect.refining.words import (
    BRANDS,
    CHAT_SHORTHAND,
    CLINICAL_ABBREVIATIONS,
    NOT_NAME_WORDS,
    ORGANIZATIONS,
    SECTION_HEADERS,
)

_NEVER_NAMES = CLINICAL_ABBREVIATIONS | SECTION_HEADERS | NOT_NAME_WORDS | CHAT_SHORTHAND | ORGANIZATIONS | BRANDS


def unlisted(word: str, lexicon: WordLexicon) -> bool:
    w = word.lower()
    return w not in _NEVER_NAMES and not lexicon.is_english(w)


def known_given_name(word: str, lexicon: WordLexicon) -> bool:
    w = word.lower()
    return len(w) > 2 and w in lexicon.given and w not in NOT_NAME_WORDS and w not in CLINICAL_ABBREVIATIONS


def name_like(word: str, lexicon: WordLexicon) -> bool:
    return known_given_name(word, lexicon) or (lexicon.is_name(word) and unlisted(word, lexicon))
