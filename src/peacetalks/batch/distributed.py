"""Extraction on a Dask cluster; the only module that imports Dask (the `distributed` extra).

The client (this process) only coordinates. Workers read and parse the files: they get paths
when they see this machine's files (a cluster started here, a scheduler on this machine, or
files="paths"), and each file's bytes otherwise. When the workers can reach the database they
also write: a chunk of sources is then one task (`store_documents`: read, skip stored content,
extract, write the chunk in one transaction) and only each source's outcome comes back.
Otherwise a chunk is two tasks: its read, whose documents come back here (their text once:
the store keeps it), then the extraction of those the caller wants (content not stored
before), run where the read left them; records come back without their document. A cluster
started here runs in a child process, scheduler and nannies included, so that their upkeep
does not take this process's time.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import stat
import subprocess
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from distributed import Client, Future, LocalCluster
from distributed.comm.addressing import get_address_host_port
from sqlalchemy.engine import make_url

from peacetalks.batch.executor import Extracted, FileAccess, PipelineSpec, Stored, Writes
from peacetalks.batch.local import extract_one, not_extracted
from peacetalks.errors import EngineUnavailable, UnreadableDocument
from peacetalks.ingest import Source, read_document
from peacetalks.model import Actor, Agreement, Document, Event, Figure, Position, Record
from peacetalks.pipeline import Pipeline

if TYPE_CHECKING:
    from peacetalks.store import SqlStore

# Sources per task. A task costs this process ~1.5 ms of CPU (Dask's messages and futures):
# chunks of 32 make that ~0.1 ms a document for a read and an extraction, where chunks of 8
# made it 0.4 ms; throughput is the same (2 local workers: 174 documents/s in chunks of 8, 181
# in chunks of 32). A lost worker costs at most 32 extractions, and the last chunks of a run
# are shared out across the workers (see _chunks).
CHUNK_SIZE = 32
TASKS_PER_WORKER = 2  # extractions in flight per worker: one running, one waiting
READS_PER_WORKER = 1  # reads in flight per worker, ahead of the extractions
ATTEMPTS = 3  # a chunk whose worker died is sent again, up to this many times in all
CONNECT_TIMEOUT = "10s"
_ADDRESS_LINE = "peacetalks: local Dask cluster at "  # then the address and dashboard link

# A record without its document, which the client has from the read.
Items = tuple[
    tuple[Actor, ...],
    tuple[Event, ...],
    tuple[Position, ...],
    tuple[Agreement, ...],
    tuple[Figure, ...],
]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ReadHere:
    """A document read in this process (stdin, a URL) for a worker to extract and store, with
    what the worker needs of its source: its name (for messages) and the date it gives."""

    doc: Document
    name: str
    published: dt.date | None


@dataclass(frozen=True, slots=True)
class FileBytes:
    """A file read here for a worker that may not see it: its source and its bytes."""

    source: Source
    raw: bytes


class DaskExecutor:
    """Runs the pipeline on a Dask cluster: a local one, or the scheduler at `address`.

    Workers get the pipeline's spec (configuration text) and rebuild the same stages once
    each; sources (or documents) go out in chunks, records come back, and are yielded in the
    order given, so the store sees what a local run would give it.
    """

    def __init__(
        self,
        spec: PipelineSpec,
        *,
        address: str | None = None,
        workers: int | None = None,
        files: FileAccess = "auto",
        writes: Writes = "auto",
    ) -> None:
        self.spec = spec
        self.writes = writes
        self.cluster: ClusterProcess | None = None
        if address is None:
            self.cluster = ClusterProcess(workers or os.cpu_count() or 1)
            address = self.cluster.address
        else:
            _check_address(address)
        here = self.here = self.cluster is not None or _on_this_machine(address)
        # Workers on this machine open the files themselves; elsewhere they may not see them.
        self.paths = files == "paths" or (files == "auto" and here)
        try:
            self.client = Client(
                address,
                timeout=CONNECT_TIMEOUT,
                set_as_default=False,
                # Results straight from the workers when they are reachable (on this machine),
                # not relayed by the scheduler: 0.07 ms less of this process's CPU a document.
                direct_to_workers=here,
            )
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
        workers = self._workers()
        window: deque[_Extraction] = deque()
        for chunk in _chunks(docs, workers):
            window.append(_Extraction(chunk, self._submit_extraction(None, list(chunk))))
            if len(window) >= workers * TASKS_PER_WORKER:
                yield from self._collect(window.popleft())
        while window:
            yield from self._collect(window.popleft())

    def extract_sources(
        self,
        sources: Iterable[tuple[int, Source]],
        arrived: Callable[[int, Document | str], bool],
        *,
        max_bytes: int,
        stdin: BinaryIO | None = None,
    ) -> Iterator[Extracted]:
        """Workers read each source (numbered by the caller); `arrived` gets its document or
        why it could not be read, in the order given, and says whether to extract it; yields
        the extraction of each document it accepted, in that order (see SourceExecutor)."""
        workers = self._workers()
        chunks = _chunks(sources, workers)
        reading: deque[_Reading] = deque()
        extracting: deque[_Extraction] = deque()
        more = True
        while True:
            while more and len(reading) < workers * READS_PER_WORKER:
                chunk = next(chunks, None)
                if chunk is None:
                    more = False
                else:
                    reading.append(self._read(chunk, max_bytes, stdin))
            if extracting and (not reading or len(extracting) >= workers * TASKS_PER_WORKER):
                yield from self._collect(extracting.popleft())
            elif reading:
                extraction = self._admit(reading.popleft(), arrived, max_bytes)
                if extraction is not None:
                    extracting.append(extraction)
            else:
                return

    def workers_store(self, url: str) -> str | None:
        """The URL the workers write to: a SQLite file when they run on this machine (its
        absolute path), a PostgreSQL server they can reach (not this machine's loopback from
        elsewhere); None when this process writes (`writes="client"`, an in-memory database,
        or one the workers cannot reach under "auto")."""
        if self.writes == "client":
            return None
        reachable = _reachable_store(url, here=self.here)
        if reachable is None and self.writes == "workers":
            raise EngineUnavailable(
                "dask",
                f"the workers cannot write to {_shown(url)}: a SQLite file is theirs only on "
                "this machine, an in-memory database never, and a PostgreSQL server on this "
                "machine's loopback is not theirs from elsewhere",
                "Leave out --writes workers (this process then writes), or give --db a "
                "PostgreSQL server the workers reach.",
            )
        return reachable

    def store_sources(
        self,
        sources: Iterable[tuple[int, Source]],
        *,
        url: str,
        max_bytes: int,
        stdin: BinaryIO | None = None,
    ) -> Iterator[tuple[int, Stored]]:
        """Workers read, extract and store each chunk of sources into `url` (what no worker
        can read is read here and sent); yields each source's number and what became of it,
        in the order given. A chunk whose worker died is sent again: its documents stored
        before that are then "unchanged"."""
        workers = self._workers()
        window: deque[_Storing] = deque()
        started = dt.datetime.now(dt.UTC)
        for chunk in _chunks(sources, workers):
            window.append(self._store_chunk(chunk, url, max_bytes, stdin, started))
            if len(window) >= workers * TASKS_PER_WORKER:
                yield from self._stored(window.popleft(), url, max_bytes)
        while window:
            yield from self._stored(window.popleft(), url, max_bytes)

    def _store_chunk(
        self,
        chunk: list[tuple[int, Source]],
        url: str,
        max_bytes: int,
        stdin: BinaryIO | None,
        started: dt.datetime,
    ) -> _Storing:
        """Send a chunk to be stored; each document is stamped ingested at the run's start
        plus its number in microseconds, so that the store lists them in the order of the
        sources (as a local run does), whichever chunk is written first."""
        failed: dict[int, Stored] = {}  # by place in the chunk: unreadable here
        jobs: list[Source | FileBytes | ReadHere] = []
        times: list[dt.datetime] = []
        for position, (key, source) in enumerate(chunk):
            job: Source | FileBytes | ReadHere | None = self._job(source, max_bytes)
            if job is None:
                read = _read_here(source, max_bytes, stdin)
                if isinstance(read, str):
                    failed[position] = Stored("failed", error=read)
                    continue
                job = ReadHere(read, source.name, source.published)
            jobs.append(job)
            times.append(started + dt.timedelta(microseconds=key))
        future = self._submit_store(url, jobs, times, max_bytes) if jobs else None
        return _Storing(chunk, failed, jobs, times, future)

    def _submit_store(
        self,
        url: str,
        jobs: list[Source | FileBytes | ReadHere],
        times: list[dt.datetime],
        max_bytes: int,
    ) -> Future[list[Stored]]:
        future: Future[list[Stored]] = self.client.submit(
            store_documents, self.spec, url, jobs, times, max_bytes, pure=False
        )
        return future

    def _stored(self, storing: _Storing, url: str, max_bytes: int) -> Iterator[tuple[int, Stored]]:
        results: list[Stored] = []
        attempt = 1
        while storing.future is not None:
            try:
                results = storing.future.result()
            # As for extractions (see _collect): the chunk's documents may not be stored.
            except Exception as err:
                if attempt == ATTEMPTS:
                    lost = [_not_stored(job, err) for job in storing.jobs]
                    results = [Stored("failed", error=message) for message in lost]
                    break
                attempt += 1
                storing.future = self._submit_store(url, storing.jobs, storing.times, max_bytes)
                continue
            break
        from_workers = iter(results)
        for position, (key, _) in enumerate(storing.chunk):
            yield key, storing.failed.get(position) or next(from_workers)

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

    def _workers(self) -> int:
        return len(self.client.scheduler_info().get("workers", {})) or 1

    def _read(
        self, chunk: list[tuple[int, Source]], max_bytes: int, stdin: BinaryIO | None
    ) -> _Reading:
        """Start reading a chunk: on a worker, but here what no worker can read."""
        here: dict[int, Document | str] = {}
        jobs: list[Source | FileBytes] = []
        for position, (_, source) in enumerate(chunk):
            job = self._job(source, max_bytes)
            if job is None:
                here[position] = _read_here(source, max_bytes, stdin)
            else:
                jobs.append(job)
        future = self._submit_read(jobs, max_bytes) if jobs else None
        return _Reading(chunk, here, jobs, future)

    def _job(self, source: Source, max_bytes: int) -> Source | FileBytes | None:
        """What a worker gets to read `source`: itself (a path) or the file's bytes. None for
        what is read here: stdin, a URL, a source with a problem, a file whose bytes this
        process cannot take (too large, not a regular file: reading it says why)."""
        if source.location is None or source.problem:
            return None
        if self.paths:
            return source
        raw = _file_bytes(source.location, max_bytes)
        return None if raw is None else FileBytes(source, raw)

    def _admit(
        self,
        reading: _Reading,
        arrived: Callable[[int, Document | str], bool],
        max_bytes: int,
    ) -> _Extraction | None:
        """Hand the chunk's reads to `arrived`, in order; extract the documents it accepts."""
        from_workers = iter(enumerate(self._reads(reading, max_bytes)))
        docs: list[Document] = []
        picks: list[int | Document] = []  # a worker's read by its place, or a document read here
        for position, (key, _) in enumerate(reading.chunk):
            pick: int | None = None
            if position in reading.here:
                read = reading.here[position]
            else:
                pick, read = next(from_workers)
            if arrived(key, read) and isinstance(read, Document):
                docs.append(read)
                picks.append(read if pick is None else pick)
        if not docs:
            return None
        on_worker = reading.future if any(isinstance(p, int) for p in picks) else None
        return _Extraction(docs, self._submit_extraction(on_worker, picks))

    def _reads(self, reading: _Reading, max_bytes: int) -> list[Document | str]:
        """The worker's reads of a chunk, in order; a lost read is sent again."""
        attempt = 1
        while reading.future is not None:
            try:
                results: list[Document | str] = reading.future.result()
            # As for extractions (see _collect): the chunk's sources have no document yet.
            except Exception as err:
                if attempt == ATTEMPTS:
                    return [_unread(job, err) for job in reading.jobs]
                attempt += 1
                reading.future = self._submit_read(reading.jobs, max_bytes)
                continue
            return results
        return []  # nothing was sent to a worker

    def _submit_read(
        self, jobs: list[Source | FileBytes], max_bytes: int
    ) -> Future[list[Document | str]]:
        # Ahead of the extractions queued with it: the next extraction to send waits on it.
        future: Future[list[Document | str]] = self.client.submit(
            read_sources, jobs, max_bytes, pure=False, priority=1
        )
        return future

    def _submit_extraction(
        self, read: Future[list[Document | str]] | None, picks: list[int | Document]
    ) -> Future[list[Items | Record | str]]:
        # pure=False: a resubmitted chunk is new work, never the lost result's key again.
        future: Future[list[Items | Record | str]] = self.client.submit(
            extract_documents, self.spec, read, picks, pure=False
        )
        return future

    def _collect(self, extraction: _Extraction) -> Iterator[Extracted]:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                results = extraction.future.result()
            # Dask raises KilledWorker when workers died running the task, and others when
            # the scheduler lost it; either way the chunk's documents have no record yet.
            except Exception as err:
                if attempt == ATTEMPTS:
                    for doc in extraction.docs:
                        yield Extracted(doc, None, _lost(err))
                    return
                # Sent again with the documents themselves: their read may be lost too.
                extraction.future = self._submit_extraction(None, list(extraction.docs))
                continue
            for doc, result in zip(extraction.docs, results, strict=True):
                yield _extracted(doc, result)
            return

    def _close_cluster(self) -> None:
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None


