"""How a run is configured. The CLI (and later a config file) fills it in; the library only reads it."""

from __future__ import annotations

from dataclasses import dataclass, field

from flexlint.model import Severity
from flexlint.selection import Selection


@dataclass(frozen=True)
class Settings:
    selection: Selection = field(default_factory=Selection)
    fail_on: Severity = Severity.ERROR
    # Print masked detected values in findings. Off by default: flexlint's output must not carry PHI.
    show_values: bool = False
    exclude: tuple[str, ...] = ()
    # "hipaa" scans what the Events Filter preserves; "strict" also scans what it drops (still in TaskRouter).
    profile: str = "hipaa"
    # False: patterns only, no spaCy model loaded (--no-ner).
    ner: bool = True
    recognizers: tuple[str, ...] = ()  # extra Presidio YAML recognizer files
    score_threshold: float = 0.35
    # The organization's own phone numbers and addresses, accepted in conversations.external_contact.
    organization_contacts: tuple[str, ...] = ()
