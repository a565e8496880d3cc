"""Running a pipeline over many sources in this process: the reference batch executor."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, BinaryIO, Literal

from peacetalks.batch.executor import (
    Executor,
    Extracted,
    SourceExecutor,
    StoringExecutor,
)
from peacetalks.batch.watchdog import DOC_TIMEOUT, TooSlow, time_limit, too_slow_message
from peacetalks.errors import UnreadableDocument
from peacetalks.ingest import MAX_BYTES, Source, read_document
from peacetalks.model import ClaimSet, Document, Record
from peacetalks.pipeline import Pipeline

if TYPE_CHECKING:  # extracting needs no store: its import (SQLAlchemy) costs ~0.25 s
    from peacetalks.store import Store
    from peacetalks.store.files import FileStamp

Status = Literal["added", "unchanged", "failed", "extracted", "redated"]
# Documents per store transaction: one transaction per document writes 1.7x (SQLite) to 2.3x
# (PostgreSQL) slower (bench/scale.py); a killed run loses at most this many extracted documents.
WRITE_BATCH = 32
HOLD_LIMIT = 256  # outcomes held back to keep source order (see _InSourceOrder)
STAMPS_BATCH = 500  # file stamps of unchanged documents written together
STAMPS_LOOKUP = 64  # sources whose stamps are looked up in one query (read ahead of the run)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one source."""

    source: Source
    status: Status
    record: Record | None = None
    error: str | None = None
    claims: ClaimSet | None = None
    known_id: str | None = None  # unchanged file, not read again: the document it gave

    @property
    def document_id(self) -> str | None:
        """The id of the document this source gave, when there is one."""
        return self.record.document.id if self.record is not None else self.known_id


@dataclass(slots=True)
class Summary:
    """Counts of a batch run and the failures, each with its message."""

    added: int = 0
    unchanged: int = 0
    extracted: int = 0
    redated: int = 0  # stored content given a new publication date, extracted again
    failures: list[Outcome] = field(default_factory=list)

    def count(self, outcome: Outcome) -> None:
        """Add one outcome to the tally."""
        if outcome.status == "failed":
            self.failures.append(outcome)
        elif outcome.status == "added":
            self.added += 1
        elif outcome.status == "unchanged":
            self.unchanged += 1
        elif outcome.status == "redated":
            self.redated += 1
        else:
            self.extracted += 1


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOptions:
    """How sources are read: the size limit and the stream standing for '-'."""

    max_bytes: int = MAX_BYTES
    stdin: BinaryIO | None = None
    keep_claims: bool = False  # for --explain: the claims behind each record
    doc_timeout: float | None = DOC_TIMEOUT  # seconds of extraction per document (None: any)


def extract_records(
    sources: Iterable[Source],
    pipeline: Pipeline,
    options: ReadOptions = ReadOptions(),
    *,
    executor: Executor | None = None,
) -> Iterator[Outcome]:
    """The record of each source, or why it could not be read; nothing is stored.

    With an executor, documents are read ahead while it extracts; a source that cannot be
    read is reported before the records that follow it.
    """
    if executor is not None:
        yield from _extract_with(executor, sources, options)
        return
    for source in sources:
        try:
            doc = read_document(source, max_bytes=options.max_bytes, stdin=options.stdin)
        except UnreadableDocument as err:
            yield Outcome(source, "failed", error=str(err))
            continue
        extracted = extract_one(pipeline, doc, options.doc_timeout, keep_claims=options.keep_claims)
        if extracted.record is None:
            yield Outcome(source, "failed", error=not_extracted(source.name, extracted.error))
        else:
            yield Outcome(source, "extracted", record=extracted.record, claims=extracted.claims)


def _extract_with(
    executor: Executor, sources: Iterable[Source], options: ReadOptions
) -> Iterator[Outcome]:
    unreadable: list[Outcome] = []
    by_doc: dict[str, list[Source]] = {}

    def documents() -> Iterator[Document]:
        for source in sources:
            try:
                doc = read_document(source, max_bytes=options.max_bytes, stdin=options.stdin)
            except UnreadableDocument as err:
                unreadable.append(Outcome(source, "failed", error=str(err)))
                continue
            by_doc.setdefault(doc.id, []).append(source)
            yield doc

    for extracted in executor.extract(documents()):
        yield from unreadable
        unreadable.clear()
        source = by_doc[extracted.doc.id].pop(0)
        if extracted.record is None:
            yield Outcome(source, "failed", error=not_extracted(source.name, extracted.error))
        else:
            yield Outcome(source, "extracted", record=extracted.record, claims=extracted.claims)
    yield from unreadable


def extract_one(
    pipeline: Pipeline, doc: Document, timeout: float | None, *, keep_claims: bool = False
) -> Extracted:
    """One document's extraction under its time limit. An overrun, or a stage's exception
    (a bug), is that document's failure with a message; the batch goes on."""
    try:
        with time_limit(timeout):
            if keep_claims:
                record, claims = pipeline.run_with_claims(doc)
                return Extracted(doc, record, claims=claims)
            return Extracted(doc, pipeline.run(doc))
    except TooSlow as slow:
        return Extracted(doc, None, error=too_slow_message(slow.seconds))
    except Exception as err:
        return Extracted(
            doc,
            None,
            error=f"extraction failed ({type(err).__name__}: {err}); this is a bug in "
            "peacetalks: please report it with the file",
        )


