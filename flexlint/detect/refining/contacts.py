"""Contacts: phone numbers, URLs and e-mail addresses that are something else.

A bare digit run after an identifier label is that identifier ("order # 4155550132"); a scheme-less URL
glued from two sentences ("Thanks.That's") or cut out of a longer token is no URL; the "token@host" of a
URL's userinfo is a credential, not an e-mail address. Nothing inside a Twilio SID is anything.
"""

from __future__ import annotations

import re

from flexlint.detect.refining.context import Refinement
from flexlint.detect.refining.words import BARE_WEB_TLDS
from flexlint.detect.results import Raw

# Twilio resource SIDs: two capital letters and 32 hex digits (WT..., AC..., RE...). They are system ids
# created by Twilio, never patient data, so nothing found inside one is reported.
_TWILIO_SID = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}[0-9a-f]{32}(?![A-Za-z0-9])")


def twilio_sid_spans(text: str) -> list[tuple[int, int]]:
    if len(text) < 34:
        return []
    return [m.span() for m in _TWILIO_SID.finditer(text)]


# "Thanks.That's all" / "No.Thank you": two words glued by a period look like a domain with a TLD (.th,
# .tel). A scheme-less URL whose last label starts with a capital letter and has no path is such a glue.
_GLUED_SENTENCE_URL = re.compile(r"[^\s/:]+\.[A-Z][a-z]*")


def _bad_url(text: str, r: Raw) -> bool:
    value = text[r.start : r.end]
    if "://" in value or value.lower().startswith("www."):
        return False
    if _GLUED_SENTENCE_URL.fullmatch(value) is not None:
        return True
    if "/" not in value and "@" not in value and not _BARE_WEB_DOMAIN.fullmatch(value):
        return True  # a bare "word.tld" on a country or vanity TLD is two sentences glued: "noted.no", "..TV"
    # A bare domain must be a whole token: "task.cr" inside "com.twilio.taskrouter.task.created" or
    # "widgets.ga" inside "{{widgets.gather_1.Digits}}" are identifiers and template paths, not URLs.
    before = text[r.start - 1] if r.start > 0 else " "
    after = text[r.end] if r.end < len(text) else " "
    return after.isalnum() or after == "_" or before.isalnum() or before in "._"


# A bare domain (no scheme, no www., no path) counts only on the TLDs people write bare ("acme.com"); on any
# other TLD it is more often two glued sentences or an abbreviation ("well.skin", "NECESSARY.PT", "1.3.no").
_BARE_WEB_DOMAIN = re.compile(
    r"(?=[^.]*[a-z])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:" + "|".join(sorted(BARE_WEB_TLDS)) + r")(?:\.[a-z]{2})?",
    re.IGNORECASE,  # (a country code may follow: "shop.com.br", "nhs.org.uk")
)


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


# "https://user:token@host/...": the "token@host" part is URL userinfo (a credential), not an e-mail address.
_URL_USERINFO_BEFORE = re.compile(r"[a-z][a-z0-9+.-]*://[^\s/@]*:?$", re.IGNORECASE)



def drop_inside_twilio_sids(ref: Refinement, found: list[Raw]) -> list[Raw]:
    """Inside (or cutting into) a Twilio SID; a URL that contains a whole SID is kept."""
    sids = twilio_sid_spans(ref.text)
    if not sids:
        return found
    return [r for r in found if not any(s < r.end and r.start < e and not (r.start <= s and e <= r.end) for s, e in sids)]


def drop_false_contacts(ref: Refinement, found: list[Raw]) -> list[Raw]:
    text = ref.text
    out: list[Raw] = []
    for r in found:
        if r.entity == "PHONE_NUMBER" and _bad_phone(text, r):
            continue
        if r.entity == "URL" and _bad_url(text, r):
            continue
        if r.entity == "EMAIL_ADDRESS" and _URL_USERINFO_BEFORE.search(text, max(0, r.start - 200), r.start):
            continue
        out.append(r)
    return out
