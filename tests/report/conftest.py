"""The corpus fixtures of tests/reconcile and the demo-database client of tests/web, shared
with the report tests."""

from tests.reconcile.conftest import corpus_records, corpus_store, sample_records
from tests.web.conftest import client, demo_template, demo_url

__all__ = [
    "client",
    "corpus_records",
    "corpus_store",
    "demo_template",
    "demo_url",
    "sample_records",
]
