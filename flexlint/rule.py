"""What a rule is: its stable code, its name, its default severity and its documentation."""

from __future__ import annotations

from dataclasses import dataclass

from flexlint.model import Severity


@dataclass(frozen=True)
class Rule:
    """A rule's identity and its documentation, in ruff's shape: what it does, why, an example, a fix."""

    code: str  # stable public contract: never renumber
    name: str  # kebab-case, accepted wherever a code is
    severity: Severity  # the default; a check may lower or raise one finding (FLX101 for Flex defaults)
    summary: str  # one line, for tables and SARIF shortDescription
    why: str
    example: str  # a payload (or fragment) that fails
    instead: str  # what to do instead

    def documentation(self) -> str:
        return (
            f"{self.code} ({self.name}) [{self.severity}]\n\n"
            f"What it does\n    {self.summary}\n\n"
            f"Why it matters\n{_indent(self.why)}\n\n"
            f"Example that fails\n{_indent(self.example)}\n\n"
            f"Do instead\n{_indent(self.instead)}\n"
        )


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.strip("\n").splitlines())
