"""Follow a caller's data through a Studio flow into Send to Flex attributes (FLX501, FLX502) and check length (FLX004).

Messages name variables, states and attribute keys, never a value from the flow (not even literal text from the
template: a flow author may have pasted a test patient's details into it).
"""

from __future__ import annotations

import re

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from flexlint.allowlist import NESTED_SCOPES, Allowlist, hipaa_allowlist
from flexlint.model import Issue
from flexlint.studio.sources import Taint, flow_variable_taints, resolve
from flexlint.studio.template import ParsedTemplate, parse_template

TEMPLATE_LIMIT = 1024  # characters in the widget's Attributes field (twilio-flex-facts.md §4.1)
# The widgets that create a task, and the property holding its attributes template: Send to Flex, and
# Enqueue Call (with a TaskRouter workflow), whose task_attributes create the task just the same.
TASK_CREATING_WIDGETS = {"send-to-flex": "attributes", "enqueue-call": "task_attributes"}
# Roots of Studio's template variables, and the trigger's kinds: anything else renders as nothing.
_ROOTS = frozenset({"trigger", "widgets", "flow", "contact"})
_TRIGGERS = frozenset({"call", "message", "conversation", "request", "parent"})
_SPACED_PATH = re.compile(r"\{\{[^}]*?(?:[A-Za-z0-9_\]]\s+\.\s*[A-Za-z_]|[A-Za-z0-9_\]]\.\s+[A-Za-z_])")


class StudioFinding(NamedTuple):
    state_pointer: str  # e.g. /states/3/properties/attributes: the string token in the flow file
    inner_pointer: str  # inside the attributes ("" for the template as a whole)
    issue: Issue  # issue.pointer == inner_pointer


@dataclass
class SendToFlex:
    state_pointer: str
    state_name: str
    parsed: ParsedTemplate  # parsed.value: attributes with placeholders, for the allowlist and data-model checks


@dataclass
class FlowAnalysis:
    findings: list[StudioFinding] = field(default_factory=list)
    templates: list[SendToFlex] = field(default_factory=list)


def is_studio_flow(document: Any) -> bool:
    """An exported flow definition: an object whose `states` is a list of objects with a `type`."""
    states = document.get("states") if isinstance(document, dict) else None
    return isinstance(states, list) and all(isinstance(s, dict) and "type" in s for s in states)


def analyse_flow(flow: dict[str, Any], allowlist: Allowlist | None = None) -> FlowAnalysis:
    allowlist = allowlist or hipaa_allowlist()
    states = flow.get("states") if isinstance(flow.get("states"), list) else []
    flow_taints = flow_variable_taints(states)
    producers = {s["name"]: str(s.get("type")) for s in states if isinstance(s, dict) and isinstance(s.get("name"), str)}
    result = FlowAnalysis()
    for index, state in enumerate(states):
        field_name = TASK_CREATING_WIDGETS.get(state.get("type")) if isinstance(state, dict) else None
        if field_name is None:
            continue
        attributes = (state.get("properties") or {}).get(field_name)
        if attributes is None:
            continue
        pointer = f"/states/{index}/properties/{field_name}"
        template = attributes if isinstance(attributes, str) else json.dumps(attributes)
        parsed = parse_template(template)
        result.templates.append(SendToFlex(pointer, str(state.get("name")), parsed))
        limit = TEMPLATE_LIMIT if state.get("type") == "send-to-flex" else None  # (Send to Flex's documented limit)
        for inner, issue in _issues(template, parsed, flow_taints, producers, allowlist, limit):
            result.findings.append(StudioFinding(pointer, inner, issue))
    return result


def zone_of(path: tuple[str | int, ...], allowlist: Allowlist) -> str:
    """Where the Events Filter leaves a value at `path`; as flexlint.leaves.walk decides it."""
    if not path:
        return "preserved"  # the whole attributes from one tag: whatever preserved keys it holds are kept
    root = str(path[0])
    if not allowlist.keeps_root(root):
        return "dropped"
    if root in NESTED_SCOPES and len(path) > 1 and isinstance(path[1], str):
        return "preserved" if allowlist.keeps(root, path[1]) else "dropped"
    return "preserved"


