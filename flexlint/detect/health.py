"""Health-information terms (FLX320): conditions, symptoms, medications and procedures from a lexicon.

The lexicon is matched by looking up word n-grams in one dict: one pass over the text, longest match first,
no giant alternation regex. It has two parts (rules/health/, built by scripts/build_health_lexicon.py):
- terms.tsv (~40k lower-case terms of 1-4 words: ICD-10-CM, MeSH, DrugBank, lay names): health anywhere;
- context_terms.tsv: ordinary words ("depression", "anxious", "sugar", "pain") that count only where
  health context stands around them (context.tsv, applied by health_context.HealthContext).
Loading the lexicon does not need Presidio; `HealthTermRecognizer` wraps the matcher as a Presidio
EntityRecognizer, and `health_spans` gives the spans to code that must not read a drug, condition or symptom
name as a PERSON or a place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flexlint.detect.health_context import HealthContext

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
# how a lexicon entry is matched: anywhere, with health context, or with context and as its phrase's head
SPECIFIC, CONTEXTUAL, HEAD_ONLY = 0, 1, 2


@dataclass(frozen=True, slots=True)
class TermMatch:
    start: int
    end: int
    category: str


class HealthLexicon:
    """term -> category, with n-gram lookup over word tokens and a context rule for ordinary words."""

    def __init__(
        self,
        terms: dict[str, str],
        context_terms: dict[str, tuple[str, bool]] | None = None,
        context: HealthContext | None = None,
    ) -> None:
        self.terms = terms
        self.context = context or HealthContext()
        # context terms are few: their own dict, looked up only when an n-gram is not a specific term
        self._gated: dict[str, tuple[str, int]] = {
            t: (cat, HEAD_ONLY if head else CONTEXTUAL) for t, (cat, head) in (context_terms or {}).items()
        }
        # first word -> the most words of a term starting with it: most positions are rejected by one look-up,
        # and "the" ("the flu") or "a" never make the matcher try 4-word n-grams
        longest: dict[str, int] = {}
        for t in [*terms, *self._gated]:
            first, _, rest = t.partition(" ")
            size = rest.count(" ") + 2 if rest else 1
            if longest.get(first, 0) < size:
                longest[first] = size
        self._longest_from = longest
        self.max_words = max(longest.values(), default=1)

    @classmethod
    def from_tsv(cls, path: Path) -> HealthLexicon:
        """terms.tsv at `path`, with context_terms.tsv and context.tsv beside it where they exist."""
        cells = _read_cells(path, 1)
        terms = dict(zip(cells[0::2], cells[1::2], strict=True))
        gated_path, context_path = path.with_name("context_terms.tsv"), path.with_name("context.tsv")
        gated: dict[str, tuple[str, bool]] = {}
        if gated_path.exists():
            cells = _read_cells(gated_path, 2)
            gated = {t: (c, h == "1") for t, c, h in zip(cells[0::3], cells[1::3], cells[2::3], strict=True)}
        context = HealthContext.from_tsv(context_path) if context_path.exists() else None
        return cls(terms, gated, context)

    def find(self, text: str) -> Iterator[TermMatch]:
        lowered = text.lower().replace("’", "'")
        if len(lowered) != len(text):
            # a few characters lower-case to two code points ("İ"); keep offsets aligned with `text`
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text).replace("’", "'")
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(lowered)]
        found: list[tuple[int, int, str, int]] = []  # (first word, end word, category, kind)
        i = 0
        n = len(words)
        while i < n:
            most = self._longest_from.get(words[i][2])
            if most is None:
                i += 1
                continue
            hit = self._longest_at(lowered, words, i, most)
            if hit is None:
                i += 1
                continue
            found.append((i, hit[0], hit[1], hit[2]))
            i = hit[0]
        health_at = [k for a, b, _, kind in found if kind == SPECIFIC for k in range(a, b)]
        for a, b, category, kind in found:
            if kind == HEAD_ONLY and self.context.is_modifier(lowered, words, b):
                continue
            if kind != SPECIFIC and not self.context.confirms(lowered, words, a, b, health_at):
                continue
            yield TermMatch(words[a][0], words[b - 1][1], category)

    def _longest_at(
        self, lowered: str, words: list[tuple[int, int, str]], i: int, most: int
    ) -> tuple[int, str, int] | None:
        """(end word index, category, kind) of the longest term of at most `most` words at word i, or None."""
        # words of a term are separated by one or two spaces: "chest pain" but not "chest. Pain"
        end = i + 1
        limit = min(i + most, len(words))
        while end < limit and lowered[words[end - 1][1] : words[end][0]] in (" ", "  "):
            end += 1
        for stop in range(end, i, -1):
            phrase = " ".join(w[2] for w in words[i:stop])
            category = self.terms.get(phrase)
            if category is not None:
                return stop, category, SPECIFIC
            entry = self._gated.get(phrase)
            if entry is not None:
                return stop, entry[0], entry[1]
        return None


def _read_cells(path: Path, columns: int) -> list[str]:
    """The cells of a lexicon TSV, row after row; categories checked, curly apostrophes straightened.

    The file is split as one string, not parsed line by line: this is on every engine's start-up path, and
    the header comments only ever open the file.
    """
    # the matcher normalises curly apostrophes to straight ones, so must the lexicon
    text = path.read_text(encoding="utf-8").replace("’", "'")
    body_at = 0
    while text.startswith("#", body_at):
        body_at = text.index("\n", body_at) + 1
    cells = text[body_at:].rstrip("\n").replace("\t", "\n").split("\n")
    stride = columns + 1
    if len(cells) % stride or not set(cells[1::stride]) <= CATEGORY_ENTITY.keys():
        raise ValueError(
            f"{path.name}: every row must be term<TAB>category with {columns} column(s) after the term"
        )
    return cells


def lexicon_dir() -> Path:
    """rules/health/ of a source checkout, or the copy packaged in the wheel."""
    from flexlint.datafiles import data_dir

    return data_dir("rules") / "health"


@cache
def default_lexicon() -> HealthLexicon:
    """flexlint's own lexicon, loaded once per process (the engine and `health_spans` share it)."""
    return HealthLexicon.from_tsv(lexicon_dir() / "terms.tsv")


def health_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, category) of every health term in `text`, category one of CATEGORY_ENTITY's keys.

    For the refining stage: a drug, condition or symptom name is never a PERSON or a place, so a PERSON or
    LOCATION reading that overlaps one of these spans can be vetoed. Offsets are into `text` as given.
    No Presidio, no model: the first call loads the lexicon (cached), later calls are one pass over the text.
    """
    return [(m.start, m.end, m.category) for m in default_lexicon().find(text)]


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
