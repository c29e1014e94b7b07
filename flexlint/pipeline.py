"""The library entry points: paths or objects in, a Report of findings out.

sources -> payloads -> checks (over batches of payloads) -> findings. Checks whose codes are all deselected
never run, so a run that selects no detector never imports one.
"""

from __future__ import annotations

import contextlib
import gc
import json
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from flexlint import sources
from flexlint.detect import DetectionUnavailable
from flexlint.sources import json_text
from flexlint.cache import FileCache, FileResult
from flexlint.model import FINDING_ORDER, Finding, Issue, JSONValue, RunStats, Severity
from flexlint.payload import Payload
from flexlint.positions import SourceMap
from flexlint.settings import Settings
from flexlint.sources import LoadError, Skipped

# Called with the number of payloads read so far (for a progress display).
Progress = Callable[[int], None]

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
    files: list[str] = field(default_factory=list)  # every file checked, as displayed, in order
    cached_files: int = 0

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

    def add(self, result: FileResult) -> None:
        self.findings.extend(result.findings)
        self.stats.payloads += result.payloads
        self.stats.unreadable_files += int(result.unreadable)
        self.internal_errors.extend(result.internal_errors)
        for kind, count in result.skipped.items():
            self.stats.skipped[kind] = self.stats.skipped.get(kind, 0) + count


def _settings_per_file(
    paths: Iterable[str],
    settings: Settings,
    stdin_filename: str | None,
    input_format: str,
    settings_for: Callable[[str], Settings] | None,
) -> dict[str, tuple[Settings, sources.Target]]:
    """Each file to check (display name -> its settings and target), the same file named twice (a
    directory and a file in it) once, and the files a config's own `exclude` names left out."""
    skipped = settings.skip_directories if settings.skip_directories is not None else sources.DEFAULT_SKIPPED_DIRECTORIES
    unique = {t.display: t for t in sources.discover(
            paths, exclude=settings.exclude, stdin_filename=stdin_filename, input_format=input_format,
            skip_directories=skipped,
        )
    }  # fmt: skip
    out: dict[str, tuple[Settings, sources.Target]] = {}
    for target in unique.values():
        where = (stdin_filename or target.path) if target.path == sources.STDIN else target.path
        chosen = settings_for(where) if settings_for is not None else settings
        # A config's own `exclude` is relative to that config file, so it is applied per file, here.
        if target.path == sources.STDIN or not chosen.suppressions.excluded(target.path):
            out[target.display] = (chosen, target)
    return out


def check_paths(
    paths: Iterable[str],
    settings: Settings | None = None,
    *,
    stdin_filename: str | None = None,
    cache: FileCache | None = None,
    jobs: int = 1,
    progress: Progress | None = None,
    settings_for: Callable[[str], Settings] | None = None,
    input_format: str = "auto",
) -> Report:
    """Check files, directories (recursively) and "-" for standard input.

    `settings_for(path)` gives each file its own settings (its nearest config file: flexlint.config.
    ConfigResolver.settings_for); without it `settings` applies to every file. `settings` always supplies
    the run-wide values: fail-on and the command line's --exclude.

    With a cache, files whose bytes, settings and flexlint versions are unchanged are not read again; with
    jobs > 1, the remaining files are spread over processes. Findings are the same either way, and sorted.

    `input_format` (sources.INPUT_FORMATS) forces how every file is read; "auto" decides from the content.
    """
    settings = settings or Settings()
    report = Report(fail_on=settings.fail_on)
    settings_of = _settings_per_file(paths, settings, stdin_filename, input_format, settings_for)
    targets = [target for _, target in settings_of.values()]
    report.files = [t.display for t in targets]
    report.stats.files = len(targets)
    if cache is not None:
        cache.open(report.files)
    # Files are checked in groups that share settings, so a batch never mixes configurations.
    todo: dict[Settings, list[tuple[sources.Target, str | None]]] = {}
    for target in targets:
        chosen = settings_of[target.display][0]
        key = cache.key(target.path, chosen) if cache and target.path != sources.STDIN else None
        if key and input_format != "auto":  # the same bytes read another way give other findings
            key += ":" + input_format
        hit = cache.get(target.display, key) if cache and key else None
        if hit is not None:
            report.add(hit)
            report.cached_files += 1
        else:
            todo.setdefault(chosen, []).append((target, key))
    for chosen, group in todo.items():
        if jobs > 1 and len(group) > 1:
            from flexlint.parallel import check_in_processes

            results = check_in_processes([t for t, _ in group], chosen, jobs)
        else:
            results = check_targets([t for t, _ in group], chosen, progress)
        for (_, key), result in zip(group, results, strict=True):
            report.add(result)
            if cache and key:
                cache.put(key, result)
    if cache is not None:
        cache.save()
    report.findings.sort(key=FINDING_ORDER)
    return report


