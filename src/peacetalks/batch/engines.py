"""Batch engines by name: the executor each one runs extraction on, opened and closed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from peacetalks.batch.executor import Executor, FileAccess, PipelineSpec, Writes
from peacetalks.batch.local import LocalExecutor
from peacetalks.batch.watchdog import DOC_TIMEOUT
from peacetalks.errors import EngineUnavailable
from peacetalks.pipeline import Pipeline

ENGINES = ("local", "dask")


@contextmanager
def open_executor(
    engine: str,
    pipeline: Pipeline,
    spec: PipelineSpec,
    *,
    address: str | None = None,
    workers: int | None = None,
    timeout: float | None = DOC_TIMEOUT,
    files: FileAccess = "auto",
    writes: Writes = "auto",
) -> Iterator[Executor]:
    """The executor of `engine`: `pipeline` runs here (local); `spec` is shipped (dask).

    `address`, `workers` and `files` only concern dask: the scheduler to use, or the size of
    the local cluster started when there is none; how its workers get the files ("paths" when
    they share this machine's files at the same paths; "auto": paths for a local cluster or a
    scheduler on this machine, the files' bytes otherwise). `timeout`: seconds of extraction
    per document here. `writes` (dask): who writes the records to the store, the workers
    ("auto": when they can reach it; see DaskExecutor.workers_store) or this process.
    """
    if engine == "local":
        yield LocalExecutor(pipeline, timeout=timeout)
        return
    if engine != "dask":
        raise EngineUnavailable(engine, "no such engine", f"Pick one of: {', '.join(ENGINES)}.")
    try:
        # Imported here: Dask is an optional extra, and costs ~0.5 s to import.
        from peacetalks.batch.distributed import DaskExecutor
    except ModuleNotFoundError as err:
        if (err.name or "").split(".")[0] not in ("dask", "distributed"):
            raise
        raise EngineUnavailable(
            "dask",
            f"Dask is not installed ({err.name})",
            "Install the extra: pip install 'peacetalks[distributed]'.",
        ) from err
    with DaskExecutor(
        spec, address=address, workers=workers, files=files, writes=writes
    ) as executor:
        yield executor