def _issues(
    template: str, parsed: ParsedTemplate, flow_taints: dict[str, Taint], producers: dict[str, str], allowlist: Allowlist,
    limit: int | None = TEMPLATE_LIMIT,
) -> Iterator[tuple[str, Issue]]:
    if limit is not None and len(template) > limit:
        yield "", Issue("FLX004", "", f"the attributes template is {len(template):,} characters long; the Send to Flex "
                        f"widget accepts at most {TEMPLATE_LIMIT:,}")
    for error in parsed.errors:
        yield "", Issue("FLX001", "", f"invalid attributes template at character {error.offset + 1}: {error.message}")
    spaced = _SPACED_PATH.search(template) is not None
    if spaced:
        yield "", Issue("FLX503", "", "a variable path in the template has whitespace around a dot: Liquid reads "
                        "it as separate words, so it renders as nothing")
    for pointer, variables in parsed.variables.items():
        path = parsed.paths[pointer]
        zone = zone_of(path, allowlist)
        for variable in variables:
            if spaced and (variable in _ROOTS or variable.split(".")[0] not in _ROOTS):
                continue  # the pieces of a path split by whitespace: the warning above covers them
            unresolved = _unresolved(variable, producers)
            if unresolved is not None:
                yield pointer, Issue("FLX503", pointer, f"`{_shown(variable)}` {unresolved}: Studio renders it as "
                                     f"nothing, so `{_attribute_name(path)}` does not get the value meant for it")
            # (a catalogued source still counts when it does not resolve here: the flow may be exported in part,
            # and a missed PHI costs more than an extra finding)
            taint = resolve(variable, flow_taints, producers)
            if taint is None:
                continue
            code = "FLX501" if zone == "preserved" else "FLX502"
            yield pointer, Issue(code, pointer, _message(taint, producers, _attribute_name(path), zone))


_SEGMENT = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _unresolved(variable: str, producers: dict[str, str]) -> str | None:
    """Why a variable cannot resolve in this flow, or None: an unknown root, an unknown trigger kind (the
    trigger's fields are under trigger.call, trigger.message, ...), or a widget that is not in the flow."""
    parts = variable.split(".")
    if parts[0] not in _ROOTS:
        return "has a root Studio does not know (trigger, widgets, flow, contact)"
    if parts[0] == "trigger" and len(parts) > 1 and parts[1] not in _TRIGGERS:
        return "is not a trigger variable (they are under trigger.call, trigger.message, trigger.conversation, ...)"
    if parts[0] == "widgets" and len(parts) > 1 and parts[1] not in producers:
        return "names a widget that is not in this flow"
    return None


def _shown(path: str) -> str:
    """A variable path as a message may show it. Studio names widgets and variables with letters, digits and
    underscores; anything else in a path came from a string literal in the template, so it is not echoed."""
    return ".".join(part if _SEGMENT.match(part) else "<literal>" for part in path.split("."))


def _message(taint: Taint, producers: dict[str, str], attribute: str, zone: str) -> str:
    via = f" ({_shown_via(taint.via)})" if taint.via else ""
    letters = [x for x in taint.safe_harbor if x != "any"]
    if "any" in taint.safe_harbor:
        harbor = "any Safe Harbor identifier (free text)" + (f", typically {_or(letters)}" if letters else "")
    else:
        harbor = f"Safe Harbor identifier {_or(letters)}"
    where = (
        f"lands in `{attribute}`, which the HIPAA Events Filter keeps: Flex Insights would store it"
        if zone == "preserved"
        else f"lands in `{attribute}`, which the HIPAA Events Filter drops: it is kept out of Insights but stored "
        "in TaskRouter, event callbacks and Event Streams"
    )
    return f"`{_shown(taint.variable)}`{via} carries {taint.carries}, from {_producer(taint.origin, producers)}; it may " \
           f"hold {harbor}, and {where}"


def _producer(origin: str, producers: dict[str, str]) -> str:
    """Which state produced a variable: `widgets.<name>` is the state of that name."""
    head, _, rest = origin.partition(".")
    if head == "widgets":
        name = rest.split(".")[0]
        if name in producers and _SEGMENT.match(name):
            return f"state `{name}` ({producers[name]})"
        return f"a widget `{_shown(name)}` that is not in this flow"
    return {"trigger": "the flow's trigger", "contact": "the contact", "flow": "the execution's input data"}.get(
        head, f"`{head}`"
    )


def _shown_via(via: str) -> str:
    # "set from `widgets.x.SpeechResult` in state `remember`": re-render the variable part only.
    return re.sub(r"`([^`]*)`", lambda m: f"`{_shown(m.group(1))}`", via)


def _attribute_name(path: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in path) if path else "the whole attributes"


def _or(letters: list[str]) -> str:
    return letters[0] if len(letters) == 1 else ", ".join(letters[:-1]) + " or " + letters[-1]
