"""Matcher: the recognizers flexlint runs, planned and called the way AnalyzerEngine.analyze calls them.

- recognizers are called directly, in registry order, but only those whose prefilter the text passes
  (`recognizers.Prefilter`: enough digits, a keyword such as "@"; `requires` in the YAML); for a text
  without digits the plan holds only the recognizers whose prefilter can pass with none;
- a plain pattern recognizer runs only when one of its compiled patterns matches (the pre-search), and then
  from that pattern on (patterns.pattern_results: Presidio's loop without its per-pattern timing);
- context enhancement (the only context-dependent step) runs only when a result's recognizer has context
  words, and computes Presidio's scores without its copies (context.ContextScores).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from flexlint.detect.results import Raw

if TYPE_CHECKING:  # (the modules below import Presidio: the engine imports this one before it loads it)
    from flexlint.detect.matching.patterns import Step
    from flexlint.detect.matching.recognizers import Prefilter

ID_KEY = "recognizer_identifier"  # RecognizerResult.RECOGNIZER_IDENTIFIER_KEY (checked in __init__)
NAME_KEY = "recognizer_name"  # RecognizerResult.RECOGNIZER_NAME_KEY


def may_match_digit_free(prefilter: Prefilter | None) -> bool:
    """Whether a recognizer can find anything in a text without digits: read from its prefilter (the
    recognizer data), so a new recognizer needs no entry in a hand-kept list."""
    return prefilter is None or prefilter.min_digits == 0


class Matcher:
    """Presidio recognizers + flexlint's, matched with the shortcuts above. Context-free results are what
    `recognize` returns (callers may keep them per text); `finish` adds what depends on the JSON key."""

    def __init__(
        self,
        recognizers: Sequence[Any],
        users: Sequence[Any],
        analyzer: Any,
        aliases: Mapping[str, str],
        min_scores: Mapping[str, float],
    ) -> None:
        from presidio_analyzer import EntityRecognizer, RecognizerResult

        from flexlint.detect.matching import recognizers as rec
        from flexlint.detect.matching.context import ContextScores
        from flexlint.detect.matching.patterns import plain_pattern_ids
        from flexlint.detect.matching.phone import FlexPhoneRecognizer

        if (RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, RecognizerResult.RECOGNIZER_NAME_KEY) != (ID_KEY, NAME_KEY):
            raise RuntimeError("unexpected Presidio RecognizerResult metadata keys")
        self.recognizers = tuple(recognizers)
        self._analyzer = analyzer
        self._aliases = dict(aliases)
        self._min_scores = dict(min_scores)
        # A user's patterns are matched with Presidio's regex timeout on every text (patterns.UNTIMED_CHARS)
        self._always_timed = frozenset(r.id for r in users)
        self._prefilters = {r.id: p for r in recognizers if (p := rec.prefilter_of(r)) is not None}
        self.entities = sorted(rec.entity_names(recognizers))
        # What `AnalyzerEngine.analyze(entities=...)` would run, in a fixed (registry) order, with prefilters.
        self._plan_all = tuple(
            r for r in analyzer.registry.recognizers
            if r.supported_language == "en" and set(self.entities) & set(r.supported_entities)
        )
        self._plan_digit_free = tuple(r for r in self._plan_all if may_match_digit_free(self._prefilters.get(r.id)))
        # a pattern's own prefilter (YAML `requires` on the pattern), by id of the Presidio Pattern object
        self._pattern_prefilters = {
            id(pattern): own
            for r in recognizers
            for pattern in getattr(r, "patterns", None) or ()
            if (own := getattr(r, "pattern_prefilters", {}).get(pattern.name)) is not None
        }
        self._phone = next((r for r in recognizers if isinstance(r, FlexPhoneRecognizer)), None)
        self._phone_min_score = self._min_scores.get("PHONE_NUMBER", 0.0)
        self._steps: dict[int, tuple[Step, ...]] = {}  # id of a plan -> its steps (_compile)
        # Recognizers whose every result is a match of one of their patterns: recognize asks their compiled
        # patterns first (patterns.py).
        self._plain_patterns: set[str] = plain_pattern_ids(recognizers)
        # Recognizers whose results context enhancement can change (they have context words).
        self._with_context = frozenset(r.id for r in recognizers if r.context)
        # Recognizers that enhance their own results (none of flexlint's): Presidio's enhancement runs for them.
        self._own_hooks = frozenset(
            r.id for r in recognizers if type(r).enhance_using_context is not EntityRecognizer.enhance_using_context
        )
        self._context_scores = ContextScores(analyzer.context_aware_enhancer, recognizers)
        self.lean_enhancement = True  # context enhancement only for results it can change (see _enhance)
        self.lean_duplicates = True  # a single result skips Presidio's duplicate removal (finish)

    def recognize(self, text: str, nlp_artifacts: Any) -> tuple[list[Any], tuple[Any, ...], Any]:
        """Raw results of the recognizers that can match `text` (context-free), those recognizers, and the
        phone recognizer when it was skipped because only the JSON key's words could make its results count
        (`finish` runs it for such a key)."""
        from flexlint.detect.matching.patterns import UNTIMED_CHARS, pattern_results, search_hits
        from flexlint.detect.matching.recognizers import TextFeatures

        features = TextFeatures(text)
        planned = self._plan_all if features.digits > 0 else self._plan_digit_free
        steps = self._steps.get(id(planned))
        if steps is None:
            steps = self._steps[id(planned)] = self._compile(planned)
        ran = []
        results: list[Any] = []
        deferred = None
        long_text = len(text) > UNTIMED_CHARS
        for recognizer, prefilter, searches, is_phone, from_first_match, always_timed in steps:
            if prefilter is not None and not prefilter(features):
                continue
            ran.append(recognizer)
            if searches is not None:
                timed = long_text or always_timed
                for search, own, first in searches:  # noqa: B007 (`first` is read after the break)
                    if (own is None or own(features)) and (
                        search_hits(search, text) if timed else search(text) is not None
                    ):
                        break
                else:
                    continue  # no pattern matches: PatternRecognizer.analyze would return [] after its overhead
                if from_first_match:  # (the patterns before `first` match nothing)
                    results.extend(pattern_results(recognizer, text, first, timed))
                    continue
            if is_phone and recognizer.cannot_reach(text, nlp_artifacts, self._phone_min_score):
                deferred = recognizer
                continue
            results.extend(self.run(recognizer, text, nlp_artifacts))
        return results, tuple(ran), deferred

    def finish(
        self, text: str, recognized: tuple[list[Any], tuple[Any, ...], Any, Any], context: tuple[str, ...]
    ) -> list[Raw]:
        """The context-dependent rest of AnalyzerEngine.analyze on `recognize`'s results (+ the artifacts):
        the deferred phone recognizer, context enhancement, duplicate removal; as flexlint entities."""
        from presidio_analyzer import EntityRecognizer

        results, ran, deferred, artifacts = recognized
        if deferred is not None and deferred.lifted_by(context):
            results = results + self.run(deferred, text, resolved(artifacts))
        if any((r.recognition_metadata or {}).get(ID_KEY) in self._with_context for r in results):
            results = self._enhance(text, results, artifacts, ran, context)
        # AnalyzerEngine.analyze: drop scores below the threshold (0.0), then duplicates (which also drops
        # zero scores: all it does to a single result)
        if len(results) > 1 or (results and not self.lean_duplicates):
            results = EntityRecognizer.remove_duplicates([r for r in results if r.score >= 0.0])
        elif results and not results[0].score > 0.0:
            results = []
        return self._to_raw(results)

    def run(self, recognizer: Any, text: str, nlp_artifacts: Any) -> list[Any]:
        current = recognizer.analyze(text=text, entities=self.entities, nlp_artifacts=nlp_artifacts)
        for r in current or ():  # AnalyzerEngine.__add_recognizer_id_if_not_exists
            if not r.recognition_metadata:
                r.recognition_metadata = {}
            r.recognition_metadata.setdefault(ID_KEY, recognizer.id)
            r.recognition_metadata.setdefault(NAME_KEY, recognizer.name)
        return list(current or ())

    def _compile(self, planned: tuple[Any, ...]) -> tuple[Step, ...]:
        """The steps of a plan (patterns.plan_steps), built on its first use."""
        from flexlint.detect.matching.patterns import plan_steps

        return plan_steps(
            planned, self._prefilters, self._pattern_prefilters, self._plain_patterns, self._phone, self._always_timed
        )

    def _enhance(
        self, text: str, results: list[Any], artifacts: Any, ran: tuple[Any, ...], context: tuple[str, ...]
    ) -> list[Any]:
        """Presidio's context enhancement, as AnalyzerEngine.analyze runs it, for the scores it changes.

        AnalyzerEngine._enhance_using_context first lets each recognizer enhance its own results (the base
        EntityRecognizer's hook, which returns them unchanged, is the only one any of ours has), then hands
        every result to the LemmaContextAwareEnhancer, which deep-copies them all to change a few scores:
        ContextScores (context.py) computes those scores without the copies, and without tokens when the
        JSON key's words already decide. Same results, same order (the engine test compares both ways).
        """
        if not self.lean_enhancement or any(r.id in self._own_hooks for r in ran):
            return self._analyzer._enhance_using_context(  # type: ignore[no-any-return]
                text, results, resolved(artifacts), list(ran), list(context) or None
            )
        return self._context_scores.enhance(text, results, artifacts, context)

    def _to_raw(self, results: list[Any]) -> list[Raw]:
        out: list[Raw] = []
        for r in results:
            entity = self._aliases.get(r.entity_type, r.entity_type)
            if entity not in self._min_scores:
                continue
            name = (r.recognition_metadata or {}).get(NAME_KEY, "unknown")
            out.append(Raw(entity, r.start, r.end, float(r.score), str(name)))
        return out


class OnDemand:
    """NlpArtifacts built on first use. Most texts the NER skips have no result that context enhancement
    could change, and no recognizer of theirs reads tokens: tokenizing them was a tenth of the no-ner
    engine's time. Any attribute access builds the real artifacts and answers from them."""

    __slots__ = ("_build", "_built")

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._built: Any = None

    def get(self) -> Any:
        if self._built is None:
            self._built = self._build()
        return self._built

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.get(), name)


def resolved(artifacts: Any) -> Any:
    """The real NlpArtifacts (Presidio's enhancer reads them in loops: no proxy there)."""
    return artifacts.get() if isinstance(artifacts, OnDemand) else artifacts
