"""The baseline: keyed by file, pointer and code (never a line or the value), sorted, written atomically."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

import flexlint
from flexlint.baseline import FORMAT_VERSION, Baseline, BaselineError, Entry, relative_path
from flexlint.model import Finding, Severity

# Planted PHI: pattern detectors find all of these without the spaCy model.
SSN, PHONE, PHONE_2, EMAIL = "219-09-9999", "+15035550199", "503-555-0147", "planted.4718@example.com"
PHI = {
    "conversations": {
        "outcome": f"verified with SSN {SSN}",
        "destination": PHONE,
        "content": f"call back on {PHONE_2} or {PHONE_2}, or write to {EMAIL}",
    },
    "patient_dob": "1958-07-14",
}
PLANTED = (SSN, PHONE, PHONE_2, EMAIL, "1958-07-14", "5035550199", "5035550147", "219099999")

PATTERNS_ONLY = flexlint.Settings(ner=False)


def _check(*paths: Path) -> list[Finding]:
    report = flexlint.check_paths([str(p) for p in paths], PATTERNS_ONLY)
    assert not report.internal_errors
    return report.findings


def _finding(file: str, pointer: str, code: str, line: int = 1) -> Finding:
    return Finding(code, Severity.ERROR, "m", file, line, 1, pointer)


@pytest.fixture
def phi_file(tmp_path: Path) -> Path:
    path = tmp_path / "fixtures" / "phi.json"
    path.parent.mkdir()
    path.write_text(json.dumps(PHI, indent=2), encoding="utf-8")
    return path


def test_the_file_holds_no_value_no_hash_of_one_and_no_line(tmp_path: Path, phi_file: Path) -> None:
    findings = _check(phi_file)
    assert {"FLX305", "FLX306", "FLX307", "FLX101"} <= {f.code for f in findings}
    out = tmp_path / "flexlint-baseline.json"
    Baseline.from_findings(findings, tmp_path).write(out)
    text = out.read_text(encoding="utf-8")
    forbidden = list(PLANTED)
    for value in PLANTED:
        for algorithm in ("md5", "sha1", "sha256", "sha512"):
            forbidden.append(hashlib.new(algorithm, value.encode()).hexdigest()[:12])
    for value in forbidden:
        assert value not in text
    data = json.loads(text)
    assert set(data) == {"format_version", "tool", "entries"}
    assert data["tool"] == {"name": "flexlint", "version": flexlint.__version__}
    for entry in data["entries"]:
        assert set(entry) == {"file", "pointer", "code", "count"}
        assert entry["file"] == "fixtures/phi.json"


def test_repeated_identical_keys_are_one_entry_with_a_count(tmp_path: Path, phi_file: Path) -> None:
    baseline = Baseline.from_findings(_check(phi_file), tmp_path)
    phones = [e for e in baseline.entries if e.pointer == "/conversations/content" and e.code == "FLX305"]
    assert phones == [Entry("fixtures/phi.json", "/conversations/content", "FLX305", 2)]


def test_moving_lines_keeps_every_entry(tmp_path: Path, phi_file: Path) -> None:
    out = tmp_path / "flexlint-baseline.json"
    Baseline.from_findings(_check(phi_file), tmp_path).write(out)
    # Same payload, other layout and key order: every line and column changes.
    moved = {"patient_dob": PHI["patient_dob"], "conversations": dict(reversed(PHI["conversations"].items()))}
    phi_file.write_text("\n\n\n" + json.dumps(moved, indent=4) + "\n", encoding="utf-8")
    findings = _check(phi_file)
    new, stale = Baseline.load(out).filter(findings)
    assert (new, stale) == ([], [])


def test_a_new_finding_is_reported_and_a_fixed_one_is_stale(tmp_path: Path, phi_file: Path) -> None:
    out = tmp_path / "flexlint-baseline.json"
    Baseline.from_findings(_check(phi_file), tmp_path).write(out)
    changed = json.loads(json.dumps(PHI))
    del changed["conversations"]["outcome"]  # the SSN is fixed
    changed["conversations"]["case"] = f"member email {EMAIL}"  # a new e-mail address
    changed["conversations"]["content"] = f"call back on {PHONE_2}"  # one of two phone numbers left
    phi_file.write_text(json.dumps(changed, indent=2), encoding="utf-8")
    new, stale = Baseline.load(out).filter(_check(phi_file))
    assert [(f.pointer, f.code) for f in new] == [("/conversations/case", "FLX306")]
    assert stale == [
        Entry("fixtures/phi.json", "/conversations/content", "FLX305", 1),  # 2 recorded, 1 left
        Entry("fixtures/phi.json", "/conversations/content", "FLX306", 1),
        Entry("fixtures/phi.json", "/conversations/outcome", "FLX307", 1),
    ]


def test_more_findings_than_recorded_reports_the_extra_ones() -> None:
    baseline = Baseline([Entry("a.json", "/reason", "FLX305", 1)])
    findings = [_finding("a.json", "/reason", "FLX305", line) for line in (3, 1)]
    new, stale = baseline.filter(findings, cwd=".")
    assert [f.line for f in new] == [3] and stale == []


def test_only_checked_files_can_have_stale_entries() -> None:
    baseline = Baseline([Entry("a.json", "/x", "FLX101"), Entry("b.json", "/y", "FLX101")])
    assert baseline.filter([], checked_files=["a.json"]).stale == [Entry("a.json", "/x", "FLX101")]
    assert len(baseline.filter([]).stale) == 2


def test_paths_are_relative_to_the_baseline_directory_from_any_working_directory(
    tmp_path: Path, phi_file: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "flexlint-baseline.json"
    Baseline.from_findings(_check(phi_file), tmp_path).write(out)
    relative = os.path.relpath(phi_file, elsewhere)  # ../fixtures/phi.json, as a run from there shows it
    findings = [
        Finding(f.code, f.severity, f.message, relative, f.line, f.column, f.pointer)
        for f in _check(phi_file)
    ]
    assert Baseline.load(out).filter(findings, cwd=elsewhere) == ([], [])
    assert relative_path("sub\\x.json" if os.sep == "\\" else "sub/x.json", ".", cwd=tmp_path) == "sub/x.json"


def test_writing_elsewhere_rebases_the_entries(tmp_path: Path) -> None:
    baseline = Baseline([Entry("fixtures/a.json", "/x", "FLX101")], root=tmp_path)
    (tmp_path / "ci").mkdir()
    baseline.write(tmp_path / "ci" / "baseline.json")
    assert Baseline.load(tmp_path / "ci" / "baseline.json").entries == [
        Entry("../fixtures/a.json", "/x", "FLX101")
    ]


def test_update_drops_stale_adds_new_and_keeps_unchecked_files() -> None:
    old = Baseline(
        [
            Entry("a.json", "/gone", "FLX305"),
            Entry("a.json", "/kept", "FLX305", 3),
            Entry("b.json", "/y", "FLX101"),
        ]
    )
    findings = [_finding("a.json", "/kept", "FLX305"), _finding("a.json", "/new", "FLX306")]
    updated = old.updated(findings, checked_files=["a.json"], cwd=".")
    assert updated.entries == [
        Entry("a.json", "/kept", "FLX305", 1),
        Entry("a.json", "/new", "FLX306", 1),
        Entry("b.json", "/y", "FLX101", 1),
    ]
    pruned = old.updated(findings, checked_files=["a.json"], add_new=False, cwd=".")
    assert pruned.entries == [Entry("a.json", "/kept", "FLX305", 1), Entry("b.json", "/y", "FLX101", 1)]
    # Without checked_files every file of the baseline counts as checked.
    assert old.updated(findings, cwd=".").entries == updated.entries[:2]


def test_round_trip_and_deterministic_sorted_output(tmp_path: Path) -> None:
    entries = [
        Entry("z.jsonl", "/10/conversations/content", "FLX301", 2),
        Entry("a/é.json", "/customers/name", "FLX301"),
        Entry("z.jsonl", "/2/conversations/content", "FLX301"),
        Entry("a/b.json", "", "FLX001"),
    ]
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    Baseline(entries, root=tmp_path).write(first)
    Baseline(reversed(entries), root=tmp_path).write(second)
    text = first.read_text(encoding="utf-8")
    assert text == second.read_text(encoding="utf-8")
    assert text.endswith("}\n") and "generated" not in text
    loaded = Baseline.load(first)
    assert loaded.entries == sorted(entries)
    assert loaded == Baseline(entries)
    assert len(loaded) == 5
    # One entry a line, so adding or removing a finding is a one-line diff.
    assert sum('"pointer"' in line for line in text.splitlines()) == len(entries)
    Baseline([], root=tmp_path).write(first)
    assert json.loads(first.read_text())["entries"] == [] and Baseline.load(first).entries == []


def test_atomic_write_leaves_the_old_file_and_no_temporary_on_failure(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "flexlint-baseline.json"
    Baseline([Entry("a.json", "/x", "FLX101")], root=tmp_path).write(out)
    before = out.read_text()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        Baseline([Entry("b.json", "/y", "FLX102")], root=tmp_path).write(out)
    monkeypatch.undo()
    assert out.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flexlint-baseline.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_write_keeps_the_permissions_of_an_existing_file(tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    umask = os.umask(0o022)
    try:
        Baseline([], root=tmp_path).write(out)
    finally:
        os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o644  # a new file: not mkstemp's private 0o600
    os.chmod(out, 0o640)
    Baseline([Entry("a.json", "/x", "FLX101")], root=tmp_path).write(out)
    assert out.stat().st_mode & 0o777 == 0o640


def _one_entry(**changes: object) -> str:
    entry = {"file": "a.json", "pointer": "", "code": "FLX101", "count": 1, **changes}
    return json.dumps({"format_version": 1, "entries": [entry]})


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{", "not valid JSON"),
        ("[]", "expected a JSON object"),
        ('{"entries": []}', "format_version"),
        ('{"format_version": 99, "entries": []}', "unsupported format_version 99"),
        (
            '{"format_version": 1, "tool": {"name": "detect-secrets"}, "entries": []}',
            "not a flexlint baseline",
        ),
        ('{"format_version": 1, "entries": {}}', "`entries` must be an array"),
        ('{"format_version": 1, "results": {}, "entries": []}', "unknown top-level key `results`"),
        (
            '{"format_version": 1, "entries": [{"file": "a.json", "pointer": "/x", "code": "FLX101"}]}',
            "missing `count`",
        ),
        (
            (
                '{"format_version": 1, "entries": [{"file": "a.json", "pointer": "/x", "code": "FLX101",'
                ' "count": 1, "hashed_secret": "da39a3ee"}]}'
            ),
            "entries[0]: unknown key `hashed_secret`",
        ),
        (_one_entry(file="/etc/a.json"), "`file`"),
        (_one_entry(file="dir\\a.json"), "`file`"),
        (_one_entry(pointer="x"), "`pointer`"),
        (_one_entry(code="E501"), "`code`"),
        (_one_entry(count=0), "`count`"),
        (_one_entry(count=True), "`count`"),
        (
            _one_entry().replace(
                "}]}", '}, {"file": "a.json", "pointer": "", "code": "FLX101", "count": 2}]}'
            ),
            "entries[1]: same file, pointer and code as entries[0]",
        ),
    ],
)
def test_an_invalid_baseline_names_the_file_and_the_reason(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "flexlint-baseline.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError) as caught:
        Baseline.load(path)
    assert caught.value.path == str(path)
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{path}: ")


def test_errors_never_quote_the_file(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text(
        json.dumps({"format_version": 1, "entries": [{"file": SSN, "pointer": SSN, "code": SSN, "count": 1}]})
    )
    with pytest.raises(BaselineError) as caught:
        Baseline.load(path)
    path.write_text(json.dumps({"format_version": 1, f"note {SSN}": 1, "entries": []}))
    with pytest.raises(BaselineError) as caught_key:
        Baseline.load(path)
    assert SSN not in str(caught.value) and SSN not in str(caught_key.value)


def test_a_missing_or_unreadable_file_is_a_baseline_error(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="no such file"):
        Baseline.load(tmp_path / "absent.json")
    (tmp_path / "latin1.json").write_bytes(b'{"format_version": 1, "entries": [], "x": "\xe9"}')
    with pytest.raises(BaselineError, match="not UTF-8"):
        Baseline.load(tmp_path / "latin1.json")
    (tmp_path / "v.json").write_text(f'{{"format_version": "{FORMAT_VERSION}", "entries": []}}')
    with pytest.raises(BaselineError, match="`format_version` is missing or not an integer"):
        Baseline.load(tmp_path / "v.json")
