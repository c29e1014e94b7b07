"""Clinical writing: readings that look like identifiers, and note words that look like names.

Notes and agents' messages are written in shorthand: "BP 91-102/45-52", "ABG 7.43/41/76/28", "SAT 94 TO
96", "CV: stable", "abd soft", all-caps or all-lower-case text. Matching reads phone numbers, addresses,
dates and names into them. These refiners drop what is a measurement or a note word; the word lists are
rules/words/words.yaml `clinical`.
"""

from __future__ import annotations

import re

from flexlint.detect.refining.context import NER_RECOGNIZER, Refinement
from flexlint.detect.refining.lexicon import WordLexicon, strip_possessive
from flexlint.detect.refining.name_words import name_like, unlisted
from flexlint.detect.refining.ner_hits import cued
from flexlint.detect.refining.words import (
    CLINICAL_ABBREVIATIONS,
    KIN_CUES,
    NUMBER_PLACE_LABELS,
    READING_LABELS,
    SECTION_HEADERS,
    UNITS,
)
from flexlint.detect.results import Raw

# Entities whose digits a vitals or lab reading can imitate.
_READABLE = frozenset(
    {"PHONE_NUMBER", "STREET_ADDRESS", "POSTAL_CODE", "US_ZIP_CODE", "DATE", "OTHER_ID", "ACCOUNT_NUMBER"}
)
# labels before a phone or date reading: readings, and the places a number names in a building
_BEFORE_LABELS = READING_LABELS | NUMBER_PLACE_LABELS
_LABELS = "|".join(sorted(map(re.escape, _BEFORE_LABELS), key=len, reverse=True))
# a reading label, then at most a few filler characters or words, right before the span
_LABEL_BEFORE = re.compile(
    rf"(?i)(?<![\w])(?:{_LABELS})(?:['’]?s)?[ \t]*(?:[:=#~><(-][ \t]*|(?:was|is|of|at|to|now|approx\.?|about)[ \t]+)*$"
)
_RUN_CHARS = frozenset("0123456789./-")
_LABELLED = frozenset({"PHONE_NUMBER", "DATE"})
_RANGE_OVER_SLASH = re.compile(r"\d-\d+/\d")
_LABEL_TOKEN = re.compile(r"[^\W_][\w/&'’]*")
_DECIMAL = re.compile(r"\d\.\d")
_NUMBER_TO_NUMBER = re.compile(r"(?i)^\d+\s+to\s+\d+$")
# a time span, a multiplier or a volume: quantities, not house numbers
_QUANTITY = re.compile(r"(?i)\b\d+\s*(?:hours?|hrs?|minutes?|mins?|x)\b|\b\d+\s+x\s+\d|\b\d+(?:l|ml|cc)\b")
_TIME_RANGE = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d\s*-\s*(?:[01]\d|2[0-3])[0-5]\d")
# a word of 3+ letters (not a street-type abbreviation) ending a sentence, or an ellipsis
_SENTENCE_BREAK = re.compile(
    r"(?i)\b(?!(?:ave|apt|blvd|str|ste|hwy|pkwy|bldg|fl)\.)[a-z]{3,}\.[ \t]+\S|\.\.\."
)
# "via" + a word that is not a Title-case street name
_VIA_NOT_A_STREET = re.compile(r"(?i:via)[ \t]+(?![A-ZÀ-Þ][a-zß-ÿ])")
_WORD = re.compile(r"[^\W\d_][\w'’/-]*")
_HEADER_END = re.compile(r"[ \t]*(?::|--?|=|;)")


def _numeric_run(text: str, start: int, end: int) -> str:
    """The span widened over the digits, dots, slashes and dashes around it ("91-102/45-52")."""
    while start > 0 and text[start - 1] in _RUN_CHARS:
        start -= 1
    while end < len(text) and text[end] in _RUN_CHARS:
        end += 1
    return text[start:end]


def _is_reading(text: str, r: Raw, labels_possible: bool = True) -> bool:
    run = _numeric_run(text, r.start, r.end)
    if run.count("/") >= (3 if r.entity == "DATE" else 2) or _DECIMAL.search(run) and "/" in run:
        return True  # a slash chain ("7.43/41/76/28", "30/700/10") or a decimal reading over a slash
    if _RANGE_OVER_SLASH.search(run):
        return True  # ranges over a slash: "88-102/50-60"
    # (a label vetoes only phone and date readings: "PA 19103" is a ZIP, "map: 1500 Market St" an address)
    return labels_possible and r.entity in _LABELLED and label_before(text, r.start)


def _window_words(window: str) -> set[str]:
    """The words of a window as a label can be written in them: "bp", "bp's" and "bp", "cpap/ps" and "ps"."""
    words: set[str] = set()
    for token in _LABEL_TOKEN.findall(window.lower()):
        words.add(token)
        for part in (token, *token.split("/")) if "/" in token else (token,):
            words.add(part)
            # the regex takes a label with a plural or possessive s: "BPs", "PAP'S"
            words.add(part.removesuffix("'s").removesuffix("’s").removesuffix("s"))
    return words


