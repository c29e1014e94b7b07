"""Health lexicon, post-processing filters and import hygiene: no spaCy model needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from flexlint.detect.engine import DetectorEngine

from flexlint.detect.engine import rules_dir
from flexlint.detect.health import HealthLexicon
from flexlint.detect.refining import refine, twilio_sid_spans
from flexlint.detect.results import Raw

MIN = {
    e: 0.35
    for e in (
        "PERSON",
        "URL",
        "EMAIL_ADDRESS",
        "LOCATION",
        "DATE",
        "PHONE_NUMBER",
        "STREET_ADDRESS",
        "POSTAL_CODE",
    )
}


@pytest.fixture(scope="module")
def lexicon() -> HealthLexicon:
    return HealthLexicon.from_tsv(rules_dir() / "health" / "terms.tsv")


def test_lexicon_file_is_small_and_sourced() -> None:
    terms = rules_dir() / "health" / "terms.tsv"
    assert terms.stat().st_size < 1_500_000
    assert (rules_dir() / "health" / "SOURCE.md").is_file()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("calling about her type 2 diabetes medication refill (metformin)", ["type 2 diabetes", "metformin"]),
        ("reported chest pain lasting two days", ["chest pain"]),
        ("scheduled a colonoscopy and an MRI", ["colonoscopy", "mri"]),
        ("Rx for Lisinopril 10mg", ["lisinopril"]),
        ("history of Alzheimer’s", ["alzheimer’s"]),
        ("please do a cold call and a stress free follow-up", []),  # "cold", "stress" are not matched alone
        ("the customer wants a refund", []),
    ],
)
def test_lexicon_matches(lexicon: HealthLexicon, text: str, expected: list[str]) -> None:
    found = [text[m.start : m.end].lower() for m in lexicon.find(text)]
    assert found == expected


def test_lexicon_offsets_survive_case_folding(lexicon: HealthLexicon) -> None:
    text = "İİ patient has asthma attack"
    (m,) = list(lexicon.find(text))
    assert text[m.start : m.end] == "asthma attack"


def test_url_inside_email_is_dropped() -> None:
    text = "Email john.smith@example.co.uk"
    raw = [
        Raw("EMAIL_ADDRESS", 6, 30, 1.0, "EmailRecognizer"),
        Raw("URL", 6, 13, 0.5, "UrlRecognizer"),
        Raw("URL", 17, 30, 0.5, "UrlRecognizer"),
    ]
    assert [r.entity for r in refine(text, raw, MIN)] == ["EMAIL_ADDRESS"]


@pytest.mark.parametrize(
    "text", ["Mark as resolved", "Bill me later", "Will do", "Grant access to the portal"]
)
def test_imperative_first_names_are_not_people(text: str) -> None:
    word = text.split()[0]
    raw = [Raw("PERSON", 0, len(word), 0.85, "SpacyRecognizer")]
    assert refine(text, raw, MIN) == []


def test_real_names_stay() -> None:
    text = "Mark called about his bill"
    raw = [Raw("PERSON", 0, 4, 0.85, "SpacyRecognizer")]
    assert refine(text, raw, MIN) == raw


@pytest.mark.parametrize("value", ["john@example.com", "Agent 007", "Hi Team"])
def test_person_spans_with_at_digits_or_non_names_are_dropped(value: str) -> None:
    start = 3 if value.startswith("Hi ") else 0
    raw = [Raw("PERSON", start, len(value), 0.85, "SpacyRecognizer")]
    assert refine(value, raw, MIN) == []


def test_countries_and_states_are_a_quasi_identifier_not_small_geography() -> None:
    text = "moved from Norway to Boston, California"
    raw = [
        Raw("LOCATION", 11, 17, 0.85, "SpacyRecognizer"),
        Raw("LOCATION", 21, 27, 0.85, "SpacyRecognizer"),
        Raw("LOCATION", 29, 39, 0.85, "SpacyRecognizer"),
    ]
    kept = refine(text, raw, MIN)
    assert [(r.entity, text[r.start : r.end]) for r in kept] == [
        ("STATE_OR_COUNTRY", "Norway"),
        ("LOCATION", "Boston"),
        ("STATE_OR_COUNTRY", "California"),
    ]


def test_nothing_inside_a_twilio_sid() -> None:
    text = "conversation WT0123456789abcdef0123456789abcdef"
    assert twilio_sid_spans(text) == [(13, 47)]
    raw = [
        Raw("PHONE_NUMBER", 15, 25, 0.6, "NanpPhoneRecognizer"),
        Raw("DATE", 20, 30, 0.6, "DateRecognizer"),
    ]
    assert refine(text, raw, MIN) == []


def test_postal_code_after_street_address() -> None:
    text = "28245 Puruntie 82 Apt. 595\n   LAPPEENRANTA\n    53650"
    raw = [Raw("STREET_ADDRESS", 0, 26, 0.6, "StreetAddressRecognizer")]
    found = refine(text, raw, MIN)
    assert [(r.entity, text[r.start : r.end]) for r in found] == [
        ("STREET_ADDRESS", text[:26]),
        ("LOCATION", "LAPPEENRANTA"),
        ("POSTAL_CODE", "53650"),
    ]


def test_unknown_entities_and_low_scores_are_dropped() -> None:
    text = "whatever text"
    raw = [Raw("NRP", 0, 4, 0.9, "x"), Raw("PERSON", 0, 4, 0.2, "x")]
    assert refine(text, raw, MIN) == []


def test_importing_the_package_does_not_import_spacy_or_presidio() -> None:
    code = (
        "import sys, flexlint.detect, flexlint.detect.engine, flexlint.detect.matching.validators;"
        "from flexlint.detect.engine import DetectorEngine, Detection;"
        "bad = [m for m in ('spacy', 'presidio_analyzer', 'thinc') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_entity_table_is_the_one_source_of_codes() -> None:
    """rules/entities.json: every entity has a code the table describes, every recognizer's entity is in
    it, and its identifier codes are exactly the Safe Harbor identifier rules in the registry."""
    from flexlint.checks.phi_rules import IDENTIFIER_RULES
    from flexlint.detect.engine import default_recognizer_files
    from flexlint.detect.matching.recognizers import recognizers_from_yaml
    from flexlint.entities import code_description, entities, identifier_codes

    table = entities()
    codes = {spec.code for spec in table.values()}
    assert codes == {f"FLX3{n:02d}" for n in (*range(1, 16), 17, 18, 20)}
    assert all(code_description(code) for code in codes)
    assert identifier_codes() == {rule.code for rule in IDENTIFIER_RULES}
    assert all(spec.placeholder.isupper() and spec.description for spec in table.values())
    for path in default_recognizer_files():
        for recognizer in recognizers_from_yaml(path):
            assert set(recognizer.supported_entities) <= table.keys(), (path.name, recognizer.name)


@pytest.mark.parametrize("text", ["Thanks.That's all", "No.Thank you", "Yes.Tell me more"])
def test_sentences_glued_by_a_period_are_not_urls(text: str) -> None:
    end = text.index(".") + 3
    raw = [Raw("URL", 0, end, 0.5, "UrlRecognizer")]
    assert refine(text, raw, MIN) == []


def test_real_bare_domains_stay() -> None:
    text = "see example.com or FaceUpdate.com.br"
    raw = [Raw("URL", 4, 15, 0.5, "UrlRecognizer"), Raw("URL", 19, 36, 0.5, "UrlRecognizer")]
    assert refine(text, raw, MIN) == raw


def test_town_line_after_street_address() -> None:
    text = "28030 Edeby 55\n Apt. 297\n TYSTBERGA\n Sweden 99178"
    raw = [Raw("STREET_ADDRESS", 0, 14, 0.6, "StreetAddressRecognizer")]
    found = [(r.entity, text[r.start : r.end]) for r in refine(text, raw, MIN)]
    assert ("LOCATION", "TYSTBERGA") in found
    assert ("POSTAL_CODE", "99178") in found
    assert all(value != "Sweden" for _, value in found)  # countries are never reported


def test_gazetteer_needs_cue_for_one_word_names() -> None:
    from flexlint.detect.matching.gazetteer import Gazetteer

    g = Gazetteer(["Napa", "Walnut Creek", "Mobile", "Espoo"], ["in", "to", "from"])

    def found(text: str) -> list[str]:
        return [text[a:b] for a, b in g.find(text)]

    assert found("Look in Napa.") == ["Napa"]
    assert found("Napa is nice") == []  # one word, no cue
    assert found("Napa, CA") == ["Napa"]  # state after it
    assert found("a flat near Walnut Creek") == ["Walnut Creek"]  # multi-word: no cue needed
    assert found("Mobile phone please") == []
    assert found("moved to ESPOO") == ["ESPOO"]
    assert found("moved to napa") == []  # case-sensitive


def test_gazetteer_needs_cue_only_for_the_ambiguous_names() -> None:
    from flexlint.detect.matching.gazetteer import Gazetteer

    g = Gazetteer(["Estonia", "Jordan", "New Zealand"], ["in", "to", "from"], needs_cue=["Jordan"])

    def found(text: str) -> list[str]:
        return [text[a:b] for a, b in g.find(text)]

    assert found("Estonia was super fun") == ["Estonia"]
    assert found("ESTONIA 62031") == ["ESTONIA"]
    assert found("Jordan called back") == []  # a given name too: needs the cue
    assert found("flew to Jordan") == ["Jordan"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Pálffy grew up in SUND.", [("LOCATION", "SUND")]),
        ("We moved here from Cite Guedouala", [("LOCATION", "Cite Guedouala")]),
        ("She was born in Port of Spain", [("LOCATION", "Port of Spain")]),
        ("I'm originally from Norway", [("STATE_OR_COUNTRY", "Norway")]),
        ("lives in the city centre", []),
        ("born in 1990", []),
    ],
)
def test_home_place_cue_finds_unknown_towns(
    pattern_engine: DetectorEngine, text: str, expected: list[tuple[str, str]]
) -> None:
    (found,) = pattern_engine.analyze([text])
    places = [(d.entity, text[d.start : d.end]) for d in found if d.entity in ("LOCATION", "STATE_OR_COUNTRY")]
    assert places == expected


def test_places_gazetteer_file_is_valid_presidio_yaml() -> None:
    import yaml

    doc = yaml.load(
        (rules_dir() / "recognizers" / "places.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
    )
    (spec,) = doc["recognizers"]
    assert spec["supported_entity"] == "LOCATION" and spec["match"] == "gazetteer"
    assert "Napa" in spec["deny_list"] and "France" not in spec["deny_list"]


def test_cheap_lemma() -> None:
    from flexlint.detect.nlp import cheap_lemma

    assert [cheap_lemma(w) for w in ("phones", "ssns", "address", "status", "is", "members")] == [
        "phone",
        "ssn",
        "address",
        "status",
        "is",
        "member",
    ]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("com.twilio.taskrouter.task.created", 22, 29),  # "task.cr" inside a reverse-DNS event type
        ("{{widgets.gather_1.Digits}}", 2, 12),  # "widgets.ga" inside a Studio template path
    ],
)
def test_partial_token_domains_are_not_urls(text: str, start: int, end: int) -> None:
    assert refine(text, [Raw("URL", start, end, 0.5, "UrlRecognizer")], MIN) == []


def test_lone_word_ner_hits_need_a_name_key() -> None:
    raw = [Raw("PERSON", 0, 7, 0.85, "SpacyRecognizer")]
    assert refine("Trigger", raw, MIN) == []
    assert refine("Trigger", raw, MIN, context=["customer", "name"]) == raw


def test_person_names_spread_to_repeats_and_list_siblings() -> None:
    text = "Asya spent a year as the assistant to Asya Godina."
    found = refine(text, [Raw("PERSON", 38, 49, 0.85, "SpacyRecognizer")], MIN)
    assert [text[r.start : r.end] for r in found] == ["Asya", "Asya Godina"]
    text = "They had 3: Romi, Erik and Amy."
    found = refine(text, [Raw("PERSON", 18, 22, 0.85, "SpacyRecognizer")], MIN)
    assert [text[r.start : r.end] for r in found] == ["Romi", "Erik", "Amy"]
    text = "Mark as resolved, then call Mark Smith"
    found = refine(text, [Raw("PERSON", 28, 38, 0.85, "SpacyRecognizer")], MIN)
    assert [text[r.start : r.end] for r in found] == ["Mark Smith"]  # imperative "Mark" is not spread


def test_word_lexicon_and_ordinary_ner_filter() -> None:
    from flexlint.detect.refining.lexicon import WordLexicon
    from flexlint.detect.refining import refine
    from flexlint.detect.results import Raw

    lex = WordLexicon(
        english=frozenset({"discipline", "wisdom", "hope", "tale", "spoke", "asthma", "inhaler"}),
        names=frozenset({"hope"}),
        places=frozenset(),
        given=frozenset(),  # no given-name evidence: this test is about the ordinary-word filter
    )
    assert lex.is_ordinary("Discipline") and lex.is_ordinary("Tales") and lex.is_ordinary("Spoke")
    assert not lex.is_ordinary("Hope") and not lex.is_ordinary("Okafor")
    mins = {"PERSON": 0.35, "LOCATION": 0.35}
    text = "Wisdom and Discipline"
    ner = Raw("PERSON", 11, 21, 0.85, "SpacyRecognizer")
    assert refine(text, [ner], mins, (), lex) == []
    assert refine(text, [ner], mins, ("name",), lex) == [ner]  # the JSON key says it is a name
    assert refine(text, [ner], mins, (), None) == [ner]  # no lexicon (pattern-only mode): no filter
    cue = Raw("PERSON", 11, 21, 0.6, "CuedPersonRecognizer")
    assert {r.recognizer for r in refine(text, [ner, cue], mins, (), lex)} == {"SpacyRecognizer"}
    text = "asthma inhaler refill"
    assert refine(text, [Raw("PERSON", 0, 14, 0.85, "SpacyRecognizer")], mins, (), lex) == []
    text = "Spoke with Maria"  # ("Maria" after the contact cue is a name: the cue refiner adds it)
    found = refine(text, [Raw("LOCATION", 0, 5, 0.85, "SpacyRecognizer")], mins, (), lex)
    assert [(r.entity, text[r.start : r.end]) for r in found] == [("PERSON", "Maria")]


def test_bare_digits_after_an_id_label_are_not_phones() -> None:
    from flexlint.detect.refining import refine
    from flexlint.detect.results import Raw

    mins = {"PHONE_NUMBER": 0.35}
    for text in ("employee number 5521873", "order # 4155550132", "case id: 5521873"):
        start = text.index("5") if "order" not in text else text.index("4")
        phone = Raw("PHONE_NUMBER", start, len(text), 0.6, "PhoneRecognizer")
        assert refine(text, [phone], mins) == []
    text = "phone number 5521873"
    phone = Raw("PHONE_NUMBER", 13, 20, 0.6, "PhoneRecognizer")
    assert refine(text, [phone], mins) == [phone]


@pytest.mark.parametrize(("value", "entity"), [("CA", "STATE_OR_COUNTRY"), ("TX", "STATE_OR_COUNTRY"), ("LA", "LOCATION"), ("NY", "LOCATION"), ("SD", "LOCATION"), ("ca", "LOCATION")])
def test_state_codes_count_as_states_only_as_written_and_unambiguous(value: str, entity: str) -> None:
    text = f"lives in {value}"
    raw = [Raw("LOCATION", 9, 9 + len(value), 0.85, "HomePlaceRecognizer")]
    assert [r.entity for r in refine(text, raw, MIN)] == [entity]
