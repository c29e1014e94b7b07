"""A Flex Interactions API request (POST /v1/Interactions): the task's attributes sit in
`routing.properties.attributes`.

Services that start agent-initiated conversations, and Studio's Send to Flex for Flex Conversations, create
tasks this way rather than through TaskRouter, so a recorded request body is one more place PHI can enter
Insights. The SDKs take `routing` as an object; the REST API's form parameter (`Routing`) is a JSON string,
and either may hold `attributes` as an object or as a JSON string.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from flexlint.model import JSONValue
from flexlint.payload import Locator, Payload
from flexlint.positions import EmbeddedLocator
from flexlint.sources import LoadError
from flexlint.sources.embedded import embedded_payload, json_type_name, parse_embedded



def _routing_key(record: dict) -> str:
    return "routing" if "routing" in record else "Routing"  # the SDKs' name, or the REST parameter's


def is_interaction(record: JSONValue) -> bool:
    """A record with `routing.properties.attributes` (routing an object or its JSON string)."""
    if not isinstance(record, dict) or _routing_key(record) not in record:
        return False
    routing = record[_routing_key(record)]
    if isinstance(routing, str):
        try:
            routing = json.loads(routing)
        except (ValueError, RecursionError):
            return "channel" in record or "Channel" in record  # a broken routing string: still an Interaction
    properties = routing.get("properties") if isinstance(routing, dict) else None
    return isinstance(properties, dict) and "attributes" in properties


def expand(record: JSONValue, file: str, prefix: str, locator: Locator) -> Iterator[Payload | LoadError]:
    key = _routing_key(record) if isinstance(record, dict) else "routing"
    routing = record.get(key) if isinstance(record, dict) else None
    if isinstance(routing, dict):
        properties = routing.get("properties")
        if isinstance(properties, dict) and "attributes" in properties:
            inner = f"/{key}/properties/attributes"
            yield embedded_payload(properties["attributes"], file, prefix + inner, locator, inner)
            return
    elif isinstance(routing, str):
        # The routing string's attributes: findings sit at the string, their inner pointers start with
        # /properties/attributes (and run on into that value's own JSON when it is a string in the string).
        outer = EmbeddedLocator(locator, f"/{key}")  # type: ignore[arg-type]
        parsed = parse_embedded(routing, file, f"{prefix}/{key}", outer)
        if isinstance(parsed, LoadError):
            yield parsed
            return
        properties = parsed.attributes.get("properties") if isinstance(parsed.attributes, dict) else None
        if isinstance(properties, dict) and "attributes" in properties:
            attributes = properties["attributes"]
            found: Payload | LoadError
            if isinstance(attributes, str):
                found = parse_embedded(attributes, file, f"{prefix}/{key}", outer)
            elif isinstance(attributes, dict):
                found = Payload(attributes, file, f"{prefix}/{key}", outer, outer_pointer=f"{prefix}/{key}")
            else:  # as for an object Routing (embedded_payload): attributes are an object or its JSON text
                kind = json_type_name(attributes)
                found = LoadError(file, outer.locate(""), f"the embedded attributes are a {kind}, not an object", f"{prefix}/{key}")
            if isinstance(found, Payload):
                found.inner_prefix = "/properties/attributes"
            yield found
            return
    yield LoadError(
        file, locator.locate(""), "not a Flex Interactions request: no `routing.properties.attributes`", prefix
    )


is_kind = is_interaction  # the registry's content test (flexlint/sources/registry.py)
