"""Tells ordinary English words from person names and places: the lexicon every refiner asks.

Built by the engine from the spaCy model's word list and rules/recognizers/ (names, places); pure lookups.
"""

from __future__ import annotations

import functools
from pathlib import Path


class WordLexicon:
    """Tells ordinary English words from person names and places (lower-case lookups).

    - `english`: dictionary words (WordNet index of the spaCy model + stop words; see nlp.english_words);
    - `names`: common first names and surnames (rules/recognizers/person_names.txt, US Census 1990);
    - `places`: city names of the LOCATION gazetteer.
    A word is *ordinary* when it (or its singular) is a dictionary word and not a name: "discipline",
    "tales", "spoke" are; "hope", "castro", "maria" are not (names), nor is "okafor" (not a word).
    Empty sets (no model loaded) make every rule that uses the lexicon a no-op.
    """

    def __init__(
        self,
        english: frozenset[str] = frozenset(),
        names: frozenset[str] = frozenset(),
        places: frozenset[str] = frozenset(),
        given: frozenset[str] | None = None,
    ) -> None:
        self.english = english
        self.names = names
        self.places = places
        self._given = given

    @property
    def given(self) -> frozenset[str]:
        """Given names (rules/recognizers/first_names.txt: US Census 1990 + SSA baby names), loaded on
        first use when the lexicon is active; `given=` overrides it (tests)."""
        if self._given is None:
            self._given = _load_given_names() if self.english else frozenset()
        return self._given

    @classmethod
    def load_names(cls, path: Path) -> frozenset[str]:
        with path.open(encoding="utf-8") as fh:
            return frozenset(
                line.strip() for line in fh if line.strip() and not line.startswith("#")
            )

    def __bool__(self) -> bool:
        return bool(self.english)

    def is_english(self, word: str) -> bool:
        w = word.lower()
        if w in self.english:
            return True
        if len(w) > 3 and w.endswith("s"):
            if w[:-1] in self.english:
                return True
            if w.endswith("es") and w[:-2] in self.english:
                return True
            if w.endswith("ies") and w[:-3] + "y" in self.english:
                return True
        # WordNet's index holds lemmas only: "called", "visited", "draining" are English too
        if len(w) > 4 and w.endswith("ed"):
            stem = w[:-2]
            return stem in self.english or stem + "e" in self.english or _undoubled(stem) in self.english
        if len(w) > 5 and w.endswith("ly"):
            stem = w[:-2]
            return stem in self.english or stem + "e" in self.english or w[:-3] + "y" in self.english
        if len(w) > 5 and w.endswith("ing"):
            stem = w[:-3]
            return stem in self.english or stem + "e" in self.english or _undoubled(stem) in self.english
        return False

    def is_name(self, word: str) -> bool:
        return word.lower() in self.names

    def is_ordinary(self, word: str) -> bool:
        """A dictionary word that is neither a common person name nor a known city."""
        w = strip_possessive(word).lower()
        return bool(w) and self.is_english(w) and w not in self.names and w not in self.places


@functools.cache
def _load_given_names() -> frozenset[str]:
    from flexlint.datafiles import data_dir

    return WordLexicon.load_names(data_dir("rules") / "recognizers" / "first_names.txt")


def _undoubled(stem: str) -> str:
    """"stopp" -> "stop" (a doubled final consonant before -ed / -ing)."""
    return stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiou" else stem


def strip_possessive(word: str) -> str:
    word = word.strip(" \t\n.,;:!?\"()")
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word
