"""Clinical writing: readings that are not identifiers, note words that are not names, dates and names
as notes write them (flexlint.detect.refining.clinical / cues, rules/recognizers/clinical.yaml).

The refiner tests run on a small hand-made lexicon (no model); the recognizer tests run the real engine.
All values are invented."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flexlint.detect.engine import DetectorEngine
from flexlint.detect.matching.validators import month_day
from flexlint.detect.refining import refine
from flexlint.detect.refining.cues import cued_names
from flexlint.detect.refining.lexicon import WordLexicon
from flexlint.detect.results import Raw

LEX = WordLexicon(
    english=frozenset({"aware", "soft", "called", "visit", "stable", "family", "in", "agreed", "cough", "will", "with", "about",
               "the", "plan", "to", "see", "for", "at", "noon", "held", "procedure", "heparin", "recheck", "who", "is",
               "today", "social", "evening", "of", "performed", "follow", "visited", "spoke"}),
    names=frozenset({"okonkwo", "soft", "bed", "marlow"}),
    places=frozenset({"fairhaven"}),
    given=frozenset({"imelda", "teodor", "in", "marlow", "will", "ann"}),
)
MIN = {e: 0.35 for e in ("PERSON", "LOCATION", "PHONE_NUMBER", "STREET_ADDRESS", "DATE", "POSTAL_CODE")}


def kept(text: str, entity: str, value: str, recognizer: str = "SpacyRecognizer") -> list[str]:
    start = text.index(value)
    raw = [Raw(entity, start, start + len(value), 0.6, recognizer)]
    return [text[r.start : r.end] for r in refine(text, raw, MIN, (), LEX) if r.entity == entity]


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("BP 88-104/41-55 overnight", "PHONE_NUMBER", "88-104/41-55"),  # a range over a slash
        ("ABG 7.38/44/81/26 on the vent", "PHONE_NUMBER", "7.38/44/81/26"),  # a slash chain
        ("HR 110-150 after the bolus", "PHONE_NUMBER", "110-150"),  # six digits, no pager label
        ("SAT 91 TO 97 ON 2L", "STREET_ADDRESS", "91 TO 97"),
        ("CI 2.4 BY FICK CO 5.1 ROAD", "STREET_ADDRESS", "5.1 ROAD"),
        ("PAP 44/19 and CVP 12", "DATE", "44/19"),
        ("pain 6/10 after turning", "DATE", "6/10"),  # a reading label before the score
        ("HELD X 1 HOUR- RESUMED AT 1100 RD", "STREET_ADDRESS", "1 HOUR- RESUMED AT 1100 RD"),
        ("MICU progress note 0700-1930:", "PHONE_NUMBER", "0700-1930"),  # a shift
        ("DSD CHANGED. R GROIN CHANGED X2", "STREET_ADDRESS", "DSD CHANGED. R GROIN CHANGED X2"),
        ("cpap/ps (10/5) overnight", "DATE", "10/5"),
    ],
)
def test_readings_are_not_identifiers(text: str, entity: str, value: str) -> None:
    assert kept(text, entity, value) == []


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("call me back on 415-555-0199", "PHONE_NUMBER", "415-555-0199"),
        ("appt moved to 7/22", "DATE", "7/22"),
        ("ships to 118 Larkin Road", "STREET_ADDRESS", "118 Larkin Road"),
    ],
)
def test_identifiers_beside_no_reading_stay(text: str, entity: str, value: str) -> None:
    assert kept(text, entity, value) == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("CV: stable overnight", "CV"),  # a section header before its colon
        ("Neuro- alert, follows commands", "Neuro"),
        ("gi: abd soft, nontender", "abd soft"),  # shorthand and English words only
        ("FAMILY AWARE OF PLAN", "FAMILY AWARE"),  # capitals, no known name
        ("started IABP at noon", "IABP"),  # an acronym in mixed-case text
        ("remains on cont infusion", "cont"),
    ],
)
def test_note_words_are_not_names(text: str, value: str) -> None:
    assert kept(text, "PERSON", value) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("KEEP OKONKWO FAMILY AWARE", "OKONKWO"),  # capitals with a surname that is no English word
        ("spoke with imelda about the plan", "imelda"),  # lower case with a known given name
        ("Teodor Vance called back", "Teodor Vance"),  # Title case keeps what the model says
    ],
)
def test_names_with_evidence_stay(text: str, value: str) -> None:
    assert kept(text, "PERSON", value) == [value]


@pytest.mark.parametrize(
    ("text", "value", "entity"),
    [
        ("pt on gtt, bp stable. Contiue to monitor", "Contiue", "PERSON"),  # a misspelling in a note
        ("pt on gtt, bp stable, vent as per Carevue", "Carevue", "PERSON"),
        ("bp stable on gtt. Noesynephrine weaned", "Noesynephrine", "LOCATION"),
    ],
)
def test_unknown_words_in_notes_are_not_names(text: str, value: str, entity: str) -> None:
    assert kept(text, entity, value) == []


def test_known_names_in_notes_stay() -> None:
    assert kept("pt on gtt, bp stable. Imelda Okonkwo called", "PERSON", "Imelda Okonkwo") == ["Imelda Okonkwo"]
    # outside clinical shorthand, the model's reading of an unknown word stands
    assert kept("Contiue called about her refund", "PERSON", "Contiue") == ["Contiue"]


def test_places_in_capitals_stay_in_mixed_text() -> None:
    assert kept("hotels in NYC please", "LOCATION", "NYC") == ["NYC"]
    assert kept("lives in fairhaven now", "LOCATION", "fairhaven") == ["fairhaven"]
    assert kept("pt cont infusion in bed", "LOCATION", "cont") == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("DR ZABINSKI AWARE OF K 3.1", ["ZABINSKI"]),  # a title takes an unknown word
        ("DR AWARE", []),  # ... not an English one
        ("Dr. M. Ferreiro to see pt", ["M. Ferreiro"]),
        ("LIVES W/ DAUGHTER IMELDA WHO IS PROXY", ["IMELDA"]),  # kin + a known given name
        ("social: dtr kasimira called", ["kasimira"]),  # kin + a word that is no English word
        ("son called, husband in to visit", []),  # what relatives do is not their name
        ("spoke with MDs about the plan", []),  # a short abbreviation after a contact cue
        ("PLAN AGREED WITH ZUBROWSKI/RN", ["ZUBROWSKI"]),  # a credential after a name
        ("heparin held for the procedure. IMELDA", ["IMELDA"]),  # a signature: a given name at the end
        ("will recheck at noon. COUGH", []),  # an English word at the end is no signature
        ("SOCIAL: DAUGHTER-KASIMIRA VISITED", ["KASIMIRA"]),  # note separators after a relative
        ("proxy is son: Teodor Zabinski", ["Teodor"]),
        ("son will call back, daughter may visit", []),  # what follows a relative
        ("all quiet overnight. t. zabinski rrt", ["t. zabinski"]),  # a credential at the end, no comma
        ("NP IMELDA AWARE OF K+", ["IMELDA"]),  # a credential before the name works as a title
        ("KEEP ZABINSKI FAMILY UPDATED", ["ZABINSKI"]),  # "<surname> family"
        ("KEEP FAMILY AWARE", []),
        ("case manager spoke with kasimira today", ["kasimira"]),  # overlapping cues
        ("social: marlow visited in the evening", ["marlow"]),  # a given name doing what people do
        ("the marlow called", []),
        ("Zabinski-Okafor MD performed the procedure", ["Zabinski-Okafor"]),  # a credential mid-sentence
        ("PT RN WILL FOLLOW", []),
        ("REPORTED TO D. ZABINSKI, WILL RECHECK", ["D. ZABINSKI"]),  # an initial and a surname
        ("urine cx grew E. coli", []),  # an organism, not an initial and a surname
        ("PLAN: CASE MANAGEMENT TO CALL IMELDA ANN ZABINSKI", ["IMELDA ANN ZABINSKI"]),  # a full name in capitals
    ],
)
def test_cued_names_in_any_case(text: str, names: list[str]) -> None:
    assert [text[r.start : r.end] for r in cued_names(text, LEX)] == names


@pytest.mark.parametrize(
    ("value", "is_date"),
    [("7/22", True), ("12/31", True), ("9/3/97", True), ("7/81", True), ("10/15/2024", True),
     ("13/5", False), ("1/2", False), ("3/4", False), ("2/40/19", False), ("0/5", False), ("6/0", False)],
)  # fmt: skip
def test_month_day_filter(value: str, is_date: bool) -> None:
    assert month_day(value) is is_date


EntitiesOf = Callable[..., list[tuple[str, str]]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LBM 11/4, plan to recheck", ("DATE", "11/4")),
        ("appt moved to 7/22 at the clinic", ("DATE", "7/22")),
        ("echo 8/87 showed good function", ("DATE", "8/87")),
        ("Pager: #40917", ("PHONE_NUMBER", "40917")),
        ("beeper 2231 if needed", ("PHONE_NUMBER", "2231")),
        ("10-15-19 night shift progress note", ("DATE", "10-15-19")),
        ("cultures drawn on the 11th", ("DATE", "the 11th")),
        ("PRESENT HX:8/30 found at home", ("DATE", "8/30")),
        ("son visited today (301 248 55190) and will call", ("PHONE_NUMBER", "301 248 55190")),  # mistyped
    ],
)
def test_note_dates_and_pagers_with_the_real_engine(
    pattern_engine: DetectorEngine, entities_of: EntitiesOf, text: str, expected: tuple[str, str]
) -> None:
    assert expected in entities_of(pattern_engine, text)


@pytest.mark.parametrize(
    "text",
    ["TO RECEIVE 500 CC 1/2 NS", "ABG 7.41/39/88/24 ON 40%", "BP 96-118/48-60", "CPAP 10/5 overnight",
     "order 14 units, room 4012"],
)  # fmt: skip
def test_readings_give_no_identifier_with_the_real_engine(
    pattern_engine: DetectorEngine, entities_of: EntitiesOf, text: str
) -> None:
    assert [e for e in entities_of(pattern_engine, text) if e[0] in ("DATE", "PHONE_NUMBER", "POSTAL_CODE")] == []


def test_caps_note_names_with_the_model(model_engine: DetectorEngine, entities_of: EntitiesOf) -> None:
    found = entities_of(model_engine, "DR OKAFOR AWARE. CV: HR 80S, ABD SOFT. LIVES WITH DAUGHTER ROSALIND.")
    names = [v for e, v in found if e == "PERSON"]
    assert any("OKAFOR" in v for v in names) and any("ROSALIND" in v for v in names)
    assert not any(v in ("CV", "ABD SOFT") for v in names)


def test_cue_prefilter_changes_no_result(pattern_engine: DetectorEngine) -> None:
    """cued_names' word prefilter against running every cue regex, on the sample texts and note-like ones."""
    from tests.detect.test_prefilter import sample_texts

    lexicon = pattern_engine._lexicon
    texts = sample_texts() + [
        "DR ZABINSKI AWARE", "son: Vladimir Okafor", "W. MAROTTA AWARE", "LINDSEY CARDARELLI CALLED",
        "bob visited", "KEEP ROMERO FAMILY AWARE", "t. lander rrt", "Stord-Painter MD performed",
    ]  # fmt: skip
    assert lexicon
    for text in texts:
        assert cued_names(text, lexicon) == cued_names(text, lexicon, prefilter=False), text


