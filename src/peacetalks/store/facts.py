"""Reconciled facts in the store: replaced block by block, read with their sources and reviews."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    and_,
    bindparam,
    cast,
    delete,
    func,
    literal,
    select,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.sql import Select

from peacetalks.model import Document, Record, Span
from peacetalks.model.facts import (
    Fact,
    FactSource,
    MergedFact,
    Review,
    SourcedItem,
    StoredState,
    digest_of_state,
    digest_state,
    document_name,
    make_digest,
    merge_digest_states,
)
from peacetalks.model.format import ITEM_KINDS, ItemKind, item_from_dict
from peacetalks.store.cache import note_change
from peacetalks.store.tables import (
    FACT_COLUMNS,
    documents,
    fact_sources,
    facts,
    items,
    new_actors,
    reconciled_documents,
    reviews,
)

CHUNK = 500  # values per IN (...): SQLite allows 32,766 parameters, PostgreSQL 65,535


def documents_to_reconcile(engine: Engine, reconciler: str) -> tuple[list[str], bool]:
    """Ids of documents not yet reconciled, and whether facts made by other rules exist.

    When older rules made the stored facts, every document must be reconciled again.
    """
    with engine.connect() as connection:
        done = dict(
            connection.execute(
                select(reconciled_documents.c.document_id, reconciled_documents.c.reconciler)
            ).all()
        )
        ids = [
            row[0] for row in connection.execute(select(documents.c.id).order_by(documents.c.id))
        ]
    stale = any(version != reconciler for version in done.values())
    if stale:
        return ids, True
    return [i for i in ids if i not in done], False


def load_records(engine: Engine, ids: Sequence[str]) -> Iterator[Record]:
    """The stored records of the given documents, in id order."""
    with engine.connect() as connection:
        for chunk in _chunks(sorted(ids)):
            about = select(
                documents.c.id,
                documents.c.path,
                documents.c.title,
                documents.c.publisher,
                documents.c.published,
                documents.c.kind,
            )  # not the text: reconciliation never reads it
            rows = connection.execute(
                about.where(documents.c.id.in_(chunk)).order_by(documents.c.id)
            ).mappings()
            docs = {row["id"]: row for row in rows}
            grouped: dict[str, dict[str, list[Any]]] = {
                i: {kind: [] for kind in ITEM_KINDS} for i in docs
            }
            found = connection.execute(
                select(items.c.document_id, items.c.kind, items.c.payload)
                .where(items.c.document_id.in_(chunk))
                .order_by(items.c.document_id, items.c.kind, items.c.seq)
            )
            for doc_id, kind, payload in found:
                grouped[doc_id][kind].append(item_from_dict(kind, payload))
            for doc_id, row in docs.items():
                doc = Document(
                    id=doc_id,
                    text="",  # reconciliation reads items and evidence, never the whole text
                    path=row["path"],
                    title=row["title"],
                    publisher=row["publisher"],
                    published=row["published"],
                    kind=row["kind"],
                )
                kinds = grouped[doc_id]
                yield Record(
                    document=doc,
                    actors=tuple(kinds["actors"]),
                    events=tuple(kinds["events"]),
                    positions=tuple(kinds["positions"]),
                    agreements=tuple(kinds["agreements"]),
                    figures=tuple(kinds["figures"]),
                )


def stored_sources(engine: Engine, blocks: Iterable[str]) -> Iterator[SourcedItem]:
    """The items behind the stored facts of these blocks, as reconciliation reads them, a
    chunk of blocks at a time."""
    query = (
        select(
            fact_sources.c.document_id,
            fact_sources.c.item_kind,
            fact_sources.c.item_seq,
            fact_sources.c.value,
            facts.c.process,
            documents.c.published,
            documents.c.publisher,
        )
        .join(facts, facts.c.key == fact_sources.c.fact_key)
        .join(documents, documents.c.id == fact_sources.c.document_id)
    )
    with engine.connect() as connection:
        for chunk in _chunks(sorted(set(blocks))):
            for row in connection.execute(query.where(facts.c.block.in_(chunk))):
                kind: ItemKind = row.item_kind
                wording = row.value.get("wording")
                yield SourcedItem(
                    document_id=row.document_id,
                    kind=kind,
                    seq=row.item_seq,
                    item=item_from_dict(kind, row.value),
                    process=row.process,
                    published=row.published,
                    publisher=row.publisher,
                    wording=(wording["qualifier"], wording["text"]) if wording else None,
                )


def stored_states(engine: Engine, blocks: Iterable[str]) -> dict[str, list[StoredState] | None]:
    """The stored facts of these blocks with the states they were folded from, by block;
    None for a block with a fact stored without one (before revision 0015, or of a kind that
    does not fold): such a block is made again from its sources."""
    found: dict[str, list[StoredState] | None] = {}
    query = select(facts.c.block, facts.c.key, facts.c.state)
    with engine.connect() as connection:
        for chunk in _chunks(sorted(set(blocks))):
            for row in connection.execute(query.where(facts.c.block.in_(chunk))):
                held = found.setdefault(row.block, [])
                if row.state is None or held is None:
                    found[row.block] = None
                else:
                    held.append(StoredState(row.key, row.state))
    return found


def blocks_of_documents(engine: Engine, ids: Sequence[str]) -> set[str]:
    """The blocks whose stored facts have a source in these documents."""
    query = (
        select(facts.c.block).distinct().join(fact_sources, fact_sources.c.fact_key == facts.c.key)
    )
    found: set[str] = set()
    with engine.connect() as connection:
        for chunk in _chunks(sorted(set(ids))):
            found.update(
                connection.execute(query.where(fact_sources.c.document_id.in_(chunk))).scalars()
            )
    return found


def replace_facts(
    engine: Engine,
    new_facts: Sequence[Fact],
    *,
    blocks: Iterable[str] | None,
    reconciled: Sequence[str],
    reconciler: str,
) -> None:
    """In one transaction: drop the facts of `blocks` (all facts when None), store `new_facts`.

    Reviews are never touched: they name facts by key, and keys are deterministic, so a
    reviewed fact made again finds its review.
    """
    with fact_writer(engine, blocks=blocks, reconciled=reconciled, reconciler=reconciler) as write:
        write(new_facts)


class FactWriter:
    """Writes facts within fact_writer's transaction: `write` stores facts made from all
    their sources, `merge` facts that gained sources in an incremental run."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def __call__(self, batch: Sequence[Fact]) -> None:
        if batch:
            _insert(self.connection, batch)

    def merge(self, batch: Sequence[MergedFact]) -> None:
        if batch:
            _merge(self.connection, batch)

    def stream(self, heads: Sequence[Fact], chunks: Iterable[dict[str, list[FactSource]]]) -> None:
        """Facts of a block too big to hold (reconcile.folds.Streamed): their rows first, then
        their sources chunk by chunk (a chunk's documents in no other), each fact's digest
        merged from the chunks' and written last."""
        _stream(self.connection, heads, chunks)


