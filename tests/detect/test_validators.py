"""Checksum and plausibility validators: pure functions, no spaCy or Presidio."""

from __future__ import annotations

import pytest

from flexlint.detect.matching import validators as v


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("4111 1111 1111 1111", True),
        ("4111-1111-1111-1112", False),
        ("79927398713", True),
        ("79927398710", False),
        ("0", False),
    ],
)
def test_luhn(value: str, ok: bool) -> None:
    assert v.luhn(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("4111 1111 1111 1111", True),  # Visa test card: 16 digits
        ("378282246310005", True),  # Amex: 15 digits starting 37
        ("6011111111111117", True),  # Discover
        ("490154203237518", False),  # Luhn-valid but 15 digits starting 4: an IMEI, not a Visa
        ("1111111111111111", False),  # one repeated digit
        ("4111 1111 1111 1112", False),  # Luhn fails
    ],
)
def test_credit_card(value: str, ok: bool) -> None:
    assert v.credit_card(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("490154203237518", True),
        ("49-015420-323751-8", True),
        ("490154203237519", False),  # check digit wrong
        ("000000000000000", False),  # zero TAC
        ("4901542032375", False),  # too short
    ],
)
def test_imei(value: str, ok: bool) -> None:
    assert v.imei(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [("1234567893", True), ("1234567890", False), ("3234567893", False), ("123456789", False)],
)
def test_npi(value: str, ok: bool) -> None:
    assert v.npi(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("1EG4-TE5-MK73", True),
        ("1EG4TE5MK73", True),
        ("1eg4-te5-mk73", True),  # case is normalised
        ("0EG4-TE5-MK73", False),  # position 1 is 1-9
        ("1SG4-TE5-MK73", False),  # S is never used
        ("1EG4-TE5-MK7", False),  # too short
    ],
)
def test_mbi(value: str, ok: bool) -> None:
    assert v.mbi(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("123-45-6789", True),  # advertising SSN: still flagged in payloads
        ("514-69-0360", True),
        ("000-12-3456", False),  # area 000
        ("666-12-3456", False),  # area 666
        ("912-34-5678", False),  # area 9xx (ITIN range)
        ("123-00-4567", False),  # group 00
        ("123-45-0000", False),  # serial 0000
        ("111-11-1111", False),  # one repeated digit: a placeholder
        ("555-55-5555", False),
        ("123 45 6789", True),
        ("12-345-6789", True),  # digits only are checked; the regex decides the shape
        ("12345678", False),
    ],
)
def test_ssn(value: str, ok: bool) -> None:
    assert v.ssn(value) is ok


def test_ssn_repeated_digit_placeholders() -> None:
    assert v.ssn("222-22-2222") is False
    assert v.ssn("222-22-2223") is True


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("1HGCM82633A004352", True),
        ("1M8GDM9AXKP042788", True),  # check digit X
        ("1HGCM82633A004353", False),  # wrong check digit
        ("1HGCM82633A00435", False),  # 16 characters
        ("1HGCM82633I004352", False),  # I is not allowed
        ("11111111111111111", False),  # no letters
    ],
)
def test_vin(value: str, ok: bool) -> None:
    assert v.vin(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [("97205", True), ("97205-1234", True), ("00000", False), ("97205-0000", False), ("9720", False)],
)
def test_us_zip(value: str, ok: bool) -> None:
    assert v.us_zip(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("age 93", True),
        ("90 years old", True),
        ("89 years old", False),
        ("aged 125", True),
        ("126 years old", False),
        ("age 9", False),
        ("no number", False),
    ],
)
def test_age_over_89(value: str, ok: bool) -> None:
    assert v.age_over_89(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [("89 years old", True), ("turned 47", True), ("10 yo", True), ("age 9", False), ("90 years old", False)],
)
def test_age_89_or_under_is_the_complement_of_over_89(value: str, ok: bool) -> None:
    assert v.age_89_or_under(value) is ok
    if ok:
        assert not v.age_over_89(value)


@pytest.mark.parametrize(
    ("value", "ok"),
    [("E11.9", True), ("I10", True), ("F32.A", True), ("S72.001A", True), ("U07.1", False), ("E1.9", False)],
)
def test_icd10cm_shape(value: str, ok: bool) -> None:
    assert v.icd10cm_shape(value) is ok


def test_twilio_sid() -> None:
    assert v.is_twilio_sid("WT0123456789abcdef0123456789abcdef")
    assert not v.is_twilio_sid("WT0123456789ABCDEF0123456789ABCDEF")
    assert not v.is_twilio_sid("WT0123456789abcdef")


@pytest.mark.parametrize(
    ("value", "ok"),
    [("+44 20 7946 0958", True), ("079 2718 1155", True), ("+1 555", False), ("0000 0000", False)],
)
def test_phone_digits(value: str, ok: bool) -> None:
    assert v.phone_digits(value) is ok


def test_registries_name_real_functions() -> None:
    for table in (v.VALIDATORS, v.FILTERS):
        for name, fn in table.items():
            assert callable(fn), name
            assert fn("") in (True, False)
