"""FLX314: which URLs in a preserved attribute are web-URL identifiers (flexlint.checks.urls), and the
organization-domains setting end to end. Hosts and paths are invented."""

from __future__ import annotations

import json

import pytest

from flexlint.checks.urls import host_of, url_severity
from flexlint.model import Severity


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://ehr.example.org/patients/00482913", Severity.ERROR),  # a record: always an error
        ("https://portal.acme-clinic.org/members/77120/claims", Severity.ERROR),
        ("https://www.pixelfolio.net/ana-k", Severity.WARNING),  # someone's page
        ("www.example.se/", Severity.WARNING),  # no scheme
        ("https://files.sharebox.example/s/9QxT2", Severity.WARNING),
        ("https://www.cdc.gov/flu/index.html", None),  # a public health page
        ("medlineplus.gov/ency/article", None),
        ("https://flex.twilio.com/agent-desktop", None),  # Twilio's own
        ("https://media.twiliocdn.com/sdk/js", None),
        ("notaurl", None),
        ("https://mychart.example.com/chart?patient=12345", Severity.ERROR),  # a record id in the query
        ("http://[abc/x", None),  # does not parse as a URL: no host, no finding, no traceback
    ],
)
def test_url_severity(url: str, expected: Severity | None) -> None:
    assert url_severity(url) is expected


def test_organization_domains_match_their_subdomains_only() -> None:
    own = ("acme-clinic.org",)
    assert url_severity("https://help.acme-clinic.org/faq", own) is None
    assert url_severity("https://acme-clinic.org", own) is None
    assert url_severity("https://acme-clinic.org.evil.example/x", own) is Severity.WARNING
    assert url_severity("https://notacme-clinic.org/x", own) is Severity.WARNING
    assert url_severity("https://help.acme-clinic.org/faq", ("https://acme-clinic.org",)) is None  # given as a URL


def test_a_field_holding_just_a_url_needs_a_record_path() -> None:
    assert url_severity("https://media.example.org/r/1.mp3", free_text=False) is None
    assert url_severity("https://crm.example.org/contacts/5521/view", free_text=False) is Severity.ERROR


def test_host_of() -> None:
    assert host_of("HTTPS://Portal.Example.ORG:8443/x?y=1") == "portal.example.org"
    assert host_of("www.example.se/path") == "www.example.se"


PAYLOAD = {"conversations": {"content": "I posted it on https://www.pixelfolio.net/ana-k, see also cdc.gov/flu"}}


def test_free_text_urls_end_to_end(run_cli, write_json, tmp_path) -> None:
    path = write_json("task.json", PAYLOAD)
    found = json.loads(run_cli("check", "--no-cache", "--output-format", "json", str(path)).output)["findings"]
    urls = [f for f in found if f["code"] == "FLX314"]
    assert [(f["severity"], f["span"]["offset"]) for f in urls] == [("warning", 15)]
    assert "pixelfolio" not in json.dumps(found)  # the finding names the entity, never the value
    quiet = run_cli("check", "--no-cache", "--organization-domain", "pixelfolio.net", str(path))
    assert "FLX314" not in quiet.output
    (tmp_path / ".flexlint.toml").write_text('organization-domains = ["pixelfolio.net"]\n')
    configured = run_cli("check", "--no-cache", "--config", str(tmp_path / ".flexlint.toml"), str(path))
    assert "FLX314" not in configured.output