@contextmanager
def fact_writer(
    engine: Engine,
    *,
    blocks: Iterable[str] | None,
    reconciled: Sequence[str],
    reconciler: str,
) -> Iterator[FactWriter]:
    """A transaction that drops the facts of `blocks` (all facts when None), then stores the
    facts given to the writer it yields, batch by batch (so that a run need not hold them
    all), and marks `reconciled` as done by `reconciler` when the block ends; readers see the
    old facts or the new ones, never a mix."""
    with engine.begin() as connection:
        if blocks is None:
            connection.execute(delete(fact_sources))
            connection.execute(delete(facts))
            connection.execute(delete(reconciled_documents))
        else:
            for chunk in _chunks(sorted(set(blocks))):
                keys = select(facts.c.key).where(facts.c.block.in_(chunk))
                connection.execute(delete(fact_sources).where(fact_sources.c.fact_key.in_(keys)))
                connection.execute(delete(facts).where(facts.c.block.in_(chunk)))

        yield FactWriter(connection)
        for chunk in _chunks(sorted(set(reconciled))):
            connection.execute(
                delete(reconciled_documents).where(reconciled_documents.c.document_id.in_(chunk))
            )
            connection.execute(
                reconciled_documents.insert(),
                [{"document_id": i, "reconciler": reconciler} for i in chunk],
            )
        # Facts rebuilt to the same number change no count of the data version: this row does.
        note_change(connection, "reconcile")