def test_reading_label_prefilter_changes_no_result() -> None:
    """label_before's word prefilter against the label regex alone, at every position of note-like texts."""
    from flexlint.detect.refining.clinical import label_before
    from tests.detect.test_prefilter import sample_texts

    texts = [t for t in sample_texts() if any(ch.isdigit() for ch in t)][:400] + [
        "BP 120/80", "bp's 110/70", "cpap/ps (10/5)", "PAP'S 51-59/27-33", "ABG: 7.41/39", "A/C 10/650",
        "i&o 300/200", "CO/CI 5.1/2.4", "pain was 6/10", "HR ~ 80-90", "SAT TO 94",
    ]  # fmt: skip
    for text in texts:
        for start in range(len(text) + 1):
            assert label_before(text, start) == label_before(text, start, prefilter=False), (text, start)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("call pt at 617-555-0100", ("PHONE_NUMBER", "617-555-0100")),  # "pt" is the patient, no reading
        ("pt: 03/14/1962", ("DATE", "03/14/1962")),
        ("appt moved to Sat 3/14/2025", ("DATE", "3/14/2025")),  # Saturday
        ("Philadelphia PA 19103", ("US_ZIP_CODE", "19103")),  # a state before a ZIP
        ("map: 1500 Market St", ("STREET_ADDRESS", "1500 Market St")),  # labels veto phones and dates only
        ("payment due on the 1st.", ("DATE", "the 1st")),
    ],
)
def test_identifiers_after_words_that_are_also_labels(
    pattern_engine: DetectorEngine, entities_of: EntitiesOf, text: str, expected: tuple[str, str]
) -> None:
    assert expected in entities_of(pattern_engine, text)


@pytest.mark.parametrize(
    "text",
    ["office is on the 2nd floor", "this is the 3rd time I called", "those 3 may need a refill", "room 12/3 is ready",
     "bed 4/2 is free"],
)  # fmt: skip
def test_ordinals_and_rooms_are_not_dates(pattern_engine: DetectorEngine, entities_of: EntitiesOf, text: str) -> None:
    assert [e for e in entities_of(pattern_engine, text) if e[0] == "DATE"] == []


@pytest.mark.parametrize(
    "text",
    ["np thx", "dr pls call back", "rn im at work", "son idk", "wife lmk", "mom txt me", "Miss you guys",
     "spoke with walgreens", "message from uhc", "seen by ortho"],
)  # fmt: skip
def test_chat_shorthand_and_organizations_after_cues_are_not_names(pattern_engine: DetectorEngine, text: str) -> None:
    assert cued_names(text, pattern_engine._lexicon) == []


def test_a_title_glued_to_the_name_is_a_title(pattern_engine: DetectorEngine) -> None:
    found = cued_names("msg for dr.white", pattern_engine._lexicon)
    assert ["white"] == ["msg for dr.white"[r.start : r.end] for r in found]
