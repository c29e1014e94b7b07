"""Twilio Event Streams deliveries: CloudEvents whose task attributes are `data.payload.task_attributes`."""

from __future__ import annotations

from collections.abc import Iterator

from flexlint.model import JSONValue
from flexlint.payload import Locator, Payload
from flexlint.sources import event_type_label, LoadError, Skipped
from flexlint.sources.embedded import embedded_payload

# Task and reservation events carry the task's attributes; task-queue, worker, workflow, ... events do not.
# (The trailing dots keep `task-queue.*` out.)
SCANNED_PREFIXES = ("com.twilio.taskrouter.task.", "com.twilio.taskrouter.reservation.")
ATTRIBUTES_POINTER = "/data/payload/task_attributes"


def is_cloud_event(record: JSONValue) -> bool:
    return isinstance(record, dict) and "specversion" in record and "type" in record and "data" in record


def expand(record: JSONValue, file: str, prefix: str, locator: Locator) -> Iterator[Payload | LoadError | Skipped]:
    if not is_cloud_event(record):
        yield LoadError(file, locator.locate(""), "not a CloudEvent: `specversion`, `type` or `data` is missing", prefix)
        return
    assert isinstance(record, dict)
    kind = record["type"] if isinstance(record["type"], str) else "<no type>"
    if not kind.startswith(SCANNED_PREFIXES):
        yield Skipped(file, event_type_label(kind))
        return
    data = record["data"]
    payload = data.get("payload") if isinstance(data, dict) else None
    if not isinstance(payload, dict) or "task_attributes" not in payload:
        # Said in the summary rather than reported: a deleted task's event may legitimately carry none.
        yield Skipped(file, f"{event_type_label(kind)} (no task_attributes)")
        return
    yield embedded_payload(payload["task_attributes"], file, prefix + ATTRIBUTES_POINTER, locator, ATTRIBUTES_POINTER)


is_kind = is_cloud_event  # the registry's content test (flexlint/sources/registry.py)
