"""Prefilters and phone shortcuts only save time: they must never hide a detection.

- `Prefilter` semantics (digits, keywords, ASCII-only lower-case keywords);
- property tests: on a sample of texts (test cases, synthetic identifiers, and the gold corpora when they are
  present), a recognizer whose prefilter rejects a text finds nothing in it, and the engine returns exactly
  the same detections with and without prefilters;
- the phone shortcuts ("+digits" texts need only US and CA; texts whose phone candidates are all SSN- or
  date-shaped need no matcher at all; a first region that matches every candidate whole is the answer) give
  the same results as the full 30-region matcher.
"""

from __future__ import annotations

import copy

import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import regex

from flexlint.detect.engine import DetectorEngine
from flexlint.detect.matching.phone import (
    _PHONE_CANDIDATE as PHONE_CANDIDATE,
    PHONE_REGIONS,
    covers,
    matcher_candidates,
    only_never_phone_candidates,
    plus_only_regions,
)
from flexlint.detect.matching.recognizers import Prefilter, TextFeatures

# flexlint's shortcuts against Presidio's own loop: CI runs this module on both ends of the supported Presidio
# range (make test-presidio-floor).
pytestmark = pytest.mark.presidio_equivalence

NEVER_PHONE = regex.compile(r"\d{3}-\d{2}-\d{4}|(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])")
CORPORA = Path("/work/shared/corpora")
CORPUS_SAMPLE = 400  # texts per corpus file

# fmt: off
KEYWORDS = [
    "ssn", "SSN", "social security", "MRN", "mrn", "med rec #", "chart #", "patient id", "member id",
    "policy #",
    "account", "acct #", "card ending", "NPI", "driver's license", "DL #", "passport", "plate", "IMEI",
    "serial #", "s/n", "UDI", "claim #", "dx", "icd-10", "zip", "postcode", "DOB", "born", "b.", "age",
    "years old", "y/o", "yo", "Jan", "March", "Sept", "call", "phone", "fax", "ext", "@", "www.", "http://",
    "calle", "rue", "Straße", "P.O. Box", "Apt", "Suite", "PSC", "APO AE", "historia clínica", "nhc",
    "cipa",
    "ſsn", "ＭＲＮ", "K", "Ⅻ", "٣",
]
# fmt: on


def _random_token(rng: random.Random) -> str:
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 19)))
    kind = rng.randrange(14)
    if kind == 0:
        return f"{digits[:3]}-{digits[3:5]}-{digits[5:9]}"
    if kind == 1:
        return "+" + digits
    if kind == 2:
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:10]}"
    if kind == 3:
        return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
    if kind == 4:
        return f"{rng.randint(1, 31)}/{rng.randint(1, 12)}/{rng.randint(0, 2030)}"
    if kind == 5:
        return f"{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}"
    if kind == 6:
        return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(rng.randint(5, 17)))
    if kind == 7:
        street = rng.choice(["Main St", "Oak Avenue", "Lindenstraße", "rue de Rivoli"])
        return f"{rng.randint(1, 9999)} {street}"
    if kind == 8:
        return "0" + digits
    if kind == 9:
        return "s/n"
    if kind == 10:
        return ":".join(f"{rng.randint(0, 255):02x}" for _ in range(6))
    if kind == 11:
        return f"{rng.randint(80, 105)}"
    return digits


def synthetic_texts(count: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 4)):
            if rng.random() < 0.6:
                parts.append(rng.choice(KEYWORDS))
            parts.append(_random_token(rng))
        sep = rng.choice([" ", ": ", " # ", ", ", "\n"])
        out.append(sep.join(parts))
    return out


def corpus_texts() -> list[str]:
    out: list[str] = []
    for path in sorted(CORPORA.glob("*.jsonl")) if CORPORA.is_dir() else []:
        with path.open(encoding="utf-8") as fh:
            lines = fh.readlines()
        for line in random.Random(5).sample(lines, min(CORPUS_SAMPLE, len(lines))):
            out.append(json.loads(line)["text"])
    return out


def sample_texts() -> list[str]:
    from tests.detect.test_engine import CASES

    return [text for text, _ in CASES] + synthetic_texts(1500) + corpus_texts()


# -- Prefilter semantics ------------------------------------------------------------------------------------


