"""How a run is configured. The CLI and flexlint/config.py fill it in; the library only reads it."""

from __future__ import annotations

import functools

from dataclasses import dataclass, field

from flexlint.model import Severity
from flexlint.selection import Selection
from flexlint.suppressions import Suppressions


@dataclass(frozen=True)
class Settings:
    selection: Selection = field(default_factory=Selection)
    fail_on: Severity = Severity.ERROR
    # Print masked detected values in findings. Off by default: flexlint's output must not carry PHI.
    show_values: bool = False
    exclude: tuple[str, ...] = ()
    # Directory names a walk never enters (config `skip-directories`): dependencies, build output, virtual
    # environments, version control. None: flexlint.sources.DEFAULT_SKIPPED_DIRECTORIES.
    skip_directories: tuple[str, ...] | None = None
    # "hipaa" scans what the Events Filter preserves; "strict" also scans what it drops (still in TaskRouter).
    profile: str = "hipaa"
    # False: patterns only, no spaCy model loaded (--no-ner).
    ner: bool = True
    recognizers: tuple[str, ...] = ()  # extra Presidio YAML recognizer files
    score_threshold: float = 0.35
    # The organization's own phone numbers and addresses, accepted in conversations.external_contact.
    organization_contacts: tuple[str, ...] = ()
    # The organization's own web domains: URLs on them (and their subdomains) are not FLX314.
    organization_domains: tuple[str, ...] = ()
    # From a config file (flexlint/config.py). Tuples, not dicts: Settings stays hashable, so the pipeline can
    # group files by their settings, and dataclasses.asdict gives the cache a stable fingerprint.
    # (code prefix, severity) from `severity`; the longest matching prefix wins.
    severity_overrides: tuple[tuple[str, Severity], ...] = ()
    # Keys preserved on top of the HIPAA allowlist, ((scope, keys), ...), scope root|conversations|customers.
    extra_preserved: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # per-file-ignores, per-pointer-ignores and the config's own exclude globs (relative to the config file).
    suppressions: Suppressions = field(default_factory=Suppressions)
    config_file: str | None = None  # the file these settings came from, if any

    def severity_for(self, code: str, severity: Severity) -> Severity:
        """The severity a finding of `code` gets: the override with the longest matching prefix, if any."""
        if not self.severity_overrides:
            return severity
        return _override(self.severity_overrides, code, severity)


@functools.lru_cache(maxsize=1024)  # asked once per finding; codes and overrides are few
def _override(overrides: tuple[tuple[str, Severity], ...], code: str, severity: Severity) -> Severity:
    best = max((o for o in overrides if code.startswith(o[0])), key=lambda o: len(o[0]), default=None)
    return severity if best is None else best[1]