def _insert(connection: Connection, new_facts: Sequence[Fact]) -> None:
    about = _documents_about(connection, {s.document_id for f in new_facts for s in f.sources})
    fact_rows = []
    for f in new_facts:
        folded = digest_state(f.kind, _shown(f.sources, about))
        fact_rows.append(_fact_row(f, folded))
    for start in range(0, len(fact_rows), 5000):
        connection.execute(facts.insert(), fact_rows[start : start + 5000])
    _insert_sources(connection, new_facts)


def _merge(connection: Connection, merged: Sequence[MergedFact]) -> None:
    """Facts that gained sources: each stored fact's row is updated (or replaced, when its
    key changed: its sources follow it), and only the new sources are inserted."""
    about = _documents_about(connection, {s.document_id for m in merged for s in m.fact.sources})
    added, updated, renamed = [], [], []
    for m in merged:
        folded = digest_state(m.fact.kind, _shown(m.fact.sources, about))
        if m.replaces is not None:
            folded = merge_digest_states(m.replaces.state["digest"], folded)
        row = _fact_row(m.fact, folded)
        if m.replaces is None:
            added.append(row)
        elif m.replaces.key == m.fact.key:
            updated.append({f"b_{k}": v for k, v in row.items()})
        else:
            added.append(row)
            renamed.append({"b_old": m.replaces.key, "b_new": m.fact.key})
    for start in range(0, len(added), 5000):
        connection.execute(facts.insert(), added[start : start + 5000])
    _update(connection, updated)
    if renamed:
        connection.execute(
            fact_sources.update()
            .where(fact_sources.c.fact_key == bindparam("b_old"))
            .values(fact_key=bindparam("b_new")),
            renamed,
        )
        connection.execute(delete(facts).where(facts.c.key == bindparam("b_old")), renamed)
    _insert_sources(connection, [m.fact for m in merged])


def _stream(
    connection: Connection, heads: Sequence[Fact], chunks: Iterable[dict[str, list[FactSource]]]
) -> None:
    by_key = {f.key: f for f in heads}
    folded: dict[str, dict[str, Any]] = {}
    rows = [_fact_row(f, digest_state(f.kind, ())) for f in heads]
    for start in range(0, len(rows), 5000):
        connection.execute(facts.insert(), rows[start : start + 5000])
    for chunk in chunks:
        about = _documents_about(connection, {s.document_id for ss in chunk.values() for s in ss})
        for key, sources in chunk.items():
            state = digest_state(by_key[key].kind, _shown(sources, about))
            folded[key] = merge_digest_states(folded[key], state) if key in folded else state
        _insert_sources(
            connection,
            [dataclasses.replace(by_key[key], sources=tuple(ss)) for key, ss in chunk.items()],
        )
    _update(
        connection,
        [{f"b_{k}": v for k, v in _fact_row(f, folded[f.key]).items()} for f in heads],
    )


