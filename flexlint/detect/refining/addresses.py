"""Addresses: the parts of an address block the recognizers do not see on their own.

After a street address, a postal code or a town on the lines that follow ("...Apt. 595\n LAPPEENRANTA\n
53650"), or after a comma; a postal code right after a place name ("Aalborg 9100"); "in <Town> <postal
code>" even when the town is no known city.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import regex

from flexlint.detect.geo import COARSE_PLACES
from flexlint.detect.refining.context import Refinement
from flexlint.detect.refining.words import NOT_NAMES, NOT_TOWN_WORDS
from flexlint.detect.results import Raw


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
def postal_codes_after_towns(text: str) -> list[Raw]:
    """LOCATION + POSTAL_CODE for "in <Town> <postal code>" (the town need not be a known city)."""
    out: list[Raw] = []
    for m in _TOWN_THEN_POSTAL.finditer(text):
        town, code = m.group(1), m.group(2)
        words = town.split()
        if any(w.lower().strip(".") in NOT_TOWN_WORDS for w in words) or town.lower() in COARSE_PLACES:
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



def add_address_parts(ref: Refinement, found: list[Raw]) -> list[Raw]:
    text = ref.text
    out = list(found)
    if any(r.entity in ("STREET_ADDRESS", "LOCATION") for r in out):
        out.extend(ref.admit(postal_codes_near_addresses(text, out) + towns_near_addresses(text, out)))
    if sum(ch.isdigit() for ch in text) >= 4:
        out.extend(ref.admit(postal_codes_after_towns(text)))
    return out
