"""A TaskRouter event callback saved as a JSON object (`EventType`, `TaskAttributes`, `TaskSid`, ...).

Tools that log callbacks often store the form fields as JSON rather than as the form body (.form files,
flexlint/sources/callbacks.py). Read as task attributes, such an object would be all dropped root keys; it is
a callback, and its attributes are the JSON string in `TaskAttributes`. Worker, queue and workflow events
carry no task and are skipped, as in a .form capture.
"""

from __future__ import annotations

from collections.abc import Iterator

from flexlint.model import JSONValue
from flexlint.payload import Locator, Payload
from flexlint.sources import LoadError, Skipped, event_type_label
from flexlint.sources.callbacks import FIELD, SCANNED_PREFIXES
from flexlint.sources.embedded import embedded_payload

# Fields every TaskRouter callback has beside EventType; one of them must be there too.
_CALLBACK_FIELDS = ("TaskAttributes", "TaskSid", "WorkspaceSid", "EventDescription", "ResourceType", "Timestamp")


def is_kind(record: JSONValue) -> bool:
    return (
        isinstance(record, dict)
        and isinstance(record.get("EventType"), str)
        and any(key in record for key in _CALLBACK_FIELDS)
    )


def expand(record: JSONValue, file: str, prefix: str, locator: Locator) -> Iterator[Payload | LoadError | Skipped]:
    if not is_kind(record):
        yield LoadError(file, locator.locate(""), "not a TaskRouter event callback: no `EventType`", prefix)
        return
    assert isinstance(record, dict)
    event_type = record["EventType"]
    if not event_type.startswith(SCANNED_PREFIXES):
        yield Skipped(file, event_type_label(event_type))
        return
    if FIELD not in record:
        yield Skipped(file, f"{event_type_label(event_type)} (no {FIELD})")
        return
    yield embedded_payload(record[FIELD], file, f"{prefix}/{FIELD}", locator, f"/{FIELD}")