def _update(connection: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Stored facts' rows rewritten (each row's keys prefixed "b_", the key included)."""
    if rows:
        columns = [c for c in rows[0] if c != "b_key"]
        connection.execute(
            facts.update()
            .where(facts.c.key == bindparam("b_key"))
            .values({c.removeprefix("b_"): bindparam(c) for c in columns}),
            rows,
        )


def _shown(
    sources: Sequence[FactSource], about: dict[str, tuple[str | None, str | None]]
) -> list[FactSource]:
    """Each source as views show it: a syndicated copy counts with its original, a document
    without publisher is named by its site, title or file."""
    return [
        dataclasses.replace(s, copy_of=copy_of, name=name)
        for s in sources
        for copy_of, name in [about.get(s.document_id, (None, None))]
    ]


def _fact_row(f: Fact, folded: dict[str, Any]) -> dict[str, Any]:
    digest = digest_of_state(f.kind, folded)
    return {
        "key": f.key,
        "kind": f.kind,
        "block": f.block,
        "process": f.process,
        "date": f.date,
        "end_date": f.end_date,
        "payload": f.payload,
        "source_count": digest["sources"],
        "digest": digest,
        "state": None if f.state is None else {**f.state, "digest": folded},
    }


def _insert_sources(connection: Connection, new_facts: Sequence[Fact]) -> None:
    source_rows = [
        {
            "fact_key": f.key,
            "document_id": s.document_id,
            "item_kind": s.item_kind,
            "item_seq": s.item_seq,
            "value": s.value,
            "evidence": [{"start": e.start, "end": e.end, "text": e.text} for e in s.evidence],
            "process": f.process,
        }
        for f in new_facts
        for s in f.sources
    ]
    for start in range(0, len(source_rows), 5000):
        connection.execute(fact_sources.insert(), source_rows[start : start + 5000])


def read_facts(
    engine: Engine,
    *,
    kind: str | None = None,
    process: str | None = None,
    sources: bool = True,
    members: Sequence[str] | None = None,
    without: Sequence[str] = (),
) -> list[Fact]:
    """Stored facts (of one kind, of one process), with their latest review, and with their
    sources, or with `sources=False` with the digest of them stored beside each fact (one row
    per fact: what list views read). A fact stored before digests were gets one made from its
    sources here. `members`: only these members of each payload, picked out by the database
    (an agreement reported by 10,000 copies lists 10,000 reports: megabytes to decode);
    `without`: every member but these (dropped by the database before decoding)."""
    query = select(*FACT_COLUMNS)
    if members is not None:
        picked = [facts.c.payload[m].label(f"member_{n}") for n, m in enumerate(members)]
        query = select(*(c for c in FACT_COLUMNS if c.name != "payload"), *picked)
    elif without:
        query = select(
            *(c for c in FACT_COLUMNS if c.name != "payload"),
            _payload_without(engine.dialect.name, without).label("payload"),
        )
    if kind is not None:
        query = query.where(facts.c.kind == kind)
    if process is not None:
        query = query.where(facts.c.process == process)
    with engine.connect() as connection:
        rows = connection.execute(query.order_by(facts.c.key)).mappings().all()
        if sources:
            found = _sources(connection, kind, process)
        else:
            undigested = [row["key"] for row in rows if row["digest"] is None]
            found = _sources_of(connection, undigested) if undigested else {}
        latest = _latest_reviews(connection)
    made = []
    for row in rows:
        behind = tuple(found.get(row["key"], ()))
        digest = None
        if not sources:
            digest = row["digest"] or make_digest(row["kind"], behind)
            behind = ()
        made.append(
            Fact(
                key=row["key"],
                kind=row["kind"],
                block=row["block"],
                payload=row["payload"] if members is None else _picked(row, members),
                sources=behind,
                process=row["process"],
                date=row["date"],
                end_date=row["end_date"],
                review=latest.get(row["key"]),
                digest=digest,
            )
        )
    return made


def _payload_without(dialect: str, dropped: Sequence[str]) -> ColumnElement[Any]:
    """The payload column less the `dropped` members, computed by the database."""
    if dialect == "postgresql":
        trimmed: ColumnElement[Any] = cast(facts.c.payload, JSONB)
        for member in dropped:
            trimmed = trimmed.op("-")(literal(member))
        return type_coerce(cast(trimmed, JSON), JSON)
    paths = [f"$.{member}" for member in dropped]
    return type_coerce(func.json_remove(facts.c.payload, *paths), JSON)


def _picked(row: Any, members: Sequence[str]) -> dict[str, Any]:  # noqa: ANN401 (a row)
    """The payload members read_facts picked out (those the fact has)."""
    found = {m: row[f"member_{n}"] for n, m in enumerate(members)}
    return {m: v for m, v in found.items() if v is not None}


def read_fact_sources(
    engine: Engine,
    keys: Sequence[str],
    documents: Sequence[str] | None = None,
    *,
    originals: bool = False,
) -> dict[str, list[FactSource]]:
    """The sources of the given facts (a cell's, a page's): what a digest leaves out; only
    those from `documents` when given (an agreement's milestones, a figure's values).
    `originals`: one source per story, whatever the copies: the original's when it is a
    source, else the earliest copy's (a story syndicated 10,000 times reads once)."""
    with engine.connect() as connection:
        if documents is None:
            if originals:
                return _one_per_story(connection, keys)
            return _sources_of(connection, keys)
        found: dict[str, list[FactSource]] = {}
        for chunk in _chunks(sorted(set(keys))):
            for some in _chunks(sorted(set(documents))):
                query = source_query().where(
                    fact_sources.c.fact_key.in_(chunk), fact_sources.c.document_id.in_(some)
                )
                for key, listed in _read_sources(connection, query).items():
                    found.setdefault(key, []).extend(listed)
        return found


