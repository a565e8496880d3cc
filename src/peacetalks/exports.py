"""Exports of stored records: peacetalks/1 JSON Lines, flat CSV tables, gold files for training."""

from __future__ import annotations

import csv
import json
import pickle
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from peacetalks.errors import BadValue
from peacetalks.model import ClaimKind, ClaimSet, Record
from peacetalks.model.facts import Review
from peacetalks.model.format import (
    ITEM_KINDS,
    document_to_dict,
    item_from_dict,
    item_to_dict,
    items_of,
    record_to_dict,
)

if TYPE_CHECKING:  # `extract` writes record lines and needs no store (SQLAlchemy: ~0.25 s)
    from peacetalks.store import SqlStore

CSV_TABLES = ("documents", *ITEM_KINDS)
_DOCUMENT_COLUMNS = ("id", "path", "url", "title", "publisher", "published", "kind")
REVIEW_BATCH = 500  # records per query for the facts their items became (gold exports)
T = TypeVar("T")


def record_line(record: Record, claims: ClaimSet | None = None) -> str:
    """One peacetalks/1 record as a JSON line (no trailing newline). With the claims behind it,
    each item gains an optional `explain` list: the stage and rule of every claim that made it."""
    obj = record_to_dict(record)
    if claims is not None:
        _add_explanations(obj, record, claims)
    return json.dumps(obj, ensure_ascii=False)


_CLAIM_KIND: dict[str, ClaimKind] = {
    "actors": "actor",
    "events": "event",
    "positions": "position",
    "agreements": "agreement",
    "figures": "figure",
}


def _add_explanations(obj: dict[str, Any], record: Record, claims: ClaimSet) -> None:
    for kind, claim_kind in _CLAIM_KIND.items():
        sources: dict[object, list[dict[str, str | None]]] = {}
        for claim in claims.of_kind(claim_kind):
            key = getattr(claim.value, "id", None) if kind == "actors" else claim.value
            why = {"stage": claim.provenance.stage, "rule": claim.provenance.rule}
            if why not in sources.setdefault(key, []):
                sources[key].append(why)
        for item, out in zip(getattr(record, kind), obj[kind], strict=True):
            key = item.id if kind == "actors" else item
            out["explain"] = sources.get(key, [])


def write_jsonl(records: Iterable[Record], out: TextIO) -> int:
    """Write one JSON line per record; returns how many."""
    n = 0
    for record in records:
        out.write(record_line(record) + "\n")
        n += 1
    return n


def csv_rows(records: Iterable[Record], table: str) -> Iterator[dict[str, Any]]:
    """Flat rows of one table: lists joined with '; ', evidence as text and first offsets."""
    for record in records:
        doc_id = record.document.id
        if table == "documents":
            yield {k: document_to_dict(record.document)[k] for k in _DOCUMENT_COLUMNS}
            continue
        for seq, item in enumerate(getattr(record, table)):
            yield {"document_id": doc_id, "seq": seq, **_flatten(item_to_dict(item))}


def write_csv_tables(records: Iterable[Record], folder: Path) -> list[Path]:
    """One CSV file per table in `folder`, in one pass over the records; returns the paths
    written. The rows wait in spool files beside the tables until each table's columns are
    known, so memory stays flat however many records there are."""
    folder.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        spools = {table: stack.enter_context(RowSpool(folder)) for table in CSV_TABLES}
        for record in records:
            for table, spool in spools.items():
                spool.extend(csv_rows((record,), table))
        written = []
        for table, spool in spools.items():
            path = folder / f"{table}.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                _write_table(handle, _columns(table, spool.columns), spool.rows())
            written.append(path)
    return written


def write_csv_table(records: Iterable[Record], table: str, out: TextIO) -> int:
    """One table as CSV with a header row; returns how many rows."""
    with RowSpool() as spool:
        spool.extend(csv_rows(records, table))
        return _write_table(out, _columns(table, spool.columns), spool.rows())


