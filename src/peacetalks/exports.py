"""Exports of stored records: peacetalks/1 JSON Lines, flat CSV tables, gold files for training."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

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
from peacetalks.store import SqlStore
from peacetalks.store.documents import fact_keys_of
from peacetalks.store.facts import latest_reviews

CSV_TABLES = ("documents", *ITEM_KINDS)
_DOCUMENT_COLUMNS = ("id", "path", "url", "title", "publisher", "published", "kind")


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


def write_csv_tables(records: list[Record], folder: Path) -> list[Path]:
    """One CSV file per table in `folder`; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in CSV_TABLES:
        path = folder / f"{table}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            write_csv_table(records, table, handle)
        written.append(path)
    return written


def write_csv_table(records: Iterable[Record], table: str, out: TextIO) -> int:
    """One table as CSV with a header row; returns how many rows."""
    rows = list(csv_rows(records, table))
    columns = _columns(table, rows)
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(safe_row(row) for row in rows)
    return len(rows)


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


def _columns(table: str, rows: list[dict[str, Any]]) -> list[str]:
    if table == "documents":
        return list(_DOCUMENT_COLUMNS)
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns) or ["document_id", "seq"]


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
    reviews = latest_reviews(store.engine)
    for record in store.records():
        keys = fact_keys_of(store.engine, record.document.id) if reviews else {}
        yield apply_reviews(record, keys, reviews)


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


def write_rows_csv(rows: list[dict[str, Any]], out: TextIO, *, bom: bool = False) -> int:
    """Rows as CSV with a header of every column met; a BOM first for spreadsheet programs."""
    if bom:
        out.write("\ufeff")
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    writer = csv.DictWriter(out, fieldnames=list(columns) or ["key"], extrasaction="ignore")
    writer.writeheader()
    writer.writerows(safe_row(row) for row in rows)
    return len(rows)


def write_parquet_tables(tables: dict[str, list[dict[str, Any]]], folder: Path) -> list[Path]:
    """One Parquet file per table (`facts-<name>.parquet`); needs pyarrow."""
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
        columns: dict[str, None] = {}
        for row in rows:
            columns.update(dict.fromkeys(row))
        data = {c: [_cell_text(row.get(c)) for row in rows] for c in columns}
        path = folder / f"facts-{name}.parquet"
        pq.write_table(
            pa.table(data) if data else pa.table({"key": pa.array([], pa.string())}), path
        )
        written.append(path)
    return written


def _cell_text(value: object) -> object:
    """A Parquet cell: numbers and text as they are, anything else as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
