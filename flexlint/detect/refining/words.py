"""The refiners' word lists, loaded once from rules/words/words.yaml (one home for every list).

Each constant is a frozenset of lower-case words; compositions (calendar words in several roles) are built
here, so a month name is written once.
"""

from __future__ import annotations

from typing import Any

import yaml

from flexlint.datafiles import data_dir

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load() -> dict[str, Any]:
    path = data_dir("rules") / "words" / "words.yaml"
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # type: ignore[no-any-return]


def _words(values: list[Any]) -> frozenset[str]:
    out = frozenset(str(v).lower() for v in values)
    if any(not isinstance(v, str) for v in values):  # a YAML 1.1 boolean (yes, no, on, off) left unquoted
        raise ValueError("rules/words/words.yaml: quote the words YAML reads as booleans or numbers")
    return out


_DATA = _load()
_CALENDAR = _DATA["calendar"]

MONTHS = _words(_CALENDAR["months"])
MONTH_ABBREVIATIONS = _words(_CALENDAR["month_abbreviations"])
WEEKDAYS = _words(_CALENDAR["weekdays"])
RELATIVE_DAYS = _words(_CALENDAR["relative_days"])
HOLIDAYS = _words(_CALENDAR["holidays"])
# "in March" is a month, not March (Cambridgeshire); "Monday" is no one's name
CALENDAR_WORDS = MONTHS | WEEKDAYS | RELATIVE_DAYS | HOLIDAYS

IMPERATIVE_NAMES = _words(_DATA["imperative_names"])
IMPERATIVE_FOLLOWERS = _words(_DATA["imperative_followers"])
# Capitalised words after a greeting or role cue, chat words the NER tags as PERSON, and calendar words. "May"
# is also a given name: IMPERATIVE_NAMES decides it ("May I ..." vs "May Chen").
NOT_NAMES = (
    _words(_DATA["salutation_and_role_words"])
    | _words(_DATA["chat_turn_words"])
    | (MONTHS - {"may"})
    | WEEKDAYS
    | {"today", "tomorrow"}
    | HOLIDAYS
)
# What the name-evidence and propagation rules never take for a name (one set, hashed once)
NOT_NAME_WORDS = NOT_NAMES | IMPERATIVE_NAMES

CHAT_SHORTHAND = _words(_DATA["chat_shorthand"])
BRANDS = _words(_DATA["brands"])
ORGANIZATIONS = _words(_DATA["organizations"])
NAME_PARTICLES = _words(_DATA["name_particles"])
BEFORE_NAME = _words(_DATA["before_name"])
POSSESSED_BY_PEOPLE = _words(_DATA["possessed_by_people"])

PERSON_KEY_WORDS = _words(_DATA["person_key_words"])
LOCATION_KEY_WORDS = _words(_DATA["location_key_words"])
NOT_TOWN_WORDS = _words(_DATA["not_town_words"]) | MONTHS | MONTH_ABBREVIATIONS

_CLINICAL = _DATA["clinical"]
SECTION_HEADERS = _words(_CLINICAL["section_headers"])
CLINICAL_ABBREVIATIONS = _words(_CLINICAL["abbreviations"])
READING_LABELS = _words(_CLINICAL["reading_labels"])
NUMBER_PLACE_LABELS = _words(_CLINICAL["number_place_labels"])
UNITS = _words(_CLINICAL["units"])
TITLE_CUES = _words(_CLINICAL["title_cues"])
KIN_CUES = _words(_CLINICAL["kin_cues"])
CONTACT_CUES = _words(_CLINICAL["contact_cues"])
CREDENTIALS = _words(_CLINICAL["credentials"])
AFTER_KIN = _words(_CLINICAL["after_kin"])
STRONG_TITLES = _words(_CLINICAL["strong_titles"])
PERSON_VERBS = _words(_CLINICAL["person_verbs"])

BARE_WEB_TLDS = _words(_DATA["bare_web_tlds"])
