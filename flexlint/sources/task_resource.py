"""A TaskRouter Task resource, as the REST API and the SDKs return it: `attributes` is a JSON string."""

from __future__ import annotations

from collections.abc import Iterator

from flexlint.model import JSONValue
from flexlint.payload import Locator, Payload
from flexlint.sources import LoadError
from flexlint.sources.embedded import embedded_payload

# Keys only a Task resource has together; plain task attributes carrying one of them are unheard of.
_TASK_KEYS = ("assignment_status", "workspace_sid", "task_queue_sid", "workflow_sid")


def is_task_resource(record: JSONValue) -> bool:
    if not isinstance(record, dict) or not isinstance(record.get("attributes"), str):
        return False
    sid = record.get("sid")
    return (isinstance(sid, str) and sid.startswith("WT")) or any(key in record for key in _TASK_KEYS)


def expand(record: JSONValue, file: str, prefix: str, locator: Locator) -> Iterator[Payload | LoadError]:
    if not isinstance(record, dict) or "attributes" not in record:
        yield LoadError(file, locator.locate(""), "not a TaskRouter Task resource: no `attributes`", prefix)
        return
    yield embedded_payload(record["attributes"], file, prefix + "/attributes", locator, "/attributes")


is_kind = is_task_resource  # the registry's content test (flexlint/sources/registry.py)
