"""The corpus fixtures of tests/reconcile, shared with the view tests."""

from tests.reconcile.conftest import corpus_records, corpus_store, sample_records

__all__ = ["corpus_records", "corpus_store", "sample_records"]
