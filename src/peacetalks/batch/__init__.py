"""Batch runs of a Pipeline over many documents: local.py is the reference executor.

The names below are imported from their modules at first use (PEP 562), so that importing
`peacetalks.batch.watchdog` or `peacetalks.batch.threads` does not pull in the extraction
stages and spaCy behind `executor.py` (issue 15: start-up).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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

# Each name's module in this package.
_HOMES = {
    "ENGINES": "engines",
    "open_executor": "engines",
    "Executor": "executor",
    "Extracted": "executor",
    "PipelineSpec": "executor",
    "LocalExecutor": "local",
    "Outcome": "local",
    "ReadOptions": "local",
    "Summary": "local",
    "extract_records": "local",
    "ingest_sources": "local",
}

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


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # looked up once
    return value
