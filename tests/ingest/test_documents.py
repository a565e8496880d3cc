"""Documents: the content-hash id, and where a document's path and url come from."""

from __future__ import annotations

import hashlib
import re

from peacetalks.ingest import Source, content_id, read_document
from tests.ingest.conftest import ARTICLE


def test_content_id_is_16_hex_digits_of_the_text_sha256():
    doc_id = content_id(ARTICLE)
    assert re.fullmatch(r"[0-9a-f]{16}", doc_id)
    assert doc_id == hashlib.sha256(ARTICLE.encode("utf-8")).hexdigest()[:16]


def test_content_id_same_text_same_id():
    assert content_id("Talks resumed on Monday.") == content_id("Talks resumed on Monday.")


def test_content_id_different_text_different_id():
    assert content_id("Talks resumed on Monday.") != content_id("Talks resumed on Tuesday.")
    assert content_id("a") != content_id("a ")


def test_content_id_follows_the_clean_text_not_the_bytes(tmp_path):
    unix, windows, padded = tmp_path / "unix.txt", tmp_path / "windows.txt", tmp_path / "pad.md"
    unix.write_bytes(ARTICLE.encode())
    windows.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode() + b"\r\n\r\n")
    padded.write_text(ARTICLE + "\n\n\n")
    ids = {read_document(Source(name=str(p), location=p)).id for p in (unix, windows, padded)}
    assert ids == {content_id(ARTICLE.rstrip())}


def test_content_id_of_a_document_is_that_of_its_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    doc = read_document(Source(name=str(path), location=path))
    assert doc.id == content_id(doc.text)


def test_document_path_is_the_source_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    doc = read_document(Source(name="a.txt", location=path))
    assert (doc.path, doc.url) == ("a.txt", None)