def test_prefilter_digits_and_keywords() -> None:
    pf = Prefilter([{"min_digits": 9}, {"min_digits": 4, "keywords": ["ssn", "social"]}])
    assert pf.passes(TextFeatures("123-45-6789"))
    assert not pf.passes(TextFeatures("ticket 1234"))
    assert pf.passes(TextFeatures("SSN ending 1234"))
    assert not pf.passes(TextFeatures("SSN ending 123"))  # too few digits for any alternative
    assert pf.passes(TextFeatures("٣٣٣٣ ssn"))  # Unicode digits count as digits (regex \d matches them)


def test_prefilter_symbols_and_non_ascii() -> None:
    email = Prefilter([{"keywords": ["@"]}])
    assert email.passes(TextFeatures("a@b.co")) and not email.passes(TextFeatures("no at sign"))
    word = Prefilter([{"keywords": ["ssn"]}])
    assert not word.passes(TextFeatures("nothing here"))
    # case-insensitive regexes match the long s to "s": letter keywords are not trusted on non-ASCII text
    assert word.passes(TextFeatures("ſsn 1234"))


def test_prefilter_rejects_bad_specs() -> None:
    with pytest.raises(ValueError):
        Prefilter([])
    with pytest.raises(ValueError):
        Prefilter([{"keywords": ["SSN"]}])  # keywords are lower-case
    with pytest.raises(ValueError):
        Prefilter([{"min_digit": 3}])


# -- prefilters never hide a result -------------------------------------------------------------------------


def _results(recognizer: Any, text: str, engine: DetectorEngine) -> list[tuple[str, int, int, float]]:
    artifacts = engine._artifacts([text])[text]
    found = recognizer.analyze(text=text, entities=engine.matcher.entities, nlp_artifacts=artifacts)
    return [(r.entity_type, r.start, r.end, r.score) for r in found or []]


def test_rejected_texts_have_no_matches(pattern_engine: DetectorEngine) -> None:
    """For every recognizer with a prefilter: a text the prefilter rejects gives no result at all."""
    texts = [t for t in sample_texts() if t.strip()]
    checked = 0
    for recognizer in pattern_engine.matcher._plan_all:
        prefilter = pattern_engine.matcher._prefilters.get(recognizer.id)
        if prefilter is None:
            continue
        for text in texts:
            if not prefilter.passes(TextFeatures(text)):
                checked += 1
                assert _results(recognizer, text, pattern_engine) == [], (recognizer.name, len(text))
    assert checked > 5_000


def test_patterns_own_prefilters_reject_only_texts_they_cannot_match(pattern_engine: DetectorEngine) -> None:
    """A pattern's own `requires`: on every sample text it rejects, that pattern's regex finds nothing."""
    texts = [t for t in sample_texts() if t.strip()]
    checked = 0
    for recognizer in pattern_engine.matcher._plan_all:
        for pattern in getattr(recognizer, "patterns", None) or ():
            own = pattern_engine.matcher._pattern_prefilters.get(id(pattern))
            if own is None:
                continue
            compiled = regex.compile(pattern.regex, flags=recognizer.global_regex_flags)
            for text in texts:
                if not own.passes(TextFeatures(text)):
                    checked += 1
                    assert compiled.search(text) is None, (recognizer.name, pattern.name)
    assert checked > 1_000


def _without_shortcuts(engine: DetectorEngine) -> DetectorEngine:
    """The engine without prefilters, without asking the compiled patterns before Presidio's analyze, and
    with Presidio's own context enhancement of every result."""
    engine.analyze(["call 206 555 0100", "no digits here"])  # compile both plans first: copies share them
    plain = copy.copy(engine)
    plain.matcher = matcher = copy.copy(engine.matcher)
    matcher._prefilters = {}
    matcher._pattern_prefilters = {}
    matcher._plain_patterns = set()
    matcher._steps = {}  # (built from the three above on first use)
    matcher.lean_enhancement = False
    matcher.lean_duplicates = False  # Presidio's duplicate removal on a single result too
    matcher._phone_min_score = 0.0  # never skip the phone matcher (FlexPhoneRecognizer.cannot_reach)
    plain._memo = type(engine._memo)()
    plain._recognized = type(engine._recognized)()  # recognizer results are kept across calls too
    return plain


def _with(plain: DetectorEngine, engine: DetectorEngine, *, prefilters: bool = True, phone_skip: bool = False,
          lean_duplicates: bool = False) -> DetectorEngine:
    """`plain` with some of `engine`'s shortcuts back: the prefilters and the pre-search (always), the lean
    context enhancement (always), the phone skip and the lean duplicate removal when asked."""
    m, source = plain.matcher, engine.matcher
    if prefilters:
        m._prefilters, m._plain_patterns = source._prefilters, source._plain_patterns
        m._pattern_prefilters = source._pattern_prefilters
    m._steps = {}
    m.lean_enhancement = True
    m.lean_duplicates = lean_duplicates
    if phone_skip:
        m._phone_min_score = source._phone_min_score
    return plain


