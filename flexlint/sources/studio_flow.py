"""Studio flow definitions: each send-to-flex state's attributes template becomes one payload.

The template's Liquid tags are placeholders (flexlint.studio.template), so the allowlist and data-model checks
run on it; the taint analysis's findings (FLX004, FLX501, FLX502) travel with the payload and are emitted by
flexlint/checks/studio.py. Every finding points at the `attributes` string in the flow file.
"""

from __future__ import annotations

from collections.abc import Iterator

from flexlint.model import JSONValue
from flexlint.payload import Locator, Payload
from flexlint.positions import EmbeddedLocator


def is_flow(record: JSONValue) -> bool:
    if not isinstance(record, dict) or "states" not in record:
        return False  # (asked first: every record of a file is asked, and the import below costs more)
    from flexlint.studio.taint import is_studio_flow

    return is_studio_flow(record)


def expand(flow: dict, file: str, prefix: str, locator: Locator) -> Iterator[Payload]:
    from flexlint.studio.taint import analyse_flow

    analysis = analyse_flow(flow)
    issues: dict[str, list] = {}
    for finding in analysis.findings:
        issues.setdefault(finding.state_pointer, []).append(finding.issue)
    for template in analysis.templates:
        outer_pointer = prefix + template.state_pointer
        at_string = EmbeddedLocator(locator, template.state_pointer)  # type: ignore[arg-type]
        value = template.parsed.value
        yield Payload(
            value if value is not None else {},
            file,
            outer_pointer,
            at_string,
            outer_pointer=outer_pointer,
            template_issues=tuple(issues.get(template.state_pointer, ())),
        )


is_kind = is_flow  # the registry's content test (flexlint/sources/registry.py)
