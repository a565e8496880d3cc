"""Items waiting to be reconciled, kept on disk and read back one block at a time.

A run reads the new documents' items (and, when incremental, the stored sources of the blocks
they touch) into a temporary SQLite file, then hands the blocks out in order: memory holds
one block, never the corpus (issue #15: a full run at 50,000 documents used to hold 2.45 GB).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import tempfile
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Any, cast

from peacetalks.model.facts import SourcedItem
from peacetalks.model.format import ItemKind, item_from_dict, item_to_dict
from peacetalks.reconcile.sources import block_of

_BATCH = 2_000


class Spool:
    """A temporary store of sourced items keyed by (block, document, kind, seq); the last
    one added under a key wins, as in reconcile_blocks."""

    def __init__(self, folder: str | None = None) -> None:
        handle, name = tempfile.mkstemp(prefix="peacetalks-reconcile-", suffix=".db", dir=folder)
        os.close(handle)
        self.path = Path(name)
        self._db = sqlite3.connect(self.path)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(
            "CREATE TABLE items (block TEXT, document_id TEXT, kind TEXT, seq INTEGER, "
            "process TEXT, published TEXT, publisher TEXT, wording TEXT, payload TEXT, "
            "PRIMARY KEY (block, document_id, kind, seq)) WITHOUT ROWID"
        )
        self._pending: list[tuple[object, ...]] = []
        self._replace = True
        self.items = 0

    def add(self, items: Iterable[SourcedItem], *, replace: bool = True) -> None:
        """Keep these items until their block is read; with `replace=False` an item whose
        key is already held is dropped instead of replacing it."""
        if self._replace != replace:
            self._flush()
            self._replace = replace
        for sourced in items:
            self._pending.append(
                (
                    block_of(sourced),
                    sourced.document_id,
                    sourced.kind,
                    sourced.seq,
                    sourced.process,
                    sourced.published.isoformat() if sourced.published else None,
                    sourced.publisher,
                    json.dumps(sourced.wording) if sourced.wording else None,
                    json.dumps(item_to_dict(sourced.item), separators=(",", ":")),
                )
            )
            if len(self._pending) >= _BATCH:
                self._flush()

    def _flush(self) -> None:
        if self._pending:
            verb = "REPLACE" if self._replace else "IGNORE"
            self._db.executemany(
                f"INSERT OR {verb} INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", self._pending
            )
            self.items += len(self._pending)
            self._pending = []

    def block_names(self) -> list[str]:
        """Every block an item was added to, sorted."""
        self._flush()
        return [row[0] for row in self._db.execute("SELECT DISTINCT block FROM items ORDER BY 1")]

    def block_sizes(self) -> dict[str, int]:
        """How many items each block holds."""
        self._flush()
        rows = self._db.execute("SELECT block, count(*) FROM items GROUP BY block")
        return {str(block): int(n) for block, n in rows}

    def blocks(self, skip: Collection[str] = ()) -> Iterator[tuple[str, list[SourcedItem]]]:
        """Each block with its items (ordered by document, kind and seq), one at a time; the
        blocks in `skip` are passed over (read those by `chunks`)."""
        self._flush()
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM items ORDER BY block, document_id, kind, seq"
        )
        current: str | None = None
        members: list[SourcedItem] = []
        for row in rows:
            block = row[0]
            if block in skip:
                continue
            if block != current:
                if current is not None:
                    yield current, members
                current, members = block, []
            members.append(_sourced(row))
        if current is not None:
            yield current, members

    def chunks(self, block: str, size: int) -> Iterator[list[SourcedItem]]:
        """One block's items in order, about `size` at a time; a document's items are never
        split between two chunks (folds merge the states of different documents)."""
        self._flush()
        rows = self._db.execute(
            f"SELECT {_COLUMNS} FROM items WHERE block = ? ORDER BY document_id, kind, seq",
            (block,),
        )
        chunk: list[SourcedItem] = []
        for row in rows:
            if len(chunk) >= size and row[1] != chunk[-1].document_id:
                yield chunk
                chunk = []
            chunk.append(_sourced(row))
        if chunk:
            yield chunk

    def close(self) -> None:
        """Remove the temporary file."""
        self._db.close()
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


_COLUMNS = "block, document_id, kind, seq, process, published, publisher, wording, payload"


def _sourced(row: tuple[Any, ...]) -> SourcedItem:
    _, doc_id, kind, seq, process, published, publisher, wording, payload = row
    words = json.loads(wording) if wording else None
    return SourcedItem(
        document_id=doc_id,
        kind=kind,
        seq=seq,
        item=item_from_dict(cast(ItemKind, kind), json.loads(payload)),
        process=process,
        published=dt.date.fromisoformat(published) if published else None,
        publisher=publisher,
        wording=(words[0], words[1]) if words else None,
    )
