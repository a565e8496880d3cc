"""Ingestion: bytes, paths, URLs and manifests -> Documents. Fetching lives here only."""

from peacetalks.ingest.documents import MAX_BYTES, content_id, read_document
from peacetalks.ingest.sources import (
    Manifest,
    Source,
    expand_inputs,
    parse_date,
    read_manifest,
    with_manifest,
    with_published,
)

__all__ = [
    "MAX_BYTES",
    "Manifest",
    "Source",
    "content_id",
    "expand_inputs",
    "parse_date",
    "read_document",
    "read_manifest",
    "with_manifest",
    "with_published",
]
