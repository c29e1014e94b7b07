"""Place names that are not "geographic subdivisions smaller than a State" (Safe Harbor (B)), and words
that make a place name of ordinary words.

spaCy tags countries and US states as GPE; flexlint reports those LOCATION hits as STATE_OR_COUNTRY (a
quasi-identifier, FLX318) because HIPAA allows them. Lower-case, without a leading "the".
"""

from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

COARSE_PLACES_FILE = "coarse_places.yaml"


def _coarse_places() -> frozenset[str]:
    """Every name and alias of rules/recognizers/coarse_places.yaml, lower-case."""
    from flexlint.datafiles import data_dir

    spec = yaml.load((data_dir("rules") / "recognizers" / COARSE_PLACES_FILE).read_text("utf-8"), Loader=_LOADER)
    recognizer = spec["recognizers"][0]
    return frozenset(n.lower() for n in (*recognizer["deny_list"], *recognizer["aliases"]))


COARSE_PLACES: frozenset[str] = _coarse_places()

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

