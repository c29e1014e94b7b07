"""--statistics: how many findings of each rule, and on which attributes, instead of the findings themselves.

For audits of large archives, where a compliance team wants "412 phone numbers in external_contact" rather
than 412 lines. Attribute paths drop list indexes and the record prefix, so counts add up across records.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any, TextIO

from flexlint.pipeline import Report
from flexlint.positions import split_pointer


def attribute_of(pointer: str, record_prefixed: bool) -> str:
    tokens = split_pointer(pointer)
    if record_prefixed and tokens and tokens[0].isdigit():
        tokens = tokens[1:]
    return ".".join(t for t in tokens if not re.fullmatch(r"\d+", t)) or "(root)"


def statistics(report: Report) -> dict[str, Any]:
    from flexlint.registry import all_rules

    rules = all_rules()
    by_code = Counter(f.code for f in report.findings)
    by_attribute = Counter(
        (f.code, attribute_of(f.inner_pointer or f.pointer, f.inner_pointer is None)) for f in report.findings
    )
    return {
        "codes": [
            {"code": code, "name": rules[code].name, "count": count}
            for code, count in sorted(by_code.items(), key=lambda item: (-item[1], item[0]))
        ],
        "attributes": [
            {"code": code, "attribute": attribute, "count": count}
            for (code, attribute), count in sorted(by_attribute.items(), key=lambda item: (-item[1], item[0]))
        ],
    }


def write(report: Report, out: TextIO, color: bool, *, as_json: bool = False) -> None:
    stats = statistics(report)
    if as_json:
        json.dump(stats, out, indent=2)
        out.write("\n")
        return
    for row in stats["codes"]:
        out.write(f"{row['count']:>8}  {row['code']}  {row['name']}\n")
    if stats["attributes"]:
        out.write("\n")
        for row in stats["attributes"]:
            out.write(f"{row['count']:>8}  {row['code']}  {row['attribute']}\n")
