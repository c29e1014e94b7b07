"""Detection records: `Raw`, what post-processing works on, and the Presidio result that flexlint's own
lexicon recognizers (health terms, place names) make. Imports nothing of flexlint's, so every detector
module can use it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Raw:
    entity: str  # flexlint entity name (already mapped)
    start: int
    end: int
    score: float
    recognizer: str


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
