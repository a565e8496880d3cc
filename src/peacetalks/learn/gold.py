"""Annotated examples: documents with their peacetalks/1 gold records, read from folders.

The gold format is the only input of training: any folder of `<name>.json` records (hand-made,
reviewed facts, a large model's output) beside a folder of `<name>.*` documents.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peacetalks.errors import BadFile, BadValue
from peacetalks.ingest import read_document, read_manifest
from peacetalks.ingest.sources import Source
from peacetalks.model import Document

SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")


@dataclass(frozen=True, slots=True)
class Example:
    """One document and what a careful reader recorded from it."""

    name: str
    doc: Document
    gold: dict[str, Any]
    group: str  # the peace process, so that cross-validation never trains on what it scores


class BadGold(BadFile):
    """A gold folder that cannot be used for training."""

    lead = "Cannot train from {path}"
    fix = (
        "Give --gold a folder of peacetalks/1 JSON files and --docs the folder of the "
        "documents they annotate (same names, any of .txt .md .html .pdf)."
    )


def read_examples(
    gold: Path, docs: Path, *, manifest: Path | None = None, groups: Path | None = None
) -> list[Example]:
    """Every gold record in `gold` with its document from `docs`.

    `manifest`: the documents' manifest (publication dates, publishers); without it the gold
    record's own `document` fields are used. `groups`: a CSV with `path` and `process` columns;
    without it a document's group is the gold record's `process` field or its own name.
    """
    if not gold.is_dir():
        raise BadGold(str(gold), "it is not a folder")
    if not docs.is_dir():
        raise BadGold(str(docs), "it is not a folder")
    rows = _manifest_rows(manifest)
    process_of = _groups(groups)
    examples = []
    for path in sorted(gold.glob("*.json")):
        record = _read_gold(path)
        source_path = _document_path(docs, path.stem)
        meta = record.get("document") or {}
        row = rows.get(path.stem)
        source = Source(
            name=f"{docs.name}/{source_path.name}",
            location=source_path,
            published=row.published if row else _date(meta.get("published"), path),
            publisher=row.publisher if row else meta.get("publisher"),
            title=row.title if row else meta.get("title"),
            kind=row.kind if row else meta.get("kind"),
        )
        doc = read_document(source)
        group = process_of.get(path.stem) or str(record.get("process") or path.stem)
        examples.append(Example(path.stem, doc, record, group))
    if not examples:
        raise BadGold(str(gold), "it holds no .json gold records")
    return examples


def _read_gold(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BadGold(str(path), f"it is not readable JSON ({err})") from err
    if not isinstance(record, dict) or record.get("format") not in (None, "peacetalks/1"):
        raise BadGold(str(path), "it is not a peacetalks/1 record")
    return record


def _document_path(docs: Path, stem: str) -> Path:
    for suffix in SUFFIXES:
        candidate = docs / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    raise BadGold(str(docs), f"no document named {stem} ({', '.join(SUFFIXES)}) for its gold")


def _manifest_rows(manifest: Path | None) -> dict[str, Source]:
    if manifest is None:
        return {}
    rows = {}
    for source in read_manifest(manifest).sources:
        if source.location is not None:
            rows[source.location.stem] = source
    return rows


def _groups(path: Path | None) -> dict[str, str]:
    if path is None:
        return {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return {
                Path(row["path"]).stem: row["process"]
                for row in csv.DictReader(handle)
                if row.get("path") and row.get("process")
            }
    except (OSError, KeyError, UnicodeDecodeError) as err:
        raise BadValue(
            "--groups", str(path), f"a CSV with path and process columns ({err})"
        ) from err


def _date(value: object, path: Path) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as err:
        raise BadGold(str(path), f"its document.published {value!r} is no ISO date") from err


def spans_of(doc: Document, evidence: list[dict[str, Any]]) -> Iterator[tuple[int, int]]:
    """The offsets of gold evidence in the clean text: as given when the text matches there,
    else where the quoted text is found (the clean text may differ from the annotated file)."""
    for item in evidence:
        text = str(item.get("text") or "")
        start, end = item.get("start"), item.get("end")
        if isinstance(start, int) and isinstance(end, int) and doc.text[start:end] == text:
            yield start, end
            continue
        at = doc.text.find(text) if text else -1
        if at >= 0:
            yield at, at + len(text)