def label_before(text: str, start: int, prefilter: bool = True) -> bool:
    """A reading label right before `start` ("BP 120/80", "cpap/ps (10/5)"). With `prefilter`, the label
    regex runs only when a label word is in the window at all (most windows hold none); the answer is the
    same either way (tests/detect/test_clinical.py compares both)."""
    window_start = max(0, start - 24)
    if prefilter and not _window_words(text[window_start:start]) & _BEFORE_LABELS:
        return False
    return _LABEL_BEFORE.search(text, window_start, start) is not None


def _false_reading(text: str, r: Raw, labels_possible: bool = True) -> bool:
    value = text[r.start : r.end]
    if r.entity == "PHONE_NUMBER":
        if "/" in value:
            return True  # telephone numbers are not written with slashes; readings are
        if _TIME_RANGE.fullmatch(value.strip()):
            return True  # a shift: "0700-1930"
        digits = sum(map(str.isdigit, value))
        if digits < 7 and r.recognizer != "PagerNumberRecognizer":
            return True  # "140-160": a range, unless a pager label said otherwise
    if r.entity == "STREET_ADDRESS":
        if _VIA_NOT_A_STREET.match(value):
            return True  # "via foley", "VIA PB7200": a route of administration, not Via Roma
        words = {w.lower().strip(".,") for w in value.split()}
        after = text[r.end : r.end + 2]
        if words & (READING_LABELS | UNITS) or _DECIMAL.search(value) or re.match(r"\.\d", after):
            return True  # "71 AVP. BP 91", "C/O 5.6": readings, not house numbers
        if _NUMBER_TO_NUMBER.match(value.strip()) or _QUANTITY.search(value):
            return True  # "94 TO 96", "1 HOUR", "700 X 16", "requiring 1l"
        if _SENTENCE_BREAK.search(value):
            return True  # an address does not run over a sentence: "C/D-DSD CHANGED. R GROIN CHANGED X2"
    return _is_reading(text, r, labels_possible)


# Every run of letters in a reading label: a text without any of them has no label before any span.
_LABEL_PARTS = frozenset(part for label in _BEFORE_LABELS for part in re.findall(r"[^\W\d_]+", label))


def drop_readings(ref: Refinement, found: list[Raw]) -> list[Raw]:
    """Phone numbers, addresses, dates and ids read into vitals and labs ("BP 120/80", "SAT 94 TO 96")."""
    readable = [r for r in found if r.entity in _READABLE]
    if not readable:
        return found
    labels_possible = not ref.words.isdisjoint(_LABEL_PARTS)
    dropped = {r for r in readable if _false_reading(ref.text, r, labels_possible)}
    return [r for r in found if r not in dropped] if dropped else found


def _note_word(word: str, lexicon: WordLexicon) -> bool:
    w = strip_possessive(word).lower()
    return w in CLINICAL_ABBREVIATIONS or w in SECTION_HEADERS or lexicon.is_english(w)


def _note_words_only(text: str, r: Raw, lexicon: WordLexicon) -> bool:
    """A span made of clinical abbreviations and English words, with at least one abbreviation or
    section name ("abd soft", "cont", "NS", "CV"), or a section header before its colon ("Neuro:")."""
    value = text[r.start : r.end]
    words = _WORD.findall(value)
    if not words or (len(words) > 1 and value.lower() in lexicon.places):
        return False  # "Port of Spain"; a one-word place that is note shorthand ("Foley") is shorthand
    compact = re.sub(r"[.&/ \t]", "", value).lower()
    if re.fullmatch(r"(?:\w[.&/][ \t]*)+\w?\.?", value) and (compact in SECTION_HEADERS or compact in CLINICAL_ABBREVIATIONS):
        return True  # dotted or joined initials of a note word: "G.I.", "I.D.", "D&I", "C.I."
    # ("St." with its dot is a saint or a street: "St. Helena"; alone, "ST" is sinus tachycardia)
    keys = ["" if w.lower() == "st" and text.startswith(".", r.start + value.find(w) + 2) else strip_possessive(w).lower()
            for w in words]
    if all(k in SECTION_HEADERS for k in keys) and _HEADER_END.match(text, r.end):
        return True
    # (a one-letter section name, "O:" or "A:", is a header before its colon only: "PORT O' WARREN")
    shorthand = any(len(k) > 1 and (k in CLINICAL_ABBREVIATIONS or k in SECTION_HEADERS) for k in keys)
    return shorthand and all(_note_word(w, lexicon) for w in words)


# Spans a cue placed ("DR FOLEY", "my name is ...") are names whatever their words are.
_CUE_RECOGNIZERS = frozenset({"CuedNameAnyCase", "CuedPersonRecognizer"})
_PLACE_CUE_RECOGNIZERS = frozenset({"TravelPlaceRecognizer", "HomePlaceRecognizer"})
HEALTH_ENTITIES = frozenset({"MEDICAL_CONDITION", "SYMPTOM", "MEDICATION", "PROCEDURE"})