@dataclass(slots=True)
class _Reading:
    """A chunk of numbered sources being read: by a worker, and here what no worker can."""

    chunk: list[tuple[int, Source]]
    here: dict[int, Document | str]  # by place in the chunk: read in this process
    jobs: list[Source | FileBytes]  # the others, in order, as the worker got them
    future: Future[list[Document | str]] | None


@dataclass(slots=True)
class _Storing:
    """A chunk of numbered sources being read, extracted and stored by a worker."""

    chunk: list[tuple[int, Source]]
    failed: dict[int, Stored]  # by place in the chunk: could not be read here
    jobs: list[Source | FileBytes | ReadHere]  # the others, in order, as the worker got them
    times: list[dt.datetime]  # when each job's document is stamped ingested
    future: Future[list[Stored]] | None


@dataclass(slots=True)
class _Extraction:
    """Documents being extracted, and the task that extracts them."""

    docs: list[Document]
    future: Future[list[Items | Record | str]]


def read_sources(jobs: list[Source | FileBytes], max_bytes: int) -> list[Document | str]:
    """On a worker: each source's document, or the message saying why it cannot be read (the
    one a read on the client gives)."""
    read: list[Document | str] = []
    for job in jobs:
        try:
            read.append(_document_of(job, max_bytes))
        except UnreadableDocument as err:
            read.append(str(err))
        # A reader's bug: that file fails, not its chunk-mates.
        except Exception as err:
            name = job.source.name if isinstance(job, FileBytes) else job.name
            read.append(
                str(
                    UnreadableDocument(
                        name,
                        f"reading it failed ({type(err).__name__}: {err})",
                        "This is a bug in peacetalks: please report it with the file.",
                    )
                )
            )
    return read


