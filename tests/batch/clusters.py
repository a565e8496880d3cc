"""A Dask cluster of two worker processes on this machine, for the tests that need one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def two_workers() -> Iterator[Any]:
    """Two single-threaded worker processes (each restarted by its nanny when killed)."""
    import distributed

    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",  # 8787 may be held by another cluster
    ) as started:
        yield started
