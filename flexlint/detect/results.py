"""A Presidio result made by one of flexlint's own lexicon recognizers (health terms, place names)."""

from __future__ import annotations

from typing import Any


def lexicon_result(recognizer: Any, entity: str, start: int, end: int, score: float, how: str) -> Any:
    """A RecognizerResult carrying the recognizer's name and id, as Presidio's own recognizers set them."""
    from presidio_analyzer import AnalysisExplanation, RecognizerResult

    return RecognizerResult(
        entity_type=entity,
        start=start,
        end=end,
        score=score,
        analysis_explanation=AnalysisExplanation(
            recognizer=recognizer.name, original_score=score, textual_explanation=how
        ),
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        },
    )
