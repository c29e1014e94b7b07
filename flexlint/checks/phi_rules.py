"""The PII/PHI rules: one code per HIPAA Safe Harbor identifier (45 CFR 164.514(b)(2)(i)), plus health information.

Declarations only; flexlint/checks/detectors.py emits them from the detector engine's results.
"""

from __future__ import annotations

from flexlint.model import Severity
from flexlint.rule import Rule

_WHY_PRESERVED = (
    "Everything in a preserved attribute reaches the Flex Insights warehouse, where Twilio requires that it\n"
    "hold no PHI. Safe Harbor de-identification (45 CFR 164.514(b)(2)(i)) removes this identifier, of the\n"
    "patient and of relatives, employers and household members; together with health information in the same\n"
    "task it makes PHI."
)


def _identifier(code: str, name: str, letter: str, what: str, example: str, instead: str, severity=Severity.ERROR) -> Rule:
    return Rule(
        code=code,
        name=name,
        severity=severity,
        summary=f"{what} in a preserved attribute (Safe Harbor {letter}).",
        why=_WHY_PRESERVED,
        example=example,
        instead=instead,
    )


_INSTEAD = "Keep the identifier out of task attributes; use an opaque, non-derived reference if one is needed."

IDENTIFIER_RULES = (
    _identifier("FLX301", "person-name", "A", "A person's name",
                '{"conversations": {"content": "Maria Okafor asked about her refill"}}',
                '{"conversations": {"content": "Refill question"}}'),
    _identifier("FLX302", "small-geography", "B", "A street address, a 5-digit ZIP or ZIP+4, or a city with a street",
                '{"customers": {"region": "97205"}}', '{"customers": {"state": "OR"}}'),
    _identifier("FLX303", "date-of-person", "C", "A date element other than the year (a date of birth, admission, ...)",
                '{"conversations": {"conversation_attribute_3": "DOB 03/22/1958"}}', _INSTEAD),
    _identifier("FLX304", "age-over-89", "C", "An age over 89, or a year_of_birth that implies one",
                '{"customers": {"year_of_birth": "1929"}}',
                'Aggregate: {"customers": {"customer_label_1": "90 or older"}} and no year_of_birth.'),
    _identifier("FLX305", "phone-number", "D, E", "A telephone or fax number",
                '{"conversations": {"destination": "+15035550199"}}',
                '{"conversations": {"destination": "External Queue"}}'),
    _identifier("FLX306", "email-address", "F", "An e-mail address",
                '{"conversations": {"conversation_label_1": "maria.okafor@example.net"}}', _INSTEAD),
    _identifier("FLX307", "social-security-number", "G", "A social security number",
                '{"conversations": {"outcome": "verified with SSN 219-09-9999"}}',
                '{"conversations": {"outcome": "Identity verified"}}'),
    _identifier("FLX308", "medical-record-number", "H", "A medical record number",
                '{"conversations": {"case": "MRN 00482913"}}', _INSTEAD),
    _identifier("FLX309", "health-plan-number", "I", "A health plan beneficiary or member number (Medicare MBI)",
                '{"conversations": {"case": "Medicare MBI 1EG4-TE5-MK73"}}', _INSTEAD),
    _identifier("FLX310", "account-number", "J", "An account, card or bank number",
                '{"conversations": {"case": "card 4111 1111 1111 1111"}}', _INSTEAD),
    _identifier("FLX311", "licence-number", "K", "A certificate or licence number (driver's licence, passport)",
                '{"conversations": {"content": "passport number 912803456"}}', _INSTEAD),
    _identifier("FLX312", "vehicle-identifier", "L", "A vehicle identifier or licence plate (VIN)",
                '{"conversations": {"content": "VIN 1HGCM82633A004352"}}', _INSTEAD),
    _identifier("FLX313", "device-identifier", "M", "A device identifier or serial number (IMEI)",
                '{"conversations": {"content": "IMEI 490154203237518"}}', _INSTEAD),
    Rule(
        code="FLX314",
        name="web-url",
        severity=Severity.ERROR,
        summary="A web URL in a preserved attribute (Safe Harbor N): an error when it points at a person's "
        "record, a warning in free text on any host that is not the organization's own, Twilio's or a public "
        "reference site.",
        why=(
            _WHY_PRESERVED + "\n\nSafe Harbor lists web URLs among the identifiers: a personal site, a profile, a\n"
            "shared file or a booking link reaches the person. A URL whose path holds a patient, member or\n"
            "contact id names the record itself, hence the error. The warning level is for the rest: most are\n"
            "a person's, some are harmless links nobody listed. URLs on the organization's own domains\n"
            "(organization-domains in the configuration, or --organization-domain), on Twilio's and on the\n"
            "public health and reference sites of rules/url-domains.json are not reported."
        ),
        example='{"customers": {"customer_link": "https://ehr.example.org/patients/00482913"}}\n'
        '{"conversations": {"content": "my photos are at https://www.pixelfolio.net/ana-k"}}',
        instead="Link to a record only through an opaque token your own system resolves, or not at all; "
        "list your own domains in organization-domains.",
    ),
    _identifier("FLX315", "ip-address", "O", "An IP address",
                '{"conversations": {"content": "caller IP 203.0.113.7"}}', _INSTEAD),
    _identifier("FLX317", "other-identifier", "R", "Another unique identifying number, named as one by its context",
                '{"conversations": {"case": "employee id 5521873"}}', _INSTEAD, Severity.WARNING),
)

