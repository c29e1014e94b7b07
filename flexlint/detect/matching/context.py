"""Context enhancement of recognizer scores: Presidio's LemmaContextAwareEnhancer, in whole-word mode, for
the scores alone.

Presidio's enhancer deep-copies every result it is given, builds a list of lemmas around each one, and
records the word that helped in the result's explanation. flexlint reads a result's entity, span, score and
recognizer name, never its explanation, and the engine hands over only results whose recognizer has context
words: so this computes the same score with the same arithmetic from the same tokens, lemmas and keywords,
and copies a result only when its score changes. tests/detect/test_prefilter.py compares the engine's
results with Presidio's enhancer against these on every sample text.

Importing this module is cheap (no Presidio import): the engine builds it from its Presidio enhancer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

MAX_SCORE = 1.0  # presidio_analyzer.context_aware_enhancers.ContextAwareEnhancer.MAX_SCORE
_ID_KEY = "recognizer_identifier"  # RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
_ENHANCED_KEY = "is_score_enhanced_by_context"  # RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY


class ContextScores:
    """What LemmaContextAwareEnhancer.enhance_using_context does to scores, with its settings."""

    def __init__(self, enhancer: Any, recognizers: Iterable[Any]) -> None:
        if enhancer.context_matching_mode != "whole_word":
            raise ValueError("only Presidio's whole-word context matching is implemented here")
        self.factor = enhancer.context_similarity_factor
        self.floor = enhancer.min_score_with_context_similarity
        self.before = enhancer.context_prefix_count
        self.after = enhancer.context_suffix_count
        # the enhancer compares context words lower-cased, whole words only
        self.words = {r.id: frozenset(w.lower() for w in r.context) for r in recognizers if r.context}

    def enhance(self, text: str, results: Sequence[Any], artifacts: Any, context: Sequence[str]) -> list[Any]:
        """`results` with scores as the enhancer leaves them; a result whose score changes is a copy."""
        if artifacts is None:
            return list(results)
        caller = frozenset(w.lower() for w in context)
        keywords: frozenset[str] | None = None
        # flexlint's lemmas are nlp.cheap_lemma of a token's lower-case text: prefixes of it, so a context word
        # that is not in the lower-cased text is in no lemma, and the tokens need not be looked at (built).
        # (ASCII texts only: there lower-casing a token and the whole text agree character by character.)
        lower = text.lower() if text.isascii() else None
        out = []
        for result in results:
            metadata = result.recognition_metadata or {}
            words = self.words.get(metadata.get(_ID_KEY))
            if words is None or metadata.get(_ENHANCED_KEY):
                out.append(result)
                continue
            if caller & words:
                found = True
            elif lower is not None and not any(word in lower for word in words):
                found = False
            elif not artifacts.tokens:
                found = False  # (the enhancer's surrounding words are then [""])
            else:
                if keywords is None:
                    keywords = frozenset(artifacts.keywords)
                found = not words.isdisjoint(self._surrounding(text, result, artifacts, keywords))
            if not found:
                out.append(result)
                continue
            score = result.score + self.factor
            score = max(score, self.floor)
            score = min(score, MAX_SCORE)
            copy = object.__new__(type(result))
            copy.__dict__.update(result.__dict__)
            copy.score = score
            out.append(copy)
        return out

    def _surrounding(self, text: str, result: Any, artifacts: Any, keywords: frozenset[str]) -> list[str]:
        """The lemmas the enhancer looks at: up to `before`+1 keywords back from the match's first token and
        `after`+1 forward (the token itself counts on both sides)."""
        start = result.start
        indices = artifacts.tokens_indices
        index = -1
        for i, token in enumerate(artifacts.tokens):
            if indices[i] == start or start < indices[i] + len(token):
                index = i
                break
        else:
            raise ValueError("the match is not in the list of tokens")  # as the enhancer (no value quoted)
        lemmas = artifacts.lemmas
        words: list[str] = []
        for step, count in ((-1, self.before), (1, self.after)):
            i, remaining = index, count + 1
            while 0 <= i < len(lemmas) and remaining > 0:
                lemma = lemmas[i].lower()
                if lemma in keywords:
                    words.append(lemma)
                    remaining -= 1
                i += step
        return words
