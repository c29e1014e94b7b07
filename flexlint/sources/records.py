"""One parsed JSON record to payloads, by its kind: plain attributes, a Task resource, a CloudEvent, a Studio
flow or an Interactions API request."""

from __future__ import annotations

from collections.abc import Iterator

from flexlint.model import JSONValue
from flexlint.payload import Locator, Payload
from flexlint.sources import LoadError, Skipped, events, interaction, studio_flow, task_resource


def kind_of(record: JSONValue) -> str:
    """The input format a record looks like. Task attributes holding `specversion` and `data`, or a string
    `attributes` beside `sid: WT...`, would be misread; --input-format attributes forces the old reading."""
    if events.is_cloud_event(record):
        return "events"
    if studio_flow.is_flow(record):
        return "studio"
    if task_resource.is_task_resource(record):
        return "task"
    if interaction.is_interaction(record):
        return "interaction"
    return "attributes"


def expand(
    record: JSONValue, fmt: str, file: str, prefix: str, locator: Locator
) -> Iterator[Payload | LoadError | Skipped]:
    """`prefix` is the record's pointer in the file; `locator` locates record-relative pointers."""
    kind = kind_of(record) if fmt == "auto" else fmt
    if kind == "events":
        yield from events.expand(record, file, prefix, locator)
    elif kind == "studio":
        yield from studio_flow.expand(record, file, prefix, locator)  # type: ignore[arg-type]
    elif kind == "task":
        yield from task_resource.expand(record, file, prefix, locator)
    elif kind == "interaction":
        yield from interaction.expand(record, file, prefix, locator)
    else:
        yield Payload(record, file, prefix, locator)
