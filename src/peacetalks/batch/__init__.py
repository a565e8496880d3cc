"""Batch runs of a Pipeline over many documents: local.py is the reference executor."""

from peacetalks.batch.engines import ENGINES, open_executor
from peacetalks.batch.executor import Executor, Extracted, PipelineSpec
from peacetalks.batch.local import (
    LocalExecutor,
    Outcome,
    ReadOptions,
    Summary,
    extract_records,
    ingest_sources,
)

__all__ = [
    "ENGINES",
    "Executor",
    "Extracted",
    "LocalExecutor",
    "Outcome",
    "PipelineSpec",
    "ReadOptions",
    "Summary",
    "extract_records",
    "ingest_sources",
    "open_executor",
]