@pytest.mark.parametrize("engine_name", ["pattern_engine", "model_engine"])
def test_engine_same_with_and_without_shortcuts(engine_name: str, request: pytest.FixtureRequest) -> None:
    engine: DetectorEngine = request.getfixturevalue(engine_name)
    texts = sample_texts()
    if engine_name == "model_engine":
        texts = texts[:1200]
    # texts over patterns.UNTIMED_CHARS are matched with Presidio's regex timeout: some of those too
    texts = texts + [" ".join(texts[i : i + 40]) for i in range(0, 400, 40)]
    assert sum(len(t) > 1000 for t in texts) >= 5
    rng = random.Random(9)
    choices = [None, ["phone"], ["mrn"], ["member", "id"], ["ssn"], ["card", "number"]]
    contexts = [rng.choice(choices) for _ in texts]
    plain = _without_shortcuts(engine)
    fast = _with(_without_shortcuts(engine), engine, phone_skip=True, lean_duplicates=True)
    assert fast.matcher._plain_patterns
    assert fast.analyze(texts, contexts) == plain.analyze(texts, contexts)


# -- phone shortcuts ----------------------------------------------------------------------------------------


def _phone(engine: DetectorEngine) -> Any:
    return next(r for r in engine.matcher._plan_all if type(r).__name__ == "FlexPhoneRecognizer")


def _spans(results: list[Any]) -> list[tuple[int, int, float]]:
    return sorted((r.start, r.end, r.score) for r in results)


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("4155550132", None),  # a bare run, nothing to lift it: the matcher is skipped
        ("4155550132", ("phone",)),  # the key names a phone: the matcher runs for this key
        ("ref 4155550132 and 2065550100", ("cell",)),
        ("order 4155550132", ("telephone",)),
        ("call 4155550132", None),  # a context word in the text: never skipped
        ("4155550132-Fax", None),  # a label next to it: never skipped
        ("Mobile 07700900123", None),
        ("07700900123", ("phone",)),  # only the matcher finds this one, and only the key lifts it
    ],
)
def test_skipping_the_phone_matcher_changes_nothing(
    pattern_engine: DetectorEngine, text: str, context: tuple[str, ...] | None
) -> None:
    contexts = [list(context)] if context else None
    full = _with(_without_shortcuts(pattern_engine), pattern_engine)
    fast = _with(_without_shortcuts(pattern_engine), pattern_engine, phone_skip=True)
    assert fast.analyze([text], contexts) == full.analyze([text], contexts)


def test_plus_only_regions() -> None:
    assert plus_only_regions(PHONE_REGIONS) == ("US", "CA")


def test_plus_digit_texts_need_only_us_and_ca(pattern_engine: DetectorEngine) -> None:
    phone = _phone(pattern_engine)
    rng = random.Random(17)
    texts = ["+" + "".join(rng.choice("0123456789") for _ in range(rng.randint(6, 20))) for _ in range(400)]
    # real country codes followed by plausible lengths
    for code in ("1", "44", "353", "61", "49", "33", "39", "34", "351", "47", "358", "972", "55", "52", "27"):
        texts += ["+" + code + "".join(rng.choice("0123456789") for _ in range(n)) for n in range(6, 13)]
    for text in texts:
        full = phone._match(text, list(PHONE_REGIONS), None)
        assert _spans(full) == _spans(phone._match(text, phone.plus_regions, None)), len(text)


def test_ssn_and_date_shaped_candidates_never_give_phones(pattern_engine: DetectorEngine) -> None:
    phone = _phone(pattern_engine)
    rng = random.Random(23)
    shortcut = 0
    for _ in range(300):
        ssn = f"{rng.randint(0, 999):03d}-{rng.randint(0, 99):02d}-{rng.randint(0, 9999):04d}"
        date = f"{rng.randint(1900, 2099)}-{rng.randint(1, 12):02d}-{rng.randint(1, 31):02d}"
        for value in (ssn, date):
            for text in (value, f"SSN {value}", f"dob: {value} verified", f"{value} and {value}", f"x{value}",
                         f"{value}.5", f"call {value}"):  # fmt: skip
                found = phone.analyze(text, ["PHONE_NUMBER"])  # goes through the shortcut when it applies
                if only_never_phone_candidates(text):
                    shortcut += 1
                    matched = phone._match(text, list(PHONE_REGIONS), None)
                    kept = [r for r in matched if not NEVER_PHONE.fullmatch(text[r.start : r.end])]
                    assert kept == [] and found == []
    assert shortcut > 1500
    assert not only_never_phone_candidates("call 415-555-0132")
    assert not only_never_phone_candidates("born 1979-13-17")  # not a calendar date
    assert not only_never_phone_candidates("no digits")


