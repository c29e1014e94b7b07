"""Overlaps: one result per stretch of text.

A URL, an e-mail address or a street address is reported as a whole (the date, number or place name inside
it is not a finding of its own); then a result that lies inside another scoring at least as high is dropped.
"""

from __future__ import annotations

from flexlint.detect.refining.context import Refinement
from flexlint.detect.results import Raw

# A URL, an e-mail address or a street address is reported as a whole: the date, number or place name
# inside it is not a separate finding, whatever its score.
CONTAINER_ENTITIES = frozenset({"URL", "EMAIL_ADDRESS", "STREET_ADDRESS"})

def _contained(a: Raw, b: Raw) -> bool:
    """a lies within b (and is not the same span)."""
    return b.start <= a.start and a.end <= b.end and (a.start, a.end) != (b.start, b.end)



def drop_inside_containers(ref: Refinement, found: list[Raw]) -> list[Raw]:
    containers = [r for r in found if r.entity in CONTAINER_ENTITIES]
    if not containers:
        return found
    return [r for r in found if not any(_contained(r, c) for c in containers)]


def resolve_overlaps(ref: Refinement, found: list[Raw]) -> list[Raw]:
    """Drop a result that lies inside another result scoring at least as high (URL hits inside an e-mail
    address, a PERSON inside an address, the "1111" date inside a card number). Same span, different
    entities: keep the highest score (ties: the first, i.e. flexlint's own recognizers, loaded first).
    Returns the results sorted by (start, -score, end)."""
    ranked = sorted(found, key=lambda r: (-r.score, r.start, -(r.end - r.start)))
    out: list[Raw] = []
    for r in ranked:
        if any(_contained(r, o) or (o.start, o.end) == (r.start, r.end) for o in out):
            continue
        out.append(r)
    out.sort(key=lambda r: (r.start, -r.score, r.end))
    return out
