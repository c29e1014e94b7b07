"""Builds the data-model JSON Schema (schemas/task-attributes.schema.json) from rules/field-catalog.json.

The catalogue is the one place a field's type, unit and documented values are written down; the schema is
derived from it so the two cannot drift (a test compares them). Regenerate with:

    python -m flexlint.catalog > schemas/task-attributes.schema.json
"""

from __future__ import annotations

import json
from typing import Any

from flexlint.datafiles import load_json

SCHEMA_ID = "urn:flexlint:schema:task-attributes"

# Every field may also be null: Twilio's own examples use null for "not set" (productive, customer_link, ...).
_TYPE_SCHEMAS: dict[str, dict[str, Any]] = {
    "text": {"$ref": "#/$defs/text"},
    "url": {"$ref": "#/$defs/text"},
    "number": {"type": ["number", "null"]},
    "seconds": {"type": ["number", "null"]},
    "integer": {"type": ["integer", "null"]},
    "yes_no": {"$ref": "#/$defs/text"},
    "date": {"type": ["string", "number", "null"], "format": "flexlint-date"},
    "year": {"type": ["string", "integer", "null"], "format": "flexlint-year"},
    "media": {"$ref": "#/$defs/media"},
    "reservation_attributes": {
        "type": ["object", "null"],
        "additionalProperties": {"type": "object", "properties": {"media": {"$ref": "#/$defs/media"}}},
    },
    "object": {"type": "object"},
    "any": {},
}


def _field_schema(spec: dict[str, Any]) -> dict[str, Any]:
    schema = dict(_TYPE_SCHEMAS[spec["type"]])
    if "enum" in spec:
        schema = {"allOf": [schema], "enum": [*spec["enum"], None]}
    if "unit" in spec:
        schema["x-unit"] = spec["unit"]
    return schema


def build_schema() -> dict[str, Any]:
    catalog = load_json("rules", "field-catalog.json")
    limits = catalog["limits"]

    def scope(name: str) -> dict[str, Any]:
        return {key: _field_schema(spec) for key, spec in catalog[name].items()}

    root = scope("root")
    # Unknown keys are the allowlist's business (FLX10x), so no additionalProperties here.
    root["conversations"] = {"type": "object", "properties": scope("conversations")}
    root["customers"] = {"type": "object", "properties": scope("customers")}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Flex Insights task attributes (the keys the HIPAA Events Filter preserves)",
        "description": "Generated from rules/field-catalog.json by `python -m flexlint.catalog`; do not edit.",
        "type": "object",
        "properties": root,
        "$defs": {
            "text": {"type": ["string", "null"], "maxLength": limits["max_value_length"]},
            "media": {"type": ["array", "null"], "items": {"$ref": "#/$defs/media_link"}},
            "media_link": {
                "type": "object",
                "properties": {
                    "type": {"enum": catalog["media_link"]["type_enum"]},
                    "url": {"type": "string"},
                    "url_provider": {"type": "string"},
                    "title": {"type": "string"},
                    "sid": {"type": "string"},
                    "start_time": {"type": ["number", "string"], "x-unit": "ms"},
                    "channels": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    }


def main() -> None:
    print(json.dumps(build_schema(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
