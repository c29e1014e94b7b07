"""health_spans (the refining stage's PERSON/place veto) and FLX320's context rule: no spaCy model needed."""

from __future__ import annotations

import pytest

from flexlint.detect.health import CATEGORY_ENTITY, HealthLexicon, default_lexicon, health_spans
from flexlint.detect.health_context import HealthContext


def found(text: str) -> list[str]:
    return [text[a:b].lower() for a, b, _ in health_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # single-word conditions and symptoms in health context
        ("my mom's hypertension is worse", ["hypertension"]),
        ("booking a depression screening", ["depression"]),
        ("can I get my anxiety meds early", ["anxiety meds"]),
        ("nausea since Monday", ["nausea"]),
        ("I've been feeling really anxious lately", ["anxious"]),
        ("my son has a fever and a sore throat", ["fever", "sore throat"]),
        ("suffering from stress at home", ["stress"]),
        # inflected forms, lay synonyms, misspellings
        ("my headaches and migraines", ["headaches", "migraines"]),
        ("my dad's sugar was 300 this morning", ["sugar"]),
        ("the water pills make me pee all night", ["water pills"]),
        ("she has high blood pressure", ["high blood pressure"]),
        ("my diabeetus numbers", ["diabeetus"]),
        ("knee pain after hiking", ["knee pain"]),
    ],
)
def test_health_words_in_health_context(text: str, expected: list[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We studied the Great Depression in history class",
        "I'm anxious to hear back about the job",
        "My cold brew order was wrong",
        "The pressure at work is crazy this month",
        "That was a real stroke of luck",
        "my shot at the promotion is next week",
        "Our company is going through a depression in sales",
        "I'm tired of waiting on hold",
        "The pain of waiting on hold",
    ],
)
def test_ordinary_words_without_health_context(text: str) -> None:
    assert health_spans(text) == []


def test_context_does_not_reach_across_a_sentence_end() -> None:
    assert found("I'm so anxious. The doctor's office called") == []
    assert found("the anxiety doctor called") == ["anxiety"]


def test_capitalised_drug_and_condition_names_are_found_for_the_person_veto() -> None:
    text = "Effexor gave me Dry Mouth, and Lexapro did not help my Fibromyalgia"
    spans = health_spans(text)
    assert [(text[a:b], c) for a, b, c in spans] == [
        ("Effexor", "medication"),
        ("Dry Mouth", "symptom"),
        ("Lexapro", "medication"),
        ("Fibromyalgia", "condition"),
    ]


def test_spans_are_offsets_into_the_text_with_known_categories() -> None:
    text = "İİ my wife’s asthma is back"
    spans = health_spans(text)
    assert [text[a:b] for a, b, _ in spans] == ["asthma"]
    assert all(c in CATEGORY_ENTITY for _, _, c in spans)
    assert health_spans("") == []


def test_lexicon_is_loaded_once() -> None:
    assert default_lexicon() is default_lexicon()


def test_head_only_term_is_not_a_modifier() -> None:
    lexicon = HealthLexicon(
        {},
        {"cold": ("condition", True)},
        HealthContext({"cue": frozenset({"my"}), "function": frozenset({"is"})}),
    )
    assert [m.category for m in lexicon.find("my cold is back")] == ["condition"]
    assert list(lexicon.find("my cold brew")) == []


def test_a_nearby_specific_term_is_context() -> None:
    lexicon = HealthLexicon({"vomiting": "symptom"}, {"fever": ("symptom", False)}, HealthContext())
    assert [m.category for m in lexicon.find("fever and vomiting")] == ["symptom", "symptom"]
    assert list(lexicon.find("fever pitch")) == []


def test_bad_lexicon_rows_are_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "terms.tsv"
    path.write_text("# header\nasthma\tcondition\nfoo\tnot-a-category\n", encoding="utf-8")
    with pytest.raises(ValueError, match="terms.tsv"):
        HealthLexicon.from_tsv(path)
    (tmp_path / "context.tsv").write_text("meds\tclinical\nx\tbogus\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bogus"):
        HealthContext.from_tsv(tmp_path / "context.tsv")


@pytest.mark.parametrize(
    "text",
    [
        "He had a stroke of genius",
        "I need to get gas",
        "I got a bug in my code",
        "my period of employment ended",
        "Do you have a temperature setting on the oven",
        "I have a cold call at 3",
    ],
)
def test_idioms_and_modifiers_are_not_health(text: str) -> None:
    assert health_spans(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my back hurts so bad", ["back hurts"]),
        ("her eyes are itchy all the time", ["eyes are itchy"]),
        ("found a lump in my breast", ["lump"]),
        ("a rash on her arm since Friday", ["rash"]),
        ("cant sleep at night", ["cant sleep"]),
        ("My Crohns is flaring", ["crohns"]),
        ("need my bp meds refilled", ["bp meds"]),
        ("a referral to a dermatologist", ["dermatologist"]),
    ],
)
def test_body_part_complaints_and_typed_variants(text: str, expected: list[str]) -> None:
    assert found(text) == expected


def test_body_words_alone_are_not_health() -> None:
    assert found("my heart aches for you") == []
    assert found("I left my keys on the other hand") == []
