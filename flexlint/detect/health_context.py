"""Health context for FLX320's context terms: is an ordinary word ("depression", "anxious", "sugar") health here?

A context term is health information only when health context stands around it, as in Presidio's context
mechanism but decided, not scored: "depression screening", "my anxiety", "having a fever", "nausea since
Monday" are health; "the Great Depression", "I'm anxious to hear back" and "cold brew" are not. The words are
data (rules/health/context.tsv); this module only applies them to the word tokens HealthLexicon.find has
already made, so checking a candidate costs a few set look-ups and no second pass over the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# (start, end, word) tokens of the lower-cased text, as HealthLexicon.find makes them
Word = tuple[int, int, str]

KINDS = ("clinical", "cue", "kin", "between", "after", "function", "body")
# words each side searched for a clinical word, within the sentence (Presidio's default prefix count is 5)
CLINICAL_WINDOW = 5
# at most this many `between` words ("having a really bad headache") separate a cue from its term
MAX_BETWEEN = 3
# "<term> in my <body part>": a lump in my breast, a rash on her arm, pain behind my eyes
_BODY_PREPOSITIONS = frozenset({"in", "on", "behind", "under", "around", "near"})
_BODY_DETERMINERS = frozenset({"my", "his", "her", "their", "your", "the", "both"})
# a gap with one of these ends the sentence (or the clause, for ";"): context does not reach across it
_SENTENCE_END = re.compile(r"[.!?;\n]")
# a cue or modifier must be next to its term: only spaces (and no punctuation at all) in between
_PLAIN_GAP = re.compile(r" {1,2}")


@dataclass(frozen=True, slots=True)
class HealthContext:
    """The context words of rules/health/context.tsv, by kind. Two-word entries are kept joined by a space."""

    words: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_tsv(cls, path: Path) -> HealthContext:
        by_kind: dict[str, set[str]] = {k: set() for k in KINDS}
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip() or line.startswith("#"):
                    continue
                word, _, kind = line.rstrip("\n").partition("\t")
                if kind not in by_kind:
                    raise ValueError(f"{path.name}: unknown context kind {kind!r} for {word!r}")
                by_kind[kind].add(word.strip().lower())
        return cls({k: frozenset(v) for k, v in by_kind.items()})

    def _has(self, kind: str, word: str) -> bool:
        return word in self.words.get(kind, frozenset())

    def is_modifier(self, text: str, words: Sequence[Word], j: int) -> bool:
        """True when the word after a head-only term makes it a modifier ("cold brew", "sugar cookie")."""
        if j >= len(words) or not _PLAIN_GAP.fullmatch(text[words[j - 1][1] : words[j][0]]):
            return False
        return not self._has("function", words[j][2])

    def confirms(self, text: str, words: Sequence[Word], i: int, j: int, health_at: Sequence[int]) -> bool:
        """Whether words[i:j] (a context term) stands in health context in `text` (the lower-cased text).

        `health_at` holds the word indexes of specific health terms found in the same text: another health
        term nearby ("fever and sore throat") is health context too.
        """
        return (
            self._cue_before(text, words, i)
            or self._cue_after(text, words, j)
            or self._clinical_near(text, words, i, j, health_at)
        )

    def _cue_before(self, text: str, words: Sequence[Word], i: int) -> bool:
        k = i - 1
        skipped = 0
        while k >= 0 and _PLAIN_GAP.fullmatch(text[words[k][1] : words[k + 1][0]]):
            word = words[k][2]
            if self._has("cue", word) or self._is_possessive_kin(word):
                return True
            if k > 0 and self._has("cue", f"{words[k - 1][2]} {word}"):
                return True
            if not self._has("between", word) or skipped == MAX_BETWEEN:
                return False
            skipped += 1
            k -= 1
        return False

    def _is_possessive_kin(self, word: str) -> bool:
        return word.endswith("'s") and self._has("kin", word[:-2])

    def _cue_after(self, text: str, words: Sequence[Word], j: int) -> bool:
        if j >= len(words) or not _PLAIN_GAP.fullmatch(text[words[j - 1][1] : words[j][0]]):
            return False
        return self._has("after", words[j][2]) or self._body_after(text, words, j)

    def _body_after(self, text: str, words: Sequence[Word], j: int) -> bool:
        """ "<term> in/on my <body part>" ("a lump in my breast", "a rash on her arm")."""
        if j + 2 >= len(words) or words[j][2] not in _BODY_PREPOSITIONS:
            return False
        if words[j + 1][2] not in _BODY_DETERMINERS:
            return False
        gaps = (text[words[k][1] : words[k + 1][0]] for k in (j, j + 1))
        return all(_PLAIN_GAP.fullmatch(g) for g in gaps) and self._has("body", words[j + 2][2])

    def _clinical_near(
        self, text: str, words: Sequence[Word], i: int, j: int, health_at: Sequence[int]
    ) -> bool:
        lo = self._sentence_edge(text, words, i, -1)
        hi = self._sentence_edge(text, words, j - 1, +1)
        if any(lo <= h <= hi and not i <= h < j for h in health_at):
            return True
        for k in range(lo, hi + 1):
            if i <= k < j:
                continue
            word = words[k][2]
            if self._has("clinical", word):
                return True
            if k < hi and not i <= k + 1 < j and self._has("clinical", f"{word} {words[k + 1][2]}"):
                return True
        return False

    @staticmethod
    def _sentence_edge(text: str, words: Sequence[Word], k: int, step: int) -> int:
        """The farthest word index within CLINICAL_WINDOW of `k` in direction `step`, not past a sentence end."""
        for _ in range(CLINICAL_WINDOW):
            nxt = k + step
            if not 0 <= nxt < len(words):
                break
            a, b = (words[k], words[nxt]) if step > 0 else (words[nxt], words[k])
            if _SENTENCE_END.search(text, a[1], b[0]):
                break
            k = nxt
        return k