def drop_note_words(ref: Refinement, found: list[Raw]) -> list[Raw]:
    """Names and places that are section headers, note shorthand, a relative ("SISTER") or a health term
    ("Propofol", "Fibromyalgia": a drug, condition or symptom is never a person or a place). Runs after the
    refiners that add names, so their spans are judged too."""
    health = [(r.start, r.end) for r in found if r.entity in HEALTH_ENTITIES]
    out: list[Raw] = []
    for r in found:
        if r.entity in ("PERSON", "LOCATION") and r.recognizer not in _CUE_RECOGNIZERS:
            if any(s <= r.start and r.end <= e for s, e in health):
                continue
            if strip_possessive(ref.text[r.start : r.end]).lower() in KIN_CUES:
                continue
            if _note_words_only(ref.text, r, ref.lexicon):
                continue
        out.append(r)
    return out


def _mostly_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 12 and sum(ch.isupper() for ch in letters) >= 0.6 * len(letters)


def _has_name_evidence(r: Raw, value: str, lexicon: WordLexicon, upper_text: bool = False) -> bool:
    """A word of the span is a known given name (not a stop word: the list holds "in", "to"), a surname or
    place that is not an English or note word (surname lists hold "Arms", "Foley", "Clear")."""
    words = [strip_possessive(w).lower() for w in _WORD.findall(value)]
    if r.entity == "LOCATION":
        if len(words) > 1 and value.lower() in lexicon.places:
            return True  # "new york", "san jose": a known place as a whole
        # lower case ("in london"): a known place; capitals in a note ("FLUSHING", "FOLEY"): one that is not
        # also an English or note word
        if not upper_text:
            return any(w in lexicon.places and w not in CLINICAL_ABBREVIATIONS for w in words)
        return any(w in lexicon.places and unlisted(w, lexicon) for w in words)
    return any(name_like(w, lexicon) for w in words)


def drop_caseless_ner(ref: Refinement, found: list[Raw]) -> list[Raw]:
    """The NER reads capitals as names. A span in capitals (all-caps text, or an acronym in mixed text) or
    in lower case carries no case evidence, so its PERSON or LOCATION needs a known name or place, a cue,
    or the JSON key."""
    if not ref.lexicon:
        return found
    out: list[Raw] = []
    for r in found:
        # (a gazetteer's one-word place in capitals, or a place a cue pattern took in capitals, is judged
        # the same way: "FLUSHING", "RETURNED TO AV PACED")
        pattern_place = r.entity == "LOCATION" and (
            " " not in ref.text[r.start : r.end].strip() or r.recognizer in _PLACE_CUE_RECOGNIZERS
        )
        if (r.recognizer == NER_RECOGNIZER or pattern_place) and r.entity in ("PERSON", "LOCATION"):
            value = ref.text[r.start : r.end]
            # capitals in mixed-case text are an acronym ("IABP", "CSRU NPN"): names are written in Title
            # case. Places are not ("NYC", "LA"), so only all-caps text takes their case evidence away.
            upper = value.isupper() and (r.entity == "PERSON" or _mostly_upper(ref.text))
            caseless = value.islower() or upper
            # (a pattern's own span is in cued_spans: it is no cue for itself, only the JSON key is)
            vouched = cued(r, ref.cued_spans if r.recognizer == NER_RECOGNIZER else [], ref.key_words)
            evidence = _has_name_evidence(r, value, ref.lexicon, upper and r.entity == "LOCATION")
            if caseless and not vouched and not evidence:
                continue
        out.append(r)
    return out


_REGISTER_WORDS = CLINICAL_ABBREVIATIONS | READING_LABELS


def note_register(words: frozenset[str], lexicon: WordLexicon) -> bool:
    """Clinical shorthand: two or more distinct note abbreviations or reading labels that are no English
    words ("pt", "bp", "gtt", "abd"), among a text's `words` (Refinement.words). A nurse's note, or a
    caller's message about her bp meds."""
    return sum(not lexicon.is_english(w) for w in words & _REGISTER_WORDS) >= 2


def drop_unknown_ner_in_notes(ref: Refinement, found: list[Raw]) -> list[Raw]:
    """In clinical shorthand the NER reads misspellings, drug and device names as people and places
    ("Contiue", "Kefzol", "Carevue", "rad al"): there its PERSON needs a known given name or surname and its
    LOCATION a known place, unless a cue or the JSON key placed it."""
    candidates = [r for r in found if r.recognizer == NER_RECOGNIZER and r.entity in ("PERSON", "LOCATION")]
    if not candidates or not ref.lexicon or not note_register(ref.words, ref.lexicon):
        return found
    drop: set[Raw] = set()
    for r in candidates:
        words = [strip_possessive(w).lower() for w in _WORD.findall(ref.text[r.start : r.end])]
        if r.entity == "PERSON":
            known = any(name_like(w, ref.lexicon) for w in words)
        else:
            # (a place of two Title-case words is a place in a note too: "Daytona Beach", "Eastern Shore")
            value = ref.text[r.start : r.end]
            titled = len(words) > 1 and value.istitle()
            known = titled or any(w in ref.lexicon.places and w not in CLINICAL_ABBREVIATIONS for w in words)
        if not (known or cued(r, ref.cued_spans, ref.key_words)):
            drop.add(r)
    return [r for r in found if r not in drop]
