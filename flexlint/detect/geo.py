"""Place names that are not "geographic subdivisions smaller than a State" (Safe Harbor (B)).

spaCy tags countries and US states as GPE; flexlint drops those LOCATION hits because HIPAA allows them.
Lower-case, without a leading "the".
"""

from __future__ import annotations

# fmt: off
US_STATES = frozenset(
    {
        "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware",
        "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky",
        "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri",
        "montana", "nebraska", "nevada", "ohio", "oklahoma", "oregon", "pennsylvania", "tennessee", "texas",
        "utah", "vermont", "virginia", "wisconsin", "wyoming",
        # "washington" alone is also the capital city, so only "washington state" is dropped
        "new hampshire", "new jersey", "new mexico", "new york state", "north carolina", "north dakota",
        "washington state", "rhode island", "south carolina", "south dakota", "west virginia",
        "district of columbia", "puerto rico", "guam",
    }
)
# fmt: on

# fmt: off
COUNTRIES = frozenset(
    {
        "afghanistan", "albania", "algeria", "andorra", "angola", "argentina", "armenia", "australia",
        "austria", "azerbaijan", "bahamas", "bahrain", "bangladesh", "barbados", "belarus", "belgium",
        "belize", "benin", "bhutan", "bolivia", "bosnia", "botswana", "brazil", "brunei", "bulgaria",
        "burkina faso", "burundi", "cambodia", "cameroon", "canada", "chad", "chile", "china", "colombia",
        "congo", "costa rica", "croatia", "cuba", "cyprus", "czech republic", "czechia", "denmark",
        "djibouti", "dominica", "dominican republic", "ecuador", "egypt", "el salvador", "eritrea",
        "estonia", "eswatini", "ethiopia", "fiji", "finland", "france", "gabon", "gambia", "germany",
        "ghana", "greece", "greenland", "grenada", "guatemala", "guinea", "guyana", "haiti", "honduras",
        "hong kong", "hungary", "iceland", "india", "indonesia", "iran", "iraq", "ireland", "israel",
        "italy", "ivory coast", "jamaica", "japan", "jordan", "kazakhstan", "kenya", "korea", "kosovo",
        "kuwait", "kyrgyzstan", "laos", "latvia", "lebanon", "lesotho", "liberia", "libya", "liechtenstein",
        "lithuania", "luxembourg", "madagascar", "malawi", "malaysia", "maldives", "mali", "malta",
        "mauritania", "mauritius", "mexico", "moldova", "monaco", "mongolia", "montenegro", "morocco",
        "mozambique", "myanmar", "namibia", "nepal", "netherlands", "holland", "new zealand", "nicaragua",
        "niger", "nigeria", "north korea", "north macedonia", "norway", "oman", "pakistan", "palestine",
        "panama", "paraguay", "peru", "philippines", "poland", "portugal", "qatar", "romania", "russia",
        "rwanda", "samoa", "san marino", "saudi arabia", "senegal", "serbia", "seychelles", "sierra leone",
        "singapore", "slovakia", "slovenia", "somalia", "south africa", "south korea", "south sudan",
        "spain", "sri lanka", "sudan", "suriname", "sweden", "switzerland", "syria", "taiwan", "tajikistan",
        "tanzania", "thailand", "togo", "tonga", "trinidad", "tunisia", "turkey", "turkiye",
        "turkmenistan", "uganda", "ukraine", "united arab emirates", "uae", "united kingdom", "uk",
        "great britain", "britain", "england", "scotland", "wales", "northern ireland", "united states",
        "united states of america", "usa", "us", "u.s", "u.s.a", "america", "uruguay", "uzbekistan",
        "vanuatu", "venezuela", "vietnam", "yemen", "zambia", "zimbabwe", "europe", "asia", "africa",
        "north america", "south america", "latin america", "middle east", "caribbean", "scandinavia",
    }
)
# fmt: on

COARSE_PLACES: frozenset[str] = US_STATES | COUNTRIES

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