def phone_texts(count: int, seed: int = 31) -> list[str]:
    """Texts full of phone-shaped runs: national formats of several regions, several numbers in one text,
    numbers glued together, extensions, and numbers next to letters, dates and other digit runs."""
    rng = random.Random(seed)

    def digits(n: int) -> str:
        return "".join(rng.choice("0123456789") for _ in range(n))

    def number() -> str:
        area = rng.choice(["206", "415", "800", "020", "0161", "01", "06", "030", "089", "02", "0412", "9"])
        shapes = [
            f"({area[-3:]}) {digits(3)}-{digits(4)}", f"{area}-{digits(3)}-{digits(4)}", f"{area} {digits(4)} {digits(4)}",
            f"+1 {digits(3)} {digits(3)} {digits(4)}", f"+{rng.choice(['44', '49', '33', '61', '353', '972'])} {digits(rng.randint(8, 10))}",
            f"{area}.{digits(3)}.{digits(4)}", f"{digits(rng.randint(7, 12))}", f"{area} {digits(rng.randint(5, 8))}",
            f"{digits(3)}-{digits(3)}-{digits(4)} ext {digits(3)}", f"{digits(3)}-{digits(4)}", f"1-{digits(3)}-{digits(3)}-{digits(4)}",
            f"{area[-3:]} {digits(3)}–{digits(4)}", f"{digits(3)}/{digits(3)}/{digits(4)}", f"{digits(3)}—{digits(4)}",
            f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.randint(1930, 2020)}", f"＋1 {digits(3)} {digits(7)}",
        ]  # fmt: skip
        return rng.choice(shapes)

    joins = [" ", " / ", ", ", " - ", "/", " or ", "-", ") (", "; ", "\n", ". ", " x", "–", "—", ";", "~", "．"]
    words = ["call", "fax", "cell:", "tel", "MRN", "on", "ref", "room", "at", "Apt", "born", "abc", "#"]
    out = []
    for _ in range(count):
        parts = [number()]
        for _ in range(rng.randint(0, 3)):
            parts.append(rng.choice(joins) + (rng.choice(words) + " " if rng.random() < 0.4 else "") + number())
        text = "".join(parts)
        if rng.random() < 0.5:
            text = f"{rng.choice(words)} {text}"
        out.append(text)
    return out


def test_first_region_shortcut_gives_the_full_matchers_results(pattern_engine: DetectorEngine) -> None:
    """When the first region matches the one candidate whole, the other 29 regions add nothing."""
    phone = _phone(pattern_engine)
    texts = [t for t in phone_texts(3000) + sample_texts() if any(ch.isdigit() for ch in t)]
    shortcut = 0
    for text in texts:
        candidates = matcher_candidates(text)
        assert candidates is not None  # phonenumbers' private names are still there
        for regions in (list(PHONE_REGIONS), list(phone.plus_regions)):
            first = phone._match(text, regions[:1], None)
            if covers(text, first, candidates):
                shortcut += 1
                assert _spans(first) == _spans(phone._match(text, regions, None)), text
    assert shortcut > 300


def test_phone_recognizer_equals_the_full_matcher_on_seven_digit_texts(pattern_engine: DetectorEngine) -> None:
    """End to end, every shortcut at once (never-phone shapes, US+CA for +digits, first region): analyze()
    keeps exactly what the 30-region matcher finds, on every text that holds a phone-shaped run of 7+ digits.
    On the others it finds nothing by design, and the matcher finds no number of 7+ digits there either
    (shorter ones are extensions and short codes)."""
    phone = _phone(pattern_engine)
    texts = [t for t in phone_texts(1500, seed=47) + sample_texts() if sum(ch.isdigit() for ch in t) >= 7]
    assert len(texts) > 1500
    for text in texts:
        full = phone.filtered(text, phone._match(text, list(PHONE_REGIONS), None))
        if PHONE_CANDIDATE.search(text):
            assert _spans(phone.analyze(text, ["PHONE_NUMBER"])) == _spans(full), text
        else:
            assert all(sum(ch.isdigit() for ch in text[r.start : r.end]) < 7 for r in full), text


