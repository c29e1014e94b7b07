"""Given-name evidence rules (flexlint.detect.refining.name_evidence) on a small hand-made lexicon: no model."""

from __future__ import annotations

import pytest

from flexlint.detect.refining.name_evidence import name_evidence
from flexlint.detect.refining.lexicon import WordLexicon
from flexlint.detect.refining import refine
from flexlint.detect.refining.words import IMPERATIVE_NAMES, NOT_NAMES
from flexlint.detect.results import Raw


LEX = WordLexicon(
    english=frozenset(
        {"mark", "grant", "access", "back", "tomorrow", "great", "fine", "portal", "villa", "cuisine", "creek",
         "apartments", "spanish", "queue", "call", "daughter", "account", "child", "hope", "street", "tell",
         "late"}
    ),
    names=frozenset({"mark", "grant", "hope", "rosalind", "tobias", "priya", "child", "street", "okafor"}),
    places=frozenset({"springfield"}),
    given=frozenset({"mark", "grant", "hope", "rosalind", "tobias", "priya", "creek", "child"}),
)
STOP = NOT_NAMES | IMPERATIVE_NAMES


def found(text: str, already: list[Raw] | None = None) -> list[str]:
    return [text[r.start : r.end] for r in name_evidence(text, already or [], STOP, LEX)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Rosalind Achterberg called about her claim", ["Rosalind Achterberg"]),  # given + surname shape
        ("rosalind achterberg\n12 main st", ["rosalind achterberg"]),  # lower-case signature line
        ("my name is wojtek", ["wojtek"]),  # cue + no dictionary word
        ("sometimes people call me wojtek", ["wojtek"]),
        ("Thanks, can you confirm the refill for Tobias?", ["Tobias"]),  # lone given name
        ("Tobias, can you resend the form?", ["Tobias"]),  # vocative
        ("wojtek: hi\nzbyszek: hello there", ["wojtek", "zbyszek"]),  # two speaker labels
        ("it is for priya's daughter", ["priya"]),  # possessive + kinship noun
        ("they invited tobias, priya and rosalind", ["tobias", "priya", "rosalind"]),  # list of given names
        ("Wojtek is late again. Tell him to call", ["Wojtek"]),  # subject + gendered pronoun
    ],
)
def test_names_found(text: str, names: list[str]) -> None:
    assert found(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "Mark as resolved",
        "Grant access to the portal",
        "call me back tomorrow",
        "this is great",
        "Transfer to Spanish queue",
        "Can you look at Villa Tobias Cuisine?",  # part of a business name
        "Camino Creek Apartments",  # baby-name-only word that is English
        "it is for my child's account",
        "Agent: hello\nCustomer: hi",
        "Alexa, play the hold music",
        "Hope Street, Springfield",
    ],
)
def test_traps_not_names(text: str) -> None:
    assert found(text) == []


def test_existing_results_are_not_duplicated_and_no_lexicon_is_a_no_op() -> None:
    text = "Rosalind Achterberg called"
    assert found(text, [Raw("PERSON", 0, 19, 0.85, "SpacyRecognizer")]) == []
    assert name_evidence(text, [], STOP, WordLexicon()) == []


def test_clean_runs_name_evidence_and_propagates() -> None:
    text = "Tobias Okafor called. Okafor will call back."
    out = refine(text, [], {"PERSON": 0.35}, (), LEX)
    assert [text[r.start : r.end] for r in out] == ["Tobias Okafor", "Okafor"]


def test_cue_hit_on_an_ordinary_word_is_dropped() -> None:
    text = "Transfer to Spanish queue"
    cue = Raw("PERSON", 12, 19, 0.6, "CuedPersonRecognizer")
    assert refine(text, [cue], {"PERSON": 0.35}, (), LEX) == []
