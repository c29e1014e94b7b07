"""Task attributes held as a JSON string inside another document (Event Streams, Task resources, callbacks)."""

from __future__ import annotations

from flexlint.model import JSONValue
from flexlint.payload import Locator, Payload
from flexlint.positions import EmbeddedLocator, PrefixedLocator
from flexlint.sources import LoadError
from flexlint.sources.json_text import parse


def embedded_payload(
    value: JSONValue, file: str, outer_pointer: str, outer: Locator, record_pointer: str
) -> Payload | LoadError:
    """The attributes at `record_pointer` inside a record; `outer` locates record-relative pointers and
    `outer_pointer` is `record_pointer`'s pointer in the file.

    A string is parsed and every finding in it is placed at the string token. An object (a capture whose
    tool already decoded the string) is ordinary JSON in the file and keeps exact positions.
    """
    if isinstance(value, dict):
        return Payload(value, file, outer_pointer, PrefixedLocator(outer, record_pointer))  # type: ignore[arg-type]
    locator = EmbeddedLocator(outer, record_pointer)  # type: ignore[arg-type]
    if not isinstance(value, str):
        return LoadError(
            file, locator.locate(""), f"the embedded attributes are a {json_type_name(value)}, not a JSON string", outer_pointer
        )
    return parse_embedded(value, file, outer_pointer, locator)


def parse_embedded(text: str, file: str, outer_pointer: str, locator: Locator) -> Payload | LoadError:
    """Parse an attributes string; a malformed one is an FLX001 at the outer string, never the end of the file."""
    try:
        attributes = parse(text)
    except (ValueError, RecursionError) as error:
        where = f" (character {error.pos + 1} of the string)" if hasattr(error, "pos") else ""
        reason = getattr(error, "msg", None) or str(error) if isinstance(error, ValueError) else "nested too deeply"
        return LoadError(file, locator.locate(""), f"invalid JSON in the embedded attributes{where}: {reason}", outer_pointer)
    return Payload(attributes, file, outer_pointer, locator, outer_pointer=outer_pointer)


def json_type_name(value: JSONValue) -> str:
    names = {bool: "boolean", int: "number", float: "number", list: "array", type(None): "null"}
    return names.get(type(value), type(value).__name__)
