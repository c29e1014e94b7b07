"""Health-information terms (FLX320): conditions, symptoms, medications and procedures from a lexicon.

The lexicon (rules/health/terms.tsv, ~9.5k lower-case terms of 1-4 words) is matched by looking up word
n-grams in a dict: one pass over the text, longest match first, no giant alternation regex. Loading the
lexicon does not need Presidio; `HealthTermRecognizer` wraps the matcher as a Presidio EntityRecognizer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

# Words: letters/digits with inner apostrophes or hyphens ("alzheimer's", "x-ray", "covid-19").
_WORD = re.compile(r"[0-9a-z]+(?:['’-][0-9a-z]+)*")

CATEGORY_ENTITY: dict[str, str] = {
    "condition": "MEDICAL_CONDITION",
    "symptom": "SYMPTOM",
    "medication": "MEDICATION",
    "procedure": "PROCEDURE",
}
# Multi-word terms and drug names are specific; a lone condition word is a little less certain.
SCORE_MULTIWORD = 0.65
SCORE_SINGLE = 0.55


@dataclass(frozen=True, slots=True)
class TermMatch:
    start: int
    end: int
    category: str


class HealthLexicon:
    """term -> category, with n-gram lookup over word tokens."""

    def __init__(self, terms: dict[str, str]) -> None:
        self.terms = terms
        self.max_words = max((t.count(" ") + 1 for t in terms), default=1)
        # first words of all terms: a cheap pre-check before building n-grams at each position
        self._first_words = {t.split(" ", 1)[0] for t in terms}

    @classmethod
    def from_tsv(cls, path: Path) -> HealthLexicon:
        terms: dict[str, str] = {}
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.strip() or line.startswith("#"):
                    continue
                term, _, category = line.rstrip("\n").partition("\t")
                if category not in CATEGORY_ENTITY:
                    raise ValueError(f"{path.name}: unknown category {category!r}")
                # the matcher normalises curly apostrophes to straight ones, so must the lexicon
                terms[term.replace("’", "'")] = category
        return cls(terms)

    def find(self, text: str) -> Iterator[TermMatch]:
        lowered = text.lower().replace("’", "'")
        if len(lowered) != len(text):
            # a few characters lower-case to two code points ("İ"); keep offsets aligned with `text`
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text).replace("’", "'")
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(lowered)]
        i = 0
        n = len(words)
        while i < n:
            if words[i][2] not in self._first_words:
                i += 1
                continue
            matched = False
            for size in range(min(self.max_words, n - i), 0, -1):
                chunk = words[i : i + size]
                # words must be separated by single spaces/hyphen-free gaps: "chest pain" but not "chest. Pain"
                if any(lowered[a[1] : b[0]] not in (" ", "  ") for a, b in pairwise(chunk)):
                    continue
                phrase = " ".join(w[2] for w in chunk)
                category = self.terms.get(phrase)
                if category is not None:
                    yield TermMatch(chunk[0][0], chunk[-1][1], category)
                    i += size
                    matched = True
                    break
            if not matched:
                i += 1


def make_health_recognizer(lexicon: HealthLexicon) -> object:
    """A Presidio EntityRecognizer over `lexicon` (imports Presidio, so call it from the engine only)."""
    from presidio_analyzer import EntityRecognizer, RecognizerResult

    from flexlint.detect.results import lexicon_result

    class HealthTermRecognizer(EntityRecognizer):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(
                supported_entities=sorted(set(CATEGORY_ENTITY.values())),
                name="HealthTermRecognizer",
                supported_language="en",
                context=[],
            )

        def load(self) -> None:
            pass

        def analyze(
            self, text: str, entities: list[str], nlp_artifacts: object = None
        ) -> list[RecognizerResult]:
            results = []
            for m in lexicon.find(text):
                entity = CATEGORY_ENTITY[m.category]
                if entities and entity not in entities:
                    continue
                multi = " " in text[m.start : m.end] or m.category == "medication"
                score = SCORE_MULTIWORD if multi else SCORE_SINGLE
                results.append(lexicon_result(self, entity, m.start, m.end, score, "health lexicon"))
            return results

    return HealthTermRecognizer()
