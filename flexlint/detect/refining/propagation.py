"""Spread a detected person name to the rest of the same text.

The sm NER and the cue patterns find a name once, but texts often repeat it or list it with others:
- repetition: "Asya spent a year ... as the assistant to Asya Godina" (the full name is found, the lone
  first mention is not);
- coordination: "They had 3: Romi, Erik and Amy" (one item is found, its comma/"and" siblings are not).
Both are document-level consistency rules, common in NER post-processing. Pure functions on `Raw` records.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from flexlint.detect.refining.lexicon import WordLexicon
from flexlint.detect.results import Raw


PROPAGATED_SCORE = 0.5
# A capitalised word of 2+ letters (names in any Latin-script language, apostrophes and hyphens inside).
_NAME_WORD = re.compile(r"(?<![\w'’-])[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*(?![\w'’-])")
# "A, B, C and D" / "A, B or C": 3+ capitalised single words joined by commas with a final and/or.
_LIST = re.compile(
    r"(?<![\w'’-])[^\W\d_][\w'’-]*(?:,[ \t]+[^\W\d_][\w'’-]*)+,?[ \t]+(?:and|or|&)[ \t]+[^\W\d_][\w'’-]*(?![\w'’-])"
)


def _is_name_word(word: str, stop: frozenset[str]) -> bool:
    return len(word) >= 2 and word[0].isupper() and not word.isupper() and word.lower() not in stop


# "Marrero and Murphy": two capitalised single words joined by and/or/&.
_PAIR = re.compile(
    r"(?<![\w'’-])([^\W\d_][\w'’-]*)[ \t]+(?:and|or|&)[ \t]+([^\W\d_][\w'’-]*)(?![\w'’-])"
)


def propagate_person_names(
    text: str, found: Sequence[Raw], stop: frozenset[str], lexicon: WordLexicon | None = None
) -> list[Raw]:
    """New PERSON results for repeated name words and coordinated siblings of detected names.

    With a `lexicon`, a pair "A and B" whose one side is a detected PERSON also makes the other side a
    PERSON when it is capitalised and not an ordinary English word ("Marrero and Murphy", not
    "Murphy and Sons").
    """
    persons = [r for r in found if r.entity == "PERSON"]
    if not persons:
        return []
    covered = [(r.start, r.end) for r in found]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in covered)

    out: list[Raw] = []
    words = {
        w
        for r in persons
        for w in text[r.start : r.end].split()
        if _is_name_word(w.strip(".,"), stop) and len(w.strip(".,")) >= 3
    }
    for m in _NAME_WORD.finditer(text):
        if m.group() in words and free(m.start(), m.end()):
            out.append(Raw("PERSON", m.start(), m.end(), PROPAGATED_SCORE, "NamePropagation"))
            covered.append(m.span())
    for lst in _LIST.finditer(text):
        items = list(_NAME_WORD.finditer(text, lst.start(), lst.end()))
        items = [m for m in items if m.group() not in ("and", "or")]
        if len(items) < 3 or not all(_is_name_word(m.group(), stop) for m in items):
            continue
        if not any(any(p.start < m.end() and m.start() < p.end for p in persons) for m in items):
            continue
        for m in items:
            if free(m.start(), m.end()):
                out.append(Raw("PERSON", m.start(), m.end(), PROPAGATED_SCORE, "NamePropagation"))
                covered.append(m.span())
    if lexicon:
        for pair in _PAIR.finditer(text):
            sides = [(pair.start(1), pair.end(1)), (pair.start(2), pair.end(2))]
            hit = [any(p.start <= a and b <= p.end for p in persons) for a, b in sides]
            if hit[0] == hit[1]:
                continue
            a, b = sides[1] if hit[0] else sides[0]
            word = text[a:b]
            if _is_name_word(word, stop) and not lexicon.is_ordinary(word) and free(a, b):
                out.append(Raw("PERSON", a, b, PROPAGATED_SCORE, "NamePropagation"))
                covered.append((a, b))
    return out
