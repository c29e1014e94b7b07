"""FLX318 (ages of 89 or under, countries and US states) and the place and age recognizers behind it: what
they find, and what they must leave to the other rules."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from flexlint import Settings, check_payload
from flexlint.detect.engine import DetectorEngine

EntitiesOf = Callable[..., list[tuple[str, str]]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I just turned 47", [("AGE", "47")]),
        ("My brother just turned 60", [("AGE", "60")]),
        ("My birthday is on the weekend. I'll turn 23.", [("AGE", "23")]),
        ("I turned 90 on Monday", [("AGE_OVER_89", "90")]),
        ("The company turned 100 this year", []),  # no person turning
        ("Turned 180 degrees at the light", []),
        ("Written when he was 65.", [("AGE", "65")]),
        ("when I was 45 years old", [("AGE", "45 years old")]),  # one finding for one age
    ],
)
def test_ages(pattern_engine: DetectorEngine, entities_of: EntitiesOf, text: str, expected: list) -> None:
    found = [e for e in entities_of(pattern_engine, text) if e[0] in ("AGE", "AGE_OVER_89")]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("customer lives in Texas and has diabetes", [("STATE_OR_COUNTRY", "Texas")]),
        ("grew up in Boston last year", [("LOCATION", "Boston")]),
        ("Ms. Okafor flew to Tromsø on Monday", [("LOCATION", "Tromsø")]),  # where a person went
        ("arrived at HALDEN this morning", [("LOCATION", "HALDEN")]),
        ("originally from Ohio on a farm", [("STATE_OR_COUNTRY", "Ohio")]),
        ("She was born in Port of Spain", [("LOCATION", "Port of Spain")]),
        ("lives in CA", [("STATE_OR_COUNTRY", "CA")]),  # a state's postal code is a state
        ("originally from TX", [("STATE_OR_COUNTRY", "TX")]),
        ("flying to LA next week", []),  # never a state: Los Angeles more often than Louisiana
        ("Estonia was super fun to visit!", [("STATE_OR_COUNTRY", "Estonia")]),
        ("Call back India Patel", []),  # a first name, not the country
        ("Asked for Virginia Lee", []),
    ],
)
def test_places(pattern_engine: DetectorEngine, entities_of: EntitiesOf, text: str, expected: list) -> None:
    found = [e for e in entities_of(pattern_engine, text) if e[0] in ("LOCATION", "STATE_OR_COUNTRY")]
    assert found == expected


@pytest.mark.parametrize("ner", [False, pytest.param(True, marks=pytest.mark.model)])
@pytest.mark.parametrize(
    "content", ["Letter from Israel Okonkwo about his diabetes", "Please visit Florida Nwosu about her diabetes"]
)
def test_a_country_does_not_hide_the_name_it_starts(ner: bool, content: str) -> None:
    findings = check_payload({"conversations": {"content": content}}, Settings(ner=ner))
    assert "FLX301" in {f.code for f in findings}
    assert "FLX321" in {f.code for f in findings}


@pytest.mark.model
def test_a_country_the_model_calls_a_person_is_still_dropped(model_engine: DetectorEngine, entities_of: EntitiesOf) -> None:
    text = '"I\'m glad to hear that Cyprus (Greek) is moving in that direction," says Izumi.'
    assert ("PERSON", "Cyprus") not in entities_of(model_engine, text)


def test_flx318_is_info_and_never_makes_phi() -> None:
    findings = check_payload(
        {"conversations": {"content": "72-year-old caller from Estonia asking about her insulin"}}, Settings(ner=False)
    )
    codes = {f.code: str(f.severity) for f in findings}
    assert codes.get("FLX318") == "info"
    assert "FLX321" not in codes


def test_an_object_under_a_categorical_root_key_is_still_scanned() -> None:
    findings = check_payload({"direction": {"note": "SSN 123-45-6789, call 415-555-0132"}}, Settings(ner=False))
    assert {"FLX305", "FLX307"} <= {f.code for f in findings}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("eva kleist lives at 255 hersnapvej 18, københavn k", ("STREET_ADDRESS", "255 hersnapvej 18")),
        (">03220 Augsburger Strasse 36", ("STREET_ADDRESS", "03220 Augsburger Strasse 36")),
        ("call 636 1812 Rue de Tanger 5", ("PHONE_NUMBER", "636 1812")),  # not swallowed by the street
    ],
)
def test_a_building_number_before_the_street(
    pattern_engine: DetectorEngine, entities_of: EntitiesOf, text: str, expected: tuple[str, str]
) -> None:
    assert expected in entities_of(pattern_engine, text)
