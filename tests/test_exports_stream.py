"""Exports stream (issue 15): records and facts are read in batches, a few queries per batch,
and every writer reads its input once, so memory stays flat however large the store is. The
output is the one the exports wrote when they held every record (those algorithms are kept
here as references)."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from peacetalks.analysis.deals import deals
from peacetalks.analysis.fact_rows import FACT_TABLES, fact_rows, row_of, stream_fact_rows
from peacetalks.analysis.facts import facts_of
from peacetalks.analysis.positions import Window
from peacetalks.analysis.reconciliation import reconcile_store
from peacetalks.exports import (
    CSV_TABLES,
    PARQUET_BATCH,
    _cell_text,
    apply_reviews,
    csv_rows,
    record_line,
    reviewed_records,
    safe_row,
    write_csv_table,
    write_csv_tables,
    write_gold,
    write_jsonl,
    write_parquet_tables,
    write_rows_csv,
    write_rows_jsonl,
)
from peacetalks.model.facts import FACT_KINDS
from peacetalks.review import review_fact
from peacetalks.store import open_store
from peacetalks.store.database import _record
from peacetalks.store.documents import fact_keys_of
from peacetalks.store.facts import latest_reviews, read_facts
from peacetalks.store.stream import stream_facts
from peacetalks.store.tables import documents, items
from tests.reconcile.conftest import sample_records

__all__ = ["sample_records"]  # the fixture: the demo corpus, extracted once a session


class Once:
    """An iterable that fails when read a second time: a writer reading a generator twice
    would silently write nothing the second time."""

    def __init__(self, values):
        self._values = values
        self._read = False

    def __iter__(self):
        assert not self._read, "read twice: a stream can be read only once"
        self._read = True
        yield from self._values


@contextmanager
def counted(engine):
    """The SQL statements the engine runs while the block runs."""
    statements: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)


def copies(records, n):
    """n distinct records made from the sample ones: the items of one, a short text of their
    own (so an id of their own, and no near-duplicates to look for); every seventh without any
    items."""
    made = []
    for i in range(n):
        record = records[i % len(records)]
        text = f"Export test document {i}: {hashlib.sha256(str(i).encode()).hexdigest()}\n"
        doc = dataclasses.replace(
            record.document, id=hashlib.sha256(text.encode()).hexdigest()[:16], text=text
        )
        record = dataclasses.replace(record, document=doc)
        if i % 7 == 3:
            record = dataclasses.replace(
                record, actors=(), events=(), positions=(), agreements=(), figures=()
            )
        made.append(record)
    return made


def per_document_records(store):
    """Store.records() as it read before batches: every document row, then one query each."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(documents).order_by(documents.c.ingested_at, documents.c.id)
        ).mappings()
        for row in rows.all():
            found = connection.execute(
                select(items.c.kind, items.c.payload)
                .where(items.c.document_id == row["id"])
                .order_by(items.c.kind, items.c.seq)
            ).all()
            yield _record(row, found)


def varied(records):
    """The sample records, the first without position confidences and agreement deals, so that
    those optional columns appear only in later rows (a header must still name them)."""
    first = records[0]
    positions = tuple(dataclasses.replace(p, confidence=None) for p in first.positions)
    later = records[1]
    agreements = tuple(dataclasses.replace(a, deal=None) for a in later.agreements)
    return [
        dataclasses.replace(first, positions=positions),
        dataclasses.replace(later, agreements=agreements),
        *records[2:],
    ]


