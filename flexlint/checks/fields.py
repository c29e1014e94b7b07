"""Policies for particular preserved fields, by pattern, without a model: credentials in URLs (FLX401),
external_contact (FLX402) and year_of_birth that implies an age over 89 (FLX304)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from flexlint.checks.base import PayloadCheck
from flexlint.checks.phi_rules import CREDENTIAL_URL, EXTERNAL_CONTACT
from flexlint.datafiles import load_json
from flexlint.model import Issue
from flexlint.positions import escape_token

if TYPE_CHECKING:
    from flexlint.settings import Settings

_USERINFO = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#@\s]*:[^/?#@\s]*@", re.IGNORECASE)
_TOLL_FREE = re.compile(r"^1?8(00|33|44|55|66|77|88)\d{7}$")
AGE_LIMIT = 89


@functools.cache
def _credential_parameter() -> re.Pattern[str]:
    names = load_json("rules", "url-credentials.json")["query_parameters"]
    return re.compile(r"[?&#](" + "|".join(re.escape(n) for n in names) + r")=[^&#]", re.IGNORECASE)


def url_fields(attributes: dict) -> Iterator[tuple[str, str, str]]:
    """(pointer, dotted name, value) of each preserved URL string: segment_link, customer_link, media[].url."""
    conversations, customers = attributes.get("conversations"), attributes.get("customers")
    if isinstance(conversations, dict):
        yield "/conversations/segment_link", "conversations.segment_link", conversations.get("segment_link")
        yield from _media_urls(conversations.get("media"), "/conversations/media", "conversations.media")
    if isinstance(customers, dict):
        yield "/customers/customer_link", "customers.customer_link", customers.get("customer_link")
    reservations = attributes.get("reservation_attributes")
    if isinstance(reservations, dict):
        for sid, reservation in reservations.items():
            if isinstance(reservation, dict):
                pointer = f"/reservation_attributes/{escape_token(sid)}/media"
                yield from _media_urls(reservation.get("media"), pointer, f"reservation_attributes.{sid}.media")


def _media_urls(media: object, pointer: str, dotted: str) -> Iterator[tuple[str, str, object]]:
    if isinstance(media, list):
        for index, link in enumerate(media):
            if isinstance(link, dict):
                yield f"{pointer}/{index}/url", f"{dotted}[{index}].url", link.get("url")


def url_has_credential(url: str) -> bool:
    return bool(_USERINFO.match(url.strip()) or _credential_parameter().search(url))


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def is_organization_contact(value: str, organization: tuple[str, ...]) -> bool:
    text = value.strip()
    if not text:
        return True
    if "@" in text:
        return text.lower() in {c.strip().lower() for c in organization}
    digits = _digits(text)
    if len(digits) >= 7 and len(digits) >= len(re.sub(r"\s", "", text)) - 4:  # a phone number
        own = {_digits(c) for c in organization if _digits(c)}
        return digits in own or digits.lstrip("1") in {d.lstrip("1") for d in own} or bool(_TOLL_FREE.match(digits))
    # A short code, a queue name: only a name-like value is suspicious, and organization names are listed.
    return text.lower() in {c.strip().lower() for c in organization} or not re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}", text)


def _check(attributes: dict, settings: Settings) -> Iterator[Issue]:
    for pointer, where, url in url_fields(attributes):
        if isinstance(url, str) and url_has_credential(url):
            yield Issue(CREDENTIAL_URL.code, pointer, f"`{where}` is a URL that carries a credential or token")
    conversations = attributes.get("conversations")
    if isinstance(conversations, dict):
        contact = conversations.get("external_contact")
        if isinstance(contact, str) and not is_organization_contact(contact, settings.organization_contacts):
            yield Issue(
                EXTERNAL_CONTACT.code,
                "/conversations/external_contact",
                "`conversations.external_contact` is not one of the organization's contact points "
                "(toll-free numbers and organization-contacts are accepted)",
            )


def implied_age_over_limit(year_of_birth: object, today: dt.date | None = None) -> bool:
    if isinstance(year_of_birth, bool) or not isinstance(year_of_birth, (str, int)):
        return False
    text = str(year_of_birth).strip()
    if not re.fullmatch(r"\d{4}", text):
        return False
    this_year = (today or dt.date.today()).year
    # Born in that year, the person is this_year - year, or one less: flag when the older age is over 89.
    return this_year - int(text) > AGE_LIMIT


CHECK = PayloadCheck(rules=(CREDENTIAL_URL, EXTERNAL_CONTACT), check_one=_check)
