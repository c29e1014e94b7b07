"""Case-sensitive gazetteer matching for place names (a LOCATION recognizer the NER misses).

The sm NER misses lone city names in short turns ("Look in Napa.", "moving to Campbell"). A gazetteer of
city names finds them, but many city names are also words or surnames ("Mobile", "Hope", "Dixon"), so:
- names must be capitalised as in the gazetteer (or written in capitals: "ESPOO");
- a one-word name needs a cue word right before it ("in", "to", "from", "near", ...) or ", <state>" after
  it; multi-word names ("Walnut Creek", "San Jose") are distinctive enough alone. A spec may list
  `needs_cue` instead: then only those one-word names need the cue (countries: "Jordan" and "Chad" do,
  "Estonia" does not).

The YAML definition is Presidio's deny_list recognizer format plus `match: gazetteer` and `cue_words`, so
Presidio's own loader could still read it (as a slow, cue-less regex).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import pairwise

# Capitalised or all-caps words, with inner apostrophes, hyphens and periods ("St.", "Kędzierzyn-Koźle").
_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)
_STATE_AFTER = re.compile(r",\s*(?:[A-Z]{2}\b|[A-Z][a-z]+)")
_CAPITALISED_AFTER = re.compile(r"[ \t]+[A-Z][a-z]")


def _name_follows(text: str, end: int) -> bool:
    return _CAPITALISED_AFTER.match(text, end) is not None


class Gazetteer:
    def __init__(self, names: Iterable[str], cue_words: Iterable[str], needs_cue: Iterable[str] | None = None) -> None:
        self.names = frozenset(names)
        self.cues = frozenset(w.lower() for w in cue_words)
        # one-word names that need a cue: all of them, unless the spec lists the ambiguous ones
        self.needs_cue = self.names if needs_cue is None else frozenset(needs_cue)
        # only a spec that names its ambiguous entries says they are given names too ("India Patel")
        self.ambiguous_are_names = needs_cue is not None
        self.max_words = max((n.count(" ") + 1 for n in self.names), default=1)
        self._first = frozenset(n.split(" ", 1)[0] for n in self.names)

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        tokens = [(m.start(), m.end(), m.group().rstrip(".")) for m in _TOKEN.finditer(text)]
        i, n = 0, len(tokens)
        while i < n:
            word = tokens[i][2]
            if not word[:1].isupper() or (word not in self._first and word.title() not in self._first):
                i += 1
                continue
            for size in range(min(self.max_words, n - i), 0, -1):
                chunk = tokens[i : i + size]
                if any(text[a[1] : b[0]] != " " for a, b in pairwise(chunk)):
                    continue
                phrase = " ".join(t[2] for t in chunk)
                if phrase not in self.names and not (phrase.isupper() and phrase.title() in self.names):
                    continue
                start, end = chunk[0][0], chunk[-1][0] + len(chunk[-1][2])
                if size == 1 and self._ambiguous(phrase) and not self._cued(text, tokens, i, end):
                    continue
                if size == 1 and self.ambiguous_are_names and self._ambiguous(phrase) and _name_follows(text, end):
                    continue  # "Asked for Virginia Lee", "Call back India Patel": a first name, not the place
                yield start, end
                i += size
                break
            else:
                i += 1

    def _ambiguous(self, phrase: str) -> bool:
        return phrase in self.needs_cue or (phrase.isupper() and phrase.title() in self.needs_cue)

    def _cued(self, text: str, tokens: list[tuple[int, int, str]], i: int, end: int) -> bool:
        if i > 0:
            _, prev_end, prev = tokens[i - 1]
            if prev.lower() in self.cues and text[prev_end : tokens[i][0]].strip() == "":
                return True
        return _STATE_AFTER.match(text, end) is not None


def make_gazetteer_recognizer(spec: dict[str, object]) -> object:
    """Presidio EntityRecognizer from a YAML spec (imports Presidio: call from the engine only)."""
    from presidio_analyzer import EntityRecognizer, RecognizerResult

    from flexlint.detect.results import lexicon_result

    names = [str(n) for n in spec.get("deny_list") or []]  # type: ignore[union-attr]
    needs_cue = spec.get("needs_cue")
    gazetteer = Gazetteer(
        names,
        [str(w) for w in spec.get("cue_words") or []],  # type: ignore[union-attr]
        None if needs_cue is None else [str(w) for w in needs_cue],  # type: ignore[union-attr]
    )
    entity = str(spec["supported_entity"])
    score = float(spec.get("deny_list_score", 0.6))  # type: ignore[arg-type]

    class GazetteerRecognizer(EntityRecognizer):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(
                supported_entities=[entity],
                name=str(spec["name"]),
                supported_language=str(spec.get("supported_language", "en")),
                context=[str(w) for w in spec.get("context") or []],  # type: ignore[union-attr]
            )

        # read by the engine's word lexicon (known places), unless the spec says its names are not city names
        gazetteer_names = gazetteer.names if spec.get("known_places", True) else frozenset()

        def load(self) -> None:
            pass

        def analyze(
            self, text: str, entities: list[str], nlp_artifacts: object = None
        ) -> list[RecognizerResult]:
            out = []
            for start, end in gazetteer.find(text):
                out.append(lexicon_result(self, entity, start, end, score, "gazetteer"))
            return out

    return GazetteerRecognizer()
