"""--jobs: files spread over worker processes. Each worker loads the model once and checks its share."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

from flexlint.cache import FileResult
from flexlint.settings import Settings
from flexlint.sources import Target


def check_in_processes(targets: Sequence[Target], settings: Settings, jobs: int) -> list[FileResult]:
    """Results in the order of `targets`, whatever order the workers finish in."""
    from flexlint.pipeline import check_targets

    # A few chunks per worker balance uneven files without paying per-file process overhead.
    size = max(1, -(-len(targets) // (jobs * 4)))
    chunks = [list(targets[i : i + size]) for i in range(0, len(targets), size)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(check_targets, chunk, settings) for chunk in chunks]
        return [result for future in futures for result in future.result()]
