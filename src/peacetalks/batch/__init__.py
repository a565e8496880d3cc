"""Batch runs of a Pipeline over many documents: local.py is the reference executor."""

from peacetalks.batch.local import (
    Outcome,
    ReadOptions,
    Summary,
    extract_records,
    ingest_sources,
)

__all__ = ["Outcome", "ReadOptions", "Summary", "extract_records", "ingest_sources"]
