"""Checksum and shape validators for identifier recognizers.

Pure functions of the matched text, no spaCy or Presidio import, so they can be unit-tested fast and reused by
other checks. Recognizer YAML files refer to them by name (see `VALIDATORS` / `FILTERS` at the bottom):

- a *validator* is a checksum: True raises the match to score 1.0, False drops it (Presidio's
  `validate_result` semantics). Use it only where a pass is strong evidence (Luhn on 16 digits, NPI, VIN).
- a *filter* is a plausibility rule: False drops the match, True keeps the pattern's own score (Presidio's
  `invalidate_result` semantics). Use it for rules that only weed out impossible values (SSN area numbers,
  ages under 90, ZIP 00000).

All functions take the raw matched text (with separators) and never raise on odd input.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_NON_ALNUM = re.compile(r"[^0-9A-Za-z]")


def digits_of(text: str) -> str:
    """Only the ASCII digits of `text` (separators such as spaces, dashes and dots removed)."""
    return "".join(ch for ch in text if "0" <= ch <= "9")


def luhn(text: str) -> bool:
    """Luhn (mod 10) check over the digits of `text`; used for payment cards and IMEIs."""
    digits = digits_of(text)
    if len(digits) < 2:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# Issuer prefixes and lengths (ISO/IEC 7812 IIN ranges as published by the networks). A Luhn pass alone
# lifts one random number in ten to 1.0, so length must also fit the issuer: a 15-digit Luhn-valid number
# starting with 4 is not a Visa card (it is more likely an IMEI).
_CARD_RULES: tuple[tuple[tuple[str, ...], frozenset[int]], ...] = (
    (("4",), frozenset({13, 16, 19})),  # Visa
    (tuple(str(p) for p in range(51, 56)) + tuple(str(p) for p in range(2221, 2721)), frozenset({16})),  # MC
    (("34", "37"), frozenset({15})),  # American Express
    (("300", "301", "302", "303", "304", "305", "36", "38", "39"), frozenset({14, 16, 17, 18, 19})),  # Diners
    (("6011", "644", "645", "646", "647", "648", "649", "65"), frozenset({16, 17, 18, 19})),  # Discover
    (("35",), frozenset({16, 17, 18, 19})),  # JCB
    (("2131", "1800"), frozenset({15})),  # legacy JCB
    (("62",), frozenset({16, 17, 18, 19})),  # UnionPay
    (("50", "56", "57", "58", "6"), frozenset({12, 13, 14, 15, 16, 17, 18, 19})),  # Maestro and others
)


def credit_card(text: str) -> bool:
    """Payment card: issuer prefix with a valid length for it, Luhn-valid, not one repeated digit."""
    digits = digits_of(text)
    if not 12 <= len(digits) <= 19 or len(set(digits)) == 1:
        return False
    if not any(digits.startswith(prefixes) and len(digits) in lengths for prefixes, lengths in _CARD_RULES):
        return False
    return luhn(digits)


def imei(text: str) -> bool:
    """IMEI: exactly 15 digits, Luhn-valid; the 8-digit TAC (type allocation code) cannot be all zeros."""
    digits = digits_of(text)
    if len(digits) != 15 or digits[:8] == "00000000":
        return False
    return luhn(digits)


def npi(text: str) -> bool:
    """US National Provider Identifier: 10 digits starting 1 or 2, Luhn-valid once prefixed with 80840.

    80840 is the ISO health-industry card issuer prefix the CMS NPI check-digit spec prepends.
    """
    digits = digits_of(text)
    if len(digits) != 10 or digits[0] not in "12":
        return False
    return luhn("80840" + digits)


# MBI: positions (1-based) 1,4,7,10,11 numeric (1 is 1-9); 2,5,8,9 letters; 3,6 letter or digit.
# Letters S, L, O, I, B, Z are never used (CMS "Understanding the MBI").
_MBI_LETTER = "ACDEFGHJKMNPQRTUVWXY"
_MBI_RE = re.compile(
    rf"[1-9][{_MBI_LETTER}][0-9{_MBI_LETTER}][0-9][{_MBI_LETTER}][0-9{_MBI_LETTER}][0-9]"
    rf"[{_MBI_LETTER}][{_MBI_LETTER}][0-9][0-9]"
)


def mbi(text: str) -> bool:
    """Medicare Beneficiary Identifier format (11 characters, dashes allowed for display)."""
    compact = _NON_ALNUM.sub("", text).upper()
    return _MBI_RE.fullmatch(compact) is not None


def ssn(text: str) -> bool:
    """SSA rules: area not 000, 666 or 900-999; group not 00; serial not 0000; not all one digit.

    Known "advertising" SSNs such as 123-45-6789 pass on purpose: in a payload they are still someone's
    pasted SSN-shaped value, and fixtures use them.
    """
    digits = digits_of(text)
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9":
        return False
    if group == "00" or serial == "0000":
        return False
    return len(set(digits)) > 1


# VIN check digit (ISO 3779 / 49 CFR 565): transliteration table and position weights.
_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin(text: str) -> bool:
    """17-character VIN (no I, O, Q) whose 9th character is the mod-11 check digit ('X' for 10).

    The check digit is mandatory for North American vehicles; others are not validated (and not flagged),
    which keeps random 17-character tokens from matching.
    """
    value = text.strip().upper()
    if len(value) != 17 or any(ch not in _VIN_VALUES for ch in value):
        return False
    if not any(ch.isdigit() for ch in value) or not any(ch.isalpha() for ch in value):
        return False
    total = sum(_VIN_VALUES[ch] * w for ch, w in zip(value, _VIN_WEIGHTS, strict=False))
    check = total % 11
    expected = "X" if check == 10 else str(check)
    return value[8] == expected


def us_zip(text: str) -> bool:
    """5-digit ZIP or ZIP+4; 00000 and ZIP+4 '0000' are not assigned."""
    digits = digits_of(text)
    if len(digits) not in (5, 9):
        return False
    if digits[:5] == "00000":
        return False
    return not (len(digits) == 9 and digits[5:] == "0000")


_AGE_NUMBER = re.compile(r"\d{2,3}")


def age_over_89(text: str) -> bool:
    """True when the first 2-3 digit number in `text` is an age Safe Harbor restricts: 90 to 125."""
    m = _AGE_NUMBER.search(text)
    if not m:
        return False
    return 90 <= int(m.group()) <= 125


def age_89_or_under(text: str) -> bool:
    """True when the first 2-3 digit number in `text` is an age Safe Harbor allows (10 to 89)."""
    m = _AGE_NUMBER.search(text)
    return m is not None and 10 <= int(m.group()) <= 89


_ICD10CM_RE = re.compile(r"[A-TV-Z][0-9][0-9AB](?:\.[0-9A-TV-Z]{1,4})?", re.IGNORECASE)


def icd10cm_shape(text: str) -> bool:
    """ICD-10-CM code shape: letter (not U), digit, digit/A/B, then an optional dot and 1-4 characters."""
    return _ICD10CM_RE.fullmatch(text.strip()) is not None


_TWILIO_SID = re.compile(r"[A-Z]{2}[0-9a-f]{32}")


def is_twilio_sid(text: str) -> bool:
    """Twilio resource SIDs (two capital letters + 32 lower-case hex) are system ids, never PHI."""
    return _TWILIO_SID.fullmatch(text) is not None


def not_repeated_digits(text: str) -> bool:
    """Rejects values made of one repeated digit (0000000, 1111111): placeholders, not identifiers."""
    digits = digits_of(text)
    return len(set(digits)) > 1 if digits else True


def phone_digits(text: str) -> bool:
    """An international or national phone: 8 to 15 digits (E.164 maximum), not one repeated digit."""
    digits = digits_of(text)
    return 8 <= len(digits) <= 15 and len(set(digits)) > 2


def month_day(text: str) -> bool:
    """m/d, m/d/yy(yy), m-d-yy(yy) or m/yy as a date can be written: a month 1-12, a day 1-31 (or a two-digit year over
    31), and not one of the fractions a note writes ("1/2 NS", "3/4 strength")."""
    if text[:4].lower() == "the " or text[-2:].lower() in ("st", "nd", "rd", "th"):
        return True  # "the 11th": the pattern holds it to 1-31 already
    parts = text.replace("-", "/").split("/")
    if not 2 <= len(parts) <= 3 or not all(part.isdigit() for part in parts):
        return False
    month, second = int(parts[0]), int(parts[1])
    if not 1 <= month <= 12:
        return False
    if len(parts) == 3:
        return 1 <= second <= 31
    if second > 31:
        return len(parts[1]) == 2  # m/yy: "7/81"
    return second >= 1 and not (second <= 4 and month < second)


Check = Callable[[str], bool]

# Checksum validators: pass -> score 1.0, fail -> dropped.
VALIDATORS: dict[str, Check] = {
    "luhn": luhn,
    "credit_card": credit_card,
    "imei": imei,
    "npi": npi,
    "vin": vin,
}

# Plausibility filters: fail -> dropped, pass -> pattern score kept. Checksums appear here too, for
# identifiers whose checksum passes too often by chance to be trusted without a context word (NPI, IMEI).
FILTERS: dict[str, Check] = {
    "luhn": luhn,
    "imei": imei,
    "npi": npi,
    "vin": vin,
    "mbi": mbi,
    "ssn": ssn,
    "us_zip": us_zip,
    "age_over_89": age_over_89,
    "age_89_or_under": age_89_or_under,
    "icd10cm_shape": icd10cm_shape,
    "not_repeated_digits": not_repeated_digits,
    "phone_digits": phone_digits,
    "month_day": month_day,
}
