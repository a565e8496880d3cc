"""Extraction on a Dask cluster; the only module that imports Dask (the `distributed` extra)."""

from __future__ import annotations

import functools
import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from types import TracebackType

from distributed import Client, Future, LocalCluster
from distributed.comm.addressing import get_address_host_port

from peacetalks.batch.executor import Extracted, PipelineSpec
from peacetalks.errors import EngineUnavailable
from peacetalks.model import Document, Record
from peacetalks.pipeline import Pipeline

# Documents per task. On 2 local workers, chunks of 1 extracted 110 documents/s, of 8 174,
# of 32 181: 8 keeps the per-task overhead small while a lost worker costs little work.
CHUNK_SIZE = 8
TASKS_PER_WORKER = 4  # tasks in flight per worker: enough to hide the round trips
ATTEMPTS = 3  # a chunk whose worker died is sent again, up to this many times in all
CONNECT_TIMEOUT = "10s"


class DaskExecutor:
    """Runs the pipeline on a Dask cluster: a local one, or the scheduler at `address`.

    Workers get the pipeline's spec (configuration text) and rebuild the same stages once
    each; documents go out in chunks, records come back, and are yielded in the order given,
    so the store sees what a local run would give it.
    """

    def __init__(
        self, spec: PipelineSpec, *, address: str | None = None, workers: int | None = None
    ) -> None:
        self.spec = spec
        self.cluster: LocalCluster | None = None
        if address is None:
            self.cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,  # the stages are pure Python: processes, not threads
                processes=True,
                host="127.0.0.1",
                # Any free port: None still means 8787, and a second cluster (another ingest, a
                # notebook) holding it made the start warn and, in the tests, fail.
                dashboard_address="127.0.0.1:0",
                silence_logs=logging.ERROR,
            )
            address = self.cluster.scheduler_address
        else:
            _check_address(address)
        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except OSError as err:
            self._close_cluster()
            raise EngineUnavailable(
                "dask",
                f"no Dask scheduler answers at {address} ({err})",
                "Check --address (e.g. tcp://10.0.0.5:8786) and that the scheduler runs, "
                "or leave --address out for a cluster on this machine.",
            ) from err

    def extract(self, docs: Iterable[Document]) -> Iterator[Extracted]:
        """Each document's record, in the order given; a lost chunk is sent again."""
        workers = len(self.client.scheduler_info().get("workers", {})) or 1
        window: deque[tuple[list[Document], Future[list[Record | str]]]] = deque()
        iterator = iter(docs)
        while chunk := list(islice(iterator, CHUNK_SIZE)):
            window.append((chunk, self._submit(chunk)))
            if len(window) >= workers * TASKS_PER_WORKER:
                yield from self._collect(*window.popleft())
        while window:
            yield from self._collect(*window.popleft())

    def close(self) -> None:
        """Disconnect, and stop the local cluster if this executor started it."""
        self.client.close()
        self._close_cluster()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _submit(self, chunk: list[Document]) -> Future[list[Record | str]]:
        # pure=False: a resubmitted chunk is new work, never the lost result's key again.
        future: Future[list[Record | str]] = self.client.submit(
            extract_chunk, self.spec, chunk, pure=False
        )
        return future

    def _collect(
        self, chunk: list[Document], future: Future[list[Record | str]]
    ) -> Iterator[Extracted]:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                results = future.result()
            # Dask raises KilledWorker when workers died running the task, and others when
            # the scheduler lost it; either way the chunk's documents have no record yet.
            except Exception as err:
                if attempt == ATTEMPTS:
                    for doc in chunk:
                        yield Extracted(doc, None, _lost(doc, err))
                    return
                future = self._submit(chunk)
                continue
            for doc, result in zip(chunk, results, strict=True):
                if isinstance(result, Record):
                    yield Extracted(doc, result)
                else:
                    yield Extracted(doc, None, result)
            return

    def _close_cluster(self) -> None:
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None


def extract_chunk(spec: PipelineSpec, docs: list[Document]) -> list[Record | str]:
    """On a worker: each document's record, or the message of the error that stopped it."""
    pipeline = _pipeline(spec)
    results: list[Record | str] = []
    for doc in docs:
        try:
            results.append(pipeline.run(doc))
        # A stage failing on one document is a bug, but must not sink its chunk-mates or
        # the run: the document is reported with the error, as an unreadable one would be.
        except Exception as err:
            results.append(
                f"Cannot extract {doc.path or doc.id}: {type(err).__name__}: {err}.\n"
                "  This is a bug in a stage; please report it with the document."
            )
    return results


@functools.lru_cache(maxsize=4)
def _pipeline(spec: PipelineSpec) -> Pipeline:
    """The pipeline of a spec, built once per worker process (spaCy and the registry load)."""
    return spec.build()


def _check_address(address: str) -> None:
    """Refuse a malformed --address before a Client half-starts on it (and hangs on exit)."""
    try:
        get_address_host_port(address)
    except ValueError as err:
        raise EngineUnavailable(
            "dask",
            f"{address!r} is not a scheduler address ({err})",
            "Write it as tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786.",
        ) from err


def _lost(doc: Document, err: Exception) -> str:
    return (
        f"Cannot extract {doc.path or doc.id}: {ATTEMPTS} tries on the cluster failed "
        f"({type(err).__name__}: {err}).\n"
        "  If workers died, they may be short of memory; if a stage is unknown there, install "
        "the same peacetalks and stage plugins on every worker. Ingest again to retry."
    )
