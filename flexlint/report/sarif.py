"""SARIF 2.1.0, for GitHub code scanning and any other SARIF consumer.

Also home of the two helpers every CI format shares: the repository-relative path of a finding's file and
its fingerprint, so that SARIF, GitLab and (later) the baseline all identify a finding the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import Any, TextIO
from urllib.parse import quote

from flexlint.model import Finding, Severity
from flexlint.pipeline import Report
from flexlint.registry import all_rules
from flexlint.rule import Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT_KEY = "flexlint/v1"  # bump the suffix if the fingerprint recipe ever changes


def relative_path(display: str) -> str:
    """The file as a forward-slash path relative to the working directory (CI runs from the repo root).

    A path outside the working directory stays absolute: there is no honest relative form for it.
    """
    path = Path(display)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_posix()
    return PurePath(path).as_posix()


def artifact_uri(display: str) -> str:
    path = relative_path(display)
    if Path(path).is_absolute():
        return Path(path).as_uri()
    # Escape everything but "/": a ":" left in a relative reference would read as a URI scheme.
    return quote(path, safe="/")


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """sha256 of (file, pointer, inner pointer, code), never of the value and never of the line number.

    Line numbers move with every edit; a hash of a value is a brute-forceable copy of it (an SSN has 10^9
    candidates). Two findings of one rule at one pointer (two e-mail addresses in one string) get an
    occurrence number, as GitHub's own fingerprints do, so every fingerprint in a report is unique.
    """
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        key = json.dumps([relative_path(f.file), f.pointer, f.inner_pointer, f.code], ensure_ascii=False)
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        seen[digest] = seen.get(digest, 0) + 1
        out.append(digest if seen[digest] == 1 else f"{digest}:{seen[digest]}")
    return out


def _markdown(rule: Rule) -> str:
    return (
        f"**{rule.code}** `{rule.name}` (default severity: {rule.severity})\n\n{rule.summary}\n\n"
        f"## Why it matters\n\n{rule.why.strip()}\n\n"
        f"## Example that fails\n\n```\n{rule.example.strip()}\n```\n\n"
        f"## Do instead\n\n```\n{rule.instead.strip()}\n```\n"
    )


def _descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why.strip()},
        "help": {"text": rule.documentation(), "markdown": _markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
    }


def _result(f: Finding, fingerprint: str, index: dict[str, int]) -> dict[str, Any]:
    logical: list[dict[str, Any]] = [{"fullyQualifiedName": f.pointer, "kind": "member"}]
    if f.inner_pointer is not None:
        # The pointer inside an embedded JSON string; "embeddedIn" says which value holds that string.
        logical.append(
            {"fullyQualifiedName": f.inner_pointer, "kind": "member", "properties": {"embeddedIn": f.pointer}}
        )
    result: dict[str, Any] = {
        "ruleId": f.code,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(f.file)},
                    # SARIF requires both >= 1; an unreadable file may be reported at 0.
                    "region": {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)},
                },
                "logicalLocations": logical,
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if f.code in index:
        result["ruleIndex"] = index[f.code]
    properties: dict[str, Any] = {"pointer": f.pointer}
    if f.inner_pointer is not None:
        properties["innerPointer"] = f.inner_pointer
    if f.entity is not None:
        properties["entity"] = f.entity
    if f.score is not None:
        properties["score"] = f.score
    if f.span is not None:
        properties["span"] = {"offset": f.span[0], "length": f.span[1] - f.span[0]}
    if f.detected_by is not None:  # the recognizer's name: where fixing a false positive starts
        properties["detectedBy"] = f.detected_by
    if f.shown_value is not None:  # a mask, present only under --show-values
        properties["shownValue"] = f.shown_value
    result["properties"] = properties
    return result


def to_dict(report: Report) -> dict[str, Any]:
    from flexlint import __version__

    rules = list(all_rules().values())
    index = {rule.code: i for i, rule in enumerate(rules)}
    prints = fingerprints(report.findings)
    invocation: dict[str, Any] = {"executionSuccessful": not report.internal_errors}
    if report.internal_errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": line}} for line in report.internal_errors
        ]
    run = {
        "tool": {
            "driver": {"name": "flexlint", "version": __version__, "rules": [_descriptor(r) for r in rules]}
        },
        "invocations": [invocation],
        # flexlint counts columns in characters (code points), not UTF-16 units.
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, fp, index) for f, fp in zip(report.findings, prints, strict=True)],
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def write(report: Report, out: TextIO, color: bool) -> None:
    json.dump(to_dict(report), out, indent=2, ensure_ascii=False)
    out.write("\n")
