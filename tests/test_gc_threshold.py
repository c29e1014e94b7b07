"""A run collects cyclic garbage less often, and gives the caller its own collector settings back."""

from __future__ import annotations

import gc

import pytest

from flexlint.pipeline import RUN_GC_THRESHOLD, fewer_collections


def test_threshold_is_raised_during_a_run_and_restored_after() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] >= RUN_GC_THRESHOLD
        assert gc.get_threshold()[1:] == before[1:]
    assert gc.get_threshold() == before


def test_threshold_is_restored_when_a_run_fails() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("boom")
    assert gc.get_threshold() == before


def test_a_caller_with_a_higher_threshold_keeps_it() -> None:
    before = gc.get_threshold()
    gc.set_threshold(RUN_GC_THRESHOLD * 2, *before[1:])
    try:
        with fewer_collections():
            assert gc.get_threshold()[0] == RUN_GC_THRESHOLD * 2
    finally:
        gc.set_threshold(*before)


def test_a_disabled_collector_stays_disabled() -> None:
    before = gc.get_threshold()
    gc.set_threshold(0, *before[1:])
    try:
        with fewer_collections():
            assert gc.get_threshold()[0] == 0
        assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)


def test_overlapping_runs_restore_the_callers_setting() -> None:
    before = gc.get_threshold()
    first, second = fewer_collections(), fewer_collections()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first run ends while the second still goes on
    assert gc.get_threshold()[0] >= RUN_GC_THRESHOLD
    second.__exit__(None, None, None)
    assert gc.get_threshold() == before
