"""Syndicated copies: a document that near-duplicates one stored before is its copy.

The same wire story carried by several outlets, or an article re-ingested with trivial edits,
is one independent source, while every copy stays listed. Each new document gets a MinHash
signature (datasketch; 128 permutations over word 5-shingles) and 16 bands of 8 rows kept in
an indexed table: documents sharing a band are candidates, and a candidate whose estimated
Jaccard similarity reaches COPY_MIN makes the new document a copy of that candidate's original.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    and_,
    bindparam,
    or_,
    select,
)
from sqlalchemy.engine import Connection

from peacetalks.model import Document
from peacetalks.store.tables import documents, metadata

PERMUTATIONS = 128
BANDS = 16
ROWS = PERMUTATIONS // BANDS
SHINGLE = 5
# Measured (tests/store/test_copies.py): an article carried with another headline, a wire
# credit, a closing line and three words changed scores 0.89 against the original; the 123
# real articles of ../shared/eval score at most 0.11 against each other (two reports of the
# same Lebanon ceasefire from different outlets).
COPY_MIN = 0.6
_WORD = re.compile(r"\w+")

document_signatures = Table(
    "document_signatures",
    metadata,
    Column(
        "document_id",
        String(16),
        ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("signature", LargeBinary, nullable=False),
)
document_bands = Table(
    "document_bands",
    metadata,
    Column("band", SmallInteger, nullable=False),
    Column("hash", String(16), nullable=False),
    Column(
        "document_id", String(16), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False
    ),
    Index("ix_document_bands_band_hash", "band", "hash"),
)


def signature(text: str) -> Any:  # noqa: ANN401 (a numpy array of uint32)
    """The MinHash signature of a text's word 5-shingles."""
    from datasketch import MinHash

    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE]).encode() for i in range(max(1, len(words) - 4))}
    permutations, scheme = _permutations()
    minhash = MinHash(num_perm=PERMUTATIONS, permutations=permutations, scheme=scheme)
    minhash.update_batch(list(shingles))
    return minhash.hashvalues


@functools.cache
def _permutations() -> tuple[Any, Any]:
    """The permutations (and hashing scheme) of a default MinHash, drawn once: every signature
    uses the same ones (seed 1), and drawing them took a fifth of a millisecond a document."""
    from datasketch import MinHash

    template = MinHash(num_perm=PERMUTATIONS)
    return template.permutations, template.scheme


def bands_of(values: Any) -> list[str]:  # noqa: ANN401
    """The band hashes of a signature (16 hex digits each)."""
    raw = values.astype("<u4").tobytes()
    width = ROWS * 4
    return [
        hashlib.blake2b(raw[i * width : (i + 1) * width], digest_size=8).hexdigest()
        for i in range(BANDS)
    ]


def similarity(a: Any, b: Any) -> float:  # noqa: ANN401
    """The Jaccard similarity two signatures estimate."""
    return float((a == b).mean())


def record_copies(connection: Connection, docs: Sequence[Document]) -> dict[str, str]:
    """Sign the newly stored documents and mark each that copies an earlier one; returns
    {copy id: original id}. Runs in the caller's transaction, after the documents' rows."""
    copies: dict[str, str] = {}
    signed: dict[str, Any] = {}
    for doc in docs:
        values = signature(doc.text)
        bands = bands_of(values)
        original = _original_of(connection, values, bands, signed) if doc.text.strip() else None
        if original is not None:
            copies[doc.id] = original
            connection.execute(_MARK_COPY, {"copy_id": doc.id, "original_id": original})
        connection.execute(
            document_signatures.insert(),
            [{"document_id": doc.id, "signature": values.astype("<u4").tobytes()}],
        )
        if original is None:
            # Only originals are ever candidates: a copy's bands would only lengthen the
            # lookups (a story carried 10,000 times made each new copy scan 10,000 rows).
            connection.execute(
                document_bands.insert(),
                [{"band": i, "hash": h, "document_id": doc.id} for i, h in enumerate(bands)],
            )
        signed[doc.id] = values
    return copies


# The statements of every lookup, built once with parameters: building the 16 bands'
# conditions anew for each document cost more (~1.2 ms) than running the query.
# One query for all 16 bands (each an indexed lookup); only originals are compared, so a
# story carried a thousand times costs one comparison.
_BANDS_MATCH = or_(
    *(
        and_(document_bands.c.band == i, document_bands.c.hash == bindparam(f"band{i}"))
        for i in range(BANDS)
    )
)
_CANDIDATES = (
    select(document_bands.c.document_id)
    .join(documents, documents.c.id == document_bands.c.document_id)
    .where(_BANDS_MATCH, documents.c.copy_of.is_(None))
)
_SIGNATURES = select(document_signatures.c.document_id, document_signatures.c.signature).where(
    document_signatures.c.document_id.in_(bindparam("ids", expanding=True))
)
_COPY_OF = select(documents.c.copy_of).where(documents.c.id == bindparam("doc_id"))
_MARK_COPY = (
    documents.update()
    .where(documents.c.id == bindparam("copy_id"))
    .values(copy_of=bindparam("original_id"))
)


def _original_of(
    connection: Connection,
    values: Any,  # noqa: ANN401 (a numpy array)
    bands: list[str],
    signed: dict[str, Any],
) -> str | None:
    import numpy as np

    bound = {f"band{i}": h for i, h in enumerate(bands)}
    candidates = set(connection.execute(_CANDIDATES, bound).scalars())
    known = dict(signed)  # this batch's documents, signed already
    stored = [c for c in candidates if c not in known]
    if stored:
        rows = connection.execute(_SIGNATURES, {"ids": stored})
        known.update((doc_id, np.frombuffer(raw, dtype="<u4")) for doc_id, raw in rows)
    best: tuple[float, str] | None = None
    for candidate in sorted(c for c in candidates if c in known):
        score = similarity(values, known[candidate])
        if score >= COPY_MIN and (best is None or score > best[0]):
            best = (score, candidate)
    if best is None:
        return None
    original = connection.execute(_COPY_OF, {"doc_id": best[1]}).scalar_one_or_none()
    return str(original or best[1])