def processes(engine: Engine) -> list[tuple[str, int]]:
    """Each process slug with its number of facts, most facts first."""
    with engine.connect() as connection:
        found = connection.execute(
            select(facts.c.process, func.count())
            .where(facts.c.process.is_not(None))
            .group_by(facts.c.process)
        ).all()
    return sorted(((str(p), int(n)) for p, n in found), key=lambda pn: (-pn[1], pn[0]))


def fact_documents(
    engine: Engine, keys: Sequence[str], *, originals: bool = False
) -> dict[str, list[str]]:
    """The documents behind each of the given facts, oldest first as their sources are (ids
    only: nothing decoded). `originals`: a copy stands for the document it copies, once (a
    story syndicated 10,000 times is one document, its original)."""
    found: dict[str, list[str]] = {}
    document = func.coalesce(documents.c.copy_of, documents.c.id) if originals else documents.c.id
    with engine.connect() as connection:
        for chunk in _chunks(sorted(set(keys))):
            query = (
                select(fact_sources.c.fact_key, document)
                .join(documents, documents.c.id == fact_sources.c.document_id)
                .where(fact_sources.c.fact_key.in_(chunk))
                .order_by(
                    fact_sources.c.fact_key, documents.c.published, fact_sources.c.document_id
                )
            )
            for key, document_id in connection.execute(query):
                found.setdefault(key, []).append(document_id)
    if originals:
        found = {key: list(dict.fromkeys(ids)) for key, ids in found.items()}
    return found


def _sources_of(connection: Connection, keys: Sequence[str]) -> dict[str, list[FactSource]]:
    found: dict[str, list[FactSource]] = {}
    for chunk in _chunks(sorted(set(keys))):
        found.update(
            _read_sources(connection, source_query().where(fact_sources.c.fact_key.in_(chunk)))
        )
    return found


def _one_per_story(connection: Connection, keys: Sequence[str]) -> dict[str, list[FactSource]]:
    """Each fact's sources, one per story (see read_fact_sources): the ids chosen from a
    light query, then those sources read in full, in the order source_query gives."""
    story = func.coalesce(documents.c.copy_of, documents.c.id)
    chosen: dict[tuple[str, str], int] = {}
    for chunk in _chunks(sorted(set(keys))):
        light = (
            select(fact_sources.c.fact_key, story, fact_sources.c.id, documents.c.copy_of)
            .join(documents, documents.c.id == fact_sources.c.document_id)
            .where(fact_sources.c.fact_key.in_(chunk))
            .order_by(documents.c.published, fact_sources.c.document_id, fact_sources.c.id)
        )
        for key, origin, source_id, copy_of in connection.execute(light):
            if copy_of is None or (key, origin) not in chosen:  # the original, else the first
                chosen[(key, origin)] = source_id
    found: dict[str, list[FactSource]] = {}
    ids = sorted(chosen.values())
    for start in range(0, len(ids), CHUNK):
        query = source_query().where(fact_sources.c.id.in_(ids[start : start + CHUNK]))
        for key, listed in _read_sources(connection, query).items():
            found.setdefault(key, []).extend(listed)
    for listed in found.values():
        listed.sort(key=lambda s: (s.published is None, s.published or dt.date.min, s.document_id))
    return found


