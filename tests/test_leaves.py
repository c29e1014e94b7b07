"""The preserved-only walk the detectors use gives exactly the preserved leaves of the full walk, less the
skipped fields."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flexlint.allowlist import NESTED_SCOPES, hipaa_allowlist
from flexlint.leaves import leaves_of
from flexlint.model import Leaf

# Keys drawn from what the allowlist keeps and drops at each level, plus keys that need escaping.
ROOT_KEYS = ["conversations", "customers", "media", "direction", "from_country", "reason", "name", "a/b", "t~1"]
NESTED_KEYS = ["case", "content", "hold_time", "queue", "notes", "conversation_attribute_1", "email", "x/y"]
scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=4)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.sampled_from("ab"), inner, max_size=2), max_leaves=4)
nested = st.dictionaries(st.sampled_from(NESTED_KEYS), values, max_size=5)
payloads = st.dictionaries(st.sampled_from(ROOT_KEYS), nested | values, max_size=6)
SKIP = frozenset({("direction",), ("from_country",), ("reason",), ("conversations", "hold_time"), ("conversations", "queue"),
                  ("customers", "case")})  # fmt: skip
# A configuration that preserves keys needing RFC 6901 escapes, at the root and inside conversations.
EXTRA = (("root", ("a/b", "t~1")), ("conversations", ("x/y",)))


def _reference(attributes: dict, skip: frozenset[tuple[str, ...]], extra: tuple = ()) -> list[Leaf]:
    out = []
    for leaf in leaves_of(attributes, hipaa_allowlist(extra)):
        path = leaf.path
        if leaf.zone != "preserved":
            continue
        if len(path) == 1 and path in skip and not isinstance(leaf.value, (dict, list)):
            continue  # a skipped root field holding a container is still walked
        if path[0] in NESTED_SCOPES and isinstance(attributes[path[0]], dict) and path[:2] in skip:
            continue
        out.append(leaf)
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payloads, st.sampled_from([frozenset(), SKIP]), st.sampled_from([(), EXTRA]))
def test_preserved_walk_is_the_full_walk_filtered(attributes: dict, skip: frozenset[tuple[str, ...]], extra: tuple) -> None:
    walked = leaves_of(attributes, hipaa_allowlist(extra), preserved_only=True, skip=skip)
    assert walked == _reference(attributes, skip, extra)
