"""Running a pipeline over many sources in this process: the reference batch executor."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Literal

from peacetalks.errors import UnreadableDocument
from peacetalks.ingest import MAX_BYTES, Source, read_document
from peacetalks.model import ClaimSet, Record
from peacetalks.pipeline import Pipeline
from peacetalks.store import Store

Status = Literal["added", "unchanged", "failed", "extracted"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one source."""

    source: Source
    status: Status
    record: Record | None = None
    error: str | None = None
    claims: ClaimSet | None = None


@dataclass(slots=True)
class Summary:
    """Counts of a batch run and the failures, each with its message."""

    added: int = 0
    unchanged: int = 0
    extracted: int = 0
    failures: list[Outcome] = field(default_factory=list)

    def count(self, outcome: Outcome) -> None:
        """Add one outcome to the tally."""
        if outcome.status == "failed":
            self.failures.append(outcome)
        elif outcome.status == "added":
            self.added += 1
        elif outcome.status == "unchanged":
            self.unchanged += 1
        else:
            self.extracted += 1


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOptions:
    """How sources are read: the size limit and the stream standing for '-'."""

    max_bytes: int = MAX_BYTES
    stdin: BinaryIO | None = None
    keep_claims: bool = False  # for --explain: the claims behind each record


def extract_records(
    sources: Iterable[Source], pipeline: Pipeline, options: ReadOptions = ReadOptions()
) -> Iterator[Outcome]:
    """The record of each source, or why it could not be read; nothing is stored."""
    for source in sources:
        try:
            doc = read_document(source, max_bytes=options.max_bytes, stdin=options.stdin)
        except UnreadableDocument as err:
            yield Outcome(source, "failed", error=str(err))
            continue
        if options.keep_claims:
            record, claims = pipeline.run_with_claims(doc)
            yield Outcome(source, "extracted", record=record, claims=claims)
        else:
            yield Outcome(source, "extracted", record=pipeline.run(doc))


def ingest_sources(
    sources: Iterable[Source],
    pipeline: Pipeline,
    store: Store,
    *,
    options: ReadOptions = ReadOptions(),
    on_outcome: Callable[[Outcome], None] | None = None,
) -> Summary:
    """Extract and store each source, one transaction per document; failures are tallied."""
    summary = Summary()
    for source in sources:
        outcome = _ingest_one(source, pipeline, store, options)
        summary.count(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return summary


def _ingest_one(source: Source, pipeline: Pipeline, store: Store, options: ReadOptions) -> Outcome:
    try:
        doc = read_document(source, max_bytes=options.max_bytes, stdin=options.stdin)
    except UnreadableDocument as err:
        return Outcome(source, "failed", error=str(err))
    if store.has_document(doc.id):
        # Same content already stored: nothing to extract (re-ingest is a no-op).
        return Outcome(source, "unchanged", record=Record(document=doc))
    record = pipeline.run(doc)
    status = store.add_record(record, pipeline=pipeline.fingerprint)
    return Outcome(source, status, record=record)