def extract_documents(
    spec: PipelineSpec, read: list[Document | str] | None, picks: list[int | Document]
) -> list[Items | Record | str]:
    """On a worker: the record of each document picked (by its place in `read`, or given),
    without the document, or why there is none (as the local executor says it)."""
    pipeline = _pipeline(spec)
    results: list[Items | Record | str] = []
    for pick in picks:
        doc = pick if isinstance(pick, Document) else (read or [])[pick]
        if not isinstance(doc, Document):
            raise TypeError(f"pick {pick} is not a document read")
        # No time limit: it is enforced on a main thread only, and tasks run on others.
        extracted = extract_one(pipeline, doc, None)
        record = extracted.record
        if record is None:
            results.append(extracted.error or "no record was made")
        elif record.document is doc:
            items = (record.actors, record.events, record.positions, record.agreements)
            results.append((*items, record.figures))
        else:  # a pipeline that changed the document: send it all
            results.append(record)
    return results


def store_documents(
    spec: PipelineSpec,
    url: str,
    jobs: list[Source | FileBytes | ReadHere],
    times: list[dt.datetime],
    max_bytes: int,
) -> list[Stored]:
    """On a worker: read each source, extract what the store does not hold yet, and write the
    chunk's records in one transaction (Store.add_records, which lets the database decide
    what is new: workers racing on the same content store it once). Returns what became of
    each source, as a local run would report it, with documents that carry no text. `times`:
    when each job's document is stamped ingested."""
    pipeline = _pipeline(spec)
    store = _store(url)
    stored: list[Stored | None] = [None] * len(jobs)
    new: list[tuple[int, Record]] = []
    redated: list[tuple[int, Record]] = []
    seen: set[str] = set()
    for place, job in enumerate(jobs):
        name, published = _name_and_date(job)
        if isinstance(job, ReadHere):
            doc = job.doc
        else:
            read = read_sources([job], max_bytes)[0]
            if isinstance(read, str):
                stored[place] = Stored("failed", error=read)
                continue
            doc = read
        shown = replace(doc, text="")
        redate = (
            doc.id not in seen
            and published is not None
            and store.has_document(doc.id)
            and store.published_of(doc.id) != published
        )
        if not redate and (doc.id in seen or store.has_document(doc.id)):
            stored[place] = Stored("unchanged", shown)
            continue
        seen.add(doc.id)
        extracted = extract_one(pipeline, doc, None)
        if extracted.record is None:
            stored[place] = Stored("failed", error=not_extracted(name, extracted.error))
            continue
        (redated if redate else new).append((place, extracted.record))
    if redated:
        store.redate_records([record for _, record in redated], pipeline=pipeline.fingerprint)
        for place, record in redated:
            stored[place] = Stored("redated", replace(record.document, text=""))
    if new:
        statuses = store.add_records(
            [record for _, record in new],
            pipeline=pipeline.fingerprint,
            at=[times[place] for place, _ in new],
        )
        for (place, record), status in zip(new, statuses, strict=True):
            stored[place] = Stored(status, replace(record.document, text=""))
    return [result or Stored("failed", error="no outcome") for result in stored]


