"""The library entry points: paths or objects in, a Report of findings out.

sources -> payloads -> checks (over batches of payloads) -> findings. Checks whose codes are all deselected
never run, so a run that selects no detector never imports one.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from flexlint import sources
from flexlint.sources import json_text
from flexlint.checks.structure import UNREADABLE
from flexlint.model import Finding, Issue, JSONValue, RunStats, Severity
from flexlint.payload import Payload
from flexlint.positions import SourceMap
from flexlint.registry import all_checks, all_rules
from flexlint.settings import Settings
from flexlint.sources import LoadError

# Payloads per batch: large enough for a detector to amortise a model call, small enough that streaming a
# large JSON Lines archive keeps memory flat.
BATCH_SIZE = 512


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    stats: RunStats = field(default_factory=RunStats)
    # Failures of flexlint itself, one line each (file and exception type, never a value). They exit 2.
    internal_errors: list[str] = field(default_factory=list)
    fail_on: Severity = Severity.ERROR

    @property
    def failed(self) -> bool:
        return any(f.severity >= self.fail_on for f in self.findings)

    @property
    def exit_code(self) -> int:
        if self.internal_errors:
            return 2
        return 1 if self.failed else 0

    def counts(self) -> dict[str, int]:
        out = {str(s): 0 for s in sorted(Severity, reverse=True)}
        for finding in self.findings:
            out[str(finding.severity)] += 1
        return out


def check_paths(
    paths: Iterable[str], settings: Settings | None = None, *, stdin_filename: str | None = None
) -> Report:
    """Check files, directories (recursively) and "-" for standard input."""
    settings = settings or Settings()
    report = Report(fail_on=settings.fail_on)
    targets = sources.discover(paths, exclude=settings.exclude, stdin_filename=stdin_filename)
    for batch in _batches(_payloads(targets, report, settings), BATCH_SIZE):
        report.findings.extend(_run_checks(batch, settings, report))
    report.findings.sort(key=Finding.sort_key)
    return report


def check_payload(attributes: JSONValue | str, settings: Settings | None = None, *, file: str = "<payload>") -> list[Finding]:
    """Check one task-attributes object (a dict, or its JSON text).

    Line and column refer to the JSON text when one is given, otherwise to the object rendered with
    `json.dumps(attributes, indent=2)`.
    """
    settings = settings or Settings()
    report = Report(fail_on=settings.fail_on)
    if isinstance(attributes, str):
        text = attributes
        try:
            attributes = json_text.parse(text)
        except (ValueError, RecursionError) as error:
            error = error if isinstance(error, ValueError) else ValueError()
            return list(_load_error_findings([json_text.parse_error(error, text, file)], settings))
    else:
        text = json.dumps(attributes, indent=2, ensure_ascii=False)
    payload = Payload(attributes, file, "", SourceMap(text))
    findings = list(_run_checks([payload], settings, report))
    if report.internal_errors:
        raise RuntimeError("; ".join(report.internal_errors))
    return sorted(findings, key=Finding.sort_key)


def _payloads(targets: Iterable[sources.Target], report: Report, settings: Settings) -> Iterator[Payload]:
    for target in targets:
        report.stats.files += 1
        unreadable = False
        try:
            for item in sources.read(target):
                if isinstance(item, LoadError):
                    unreadable = True
                    report.findings.extend(_load_error_findings([item], settings))
                else:
                    report.stats.payloads += 1
                    yield item
        except Exception as error:  # one broken file must not hide findings in the others
            report.internal_errors.append(_describe(error, target.display))
        if unreadable:
            report.stats.unreadable_files += 1


def _load_error_findings(errors: Iterable[LoadError], settings: Settings) -> Iterator[Finding]:
    if not settings.selection.enabled(UNREADABLE.code):
        return
    for error in errors:
        yield Finding(
            code=UNREADABLE.code,
            severity=UNREADABLE.severity,
            message=error.message,
            file=error.file,
            line=error.position.line,
            column=error.position.column,
            pointer=error.pointer,
        )


def _run_checks(batch: Sequence[Payload], settings: Settings, report: Report) -> Iterator[Finding]:
    rules = all_rules()
    for check in all_checks():
        if not settings.selection.any_enabled(rule.code for rule in check.rules):
            continue
        try:
            results = list(check.run(batch, settings))
        except Exception as error:
            if len(batch) == 1:
                report.internal_errors.append(_describe(error, batch[0].file))
                continue
            # Find the payload that breaks the check, and keep every other payload's findings.
            results = []
            for payload in batch:
                try:
                    results.extend(check.run([payload], settings))
                except Exception as payload_error:
                    report.internal_errors.append(_describe(payload_error, payload.file))
        for payload, issue in results:
            if settings.selection.enabled(issue.code):
                yield _finding(payload, issue, rules[issue.code].severity)


def _finding(payload: Payload, issue: Issue, default: Severity) -> Finding:
    position = payload.locate(issue.pointer, issue.target)
    return Finding(
        code=issue.code,
        severity=issue.severity or default,
        message=issue.message,
        file=payload.file,
        line=position.line,
        column=position.column,
        pointer=payload.prefix + issue.pointer,
        entity=issue.entity,
        score=issue.score,
        span=issue.span,
        shown_value=issue.shown_value,
    )


def _batches(items: Iterable[Payload], size: int) -> Iterator[list[Payload]]:
    batch: list[Payload] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _describe(error: BaseException, file: str) -> str:
    """Name the failure without its message: exception messages can quote the data being checked."""
    frames = traceback.extract_tb(error.__traceback__)
    where = next((f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames) if "flexlint" in f.filename), "?")
    return f"{file}: internal error {type(error).__name__} at {where}"