def check_targets(
    targets: Sequence[sources.Target], settings: Settings, progress: Progress | None = None
) -> list[FileResult]:
    """Check files in one process, batching payloads across files; one FileResult per target, in order."""
    results = {t.display: FileResult(t.display, []) for t in targets}
    done = 0
    with fewer_collections():
        for batch in _batches(_payloads(targets, results, settings), BATCH_SIZE):
            done += len(batch)
            if progress is not None:
                progress(done)
            for finding, error in _run_checks(batch, settings):
                if error is not None:
                    results[error[0]].internal_errors.append(error[1])
                else:
                    results[finding.file].findings.append(finding)
    return [results[t.display] for t in targets]


# Objects the cyclic collector may let pile up before a young-generation pass during a run (Python's default
# is 700).
RUN_GC_THRESHOLD = 100_000


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect cyclic garbage less often while a run lasts, and restore the caller's setting after it.

    A run allocates a few hundred container objects per payload (parsed JSON, leaves, issues, findings) and
    frees nearly all of them by reference counting, but each allocation counts towards the next collection,
    and every tenth young pass walks the findings kept so far: at the default threshold the collector took
    about a tenth of a no-ner run (benchmarks/speed.py). Cycles are still collected, just in larger batches.
    """
    global _runs, _saved_threshold
    with _gc_lock:
        if _runs == 0:
            _saved_threshold = gc.get_threshold()
            if _saved_threshold[0] != 0:  # 0: the caller turned automatic collection off; leave it off
                gc.set_threshold(max(_saved_threshold[0], RUN_GC_THRESHOLD), *_saved_threshold[1:])
        _runs += 1
    try:
        yield
    finally:
        with _gc_lock:
            _runs -= 1
            if _runs == 0 and _saved_threshold is not None:
                gc.set_threshold(*_saved_threshold)


# Runs in progress (threads may overlap them): the caller's threshold is saved by the first and restored by the
# last, so overlapping runs never leave the raised one behind.
_gc_lock = threading.Lock()
_runs = 0
_saved_threshold: tuple[int, ...] | None = None


def check_payload(attributes: JSONValue | str, settings: Settings | None = None, *, file: str = "<payload>") -> list[Finding]:
    """Check one task-attributes object (a dict, or its JSON text).

    Line and column refer to the JSON text when one is given, otherwise to the object rendered with
    `json.dumps(attributes, indent=2)`.
    """
    settings = settings or Settings()
    if isinstance(attributes, str):
        loaded = json_text.load_mapped(attributes, file)
        if isinstance(loaded, LoadError):
            return list(_load_error_findings([loaded], settings))
        attributes, source_map = loaded
    else:
        source_map = SourceMap(json.dumps(attributes, indent=2, ensure_ascii=False))
    payload = Payload(attributes, file, "", source_map, settings.extra_preserved)
    findings, errors = [], []
    for finding, error in _run_checks([payload], settings):
        if error is not None:
            errors.append(error[1])
        else:
            findings.append(finding)
    if errors:
        raise RuntimeError("; ".join(errors))
    return sorted(findings, key=FINDING_ORDER)


def _payloads(
    targets: Iterable[sources.Target], results: dict[str, FileResult], settings: Settings
) -> Iterator[Payload]:
    for target in targets:
        result = results[target.display]
        try:
            for item in sources.read(target):
                if isinstance(item, Skipped):
                    result.skipped[item.kind] = result.skipped.get(item.kind, 0) + 1
                elif isinstance(item, LoadError):
                    result.unreadable = True
                    result.findings.extend(_load_error_findings([item], settings))
                else:
                    result.payloads += 1
                    item.extra_preserved = settings.extra_preserved
                    yield item
        except Exception as error:  # one broken file must not hide findings in the others
            result.internal_errors.append(_describe(error, target.display))


def _load_error_findings(errors: Iterable[LoadError], settings: Settings) -> Iterator[Finding]:
    from flexlint.checks.structure import UNREADABLE

    if not settings.selection.enabled(UNREADABLE.code):
        return
    for error in errors:
        if settings.suppressions.ignored_by_file(error.file, UNREADABLE.code):
            continue
        yield Finding(
            code=UNREADABLE.code,
            severity=settings.severity_for(UNREADABLE.code, UNREADABLE.severity),
            message=error.message,
            file=error.file,
            line=error.position.line,
            column=error.position.column,
            pointer=error.pointer,
        )


# A finding, or (file, description) of an internal error.
_Outcome = tuple[Finding | None, tuple[str, str] | None]


def _run_checks(batch: Sequence[Payload], settings: Settings) -> Iterator[_Outcome]:
    # Imported here: a run whose files all come from the cache never needs the checks.
    from flexlint import registry

    rules = registry.all_rules()
    selected: dict[str, bool] = {}
    severities: dict[tuple[str, Severity | None], Severity] = {}
    for check in registry.all_checks():
        if not settings.selection.any_enabled(rule.code for rule in check.rules):
            continue
        results: list[tuple[Payload, Issue]] = []
        try:
            results = list(check.run(batch, settings))
        except DetectionUnavailable:
            raise  # the environment, not a file: stop the run (the CLI exits 2 with the message)
        except Exception as error:
            if len(batch) == 1:
                yield None, (batch[0].file, _describe(error, batch[0].file))
                continue
            # Find the payload that breaks the check, and keep every other payload's findings.
            for payload in batch:
                try:
                    results.extend(check.run([payload], settings))
                except Exception as payload_error:
                    yield None, (payload.file, _describe(payload_error, payload.file))
        suppressions = settings.suppressions if settings.suppressions.per_file or settings.suppressions.per_pointer else None
        for payload, issue in results:
            # codes and severities are few and findings many: each is decided once per check and batch
            enabled = selected.get(issue.code)
            if enabled is None:
                enabled = selected[issue.code] = settings.selection.enabled(issue.code)
            if not enabled:
                continue
            # issue.pointer is relative to the payload: what per-pointer-ignores patterns are written against.
            if suppressions is not None and suppressions.ignored(payload.file, issue.pointer, issue.code):
                continue
            key = (issue.code, issue.severity)
            severity = severities.get(key)
            if severity is None:
                severity = severities[key] = settings.severity_for(
                    issue.code, issue.severity or rules[issue.code].severity
                )
            yield _finding(payload, issue, severity), None


def _finding(payload: Payload, issue: Issue, severity: Severity) -> Finding:
    position = payload.locator.locate(issue.pointer, issue.target)
    # Attributes parsed from a JSON string: the pointer names the string in the file, inner_pointer the place.
    outer = payload.outer_pointer
    # (positional: every payload's findings pass here, and keyword arguments cost a third of the call)
    return Finding(
        issue.code,
        severity,
        issue.message if payload.note is None else f"{issue.message} ({payload.note})",
        payload.file,
        position.line,
        position.column,
        outer if outer is not None else payload.prefix + issue.pointer,  # pointer
        payload.inner_prefix + issue.pointer if outer is not None else None,  # inner_pointer
        issue.entity,
        issue.score,
        issue.span,
        issue.shown_value,
        issue.detected_by,
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

