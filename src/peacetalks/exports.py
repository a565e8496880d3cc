"""Exports of stored records: peacetalks/1 JSON Lines, and flat CSV tables for spreadsheets."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from peacetalks.model import Record
from peacetalks.model.format import ITEM_KINDS, document_to_dict, item_to_dict, record_to_dict

CSV_TABLES = ("documents", *ITEM_KINDS)
_DOCUMENT_COLUMNS = ("id", "path", "url", "title", "publisher", "published", "kind")


def record_line(record: Record) -> str:
    """One peacetalks/1 record as a JSON line (no trailing newline)."""
    return json.dumps(record_to_dict(record), ensure_ascii=False)


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
    writer.writerows(rows)
    return len(rows)


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
