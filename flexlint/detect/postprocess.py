"""Clean-up of recognizer results (already mapped to flexlint entity names): thresholds, false-positive
filters, overlap resolution, and the address-block additions (postal code / town after a street address).

Works on plain `Raw` records, not on Presidio objects, so it is unit-testable without spaCy or Presidio.
Each filter exists because of a measured false positive (shared Presidio + spaCy notes §5, or the gold
corpora used by benchmarks/accuracy.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import regex

from flexlint.detect.geo import COARSE_PLACE_ENTITY, COARSE_PLACES, PLACE_FEATURE_WORDS, US_STATE_CODES
from flexlint.detect.name_evidence import name_evidence
from flexlint.detect.names import WordLexicon, propagate_person_names
from flexlint.detect.results import Raw

_NO_LEXICON = WordLexicon()


# Twilio resource SIDs: two capital letters and 32 hex digits (WT..., AC..., RE...). They are system ids
# created by Twilio, never patient data, so nothing found inside one is reported.
_TWILIO_SID = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}[0-9a-f]{32}(?![A-Za-z0-9])")

# First names that are also verbs or nouns agents write at the start of an instruction:
# "Mark as resolved", "Bill me later", "Will do", "Grant access", "Chase the payment".
# fmt: off
IMPERATIVE_NAMES = frozenset(
    {
        "mark", "bill", "will", "sue", "rob", "pat", "grant", "chase", "jack", "frank", "hope", "joy", "art",
        "max", "ray", "guy", "drew", "chip", "skip", "miles", "wade", "cliff", "dale", "don", "norm", "rich",
        "stan", "ward", "sandy", "penny", "carol", "holly", "may", "june", "april", "summer", "dawn", "faith",
        "hunter", "lane", "page", "paige", "reed", "rod", "mason", "cash", "gene", "jay", "neil", "nick",
        "dean", "price", "carter", "porter", "cole", "booker", "sky", "hazel", "amber", "ruby", "pearl",
        "rose", "iris", "lily", "violet", "brook", "bob",
    }
)
# fmt: on
# Words that follow such a name when it is a verb/noun rather than a name.
# fmt: off
_IMPERATIVE_FOLLOWERS = frozenset(
    {
        "as", "me", "it", "this", "that", "these", "those", "the", "a", "an", "them", "him", "her", "us",
        "all", "down", "up", "for", "to", "do", "be", "back", "later", "access", "off", "out", "on", "in",
        "customer", "caller", "client", "account", "ticket", "case", "task", "payment", "invoice", "per",
        "sent", "paid", "due", "pending", "resolved", "closed", "complete", "completed", "follow", "call",
    }
)
# fmt: on
# Capitalised words that follow a greeting or role cue but are not names ("Hi Team", "Dear Customer"), and
# calendar words the NER sometimes tags as PERSON.
# fmt: off
NOT_NAMES = frozenset(
    {
        "team", "there", "all", "everyone", "everybody", "support", "sir", "madam", "maam", "folks", "guys",
        "customer", "agent", "caller", "patient", "doctor", "nurse", "manager", "supervisor", "user", "bot",
        "admin", "hello", "hi", "hey", "thanks", "thank", "you", "me", "the", "yes", "no", "ok", "okay",
        "please", "friend", "friends", "member", "client", "billing", "sales", "service", "care",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tomorrow",
        "january", "february", "march", "april", "june", "july", "august", "september", "october",
        "november", "december", "christmas", "easter", "god", "lord", "jesus",
        # chat words the sm NER tags as PERSON at the start of a turn
        "nah", "yeah", "yep", "yup", "nope", "sure", "great", "cool", "perfect", "awesome", "fine", "whom",
        "shall", "it's", "genre", "schedule", "concert", "buh", "bye", "goodbye", "cheers", "welcome",
        "sounds", "alright", "nothing", "anything", "something", "someone", "anyone",
    }
)
# fmt: on
_WORD_AFTER = re.compile(r"[\s,:;-]*([A-Za-z']+)")
_SENTENCE_START = re.compile(r"(?:^|[.!?\n]\s*|^\W*)$")


def twilio_sid_spans(text: str) -> list[tuple[int, int]]:
    if len(text) < 34:
        return []
    return [m.span() for m in _TWILIO_SID.finditer(text)]


def _ordinary_ner_words(text: str, r: Raw, lexicon: WordLexicon, cued: bool) -> bool:
    """An NER PERSON/LOCATION hit that is just ordinary English: a lone capitalised dictionary word with no
    name cue ("Wisdom and Discipline", "Spoke with ...", "Tales"), or a lower-case span of dictionary words
    ("asthma inhaler"). Names ("Hope", "Castro"), known cities and non-words ("Okafor") are kept."""
    if r.recognizer != "SpacyRecognizer" or cued or not lexicon:
        return False
    words = [w for w in re.split(r"[\s\-/]+", text[r.start : r.end]) if w.strip(".,'’")]
    if not words:
        return False
    if r.entity == "LOCATION" and _ordinary_place_words(text[r.start : r.end], words, lexicon):
        return True
    if len(words) == 1:
        # all-caps tokens are abbreviations ("NY", "SD"), not ordinary words
        return not words[0].isupper() and lexicon.is_ordinary(words[0])
    if all(w.islower() for w in words):
        return all(lexicon.is_ordinary(w) for w in words)
    return False


def _ordinary_place_words(value: str, words: list[str], lexicon: WordLexicon) -> bool:
    """A LOCATION made only of dictionary words that name no known place: "Transferred to Nurse Line",
    "Billing" (a contact center's queue names). A surname is no reason to keep a *place* ("Billing" is one),
    so unlike is_ordinary this ignores the name list; known places ("Reading", "Long Beach") are kept."""
    lowered = [w.lower() for w in words]
    if value.lower() in lexicon.places or any(w.isupper() for w in words):
        return False
    if any(w in COARSE_PLACES or w in PLACE_FEATURE_WORDS for w in lowered) or value.lower() in COARSE_PLACES:
        return False  # "Italy" (reported as coarse, not dropped as a word), "Bodega Bay"
    return all(lexicon.is_english(w) and w not in lexicon.places for w in lowered)


def _bad_person(text: str, r: Raw, lexicon: WordLexicon = _NO_LEXICON) -> bool:
    value = text[r.start : r.end]
    if r.recognizer == "MiddleInitialNameRecognizer":
        words = value.split()
        if lexicon and (lexicon.is_ordinary(words[0]) or lexicon.is_ordinary(words[-1])):
            return True  # "Sai's T Restaurant", "Blood A Positive"
    if "@" in value or any(ch.isdigit() for ch in value) or "/" in value:
        return True
    if r.recognizer == "CuedPersonRecognizer" and lexicon:
        words = value.split()
        if words and all(lexicon.is_ordinary(w) and not lexicon.is_name(w) for w in words):
            # "transfer to Spanish", "ask for Details", "transferred to Lab Results": a cue, then ordinary
            # words (a queue's name)
            return True
    if not any(ch.isalpha() for ch in value):
        return True
    word = value.strip().lower()
    if word in NOT_NAMES or word.split(" ", 1)[0] in NOT_NAMES:
        return True
    if r.recognizer == "SpacyRecognizer" and value.islower() and " " not in value.strip():
        return True  # a lone lower-case word: the sm NER's guesses there are almost always common words
    if word in IMPERATIVE_NAMES and _SENTENCE_START.search(text[: r.start]) is not None:
        m = _WORD_AFTER.match(text, r.end)
        if m is None or m.group(1).lower() in _IMPERATIVE_FOLLOWERS:
            return True
    return False


# "Thanks.That's all" / "No.Thank you": two words glued by a period look like a domain with a TLD (.th,
# .tel). A scheme-less URL whose last label starts with a capital letter and has no path is such a glue.
_GLUED_SENTENCE_URL = re.compile(r"[^\s/:]+\.[A-Z][a-z]*")


def _bad_url(text: str, r: Raw) -> bool:
    value = text[r.start : r.end]
    if "://" in value or value.lower().startswith("www."):
        return False
    if _GLUED_SENTENCE_URL.fullmatch(value) is not None:
        return True
    # A bare domain must be a whole token: "task.cr" inside "com.twilio.taskrouter.task.created" or
    # "widgets.ga" inside "{{widgets.gather_1.Digits}}" are identifiers and template paths, not URLs.
    before = text[r.start - 1] if r.start > 0 else " "
    after = text[r.end] if r.end < len(text) else " "
    return after.isalnum() or after == "_" or before.isalnum() or before in "._"


# A bare digit run right after an identifier label is that identifier, not a phone number:
# "employee number 5521873", "order # 4155550132", "case id: 20231187".
_ID_LABEL_BEFORE = re.compile(
    r"(?i)\b(?:employee|staff|badge|customer|client|member|account|acct|order|case|ticket|claim|invoice|"
    r"reference|ref|confirmation|tracking|policy|patient|student|user|record|booking|reservation|"
    r"transaction|serial|receipt|incident|request|id|identifier)\s*(?:number|num|no\.?|#|id)?\s*"
    r"(?:is|was|=)?\s*[:#]?\s*$"
)


def _bad_phone(text: str, r: Raw) -> bool:
    value = text[r.start : r.end]
    if not value.isdigit():
        return False
    return _ID_LABEL_BEFORE.search(text, max(0, r.start - 40), r.start) is not None


# fmt: off
_CALENDAR_WORDS = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "today", "tomorrow", "tonight", "yesterday", "christmas", "easter",
    }
)
# fmt: on


def _bad_location(text: str, r: Raw) -> bool:
    value = text[r.start : r.end]
    if "@" in value or any(ch.isdigit() for ch in value):
        return True
    return value.strip(" .,").lower() in _CALENDAR_WORDS  # "in March" is a month, not March (Cambridgeshire)


def _as_coarse_place(text: str, r: Raw) -> Raw:
    """Countries and US states are not "smaller than a state": Safe Harbor allows them, so they are not
    FLX302 but a quasi-identifier (FLX318, info), an entity of their own. A state's postal code counts
    only as written ("lives in CA"; "or", "in" and "me" are words)."""
    value = text[r.start : r.end].strip(" .,")
    if value.lower().removeprefix("the ") in COARSE_PLACES or value in US_STATE_CODES:
        return Raw(COARSE_PLACE_ENTITY, r.start, r.end, r.score, r.recognizer)
    return r


# A URL, an e-mail address or a street address is reported as a whole: the date, number or place name
# inside it is not a separate finding, whatever its score.
CONTAINER_ENTITIES = frozenset({"URL", "EMAIL_ADDRESS", "STREET_ADDRESS"})

# "https://user:token@host/...": the "token@host" part is URL userinfo (a credential), not an e-mail address.
_URL_USERINFO_BEFORE = re.compile(r"[a-z][a-z0-9+.-]*://[^\s/@]*:?$", re.IGNORECASE)


# A postal code in the lines that follow a street address ("...Apt. 595\n LAPPEENRANTA\n 53650", "Skogstien
# 106\nASKER 1386"): ZIP and non-US shapes (1386, 53-320, 394 13, 3610-114, 7412 SL).
_POSTAL_AFTER_ADDRESS = re.compile(
    r"(?<![\w.,/:-])(?:\d{5}(?:-\d{4})?|\d{4}(?:-\d{3})?|\d{3} \d{2}|\d{2}-\d{3}|\d{4} ?[A-Z]{2})(?![\w-]|[.,]\d)"
)
ADDRESS_BLOCK_CHARS = 120


def _looks_like_year(code: str) -> bool:
    return len(code) == 4 and code.isdigit() and 1900 <= int(code) <= 2099


def postal_codes_near_addresses(text: str, found: Iterable[Raw]) -> list[Raw]:
    """POSTAL_CODE results for postal-code shapes in the address block after a street address, or right
    after a place name ("Aalborg 9100", "Boston, 02118")."""
    out: list[Raw] = []
    for r in found:
        if r.entity == "LOCATION":
            m = _POSTAL_AFTER_ADDRESS.match(text, _skip_gap(text, r.end))
            if m is not None and m.start() > r.end and not _looks_like_year(m.group()):
                out.append(Raw("POSTAL_CODE", m.start(), m.end(), 0.5, "PlacePostalCode"))
            continue
        if r.entity != "STREET_ADDRESS":
            continue
        block_end = min(len(text), r.end + ADDRESS_BLOCK_CHARS)
        blank = text.find("\n\n", r.end, block_end)  # a blank line ends the address block
        if blank != -1:
            block_end = blank
        for m in _POSTAL_AFTER_ADDRESS.finditer(text, r.end, block_end):
            out.append(Raw("POSTAL_CODE", m.start(), m.end(), 0.5, "AddressBlockPostalCode"))
    return out


# A line of 1-3 capitalised or upper-case words in the address block after a street ("   LAPPEENRANTA",
# " Akureyri", "> Qaqortoq", "• Zuoz" or its mojibake "??? Zuoz"): the town. Unit lines ("Apt. 595",
# "Suite 282") are not.
_TOWN_LINE = re.compile(
    r"(?m)^[ \t>*•·?-]{0,4}(?!(?:Apt|Apartment|Suite|Ste|Unit|Floor|PO|P\.O\.)\b)"
    r"([^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*){0,2})[ \t,]*$"
)


# "in Bjert 6091", "from Springfield 62704", "at Quinta de São Tiago 3610-114": a place preposition, a
# capitalised place name of 1-4 words and a postal-code shape. Four digits that could be a year
# ("in March 2024", "in Q3 2019") and unit words ("in Room 1234") are not postal codes.
_TOWN_THEN_POSTAL = regex.compile(
    r"\b(?:in|at|from|to|near)[ \t]+"
    r"(\p{Lu}[\w'’.-]*(?:[ \t]+(?:\p{Lu}[\w'’.-]*|de|da|do|la|le|del|di|du|u)){0,3}?)[ \t]*,?[ \t]*"
    r"(\d{5}(?:-\d{3,4})?|\d{4}(?:-\d{3})?|\d{3} \d{2}|\d{2}-\d{3})(?![\w-]|[.,]\d)"
)
# fmt: off
_NOT_TOWN_WORDS = frozenset(
    {
        "room", "suite", "apt", "apartment", "unit", "floor", "building", "bldg", "gate", "terminal",
        "platform", "section", "chapter", "page", "version", "model", "flight", "order", "ticket", "case",
        "store", "aisle", "lot", "box", "row", "seat", "zone", "level", "year", "years", "q1", "q2", "q3",
        "q4", "fy", "the", "a", "an", "my", "our", "your", "this", "that", "total", "about", "over",
        "under", "only", "just", "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec", "spring", "summer", "fall", "autumn", "winter", "usd", "eur",
        "gbp", "us", "ext", "extension", "mile", "miles", "km", "step", "line", "phase", "stage", "ward",
        "bed", "bay", "office", "class",
    }
)
# fmt: on


def postal_codes_after_towns(text: str) -> list[Raw]:
    """LOCATION + POSTAL_CODE for "in <Town> <postal code>" (the town need not be a known city)."""
    out: list[Raw] = []
    for m in _TOWN_THEN_POSTAL.finditer(text):
        town, code = m.group(1), m.group(2)
        words = town.split()
        if any(w.lower().strip(".") in _NOT_TOWN_WORDS for w in words) or town.lower() in COARSE_PLACES:
            continue
        if _looks_like_year(code):
            continue
        out.append(Raw("LOCATION", m.start(1), m.end(1), 0.5, "TownPostalCode"))
        out.append(Raw("POSTAL_CODE", m.start(2), m.end(2), 0.5, "TownPostalCode"))
    return out


def _skip_gap(text: str, pos: int) -> int:
    """Position after a short gap of spaces or one comma (at most 3 characters)."""
    end = pos
    while end < len(text) and end - pos < 3 and text[end] in " \t,":
        end += 1
    return end


# ", Goiânia" / ", SEINÄJOKI" / ", Cite Merzgui" right after a street address on the same line: the town,
# when it ends the line or the sentence, or another comma follows (", Springfield, IL").
_TOWN_AFTER_COMMA = re.compile(
    r",[ \t]*(?!(?:Apt|Apartment|Suite|Ste|Unit|Floor|PO|P\.O\.|and|or|but|then|which|where)\b)"
    r"([^\W\d_][\w'’.-]*(?:[ \t]+[^\W\d_][\w'’.-]*){0,3}?)[ \t]*(?=[.;!?]?[ \t]*(?:\r?\n|$)|,)"
)


def _town_after_street(text: str, r: Raw) -> Raw | None:
    m = _TOWN_AFTER_COMMA.match(text, r.end)
    if m is None:
        return None
    town = m.group(1).rstrip(".")
    if not town[:1].isupper() or town.lower() in COARSE_PLACES or town.split()[0].lower() in NOT_NAMES:
        return None
    return Raw("LOCATION", m.start(1), m.start(1) + len(town), 0.5, "AddressTown")


def towns_near_addresses(text: str, found: Iterable[Raw]) -> list[Raw]:
    """LOCATION results for town lines within the address block after each street address, and for a town
    after a comma right after the street ("lives at 12 Rua do Arenque 1634, Goiânia")."""
    out: list[Raw] = []
    for r in found:
        if r.entity == "STREET_ADDRESS":
            town = _town_after_street(text, r)
            if town is not None:
                out.append(town)
        if r.entity != "STREET_ADDRESS" or "\n" not in text[r.end : r.end + ADDRESS_BLOCK_CHARS]:
            continue
        block_end = min(len(text), r.end + ADDRESS_BLOCK_CHARS)
        blank = text.find("\n\n", r.end, block_end)
        if blank != -1:
            block_end = blank
        line_start = text.find("\n", r.end, block_end)
        if line_start == -1:
            continue
        for m in _TOWN_LINE.finditer(text, line_start + 1, block_end):
            word = m.group(1)
            if word[0].isupper() and word.lower() not in COARSE_PLACES:
                out.append(Raw("LOCATION", m.start(1), m.end(1), 0.5, "AddressBlockTown"))
    return out


def _contained(a: Raw, b: Raw) -> bool:
    """a lies within b (and is not the same span)."""
    return b.start <= a.start and a.end <= b.end and (a.start, a.end) != (b.start, b.end)


# Key words that make a lone-word value a name or a place ("customers.name": "Dana"). A one-word value
# anywhere else ("Trigger", a Studio widget name) is not a reliable NER hit.
# fmt: off
PERSON_KEY_WORDS = frozenset(
    {"name", "first", "last", "full", "given", "family", "surname", "customer", "caller", "patient", "contact",
     "agent", "worker", "member", "client", "user", "person", "guardian", "spouse", "parent", "nickname"}
)
# fmt: on
LOCATION_KEY_WORDS = frozenset(
    {"city", "town", "address", "location", "place", "county", "neighborhood", "street"}
)


def _lone_word_ner_without_key(text: str, r: Raw, context: frozenset[str]) -> bool:
    if r.recognizer != "SpacyRecognizer" or any(ch.isspace() for ch in text.strip()):
        return False
    words = PERSON_KEY_WORDS if r.entity == "PERSON" else LOCATION_KEY_WORDS
    return not (context & words)


def _cued(r: Raw, cued_spans: list[tuple[str, int, int]], context: frozenset[str]) -> bool:
    """Another recognizer found the same entity there, or the JSON key names a person or a place."""
    if context & (PERSON_KEY_WORDS if r.entity == "PERSON" else LOCATION_KEY_WORDS):
        return True
    return any(e == r.entity and s < r.end and r.start < t for e, s, t in cued_spans)


# (one set: a union built per text was hashed and compared by the evidence rules' cache every time)
_NOT_NAME_WORDS = NOT_NAMES | IMPERATIVE_NAMES


def clean(
    text: str,
    raw: Iterable[Raw],
    min_scores: Mapping[str, float],
    context: Iterable[str] = (),
    lexicon: WordLexicon | None = None,
) -> list[Raw]:
    """Apply thresholds and filters, then resolve overlaps. Returns results sorted by (start, -score).

    `context` are the caller's context words (from the JSON key), lower-case. `lexicon` (English words,
    person names, places) enables the ordinary-word filters and pair propagation; without it they are off.
    """
    sids = twilio_sid_spans(text)
    context_words = frozenset(context)
    lexicon = lexicon or _NO_LEXICON
    raw = list(raw)
    # spans that some recognizer other than the NER (a cue pattern, the gazetteer) found for the entity
    cued_spans = [
        (r.entity, r.start, r.end)
        for r in raw
        if r.recognizer != "SpacyRecognizer" and r.entity in ("PERSON", "LOCATION")
    ]
    kept: list[Raw] = []
    for r in raw:
        threshold = min_scores.get(r.entity)
        if threshold is None or r.score < threshold or r.end <= r.start:
            continue
        if sids and any(s < r.end and r.start < e and not (r.start <= s and e <= r.end) for s, e in sids):
            continue  # inside (or cutting into) a Twilio SID; a URL that contains a whole SID is kept
        if r.entity in ("PERSON", "LOCATION") and _lone_word_ner_without_key(text, r, context_words):
            continue
        if r.entity == "PERSON" and _bad_person(text, r, lexicon):
            continue
        if r.entity == "LOCATION":
            if _bad_location(text, r):
                continue
            r = _as_coarse_place(text, r)
        if r.entity in ("PERSON", "LOCATION") and _ordinary_ner_words(
            text, r, lexicon, _cued(r, cued_spans, context_words)
        ):
            continue
        if r.entity == "PHONE_NUMBER" and _bad_phone(text, r):
            continue
        if r.entity == "URL" and _bad_url(text, r):
            continue
        if r.entity == "EMAIL_ADDRESS" and _URL_USERINFO_BEFORE.search(text, max(0, r.start - 200), r.start):
            continue
        kept.append(r)
    if any(r.entity in ("STREET_ADDRESS", "LOCATION") for r in kept):
        extra = postal_codes_near_addresses(text, kept) + towns_near_addresses(text, kept)
        kept.extend(p for p in extra if p.score >= min_scores.get(p.entity, 1.1))
    if sum(ch.isdigit() for ch in text) >= 4:
        extra = postal_codes_after_towns(text)
        kept.extend(p for p in extra if p.score >= min_scores.get(p.entity, 1.1))
    if lexicon:
        # names the recognizers missed: given-name list + a cue, a surname, a speaker label, ...
        extra = name_evidence(text, kept, _NOT_NAME_WORDS, lexicon)
        kept.extend(p for p in extra if p.score >= min_scores.get(p.entity, 1.1))
    if any(r.entity == "PERSON" for r in kept):
        extra = propagate_person_names(text, kept, _NOT_NAME_WORDS, lexicon)
        kept.extend(p for p in extra if p.score >= min_scores.get(p.entity, 1.1))
    containers = [r for r in kept if r.entity in CONTAINER_ENTITIES]
    if containers:
        kept = [r for r in kept if not any(_contained(r, c) for c in containers)]

    # Drop a result that lies inside another result scoring at least as high (URL hits inside an e-mail
    # address, a PERSON inside an address, the "1111" date inside a card number). Same span, different
    # entities: keep the highest score (ties: the first, i.e. flexlint's own recognizers, loaded first).
    kept.sort(key=lambda r: (-r.score, r.start, -(r.end - r.start)))
    out: list[Raw] = []
    for r in kept:
        if any(_contained(r, o) or (o.start, o.end) == (r.start, r.end) for o in out):
            continue
        out.append(r)
    out.sort(key=lambda r: (r.start, -r.score, r.end))
    return out