def test_on_demand_artifacts_equal_the_blank_pipelines(pattern_engine: DetectorEngine) -> None:
    """--no-ner builds tokens and lemmas on demand instead of running the blank pipeline: the same artifacts."""
    texts = [t for t in sample_texts()[:600] if t.strip()]
    batch = dict(pattern_engine._nlp_engine.process_batch(texts, language="en"))
    for text in texts:
        mine, theirs = pattern_engine._tokenizer_artifacts(text), batch[text]
        assert [t.text for t in mine.tokens] == [t.text for t in theirs.tokens]
        assert mine.tokens_indices == theirs.tokens_indices
        assert mine.lemmas == theirs.lemmas
        assert mine.keywords == theirs.keywords
        assert list(mine.entities) == list(theirs.entities) == []


def test_a_pre_search_that_times_out_leaves_the_decision_to_presidios_loop() -> None:
    from flexlint.detect.matching.patterns import search_hits

    def slow(text: str, timeout: float | None = None) -> None:
        assert timeout is not None  # long texts are searched with Presidio's timeout
        raise TimeoutError

    assert search_hits(slow, "x" * 2000)
    assert not search_hits(lambda text, timeout=None: None, "x" * 2000)


def _passes_as_specified(alternatives: list[dict[str, Any]], text: str) -> bool:
    """The prefilter's rule read literally: some alternative has its digits and (if any) one of its keywords,
    keywords with letters compared lower-case, and taken as present in a non-ASCII text."""
    digits = sum(ch.isdigit() for ch in text)
    for alt in alternatives:
        words = alt.get("keywords") or []
        if digits < alt.get("min_digits", 0):
            continue
        if not words:
            return True
        for word in words:
            if any(ch.isalpha() for ch in word):
                if not text.isascii() or word in text.lower():
                    return True
            elif word in text:
                return True
    return False


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries({}, optional={"min_digits": st.integers(0, 4), "keywords": st.lists(st.sampled_from(["@", "-", "mrn", "ssn", "a1", "é"]), max_size=3)}),
        min_size=1, max_size=3,
    ),
    st.text(alphabet="0123456789@-MRNmrnsSNaé ", max_size=12),
)
def test_prefilter_passes_as_specified(alternatives: list[dict[str, Any]], text: str) -> None:
    assert Prefilter(alternatives).passes(TextFeatures(text)) == _passes_as_specified(alternatives, text)


def test_a_users_patterns_keep_presidios_regex_timeout_on_short_texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """flexlint's own patterns skip the timeout on short texts; a --recognizers file's patterns do not: a
    catastrophic one after a matching one is cut off, as Presidio would cut it off."""
    import threading

    import flexlint.detect.matching.patterns as patterns

    spec = tmp_path / "mine.yaml"
    spec.write_text(
        "recognizers:\n"
        "  - name: SlowRecognizer\n"
        "    supported_language: en\n"
        "    supported_entity: OTHER_ID\n"
        "    patterns:\n"
        "      - {name: quick, regex: 'zzq\\d', score: 0.9}\n"
        "      - {name: catastrophic, regex: '(a|a)+b', score: 0.9}\n"
    )
    engine = DetectorEngine(ner=False, extra_recognizer_files=[spec])
    monkeypatch.setattr(patterns, "REGEX_TIMEOUT_SECONDS", 0.2)
    text = "zzq1 " + "a" * 27 + "!"  # (a|a)+b backtracks 2^27 ways here: minutes without the timeout
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(engine.analyze([text])), daemon=True)
    worker.start()
    worker.join(timeout=20)
    assert done, "the user's pattern ran without Presidio's timeout"


def test_the_presidio_under_test_is_in_flexlints_range() -> None:
    """The equivalence tests mean something only for the Presidio they ran on: it is inside the declared
    range, and in the floor run (FLEXLINT_EXPECT_PRESIDIO, set by `make test-presidio-floor`) exactly the floor."""
    import os
    from importlib.metadata import version

    from packaging.requirements import Requirement

    from flexlint.detect.environment import requirement_of

    installed = version("presidio-analyzer")
    declared = Requirement(requirement_of("presidio-analyzer"))
    assert declared.specifier and declared.specifier.contains(installed), (installed, str(declared))
    expected = os.environ.get("FLEXLINT_EXPECT_PRESIDIO")
    if expected is not None:
        assert installed == expected
