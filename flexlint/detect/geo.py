"""Place names that are not "geographic subdivisions smaller than a State" (Safe Harbor (B)), and words
that make a place name of ordinary words.

spaCy tags countries and US states as GPE; flexlint reports those LOCATION hits as STATE_OR_COUNTRY (a
quasi-identifier, FLX318) because HIPAA allows them. Lower-case, without a leading "the".
"""

from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

COARSE_PLACES_FILE = "coarse_places.yaml"
# The entity of a LOCATION result that names a country or a US state (FLX318, a quasi-identifier).
COARSE_PLACE_ENTITY = "STATE_OR_COUNTRY"


def _coarse_place_spec() -> dict:
    from flexlint.datafiles import data_dir

    spec = yaml.load((data_dir("rules") / "recognizers" / COARSE_PLACES_FILE).read_text("utf-8"), Loader=_LOADER)
    return spec["recognizers"][0]  # type: ignore[no-any-return]


_SPEC = _coarse_place_spec()
# Every name and alias of rules/recognizers/coarse_places.yaml, lower-case.
COARSE_PLACES: frozenset[str] = frozenset(n.lower() for n in (*_SPEC["deny_list"], *_SPEC["aliases"]))
# USPS codes of the states, as written (upper case): only an exact match counts.
US_STATE_CODES: frozenset[str] = frozenset(_SPEC["state_codes"])

# Words that make a place name of ordinary words ("Bodega Bay", "Redwood City", "Duncans Mills"): a span
# that holds one is a place even when every word is in the dictionary (a queue called "Nurse Line" is not).
# fmt: off
PLACE_FEATURE_WORDS = frozenset({
    "bay", "beach", "mill", "mills", "station", "city", "town", "hill", "hills", "village", "lake", "lakes",
    "park", "spring", "springs", "valley", "heights", "falls", "harbor", "harbour", "point", "island",
    "islands", "mount", "mountain", "creek", "river", "port", "fort", "grove", "woods", "county", "junction",
    "crossing", "landing", "ridge", "rapids", "shores", "bluff", "canyon", "glen", "vista", "plains", "haven",
})
# fmt: on

