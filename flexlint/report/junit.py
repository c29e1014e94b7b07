"""JUnit XML: one test case per checked file, a <failure> per finding, an <error> per internal error.

CI systems (GitLab, Jenkins, Azure) show JUnit reports as test results, so a clean file is a passing test
case: the report lists every file checked, not only the ones with findings.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from flexlint.pipeline import Report

# Characters XML 1.0 cannot carry at all, even escaped; a file name could hold one.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _files(report: Report) -> list[str]:
    # `report.files` lists every file checked, in order; files named only by findings come after them.
    names = dict.fromkeys(getattr(report, "files", None) or [])
    names.update(dict.fromkeys(f.file for f in report.findings))
    return list(names)


def to_element(report: Report) -> ET.Element:
    files = _files(report)
    cases = {name: ET.Element("testcase", classname="flexlint", name=_clean(name)) for name in files}
    orphans = ET.Element("testcase", classname="flexlint", name="flexlint")  # errors not tied to a file
    for f in report.findings:
        # The mask is there only when the user asked for it with --show-values.
        shown = f" (value {f.shown_value})" if f.shown_value is not None else ""
        failure = ET.SubElement(
            cases[f.file], "failure", message=_clean(f"{f.code} {f.message}{shown}"), type=str(f.severity)
        )
        failure.text = _clean(f"{f.file}:{f.line}:{f.column} {f.pointer}".rstrip())
    for line in report.internal_errors:
        # Internal errors read "FILE: internal error TYPE at WHERE": attach each to its file's test case.
        owner = next((cases[name] for name in files if line.startswith(f"{name}: ")), orphans)
        ET.SubElement(owner, "error", message=_clean(line), type="internal-error")
    testcases = list(cases.values()) + ([orphans] if len(orphans) else [])
    failed = sum(1 for case in testcases if case.find("error") is None and case.find("failure") is not None)
    errors = sum(1 for case in testcases if case.find("error") is not None)
    counts = {"tests": str(len(testcases)), "failures": str(failed), "errors": str(errors), "skipped": "0"}
    suites = ET.Element("testsuites", name="flexlint", **counts)
    suite = ET.SubElement(suites, "testsuite", name="flexlint", **counts)
    suite.extend(testcases)
    return suites


def write(report: Report, out: TextIO, color: bool) -> None:
    root = to_element(report)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
