"""The pre-flight API: check, redact or guard one task-attributes payload before it is sent to TaskRouter.

One detector engine per process and configuration (flexlint.checks.detectors.engine). Its LRU memo and the
spaCy pipeline are not safe to use from several threads at once, so every call into the pipeline made here
holds one module-wide lock. The lock is module-wide, not per Preflight: two Preflight objects with equal
settings share the same cached engine.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, TypeVar

from flexlint.allowlist import hipaa_allowlist
from flexlint.entities import entities, identifier_codes
from flexlint.model import Finding, JSONValue, Severity
from flexlint.pipeline import Report, check_payload
from flexlint.settings import Settings

__all__ = ["PHIViolation", "Preflight", "Violation", "check", "redact"]

_ENGINE_LOCK = threading.RLock()
_FILE = "<payload>"

# Identifier rules (Safe Harbor A-R), credentials in URLs and a customer's own external_contact are replaced.
_HEALTH_CODE = "FLX320"
_WHOLE_VALUE = {"FLX401": "URL_WITH_CREDENTIALS", "FLX402": "EXTERNAL_CONTACT"}

T = TypeVar("T", dict[str, Any], str)


def check(attributes: JSONValue | str, *, config: Settings | None = None) -> Report:
    """Check one task-attributes object (a dict, or its JSON text) and return a Report.

    Internal failures of a check land in `report.internal_errors` (exit_code 2), as in `check_paths`.
    """
    settings = config or Settings()
    report = Report(fail_on=settings.fail_on, files=[_FILE])
    report.stats.files = report.stats.payloads = 1
    try:
        report.findings = _findings(attributes, settings)
    except RuntimeError as error:  # check_payload's summary of internal errors: names files and types only
        report.internal_errors.append(str(error))
    return report


def redact(
    attributes: dict[str, Any] | str,
    *,
    settings: Settings | None = None,
    keep_health: bool = False,
    keep_dropped: bool = False,
) -> dict[str, Any]:
    """A copy of the attributes with what Insights must not store removed or replaced.

    - Keys the HIPAA Events Filter drops are removed (plus the config's extra-preserved keys are kept),
      unless `keep_dropped`.
    - Each detected identifier (FLX301-FLX317) is replaced inside its string by a typed placeholder
      (`<PERSON>`, `<PHONE>`, ...); a number, or a finding without a span, replaces the whole value.
    - Health information (FLX320) becomes `<HEALTH_INFORMATION>` unless `keep_health`: detection never finds
      every identifier, and health information next to a missed name is PHI, so the default fails safe.
    - A URL carrying credentials (FLX401) and a customer's own external_contact (FLX402) replace the value.

    Redaction follows the settings: a deselected or suppressed code is not redacted. Raises ValueError for
    text that is not JSON and TypeError for JSON that is not an object.
    """
    settings = settings or Settings()
    parsed: Any = json.loads(attributes) if isinstance(attributes, str) else attributes
    if not isinstance(parsed, dict):
        raise TypeError(f"task attributes must be a JSON object, not {type(parsed).__name__}")
    findings = _findings(parsed, settings)
    out = copy.deepcopy(parsed)
    for pointer, group in _by_pointer(_redactable(findings, keep_health)).items():
        _replace_at(out, pointer, group)
    return out if keep_dropped else hipaa_allowlist(settings.extra_preserved).filter(out)


class Violation(NamedTuple):
    """One blocking finding, without its message or any value: safe to log."""

    code: str
    severity: Severity
    pointer: str
    entity: str | None


class PHIViolation(Exception):
    """Raised by Preflight.guard: findings at or above the threshold. Names codes and pointers, never values."""

    def __init__(self, violations: Iterable[Violation]) -> None:
        self.violations: tuple[Violation, ...] = tuple(dict.fromkeys(violations))
        listed = "; ".join(
            f"{v.code} [{v.severity}] at {v.pointer}" + (f" ({v.entity})" if v.entity else "")
            for v in self.violations
        )
        super().__init__(f"task attributes blocked by flexlint: {listed}")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.code for v in self.violations))

    @property
    def pointers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.pointer for v in self.violations))

    def __reduce__(self) -> tuple[Any, ...]:  # picklable across processes and task queues
        return (type(self), (self.violations,))


class Preflight:
    """Load the engine once (at construction), then check, redact or guard payloads from any thread.

    `fail_on` (a Severity or its name) is the lowest severity that blocks; default: the config's fail_on,
    which defaults to error. Every rule counts (FLX003, too long for TaskRouter, blocks too); narrow the
    config's selection to block on fewer.
    """

    def __init__(
        self, config: Settings | None = None, *, fail_on: Severity | str | None = None, warm_up: bool = True
    ) -> None:
        self.settings = config or Settings()
        if isinstance(fail_on, str):
            fail_on = Severity.parse(fail_on)
        self.fail_on: Severity = fail_on if fail_on is not None else self.settings.fail_on
        if warm_up:  # loads the model and every check now, not in the first caller's request
            self.check({"conversations": {"content": "Preflight warm-up call about a refill"}})

    def check(self, attributes: JSONValue | str) -> Report:
        return check(attributes, config=self.settings)

    def redact(self, attributes: dict[str, Any] | str, **options: bool) -> dict[str, Any]:
        return redact(attributes, settings=self.settings, **options)

    def guard(self, attributes: T) -> T:
        """Return `attributes` unchanged (the same object), or raise PHIViolation.

        Fails closed: a failure of flexlint itself raises RuntimeError rather than letting the payload through.
        """
        report = self.check(attributes)
        if report.internal_errors:
            raise RuntimeError("flexlint could not check the task attributes: " + "; ".join(report.internal_errors))
        blocking = [f for f in report.findings if f.severity >= self.fail_on]
        if blocking:
            raise PHIViolation(Violation(f.code, f.severity, _pointer(f), f.entity) for f in blocking)
        return attributes


def _findings(attributes: JSONValue | str, settings: Settings) -> list[Finding]:
    with _ENGINE_LOCK:
        return check_payload(attributes, settings, file=_FILE)


def _pointer(finding: Finding) -> str:
    return finding.inner_pointer or finding.pointer


def _redactable(findings: Sequence[Finding], keep_health: bool) -> list[Finding]:
    codes = identifier_codes() | _WHOLE_VALUE.keys() | (set() if keep_health else {_HEALTH_CODE})
    return [f for f in findings if f.code in codes]


def _by_pointer(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for finding in findings:
        out.setdefault(_pointer(finding), []).append(finding)
    return out


def _placeholder(finding: Finding) -> str:
    if finding.code in _WHOLE_VALUE:
        return f"<{_WHOLE_VALUE[finding.code]}>"
    if finding.code == _HEALTH_CODE:
        return "<HEALTH_INFORMATION>"
    # placeholders come from the entity table (rules/entities.json): <PHONE>, <SSN>, <CREDIT_CARD>, ...
    spec = entities().get(finding.entity or "")
    return f"<{spec.placeholder if spec is not None else finding.entity or 'IDENTIFIER'}>"


def _replace_at(root: Any, pointer: str, findings: list[Finding]) -> None:
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    if not tokens:
        return  # a finding about the whole payload (FLX002, FLX003) has nothing to replace
    parent = root
    for token in tokens[:-1]:
        parent = parent[int(token)] if isinstance(parent, list) else parent.get(token)
        if parent is None:
            return
    last: Any = int(tokens[-1]) if isinstance(parent, list) else tokens[-1]
    try:
        value = parent[last]
    except (KeyError, IndexError, TypeError):
        return
    parent[last] = _redacted_value(value, findings)


def _redacted_value(value: Any, findings: list[Finding]) -> Any:
    if not isinstance(value, str) or any(f.span is None for f in findings):
        # Whole-value findings win over spans; the first such finding names the placeholder.
        return _placeholder(next((f for f in findings if f.span is None), findings[0]))
    # Merge overlapping spans (a PERSON inside an ADDRESS): the earliest, longest one names the placeholder.
    spans = sorted(((f.span[0], f.span[1], _placeholder(f)) for f in findings if f.span), key=lambda s: (s[0], -s[1]))
    merged: list[list[Any]] = []
    for start, end, label in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, label])
    for start, end, label in reversed(merged):
        value = value[:start] + label + value[end:]
    return value
