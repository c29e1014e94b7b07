"""What every refiner sees: the text, the caller's key words, the word lexicon and the score thresholds.

A `Refinement` is built once per text, before any refiner runs, so "which spans did a recognizer other
than the NER find" is read from the raw results (the thresholds have not dropped any yet).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import regex

from flexlint.detect.refining.lexicon import WordLexicon
from flexlint.detect.results import Raw

# The NER's recognizer name; every other recognizer of PERSON or LOCATION is a cue (a pattern, a gazetteer).
NER_RECOGNIZER = "SpacyRecognizer"
NO_LEXICON = WordLexicon()


# Runs of letters (\p{L}, as the cue regexes' word edges are): a text's words split no finer than they do.
_LETTER_RUNS = regex.compile(r"\p{L}+")


def letter_words(text: str) -> frozenset[str]:
    """A text's runs of letters, lower-case: what the refiners' word prefilters look words up in."""
    return frozenset(_LETTER_RUNS.findall(text.lower()))


@dataclass(frozen=True)  # (no slots: `words` is computed once, on first use)
class Refinement:
    text: str
    key_words: frozenset[str]  # the JSON key's words, lower-case ("caller_name" -> caller, name)
    lexicon: WordLexicon
    min_scores: Mapping[str, float]
    # (entity, start, end) of PERSON/LOCATION spans a recognizer other than the NER found
    cued_spans: list[tuple[str, int, int]] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        text: str,
        raw: Iterable[Raw],
        min_scores: Mapping[str, float],
        key_words: Iterable[str] = (),
        lexicon: WordLexicon | None = None,
    ) -> tuple[Refinement, list[Raw]]:
        found = list(raw)
        cued_spans = [
            (r.entity, r.start, r.end)
            for r in found
            if r.recognizer != NER_RECOGNIZER and r.entity in ("PERSON", "LOCATION")
        ]
        ref = cls(text, frozenset(key_words), lexicon or NO_LEXICON, min_scores, cued_spans)
        return ref, found

    @property
    def words(self) -> frozenset[str]:
        """The text's runs of letters, lower-case: what refiners ask "does the text mention X?" of, once.
        (Cached by hand: functools.cached_property takes a lock on every read in Python 3.11.)"""
        words = self.__dict__.get("_words")
        if words is None:
            words = self.__dict__["_words"] = letter_words(self.text)
        return words  # type: ignore[no-any-return]

    def passes(self, r: Raw) -> bool:
        """A result of an entity the caller asked for, at or above its threshold, with a non-empty span."""
        threshold = self.min_scores.get(r.entity)
        return threshold is not None and r.score >= threshold and r.end > r.start

    def admit(self, extra: Iterable[Raw]) -> list[Raw]:
        """Results a refiner adds: kept only for entities the caller asked for, at their threshold."""
        return [r for r in extra if r.score >= self.min_scores.get(r.entity, 1.1)]