def held_csv_table(records, table):
    """One CSV table as written when every row was held: columns in the order first met."""
    rows = list(csv_rows(records, table))
    columns = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    if table == "documents":
        columns = dict.fromkeys(["id", "path", "url", "title", "publisher", "published", "kind"])
    out = io.StringIO(newline="")
    writer = csv.DictWriter(
        out, fieldnames=list(columns) or ["document_id", "seq"], extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(safe_row(row) for row in rows)
    return out.getvalue()


def tie_free(fact):
    """The fact with its sources in one full order. Facts list their sources by date, then
    document; PostgreSQL orders two items of one document either way (read_facts), the stream
    by row id, so the comparisons leave that order out."""
    order = sorted(
        fact.sources,
        key=lambda s: (s.published is None, s.published, s.document_id, s.item_kind, s.item_seq),
    )
    return dataclasses.replace(fact, sources=tuple(order))


def tie_free_row(row):
    """A fact's row with its sources in one full order (see tie_free)."""
    order = sorted(
        row["sources"],
        key=lambda s: (s["published"] is None, s["published"] or "", json.dumps(s, sort_keys=True)),
    )
    return {**row, "sources": order}


@pytest.fixture
def reconciled_store(db_url, sample_records):
    store = open_store(db_url)
    for record in sample_records:
        store.add_record(record, pipeline="test")
    reconcile_store(store)
    yield store
    store.close()


def test_store_records_reads_1200_documents_in_a_few_queries(db_url, sample_records):
    given = copies(sample_records, 1200)
    store = open_store(db_url)
    try:
        store.add_records(given[:700], pipeline="test")
        store.add_records(given[700:], pipeline="test")
        with counted(store.engine) as queries:
            streamed = list(store.records())
        # The ids, then per 500 documents one query for their rows and one for their items.
        assert len(queries) <= 10, queries
        assert streamed == list(per_document_records(store))
        with counted(store.engine) as queries:
            stream = store.records()
            next(stream)
            assert len(queries) == 3  # the ids, the first batch's documents, their items
            stream.close()
    finally:
        store.close()
    assert [r.document.id for r in streamed] == [r.document.id for r in given]
    assert streamed[0].document.text == given[0].document.text


def test_csv_tables_of_a_stream_are_the_tables_of_held_records(tmp_path, sample_records):
    records = varied(sample_records)
    written = write_csv_tables(Once(records), tmp_path / "tables")
    assert [p.name for p in written] == [f"{table}.csv" for table in CSV_TABLES]
    for path, table in zip(written, CSV_TABLES, strict=True):
        assert path.read_bytes().decode() == held_csv_table(records, table), table
    header = (tmp_path / "tables" / "positions.csv").read_text().splitlines()[0]
    assert header.endswith(",confidence")
    assert "deal" in (tmp_path / "tables" / "agreements.csv").read_text().splitlines()[0]
    out = io.StringIO(newline="")
    assert write_csv_table(Once(records), "positions", out) == sum(
        len(r.positions) for r in records
    )
    assert out.getvalue() == held_csv_table(records, "positions")


def test_csv_tables_of_no_records_have_headers(tmp_path):
    written = write_csv_tables(Once([]), tmp_path)
    assert [p.read_text().strip() for p in written] == [
        "id,path,url,title,publisher,published,kind",
        *["document_id,seq"] * (len(CSV_TABLES) - 1),
    ]


def test_jsonl_and_gold_read_a_stream_once(tmp_path, sample_records):
    out = io.StringIO()
    assert write_jsonl(Once(sample_records), out) == len(sample_records)
    assert out.getvalue() == "".join(record_line(r) + "\n" for r in sample_records)
    written = write_gold(Once(sample_records), tmp_path / "gold")
    assert len(written) == len(sample_records)


def test_rows_csv_of_a_stream_equals_the_rows_csv_of_a_list():
    rows = [{"key": "a", "n": 1}, {"key": "b", "extra": "=x"}, {"n": 2.5, "key": "c"}]
    for bom in (False, True):
        from_list, from_stream = io.StringIO(), io.StringIO()
        assert write_rows_csv(rows, from_list, bom=bom) == 3
        assert write_rows_csv(Once(rows), from_stream, bom=bom) == 3
        assert from_stream.getvalue() == from_list.getvalue()
    assert from_list.getvalue().splitlines()[0] == "\ufeffkey,n,extra"
    empty = io.StringIO()
    write_rows_csv(Once([]), empty)
    assert empty.getvalue().strip() == "key"
    lines = io.StringIO()
    assert write_rows_jsonl(Once(rows), lines) == 3
    assert [json.loads(line) for line in lines.getvalue().splitlines()] == rows


def test_parquet_tables_of_a_stream_read_back_as_the_held_table(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    n = PARQUET_BATCH * 5 // 2
    rows = [
        {
            "key": f"k{i:06d}",
            "count": i if i % 3 else None,
            "value": i if i % 2 else i + 0.5,  # ints and floats: one double column
            "never": None,
            "sources": [{"document_id": "d"}] if i % 5 == 0 else None,  # written as text
            **({"late": True} if i > PARQUET_BATCH else {}),
        }
        for i in range(n)
    ]
    [path] = write_parquet_tables({"things": Once(rows)}, tmp_path)
    columns = list(dict.fromkeys(name for row in rows for name in row))
    held = pa.table({c: [_cell_text(row.get(c)) for row in rows] for c in columns})
    read = pq.read_table(path)
    assert read.schema == held.schema
    assert read.equals(held)
    assert pq.ParquetFile(path).num_row_groups == 3
    [empty] = write_parquet_tables({"none": Once([])}, tmp_path)
    assert pq.read_table(empty).schema == pa.schema([("key", pa.string())])


def test_stream_facts_are_the_facts_read_at_once(reconciled_store):
    store = reconciled_store
    engine = store.engine
    position = read_facts(engine, kind="position")[0]
    review_fact(engine, position.key, "reject", reviewer="ana")
    for kind in FACT_KINDS:
        with counted(engine) as queries:
            streamed = list(stream_facts(engine, kind, batch=7))
        assert [tie_free(f) for f in streamed] == [
            tie_free(f) for f in read_facts(engine, kind=kind)
        ], kind
        assert len(queries) == 3 * -(-len(streamed) // 7) + 1  # and one finding no more
    assert {f.key: f.review for f in stream_facts(engine, "position")}[position.key] is not None


def test_stream_fact_rows_are_the_rows_of_all_facts(reconciled_store):
    store = reconciled_store
    position = read_facts(store.engine, kind="position")[0]
    review_fact(store.engine, position.key, "reject", reviewer="ana")
    for include_rejected in (False, True):
        window = Window(include_rejected=include_rejected)
        deal_of = {p.agreement.key: d.key for d in deals(store, window) for p in d.provisions}
        for table, kind in FACT_TABLES.items():
            streamed = [
                tie_free_row(row)
                for row in stream_fact_rows(store, table, include_rejected=include_rejected)
            ]
            assert streamed == [
                tie_free_row(row)
                for row in fact_rows(store, table, include_rejected=include_rejected)
            ]
            if kind == "deal":
                continue
            held = [
                tie_free_row(row_of(f))
                for f in facts_of(store, kind, include_rejected=include_rejected)
            ]
            if kind == "agreement":
                held = [{**row, "deal": deal_of.get(row["key"])} for row in held]
            assert streamed == held, table
        rows = stream_fact_rows(store, "positions", include_rejected=include_rejected)
        keys = {row["key"] for row in rows}
        assert (position.key in keys) is include_rejected


def test_gold_records_apply_reviews_with_one_query_per_batch(reconciled_store):
    store = reconciled_store
    engine = store.engine
    position = read_facts(engine, kind="position")[0]
    review_fact(engine, position.key, "reject", reviewer="ana")
    reviews = latest_reviews(engine)
    held = [apply_reviews(r, fact_keys_of(engine, r.document.id), reviews) for r in store.records()]
    with counted(engine) as queries:
        streamed = list(reviewed_records(store))
    assert streamed == held
    assert sum(len(r.positions) for r in streamed) < sum(len(r.positions) for r in store.records())
    # The reviews, the records (ids, documents, items) and the fact keys of the one batch.
    assert len(queries) <= 6, queries
