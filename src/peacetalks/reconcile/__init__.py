"""Reconciliation: claims from many sources -> facts (match, merge, conflicts). Issue #4."""
