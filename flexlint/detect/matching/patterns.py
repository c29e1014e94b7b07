"""The pattern pre-search: which recognizers a text needs, and PatternRecognizer.analyze from the first
pattern that matched.

Before the engine runs a recognizer on a text it checks the recognizer's prefilter (recognizers.Prefilter),
and, for a plain pattern recognizer (one whose every result is a match of one of its patterns), asks its
compiled patterns in order whether any of them matches: most texts match none, and Presidio's analyze would
still run, time and log every pattern. `plan_steps` binds what that asks of each recognizer once per plan.

When pattern `first` is the first that matches, the ones before it cannot produce a result: `pattern_results`
is the loop of Presidio's PatternRecognizer.__analyze_patterns (presidio-analyzer 2.2.366, pinned) from
`first` on, with the same results: the same spans, scores, validation and invalidation rules, explanation
and metadata, and the same duplicate removal. The one difference: flexlint's and Presidio's own patterns
match short texts without Presidio's 60-second regex timeout (UNTIMED_CHARS). tests/detect/test_prefilter.py
compares the engine's results with and without these shortcuts on every sample text.

Importing this module imports Presidio: only the engine imports it, lazily.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import regex
from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult
from presidio_analyzer.pattern_recognizer import REGEX_TIMEOUT_SECONDS

# Presidio recognizers with an analyze of their own whose every result is a match of one of their patterns
# (IbanRecognizer runs them with its own finditer, then checks and trims what they matched): a text none of
# their patterns matches gets nothing from them, as with a plain PatternRecognizer.
_OWN_ANALYZE_PATTERNS_ONLY = frozenset({"IbanRecognizer"})

# What the engine asks of one recognizer for each text: the recognizer, its prefilter's test, the searches of
# its compiled patterns (each with its own prefilter's test and its index) if it is a plain pattern
# recognizer, whether it is the phone recognizer, whether its analyze is Presidio's PatternRecognizer.analyze
# (then pattern_results runs it from the first pattern that matched), and whether its patterns always get
# Presidio's regex timeout (a user's recognizers: see UNTIMED_CHARS).
Search = tuple[Callable[[str], Any], Callable[[Any], bool] | None, int]
Step = tuple[Any, Callable[[Any], bool] | None, tuple[Search, ...] | None, bool, bool, bool]


def plain_pattern_ids(recognizers: Iterable[Any]) -> set[str]:
    """Ids of the recognizers whose every result is a match of one of their patterns."""
    return {
        r.id
        for r in recognizers
        if isinstance(r, PatternRecognizer)
        and (type(r).analyze is PatternRecognizer.analyze or type(r).__name__ in _OWN_ANALYZE_PATTERNS_ONLY)
    }


def plan_steps(
    planned: Iterable[Any],
    prefilters: Mapping[str, Any],
    pattern_prefilters: Mapping[int, Any],
    plain_patterns: set[str],
    phone: Any,
    always_timed: frozenset[str] = frozenset(),
) -> tuple[Step, ...]:
    """The steps for a plan (recognizers in registry order), its recognizers loaded and patterns compiled.

    Presidio compiles a pattern on its first use; with prefilters a recognizer may first run on the
    thousandth text. Compiling them all at once, as the unfiltered analyzer did on its first text, keeps that
    cost in the first call (the warm-up) instead of spreading it through a run. `prefilters` are by
    recognizer id, `pattern_prefilters` by id() of the Presidio Pattern.
    """
    steps: list[Step] = []
    for recognizer in planned:
        if not recognizer.is_loaded:
            recognizer.load()
            recognizer.is_loaded = True
        prefilter = prefilters.get(recognizer.id)
        searches = None
        if isinstance(recognizer, PatternRecognizer):
            flags = recognizer.global_regex_flags
            for pattern in recognizer.patterns:
                if not pattern.compiled_regex or pattern.compiled_with_flags != flags:
                    pattern.compiled_with_flags = flags
                    pattern.compiled_regex = regex.compile(pattern.regex, flags=flags)
        if recognizer.id in plain_patterns:
            searches = tuple(
                (pattern.compiled_regex.search, own.passes if own is not None else None, index)
                for index, pattern in enumerate(recognizer.patterns)
                for own in [pattern_prefilters.get(id(pattern))]
            )
        from_first_match = searches is not None and follows_presidio(recognizer)
        passes = prefilter.passes if prefilter is not None else None
        steps.append((recognizer, passes, searches, recognizer is phone, from_first_match, recognizer.id in always_timed))
    return tuple(steps)


def follows_presidio(recognizer: Any) -> bool:
    """Whether `pattern_results` gives this recognizer's analyze results: its analyze is Presidio's own."""
    return isinstance(recognizer, PatternRecognizer) and type(recognizer).analyze is PatternRecognizer.analyze


# Texts up to this long are matched with flexlint's and Presidio's own patterns without Presidio's regex
# timeout: asking the regex module for one costs more than matching a short text, and those patterns are
# tested. Longer texts, and every text for the patterns of a user's recognizer files (--recognizers), get it,
# in the pre-search and here: a pattern that times out is skipped, as in Presidio.
UNTIMED_CHARS = 1000


def search_hits(search: Any, text: str) -> bool:
    """Whether a compiled pattern's `search` finds something in a text longer than UNTIMED_CHARS, with
    Presidio's timeout; a timeout counts as a hit, so that pattern_results decides as Presidio would."""
    try:
        return search(text, timeout=REGEX_TIMEOUT_SECONDS) is not None
    except TimeoutError:
        return True


def pattern_results(recognizer: Any, text: str, first: int, timed: bool) -> list[Any]:
    """recognizer.analyze(text) for a plain PatternRecognizer whose patterns before `first` match nothing;
    `timed`: with Presidio's regex timeout (see UNTIMED_CHARS)."""
    flags = recognizer.global_regex_flags
    entity = recognizer.supported_entities[0]
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