def _sources(
    connection: Connection, kind: str | None, process: str | None
) -> dict[str, list[FactSource]]:
    query = source_query().join(facts, facts.c.key == fact_sources.c.fact_key)
    if kind is not None:
        query = query.where(facts.c.kind == kind)
    if process is not None:
        query = query.where(facts.c.process == process)
    return _read_sources(connection, query)


def source_query() -> Select[Any]:
    """Fact sources with their documents' metadata, in the order views show them."""
    return (
        select(
            fact_sources.c.fact_key,
            fact_sources.c.document_id,
            fact_sources.c.item_kind,
            fact_sources.c.item_seq,
            fact_sources.c.value,
            fact_sources.c.evidence,
            documents.c.published,
            documents.c.publisher,
            documents.c.copy_of,
            documents.c.url,
            documents.c.title,
            documents.c.path,
        )
        .join(documents, documents.c.id == fact_sources.c.document_id)
        .order_by(
            fact_sources.c.fact_key,
            documents.c.published,
            fact_sources.c.document_id,
            fact_sources.c.id,  # one document's two items: in the order they were stored
        )
    )


def _read_sources(connection: Connection, query: Select[Any]) -> dict[str, list[FactSource]]:
    found: dict[str, list[FactSource]] = {}
    for row in connection.execute(query):
        found.setdefault(row.fact_key, []).append(fact_source_of(row))
    return found


def fact_source_of(
    row: Row[Any], detail: tuple[list[dict[str, Any]], dict[str, Any] | None] | None = None
) -> FactSource:
    """A row of source_query() as a FactSource; `detail` (evidence, value) in place of the
    row's own, for a row read without them."""
    spans, value = (row.evidence, row.value) if detail is None else detail
    return FactSource(
        document_id=row.document_id,
        item_kind=row.item_kind,
        item_seq=row.item_seq,
        evidence=tuple(Span(e["start"], e["end"], e["text"]) for e in spans),
        value=value,
        published=row.published,
        publisher=row.publisher,
        copy_of=row.copy_of,
        name=document_name(row.url, row.title, row.path),
    )


def _documents_about(
    connection: Connection, ids: set[str]
) -> dict[str, tuple[str | None, str | None]]:
    """{document: (the original it copies or None, its name)} among the given documents."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for chunk in _chunks(sorted(ids)):
        rows = connection.execute(
            select(
                documents.c.id,
                documents.c.copy_of,
                documents.c.url,
                documents.c.title,
                documents.c.path,
            ).where(documents.c.id.in_(chunk))
        )
        found.update(
            {row.id: (row.copy_of, document_name(row.url, row.title, row.path)) for row in rows}
        )
    return found


def known_actors(engine: Engine) -> set[str]:
    """Every actor id the stored facts name (actors, holders of positions), and the actors
    reviewers created."""
    with engine.connect() as connection:
        keys = connection.execute(
            select(facts.c.key).where(facts.c.kind.in_(("actor", "position")))
        ).scalars()
        found = set()
        for key in keys:
            parts = key.split(":")
            if parts[0] == "actor" and len(parts) > 1:
                found.add(parts[1])
            elif parts[0] == "position" and len(parts) > 2:
                found.add(parts[2])
        found.update(connection.execute(select(new_actors.c.id)).scalars())
    return found


def latest_reviews(engine: Engine) -> dict[str, Review]:
    """The latest review of every reviewed fact, by fact key."""
    with engine.connect() as connection:
        return _latest_reviews(connection)


def _latest_reviews(connection: Connection) -> dict[str, Review]:
    """The latest review of each reviewed fact (by time, then by id)."""
    newest = (
        select(reviews.c.fact_key, func.max(reviews.c.id).label("id"))
        .group_by(reviews.c.fact_key)
        .subquery()
    )
    rows = connection.execute(
        select(reviews).join(
            newest, and_(reviews.c.fact_key == newest.c.fact_key, reviews.c.id == newest.c.id)
        )
    ).mappings()
    return {
        row["fact_key"]: Review(
            action=row["action"],
            reviewer=row["reviewer"],
            created_at=_aware(row["created_at"]),
            after=row["after"],
            note=row["note"],
        )
        for row in rows
    }


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]