class RowSpool:
    """Rows (dicts) kept in an unnamed temporary file while their columns are gathered: a
    CSV header or a Parquet schema needs every column before the first row, and the rows of a
    large export do not fit in memory. Read back with rows(), in the order they came."""

    def __init__(self, folder: Path | None = None) -> None:
        self._file = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 (closed by __exit__)
        self.columns: list[str] = []  # every column met, in the order first met
        self._known: set[str] = set()
        self.count = 0

    def __enter__(self) -> RowSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def extend(self, rows: Iterable[dict[str, Any]]) -> None:
        """Add rows at the end."""
        for row in rows:
            # One Pickler per row (pickle.dump): a shared one would remember every row dumped.
            pickle.dump(row, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self.count += 1
            if not self._known.issuperset(row):
                new = [name for name in row if name not in self._known]
                self.columns.extend(new)
                self._known.update(new)

    def rows(self) -> Iterator[dict[str, Any]]:
        """Every row added so far, in order (our own file: unpickling it is safe)."""
        self._file.flush()
        self._file.seek(0)
        for _ in range(self.count):
            yield pickle.load(self._file)
        self._file.seek(0, 2)


def _write_table(out: TextIO, columns: list[str], rows: Iterable[dict[str, Any]]) -> int:
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(safe_row(row))
        n += 1
    return n


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP CSV injection):
# such a text cell gets a leading apostrophe, which spreadsheets show as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_cell(value: object) -> object:
    """A CSV cell that no spreadsheet runs and no terminal obeys: control characters (ESC and
    the like) removed, a text starting like a formula quoted. Numbers stay numbers."""
    if not isinstance(value, str):
        return value
    text = _CONTROL.sub("", value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    """Every cell of a row made safe (safe_cell)."""
    return {name: safe_cell(value) for name, value in row.items()}


def _columns(table: str, met: list[str]) -> list[str]:
    if table == "documents":
        return list(_DOCUMENT_COLUMNS)
    return met or ["document_id", "seq"]


def _flatten(obj: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in obj.items():
        if key == "evidence":
            flat["evidence_start"] = value[0]["start"] if value else None
            flat["evidence_end"] = value[0]["end"] if value else None
            flat["evidence_text"] = " | ".join(span["text"] for span in value)
        elif key == "terms":
            flat.update({f"terms_{k}": v for k, v in value.items()})
        elif isinstance(value, list):
            flat[key] = "; ".join(str(v) for v in value)
        else:
            flat[key] = value
    return flat


def reviewed_records(store: SqlStore) -> Iterator[Record]:
    """Every stored record with its reviews applied: rejected items left out, corrections made.

    A review names a fact; each item that became that fact takes the fact's latest review.
    """
    from peacetalks.store.facts import latest_reviews
    from peacetalks.store.stream import read_fact_keys

    reviews = latest_reviews(store.engine)
    for batch in _batches(store.records(), REVIEW_BATCH):
        # One query for the fact keys of a batch's items, not one per document.
        keys = read_fact_keys(store.engine, [r.document.id for r in batch]) if reviews else {}
        for record in batch:
            yield apply_reviews(record, keys.get(record.document.id, {}), reviews)


def apply_reviews(
    record: Record, keys: dict[tuple[str, int], str], reviews: dict[str, Review]
) -> Record:
    """The record as reviewers left it: `keys` maps (kind, seq) to the fact each item became."""
    changed: dict[str, tuple[Any, ...]] = {}
    for kind in ITEM_KINDS:
        kept = []
        for seq, item in enumerate(items_of(record, kind)):
            review = reviews.get(keys.get((kind, seq), ""))
            if review is not None and review.action == "reject":
                continue
            if review is not None and review.after:
                item = item_from_dict(kind, {**item_to_dict(item), **review.after})
            kept.append(item)
        changed[kind] = tuple(kept)
    return replace(record, **changed)  # type: ignore[arg-type]


def write_gold(records: Iterable[Record], folder: Path) -> list[Path]:
    """One peacetalks/1 file per record, `<name of its file>.json`: gold for peacetalks train.

    The name is the document's file name without its extension, as `train --docs` expects;
    a document with no file, or a name taken already, adds its id.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    taken: set[str] = set()
    for record in records:
        doc = record.document
        stem = Path(doc.path).stem if doc.path else ""
        name = re.sub(r"[^\w.-]+", "_", stem) or doc.id
        if name in taken:
            name = f"{name}-{doc.id}"
        taken.add(name)
        path = folder / f"{name}.json"
        path.write_text(
            json.dumps(record_to_dict(record), ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
        written.append(path)
    return written


def write_rows_csv(rows: Iterable[dict[str, Any]], out: TextIO, *, bom: bool = False) -> int:
    """Rows as CSV with a header of every column met; a BOM first for spreadsheet programs.

    A list is written as it is; any other iterable is read once, its rows spooled to a
    temporary file until the header is known (RowSpool), so a stream of rows stays a stream.
    """
    if bom:
        out.write("\ufeff")
    if isinstance(rows, list):
        columns: dict[str, None] = {}
        for row in rows:
            columns.update(dict.fromkeys(row))
        return _write_table(out, list(columns) or ["key"], rows)
    with RowSpool() as spool:
        spool.extend(rows)
        return _write_table(out, spool.columns or ["key"], spool.rows())


def write_rows_jsonl(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """One JSON line per row, written as the rows come; returns how many."""
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


# A row group holds at most this many rows, or this much text (a fact's sources cell can hold
# thousands of quotes): memory for one group's columns, not the table's.
PARQUET_BATCH = 10_000
PARQUET_TEXT = 32_000_000  # characters


def write_parquet_tables(
    tables: Mapping[str, Iterable[dict[str, Any]]], folder: Path
) -> list[Path]:
    """One Parquet file per table (`facts-<name>.parquet`); needs pyarrow.

    Each table's rows are read once and spooled (RowSpool) while their columns and cell types
    are gathered, then written a row group at a time (_row_groups).
    """
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as err:
        raise BadValue(
            "--format", "parquet", "an installed pyarrow: python3 -m pip install pyarrow"
        ) from err
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables.items():
        path = folder / f"facts-{name}.parquet"
        with RowSpool(folder) as spool:
            samples = _CellSamples()
            spool.extend(samples.watch(rows))
            if not spool.columns:
                pq.write_table(pa.table({"key": pa.array([], pa.string())}), path)
            else:
                # Each column's type as pyarrow infers it from the whole column (see _CellSamples).
                schema = pa.schema([(c, pa.array(samples.of(c)).type) for c in spool.columns])
                with pq.ParquetWriter(path, schema) as writer:
                    for batch in _row_groups(spool.rows()):
                        data = {c: [_cell_text(row.get(c)) for row in batch] for c in spool.columns}
                        writer.write_table(pa.table(data, schema=schema))
        written.append(path)
    return written


class _CellSamples:
    """A few cells of each column that make pyarrow infer the type it infers from all of them:
    inference depends only on which Python types occur and, for integers, on their range
    (int64 or beyond), so the first cell of each type and the extreme integers suffice."""

    def __init__(self) -> None:
        self._first: dict[str, dict[type, object]] = {}
        self._ints: dict[str, tuple[int, int]] = {}

    def watch(self, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """The rows, passed on unchanged, their cells noted (as _cell_text makes them)."""
        for row in rows:
            for column, value in row.items():
                cell = _cell_text(value)
                if type(cell) is int:
                    low, high = self._ints.get(column, (cell, cell))
                    self._ints[column] = (min(low, cell), max(high, cell))
                self._first.setdefault(column, {}).setdefault(type(cell), cell)
            yield row

    def of(self, column: str) -> list[object]:
        """The sample cells of a column; a row without the column counts as a None."""
        return [*self._first.get(column, {}).values(), *self._ints.get(column, ()), None]


def _row_groups(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """The rows in groups of PARQUET_BATCH rows or PARQUET_TEXT characters, whichever is less."""
    group: list[dict[str, Any]] = []
    text = 0
    for row in rows:
        group.append(row)
        text += sum(len(v) if isinstance(v, str) else 8 for v in row.values())
        if len(group) == PARQUET_BATCH or text >= PARQUET_TEXT:
            yield group
            group, text = [], 0
    if group:
        yield group


def _batches(values: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _cell_text(value: object) -> object:
    """A Parquet cell: numbers and text as they are, anything else as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
