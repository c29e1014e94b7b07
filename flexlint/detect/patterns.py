"""PatternRecognizer.analyze from the first pattern the engine's pre-search matched.

The engine asks each plain pattern recognizer's compiled patterns, in order, whether any of them matches a
text before it runs the recognizer (engine._recognize). When pattern `first` is the first that does, the ones
before it cannot produce a result, and Presidio's analyze would still run them, time them and log the
timings. This is the loop of Presidio's PatternRecognizer.__analyze_patterns (presidio-analyzer 2.2.366,
pinned) from `first` on, with the same results: the same spans, scores, validation and invalidation rules,
explanation and metadata, and the same duplicate removal (the one difference: short texts are matched
without Presidio's 60-second regex timeout, see UNTIMED_CHARS). tests/detect/test_prefilter.py compares the
engine's results with and without it on every sample text.

Importing this module imports Presidio: only the engine imports it, lazily.
"""

from __future__ import annotations

from typing import Any

from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult
from presidio_analyzer.pattern_recognizer import REGEX_TIMEOUT_SECONDS


def follows_presidio(recognizer: Any) -> bool:
    """Whether `pattern_results` gives this recognizer's analyze results: its analyze is Presidio's own."""
    return isinstance(recognizer, PatternRecognizer) and type(recognizer).analyze is PatternRecognizer.analyze


# Texts up to this long are matched without Presidio's regex timeout: asking the regex module for one costs
# more than matching a short text, and the engine's pre-search (which runs first, on the same patterns) does
# not use one either. Longer texts get it in both (a pattern that times out is skipped, as in Presidio).
UNTIMED_CHARS = 1000


def search_hits(search: Any, text: str) -> bool:
    """Whether a compiled pattern's `search` finds something in a text longer than UNTIMED_CHARS, with
    Presidio's timeout; a timeout counts as a hit, so that pattern_results decides as Presidio would."""
    try:
        return search(text, timeout=REGEX_TIMEOUT_SECONDS) is not None
    except TimeoutError:
        return True


def pattern_results(recognizer: Any, text: str, first: int) -> list[Any]:
    """recognizer.analyze(text) for a plain PatternRecognizer whose patterns before `first` match nothing."""
    flags = recognizer.global_regex_flags
    entity = recognizer.supported_entities[0]
    timed = len(text) > UNTIMED_CHARS
    results = []
    for pattern in recognizer.patterns[first:]:
        # (the engine compiled every pattern with these flags before the first text: _compile)
        try:
            if timed:
                matches = pattern.compiled_regex.finditer(text, timeout=REGEX_TIMEOUT_SECONDS)
            else:
                matches = pattern.compiled_regex.finditer(text)
            for match in matches:
                start, end = match.span()
                current = text[start:end]
                if current == "":
                    continue
                score = pattern.score
                validation = recognizer.validate_result(current)
                explanation = PatternRecognizer.build_regex_explanation(
                    recognizer.name, pattern.name, pattern.regex, score, validation, flags
                )
                result = RecognizerResult(
                    entity_type=entity,
                    start=start,
                    end=end,
                    score=score,
                    analysis_explanation=explanation,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
                    },
                )
                if validation is not None:
                    result.score = EntityRecognizer.MAX_SCORE if validation else EntityRecognizer.MIN_SCORE
                invalidation = recognizer.invalidate_result(current)
                if invalidation is not None and invalidation:
                    result.score = EntityRecognizer.MIN_SCORE
                if result.score > EntityRecognizer.MIN_SCORE:
                    results.append(result)
                explanation.score = result.score
        except TimeoutError:
            continue  # as Presidio: a pattern that times out is skipped (it logs a warning; no value in it)
    return EntityRecognizer.remove_duplicates(results)  # type: ignore[no-any-return]
