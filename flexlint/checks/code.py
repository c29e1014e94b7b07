"""Code that writes task attributes: caller data and unresolved values by zone (FLX601-FLX604).

The analysis (flexlint/code/) rides on the payload as Payload.code_writes; this check decides the zone of
each write with the allowlist of the payload's configuration and words the finding. Messages name access
paths and keys (identifiers only), never a value.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from flexlint.allowlist import NESTED_SCOPES, Allowlist, hipaa_allowlist
from flexlint.code.catalog import shown
from flexlint.code.rules import CODE_RULES
from flexlint.model import Issue
from flexlint.payload import CodeWrite, Payload

if TYPE_CHECKING:
    from flexlint.settings import Settings


def zone_of(path: tuple[str, ...], allowlist: Allowlist) -> str:
    """Where the Events Filter leaves a value at `path`; `*` is a key the analysis cannot name, which may
    be a preserved one wherever preserved keys can be."""
    if not path or path[0] == "*":
        return "preserved"
    root = path[0]
    if not allowlist.keeps_root(root):
        return "dropped"
    if root in NESTED_SCOPES and len(path) > 1:
        return "preserved" if path[1] == "*" or allowlist.keeps(root, path[1]) else "dropped"
    return "preserved"


def _issue(write: CodeWrite, zone: str) -> Issue | None:
    attribute = shown(".".join(write.path)) if write.path else "the whole attributes"
    attribute = attribute.replace(".*", ".<computed key>").replace("*", "<computed key>")
    if write.kind == "input":
        harbor = ", ".join(x for x in write.safe_harbor if x != "any") or "any"
        where = "keeps: Flex Insights would store it" if zone == "preserved" else \
            "drops: it is kept out of Insights but stored in TaskRouter, event callbacks and Event Streams"
        code = "FLX601" if zone == "preserved" else "FLX602"
        return Issue(code, write.pointer, f"`{write.source}` carries {write.carries} (Safe Harbor: {harbor}); it is "
                     f"written into `{attribute}`, which the HIPAA Events Filter {where}")
    if write.kind == "input-key":
        return Issue("FLX604", write.pointer, f"a key of `{attribute.rsplit('.', 1)[0] if '.' in attribute else 'the attributes'}`"
                     f" is chosen at run time from `{write.source}` ({write.carries}): a request can write any "
                     "attribute, preserved ones included", target="key")
    if write.deferred or zone != "preserved":
        return None
    origin = f" (from `{write.source}`)" if write.source else ""
    if write.kind == "unknown":
        what = f"the value written into `{attribute}`{origin} cannot be resolved"
    elif write.kind == "unknown-key":
        what = f"a key computed at run time{origin} is written in `{attribute.rsplit('.', 1)[0] if '.' in attribute else 'the attributes'}`"
    else:
        what = f"an object the analysis cannot resolve{origin} is spread into `{attribute.rsplit('.', 1)[0] if '.' in attribute else 'the attributes'}`"
    return Issue("FLX603", write.pointer, f"{what}, and the HIPAA Events Filter keeps it: review that it holds no PHI",
                 target="key" if write.kind != "unknown" else "value")


class CodeCheck:
    rules = CODE_RULES

    def run(self, batch: Sequence[Payload], settings: Settings) -> Iterator[tuple[Payload, Issue]]:
        allowlist = hipaa_allowlist(settings.extra_preserved)
        for payload in batch:
            for write in payload.code_writes or ():
                issue = _issue(write, zone_of(write.path, allowlist))
                if issue is not None:
                    yield payload, issue


CHECK = CodeCheck()
