"""TaskRouter event-callback captures: one form-encoded POST body a line, attributes in `TaskAttributes`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs

from flexlint.model import Position
from flexlint.positions import FixedLocator
from flexlint.sources import event_type_label, Item, LoadError, Skipped, Target
from flexlint.sources.embedded import parse_embedded
from flexlint.sources.json_text import decode, record_lines

FIELD = "TaskAttributes"
# Only task and reservation events carry the task; worker, task-queue, workflow events are skipped.
SCANNED_PREFIXES = ("task.", "reservation.")
_FIELD_AT = re.compile(r"(?:^|&)" + FIELD + "=")


def read_callbacks(target: Target) -> Iterator[Item]:
    """Streamed line by line, like JSON Lines: `/<line index>` is the record, `/<line index>/TaskAttributes`
    the attributes, and every finding in them is at the line and column where the encoded value starts."""
    for index, raw in record_lines(target):
        if isinstance(raw, LoadError):
            yield raw
        else:
            yield from _record(raw, index, target.display)

def _record(raw: bytes, index: int, file: str) -> Iterator[Item]:
    line_number = index + 1
    text = decode(raw, file, line_number)
    if isinstance(text, LoadError):
        yield text
        return
    # Twilio encodes with UTF-8; a bad escape becomes U+FFFD rather than an error (parse_qs's default).
    fields = parse_qs(text, keep_blank_values=True)
    event_type = (fields.get("EventType") or [None])[0]
    if event_type is not None and not event_type.startswith(SCANNED_PREFIXES):
        yield Skipped(file, event_type_label(event_type))
        return
    if FIELD not in fields:
        yield Skipped(file, f"{event_type_label(event_type) if event_type else '<no EventType>'} (no {FIELD})")
        return
    match = _FIELD_AT.search(text)
    column = match.end() + 1 if match else 1
    pointer = f"/{index}/{FIELD}"
    yield parse_embedded(fields[FIELD][0], file, pointer, FixedLocator(Position(line_number, column)))


def read(target: Target, fmt: str) -> Iterator[Item]:
    """The `callbacks` reader of the registry."""
    return read_callbacks(target)
