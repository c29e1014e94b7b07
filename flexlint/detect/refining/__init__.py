"""Refining: what turns the matchers' raw spans into detections, as an ordered list of small refiners.

Matching (flexlint.detect.matching) reproduces Presidio's recognizers; it finds too much in real text
(vitals read as phone numbers, section headers read as names) and too little (names the model misses).
Each refiner here has one concern and the signature `(Refinement, list[Raw]) -> list[Raw]`: it drops,
rewrites or adds spans. The order matters where a refiner reads what an earlier one kept (name evidence
looks at the PERSON spans that survived; overlaps run last). Word lists live in rules/words/words.yaml.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from flexlint.detect.refining.addresses import add_address_parts
from flexlint.detect.refining.clinical import (
    drop_caseless_ner,
    drop_note_words,
    drop_readings,
    drop_unknown_ner_in_notes,
)
from flexlint.detect.refining.contacts import drop_false_contacts, drop_inside_twilio_sids, twilio_sid_spans
from flexlint.detect.refining.context import Refinement
from flexlint.detect.refining.cues import add_cued_names
from flexlint.detect.refining.lexicon import WordLexicon
from flexlint.detect.refining.overlaps import drop_inside_containers, resolve_overlaps
from flexlint.detect.refining.people import add_name_evidence, drop_false_persons, propagate_names
from flexlint.detect.refining.places import drop_false_places
from flexlint.detect.results import Raw

Refiner = Callable[[Refinement, list[Raw]], list[Raw]]


def apply_thresholds(ref: Refinement, found: list[Raw]) -> list[Raw]:
    return [r for r in found if ref.passes(r)]


REFINERS: tuple[Refiner, ...] = (
    apply_thresholds,
    drop_inside_twilio_sids,
    drop_false_persons,
    drop_false_places,
    drop_false_contacts,
    drop_readings,
    drop_caseless_ner,
    drop_unknown_ner_in_notes,
    add_address_parts,
    add_cued_names,
    add_name_evidence,
    propagate_names,
    drop_note_words,
    drop_inside_containers,
    resolve_overlaps,
)


def refine(
    text: str,
    raw: Iterable[Raw],
    min_scores: Mapping[str, float],
    context: Iterable[str] = (),
    lexicon: WordLexicon | None = None,
    refiners: tuple[Refiner, ...] = REFINERS,
) -> list[Raw]:
    """Run the refiners in order. Returns results sorted by (start, -score, end).

    `context` are the caller's context words (from the JSON key), lower-case. `lexicon` (English words,
    person names, places) enables the ordinary-word filters and name evidence; without it they are off.
    """
    ref, found = Refinement.of(text, raw, min_scores, context, lexicon)
    for refiner in refiners:
        found = refiner(ref, found)
    return found


__all__ = ["REFINERS", "Refinement", "Refiner", "WordLexicon", "refine", "twilio_sid_spans"]
