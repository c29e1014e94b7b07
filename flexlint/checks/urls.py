"""Which URLs in a preserved attribute are identifiers (FLX314, Safe Harbor N: web URLs).

A URL that points at a person's record (a patient, member or contact id in its path) is an error. Any other
URL in free text is a warning unless its host is the organization's own (organization-domains), Twilio's,
or a public reference site (rules/url-domains.json): a personal site, a profile or a shared file reaches
the person. A field that holds just a URL (a recording's, a CRM link) is left to the record-path rule.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

from flexlint.datafiles import load_json
from flexlint.model import Severity

_RECORD_PATH = re.compile(
    r"/(patients?|members?|customers?|contacts?|people|persons?|users?|records?|charts?|mrn|recordings)/[^/?#]*\d"
    r"|[?&](?:patient|member|customer|contact|person|user|record|chart|mrn)(?:_?id)?=[^&#]*\d",  # in a query
    re.IGNORECASE,
)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


@functools.cache
def _listed_hosts() -> frozenset[str]:
    data = load_json("rules", "url-domains.json")
    return frozenset(host.lower() for key, hosts in data.items() if not key.startswith("$") for host in hosts)


def host_of(url: str) -> str:
    """The host of a URL as written in text ("www.example.se/x" has no scheme), lower-case, no port; "" for
    text that does not parse as a URL ("http://[abc/x")."""
    try:
        parts = urlsplit(url if _SCHEME.match(url) else "//" + url)
        return (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def _on(host: str, domains: frozenset[str]) -> bool:
    """The host is one of `domains` or a subdomain of one."""
    labels = host.split(".")
    return any(".".join(labels[i:]) in domains for i in range(len(labels)))


@functools.lru_cache(maxsize=64)  # (one settings' domains, asked once per URL finding)
def _own_domains(organization_domains: tuple[str, ...]) -> frozenset[str]:
    # (a domain given as a URL, "https://acme-clinic.org", counts by its host)
    return frozenset(host_of(d) if "/" in d else d.strip().lower().lstrip(".") for d in organization_domains if d.strip())


def url_severity(url: str, organization_domains: tuple[str, ...] = (), free_text: bool = True) -> Severity | None:
    """ERROR for a record URL, WARNING for a URL on an unlisted host in free text, None for the
    organization's own, Twilio's and public reference sites (and for text with no host).

    A URL that is a field's whole value (`media[].url`, `segment_link`) is what the data model puts there:
    only a record path makes it an identifier."""
    if _RECORD_PATH.search(url):
        return Severity.ERROR
    if not free_text:
        return None
    host = host_of(url)
    if "." not in host:
        return None  # no host, or a bare word
    if _on(host, _own_domains(organization_domains)) or _on(host, _listed_hosts()):
        return None
    return Severity.WARNING