def _name_and_date(job: Source | FileBytes | ReadHere) -> tuple[str, dt.date | None]:
    if isinstance(job, ReadHere):
        return job.name, job.published
    source = job.source if isinstance(job, FileBytes) else job
    return source.name, source.published


_open_stores: dict[str, SqlStore] = {}


def _store(url: str) -> SqlStore:
    """The store at `url`, opened once per worker process (its pool of connections kept); a
    store of another URL, opened by an earlier run, is closed first."""
    from peacetalks.store import open_store

    found = _open_stores.get(url)
    if found is None:
        for earlier in _open_stores.values():
            earlier.close()
        _open_stores.clear()
        found = _open_stores[url] = open_store(url)
    return found


def _reachable_store(url: str, *, here: bool) -> str | None:
    """The URL of the store at `url` as workers (`here`: on this machine) can open it, or
    None when they cannot."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if not here or not database or database == ":memory:" or database.startswith("file:"):
            return None
        resolved = parsed.set(database=str(Path(database).resolve()))
        return resolved.render_as_string(hide_password=False)
    host = parsed.host or "localhost"
    if (_loopback(host) or host.startswith("/")) and not here:  # "/": a local socket's folder
        return None
    return parsed.render_as_string(hide_password=False)


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


@functools.lru_cache(maxsize=4)
def _pipeline(spec: PipelineSpec) -> Pipeline:
    """The pipeline of a spec, built once per worker process (spaCy and the registry load)."""
    return spec.build()


def _document_of(job: Source | FileBytes, max_bytes: int) -> Document:
    if isinstance(job, Source):
        return read_document(job, max_bytes=max_bytes)
    # A file this worker may not see: read_document reads a copy here under the same name
    # and suffix, so that the format, checks, limits and messages are those of a read there.
    suffix = job.source.location.suffix if job.source.location is not None else ""
    with tempfile.TemporaryDirectory(prefix="peacetalks-read-") as folder:
        copy = Path(folder) / f"document{suffix}"
        copy.write_bytes(job.raw)
        return read_document(replace(job.source, location=copy), max_bytes=max_bytes)


def _extracted(doc: Document, result: Items | Record | str) -> Extracted:
    if isinstance(result, str):
        return Extracted(doc, None, result)
    if isinstance(result, Record):
        return Extracted(doc, result)
    actors, events, positions, agreements, figures = result
    record = Record(
        document=doc,
        actors=actors,
        events=events,
        positions=positions,
        agreements=agreements,
        figures=figures,
    )
    return Extracted(doc, record)


def _read_here(source: Source, max_bytes: int, stdin: BinaryIO | None) -> Document | str:
    try:
        return read_document(source, max_bytes=max_bytes, stdin=stdin)
    except UnreadableDocument as err:
        return str(err)


def _file_bytes(path: Path, max_bytes: int) -> bytes | None:
    """A regular file's bytes within the size limit; None for anything else (a read here
    then says what is wrong)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None  # opening a FIFO would block
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError:
        return None
    return raw if len(raw) <= max_bytes else None


