"""Which template variables carry a caller's data: the catalogue (rules/studio-taint-sources.json) and flow variables.

Flow variables are followed flow-insensitively on purpose: one that any set-variables state assigns from caller
data counts as tainted everywhere, since Studio flows branch and loop and a miss (PHI in Insights) costs more
than an extra finding.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from flexlint.datafiles import load_json
from flexlint.studio.liquid import Block, LiquidError, Node, Output, lex


@dataclass(frozen=True)
class Taint:
    variable: str  # as the template reads it
    origin: str  # the catalogued variable it comes from (itself, or the source of a flow variable)
    carries: str
    safe_harbor: tuple[str, ...]
    via: str = ""  # how a flow variable got it: "set from `x` in state `s`"


@functools.cache
def _catalogue() -> tuple[dict[str, Any], ...]:
    return tuple(load_json("rules", "studio-taint-sources.json")["sources"])


def _matches(pattern: str, variable: str) -> bool:
    """`*` is one segment (fnmatch within it); a trailing `.*` is the path itself or anything below it."""
    want, have = pattern.split("."), variable.split(".")
    if want[-1] == "*":
        want = want[:-1]
        if len(have) < len(want):
            return False
        have = have[: len(want)]
    return len(want) == len(have) and all(fnmatchcase(h, w) for h, w in zip(have, want, strict=True))


def source_taint(variable: str, producers: dict[str, str] | None = None) -> Taint | None:
    """The catalogue's verdict on one variable; an ancestor of tainted paths (`trigger.call | to_json`) is tainted.
    `producers` (state name -> widget type) lets entries limited to some widget types (`widget_types`) apply."""
    for entry in _catalogue():
        if "widget_types" in entry and (producers or {}).get(variable.split(".")[1] if "." in variable else "") \
                not in entry["widget_types"]:
            continue
        if _matches(entry["pattern"], variable):
            if not entry["tainted"]:
                return None
            return Taint(variable, variable, entry["carries"], tuple(entry["safe_harbor"]))
    prefix = variable.split(".")
    below = [e for e in _catalogue() if e["tainted"] and "widget_types" not in e
             and _is_ancestor(prefix, e["pattern"].split("."))]
    if not below:
        return None
    carries = "an object that includes " + "; ".join(dict.fromkeys(e["carries"] for e in below))
    letters = tuple(dict.fromkeys(x for e in below for x in e["safe_harbor"]))
    return Taint(variable, variable, carries, letters)


def _is_ancestor(prefix: list[str], pattern: list[str]) -> bool:
    return len(prefix) < len(pattern) and all(fnmatchcase(p, w) for p, w in zip(prefix, pattern, strict=False))


def flow_variable_taints(states: list[Any]) -> dict[str, Taint]:
    """Taint of every `flow.variables.X` assigned from caller data, to a fixed point (chains of set-variables)."""
    tainted: dict[str, Taint] = {}
    producers = {st["name"]: str(st.get("type")) for st in states if isinstance(st, dict) and isinstance(st.get("name"), str)}
    changed = True
    while changed:
        changed = False
        for state in states:
            if not isinstance(state, dict) or state.get("type") != "set-variables":
                continue
            for entry in (state.get("properties") or {}).get("variables") or []:
                if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
                    continue
                name = "flow.variables." + entry["key"]
                if name in tainted:
                    continue
                for variable in _variables_of(str(entry.get("value", ""))):
                    taint = resolve(variable, tainted, producers)
                    if taint:
                        via = f"set from `{variable}` in state `{state.get('name')}`"
                        tainted[name] = Taint(name, taint.origin, taint.carries, taint.safe_harbor, via)
                        changed = True
                        break
    return tainted


def resolve(variable: str, flow_taints: dict[str, Taint], producers: dict[str, str] | None = None) -> Taint | None:
    """A template variable's taint: from the catalogue, or from a tainted flow variable (or a path below one)."""
    for name, taint in flow_taints.items():
        if variable == name or variable.startswith(name + "."):
            return Taint(variable, taint.origin, taint.carries, taint.safe_harbor, taint.via)
    return source_taint(variable, producers)


def _variables_of(text: str) -> list[str]:
    try:
        nodes = lex(text)
    except LiquidError:
        return []  # a broken value is Studio's to report; it cannot be followed
    return list(dict.fromkeys(_outputs(nodes)))


def _outputs(nodes: list[Node]) -> list[str]:
    found: list[str] = []
    for node in nodes:
        if isinstance(node, Output):
            found.extend(node.variables)
        elif isinstance(node, Block):
            found.extend(v for branch in node.branches for v in _outputs(branch))
    return found