HEALTH_INFORMATION = Rule(
    code="FLX320",
    name="health-information",
    severity=Severity.WARNING,
    summary="Health information (a condition, symptom, medication, procedure or ICD-10-CM code) in a preserved attribute.",
    why=(
        "Health information is what turns an identifier into PHI. On its own, in a de-identified task, it may\n"
        "be acceptable for reporting (a queue named after a service line); next to a name, a phone number or a\n"
        "date of birth it is not (see FLX321)."
    ),
    example='{"conversations": {"content": "type 2 diabetes medication refill (metformin)"}}',
    instead='{"conversations": {"content": "Medication refill"}}',
)

QUASI_IDENTIFIER = Rule(
    code="FLX318",
    name="quasi-identifier",
    severity=Severity.INFO,
    summary="An age of 89 or under, or a country or US state, in a preserved attribute: not a Safe Harbor identifier, but a quasi-identifier.",
    why=(
        "Safe Harbor lets ages up to 89 and places no smaller than a state through, so this never fails a run on\n"
        "its own and never makes FLX321. It is reported because Safe Harbor also requires that the organization\n"
        "have no actual knowledge that what is left could identify the person (45 CFR 164.514(b)(2)(ii)): an age,\n"
        "a country of origin and a rare condition in one task can single a caller out, and the Insights warehouse\n"
        "keeps them for every analyst. Select it with --fail-on info, or ignore it, as your privacy office decides."
    ),
    example='{"conversations": {"content": "72-year-old caller, moved here from Estonia"}}',
    instead='{"conversations": {"content": "Caller asked about coverage"}}',
)

PHI = Rule(
    code="FLX321",
    name="protected-health-information",
    severity=Severity.ERROR,
    summary="Health information and an identifier (FLX301-FLX315) in the same payload: that is PHI.",
    why=(
        "Individually identifiable health information is PHI. When a task's preserved attributes hold both a\n"
        "health term and an identifier, the Insights warehouse would hold PHI, which Twilio's HIPAA terms for\n"
        "Flex Insights forbid. The finding sits at the health information and names the identifier's pointer."
    ),
    example='{"conversations": {"content": "Maria Okafor calling about her diabetes medication"}}',
    instead="Remove the identifier, the health information, or both, from the preserved attributes.",
)

CREDENTIAL_URL = Rule(
    code="FLX401",
    name="credential-in-url",
    severity=Severity.ERROR,
    summary="A URL that embeds credentials or a token (user:pass@, AccessToken=, a signed query).",
    why=(
        "segment_link, media[].url and customer_link must be reachable by Insights, which tempts people to put\n"
        "the credentials in the URL. Insights then stores and shows them to every analyst, and a Twilio auth\n"
        "token opens the whole account, recordings of every caller included."
    ),
    example='{"conversations": {"segment_link": "https://AC...:token@api.twilio.com/.../Recordings/RE..."}}',
    instead="Use media with url_provider (Insights fetches with a Flex token), or a short-lived URL from your own service.",
)

EXTERNAL_CONTACT = Rule(
    code="FLX402",
    name="external-contact-not-organization",
    severity=Severity.ERROR,
    summary="conversations.external_contact holds something other than the organization's own contact points.",
    why=(
        "Twilio's HIPAA page says External Contact is the contact information of the organization and must not\n"
        "contain PII. Plugins that copy the caller's number into it put a customer's phone into Insights.\n"
        "Toll-free numbers and the numbers listed in organization-contacts are accepted; any other phone,\n"
        "e-mail address or name is an error."
    ),
    example='{"conversations": {"external_contact": "+15035550147"}}',
    instead='{"conversations": {"external_contact": "+18005550100"}}    <- the contact center\'s own number',
)