def not_extracted(name: str, error: str | None) -> str:
    """An extraction failure's message, naming the document as a read failure does."""
    return f"Cannot extract {name}: {error or 'no record was made'}"


class LocalExecutor:
    """Runs the pipeline in this process, one document at a time: the reference executor."""

    def __init__(self, pipeline: Pipeline, *, timeout: float | None = DOC_TIMEOUT) -> None:
        self.pipeline = pipeline
        self.timeout = timeout

    def extract(self, docs: Iterable[Document]) -> Iterator[Extracted]:
        """Each document's record, in the order given; an overrun or a stage's exception is
        reported as that document's failure (see extract_one)."""
        for doc in docs:
            yield extract_one(self.pipeline, doc, self.timeout)


def ingest_sources(
    sources: Iterable[Source],
    pipeline: Pipeline,
    store: Store,
    *,
    options: ReadOptions = ReadOptions(),
    on_outcome: Callable[[Outcome], None] | None = None,
    executor: Executor | None = None,
    batch_size: int = WRITE_BATCH,
) -> Summary:
    """Extract and store each source; failures are tallied, never fatal.

    Sources are read here, or by the executor's workers when it reads them too (a
    SourceExecutor: Dask). Content already stored, or met earlier in this run, is reported
    unchanged and never extracted, so re-running over a folder that gained ten documents
    extracts ten. The executor (this process by default) extracts the rest, and the records
    are written `batch_size` documents per transaction: a killed run leaves whole documents.
    Outcomes are reported in source order (up to HOLD_LIMIT of them wait for a slow one).
    """
    summary = Summary()

    def report(outcome: Outcome) -> None:
        summary.count(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    reading = _NewDocuments(store, options, _InSourceOrder(report))
    chosen = executor or LocalExecutor(pipeline, timeout=options.doc_timeout)
    if isinstance(chosen, StoringExecutor):
        url = chosen.workers_store(store.url)
        if url is not None:
            _store_on_workers(chosen, url, sources, reading, options)
            return summary
    if isinstance(chosen, SourceExecutor):
        # Its workers read the files too: this process only decides what is extracted.
        extracting = chosen.extract_sources(
            reading.to_read(sources),
            reading.arrived,
            max_bytes=options.max_bytes,
            stdin=options.stdin,
        )
    else:
        extracting = chosen.extract(reading.documents(sources))
    batch: list[_Extracted] = []
    try:
        for extracted in extracting:
            index, source, stamp = reading.in_flight.pop(extracted.doc.id)
            if extracted.record is None:
                message = not_extracted(source.name, extracted.error)
                failed = Outcome(source, "failed", error=message)
                reading.ordered.put(index, failed)
                continue
            batch.append(_Extracted(index, source, extracted.record, stamp))
            if len(batch) >= batch_size:
                full, batch = batch, []
                _write(full, pipeline.fingerprint, reading)
    finally:
        # Also when a stage raised or the run was interrupted: what was extracted is kept.
        _write(batch, pipeline.fingerprint, reading)
    return summary


def _store_on_workers(
    executor: StoringExecutor,
    url: str,
    sources: Iterable[Source],
    reading: _NewDocuments,
    options: ReadOptions,
) -> None:
    """The workers read, extract and write; this process hands out the sources whose files
    changed since a run stored them, and notes each file's document. Chunks are written as
    they finish, their documents stamped in source order; outcomes are reported in it."""
    try:
        stored = executor.store_sources(
            reading.to_read(sources), url=url, max_bytes=options.max_bytes, stdin=options.stdin
        )
        for index, result in stored:
            source, stamp = reading.unread.pop(index)
            doc = result.document
            if stamp is not None and doc is not None and result.status != "failed":
                reading.remember(stamp, doc.id)
            record = Record(document=doc) if doc is not None else None
            reading.ordered.put(
                index, Outcome(source, result.status, record=record, error=result.error)
            )
    finally:
        reading.flush_stamps()


@dataclass(frozen=True, slots=True)
class _Extracted:
    """A record waiting to be written, and where its source stands in the run."""

    index: int
    source: Source
    record: Record
    stamp: FileStamp | None


class _InSourceOrder:
    """Hands outcomes on in the order of the sources, holding those that are ready early.

    A re-run where most documents are unchanged reads far ahead of the few being extracted;
    past `limit` held outcomes (each may carry a document's text), order gives way to memory
    and what is held is reported at once.
    """

    def __init__(self, report: Callable[[Outcome], None], limit: int = HOLD_LIMIT) -> None:
        self.report = report
        self.limit = limit
        self.next = 0
        self.held: dict[int, Outcome] = {}
        self.released: set[int] = set()  # reported early, ahead of `next`

    def put(self, index: int, outcome: Outcome) -> None:
        """The outcome of the source at `index` (counting from 0)."""
        self.held[index] = outcome
        while self.next in self.held or self.next in self.released:
            if self.next in self.held:
                self.report(self.held.pop(self.next))
            else:
                self.released.discard(self.next)
            self.next += 1
        if len(self.held) > self.limit:
            for early in sorted(self.held):
                self.report(self.held.pop(early))
                self.released.add(early)


class _NewDocuments:
    """Reads sources into documents, reporting unreadable and known content as it goes.

    A file whose size and modification time match what an earlier run stored is not read
    at all; others are read, and their content id decides.
    """

    def __init__(self, store: Store, options: ReadOptions, ordered: _InSourceOrder) -> None:
        self.store = store
        self.options = options
        self.ordered = ordered
        # Handed out to be read, not read yet: source and file stamp by source index.
        self.unread: dict[int, tuple[Source, FileStamp | None]] = {}
        # Handed out to be extracted, not yet back: source index, source, file stamp.
        self.in_flight: dict[str, tuple[int, Source, FileStamp | None]] = {}
        self.seen: set[str] = set()
        self.stamps: list[tuple[FileStamp, str]] = []  # of stored documents, to remember
        self.redating: set[str] = set()  # stored documents extracted again with a new date

    def _redates(self, source: Source, doc_id: str) -> bool:
        """Whether the source dates a stored document otherwise than the store does."""
        if source.published is None or not self.store.has_document(doc_id):
            return False
        return self.store.published_of(doc_id) != source.published

    def documents(self, sources: Iterable[Source]) -> Iterator[Document]:
        """The documents to extract, read here: readable, not stored, not met before in this run."""
        for index, source in self.to_read(sources):
            try:
                doc = read_document(
                    source, max_bytes=self.options.max_bytes, stdin=self.options.stdin
                )
            except UnreadableDocument as err:
                self.arrived(index, str(err))
                continue
            if self.arrived(index, doc):
                yield doc

    def to_read(self, sources: Iterable[Source]) -> Iterator[tuple[int, Source]]:
        """The sources to read, numbered in the run. A file whose stamp a run stored is
        reported unchanged here, and not read."""
        from peacetalks.store.files import stamp_of

        numbered = enumerate(sources)
        while group := list(islice(numbered, STAMPS_LOOKUP)):
            stamps = [
                stamp_of(source.location) if source.location and not source.problem else None
                for _, source in group
            ]
            stored = self.store.documents_of_files([s for s in stamps if s is not None])
            for (index, source), stamp in zip(group, stamps, strict=True):
                known = stored.get(stamp) if stamp is not None else None
                if known is not None and not self._redates(source, known):
                    self.ordered.put(index, Outcome(source, "unchanged", known_id=known))
                    continue
                self.unread[index] = (source, stamp)
                yield index, source

    def arrived(self, index: int, read: Document | str) -> bool:
        """Source `index` read: its document, or why it could not be read. Whether to
        extract the document: not when its content is stored or met before in this run."""
        source, stamp = self.unread.pop(index)
        if isinstance(read, str):
            self.ordered.put(index, Outcome(source, "failed", error=read))
            return False
        doc = read
        if doc.id not in self.seen and self._redates(source, doc.id):
            # --published or a manifest gives stored content a new date: extract again.
            self.seen.add(doc.id)
            self.redating.add(doc.id)
            self.in_flight[doc.id] = (index, source, stamp)
            return True
        if doc.id in self.seen or self.store.has_document(doc.id):
            # Same content already stored (or on its way): nothing to extract.
            if stamp is not None and doc.id not in self.seen:
                self.remember(stamp, doc.id)
            self.ordered.put(index, Outcome(source, "unchanged", record=Record(document=doc)))
            return False
        self.seen.add(doc.id)
        self.in_flight[doc.id] = (index, source, stamp)
        return True

    def remember(self, stamp: FileStamp, doc_id: str) -> None:
        """Note a stored document's file stamp; written in groups."""
        self.stamps.append((stamp, doc_id))
        if len(self.stamps) >= STAMPS_BATCH:
            self.flush_stamps()

    def flush_stamps(self) -> None:
        """Write the noted stamps (their documents must be stored already)."""
        stamps, self.stamps = self.stamps, []
        if stamps:
            self.store.remember_files(stamps)


def _write(batch: list[_Extracted], pipeline: str, reading: _NewDocuments) -> None:
    """Store a batch, then remember its files, then report it."""
    redated = [e.record for e in batch if e.record.document.id in reading.redating]
    records = [e.record for e in batch if e.record.document.id not in reading.redating]
    reading.store.redate_records(redated, pipeline=pipeline)
    added = iter(reading.store.add_records(records, pipeline=pipeline) if records else [])
    statuses: list[Status] = [
        "redated" if e.record.document.id in reading.redating else next(added) for e in batch
    ]
    for extracted in batch:
        if extracted.stamp is not None:
            reading.stamps.append((extracted.stamp, extracted.record.document.id))
    reading.flush_stamps()
    for extracted, status in zip(batch, statuses, strict=True):
        reading.ordered.put(
            extracted.index, Outcome(extracted.source, status, record=extracted.record)
        )
