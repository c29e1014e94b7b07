"""flexlint: lint Twilio Flex task attributes for the Flex Insights HIPAA Events Filter.

The public API is what this module exports; everything else may change between versions.
"""

from __future__ import annotations

from flexlint.allowlist import filter_attributes
from flexlint.model import Finding, Severity
from flexlint.pipeline import Report, check_paths, check_payload
from flexlint.preflight import PHIViolation, Preflight, check, redact
from flexlint.settings import Settings

__version__ = "0.1.0"

__all__ = [
    "Finding",
    "PHIViolation",
    "Preflight",
    "Report",
    "Settings",
    "Severity",
    "__version__",
    "check",
    "check_paths",
    "check_payload",
    "filter_attributes",
    "redact",
]