def _chunks(items: Iterable[T], workers: int) -> Iterator[list[T]]:
    """Items in chunks of CHUNK_SIZE; once the input is done, what is left is shared out
    evenly (one chunk per worker at most), so that no worker idles while one works on a long
    last chunk."""
    iterator = iter(items)
    window = CHUNK_SIZE * workers
    ahead = list(islice(iterator, window))
    while len(ahead) >= window:  # more may follow
        yield ahead[:CHUNK_SIZE]
        ahead = ahead[CHUNK_SIZE:] + list(islice(iterator, CHUNK_SIZE))
    if ahead:
        size = -(-len(ahead) // workers)
        for start in range(0, len(ahead), size):
            yield ahead[start : start + size]


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


def _on_this_machine(address: str) -> bool:
    """Whether the scheduler listens on this machine's loopback: its workers are here too."""
    return _loopback(str(get_address_host_port(address)[0]))


def _loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")


def _lost(err: Exception) -> str:
    return (
        f"{ATTEMPTS} tries on the cluster failed ({type(err).__name__}: {err}).\n"
        "  If workers died, they may be short of memory; if a stage is unknown there, install "
        "the same peacetalks and stage plugins on every worker. Ingest again to retry."
    )


def _not_stored(job: Source | FileBytes | ReadHere, err: Exception) -> str:
    name, _ = _name_and_date(job)
    return not_extracted(name, _lost(err))


def _unread(job: Source | FileBytes, err: Exception) -> str:
    source = job.source if isinstance(job, FileBytes) else job
    return str(
        UnreadableDocument(
            source.name,
            f"{ATTEMPTS} tries to read it on the cluster failed ({type(err).__name__}: {err})",
            "If workers died, they may be short of memory; if they cannot open this machine's "
            "files, let them have the files' bytes (leave out --shared-files). Ingest again "
            "to retry.",
        )
    )


class ClusterProcess:
    """A Dask cluster of `workers` processes on this machine, run by a child process with its
    scheduler and nannies: their upkeep (5% of a core, heartbeats and monitors) and their
    share of every task's messages are not this process's. The child stops the cluster when
    this process closes its stdin, or dies."""

    def __init__(self, workers: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", __name__, str(workers)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            # Out of the terminal's process group: Ctrl-C interrupts this process alone,
            # which then stops the cluster in order (closing stdin) after storing its batch.
            start_new_session=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        self.process.stdout.close()
        if not line.startswith(_ADDRESS_LINE):
            self.close()
            raise EngineUnavailable(
                "dask",
                f"the local cluster did not start (exit status {self.process.returncode})",
                "See the error above; or start a scheduler and workers and give --address.",
            )
        self.address, _, self.dashboard_link = (
            line.removeprefix(_ADDRESS_LINE).strip().partition(" ")
        )

    def close(self) -> None:
        """Stop the cluster and wait for its process (killed if it does not end in 60 s)."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def serve(workers: int) -> None:
    """In the child process of ClusterProcess: start the cluster, tell its address on stdout,
    and keep it until stdin ends."""
    # Only the address goes to the parent's pipe, which nobody reads afterwards: anything
    # else written to stdout (by the workers, started with this process's) goes to stderr.
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    with LocalCluster(
        n_workers=workers,
        threads_per_worker=1,  # the stages are pure Python: processes, not threads
        processes=True,
        host="127.0.0.1",
        # Any free port: None still means 8787, and a second cluster (another ingest, a
        # notebook) holding it made the start warn and, in the tests, fail.
        dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    ) as cluster:
        channel.write(f"{_ADDRESS_LINE}{cluster.scheduler_address} {cluster.dashboard_link}\n")
        channel.close()
        sys.stdin.read()


if __name__ == "__main__":
    serve(int(sys.argv[1]))
