"""The bundled sample corpus and its hand-made gold agree with each other and with the reader."""

from __future__ import annotations

import json

import pytest

from peacetalks.demo import CORPUS, MANIFEST
from peacetalks.ingest import read_document, read_manifest
from tests.conftest import DATA, validate_record

GOLD = DATA / "gold"
SOURCES = read_manifest(MANIFEST).sources


def test_sample_corpus_manifest_lists_every_document_and_has_gold():
    files = sorted(p.name for p in CORPUS.iterdir() if p.name != "manifest.csv")
    assert sorted(s.name for s in SOURCES) == files
    assert 8 <= len(files) <= 12
    assert sorted(p.stem for p in GOLD.glob("*.json")) == sorted(p.rsplit(".", 1)[0] for p in files)


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s.name)
def test_sample_corpus_gold_evidence_matches_clean_text(source):
    doc = read_document(source)
    stem = source.name.rsplit(".", 1)[0]
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    validate_record(gold)
    assert gold["document"]["published"] == (source.published and source.published.isoformat())
    spans = [
        span
        for kind in ("events", "positions", "agreements", "figures")
        for item in gold[kind]
        for span in item["evidence"]
    ]
    assert spans, f"{stem}: gold has no evidence"
    for span in spans:
        assert doc.text[span["start"] : span["end"]] == span["text"]
