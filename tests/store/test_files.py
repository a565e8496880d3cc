"""File stamps: which document a file gave, replaced when the file changes, gone with it."""

from __future__ import annotations

from sqlalchemy import delete

from peacetalks.store import open_store
from peacetalks.store.files import FileStamp, stamp_of
from peacetalks.store.tables import documents
from tests.store.test_database import PIPELINE, TEXT, sample_record


def test_store_remembers_the_document_of_a_file_until_it_changes(store_url):
    first, second = sample_record(), sample_record(TEXT + "\n\nA later edition.")
    stamp = FileStamp("/reports/a.txt", 1200, 1_700_000_000_000_000_000)
    store = open_store(store_url)
    try:
        store.add_records([first, second], pipeline=PIPELINE)
        assert store.documents_of_files([stamp]).get(stamp) is None
        store.remember_files([(stamp, first.document.id)])
        assert store.documents_of_files([stamp]).get(stamp) == first.document.id
        changed = FileStamp(stamp.location, stamp.size + 20, stamp.mtime_ns + 1)
        assert store.documents_of_files([changed]).get(changed) is None
        store.remember_files([(changed, second.document.id)])  # the same file, edited
        assert store.documents_of_files([changed]).get(changed) == second.document.id
        assert store.documents_of_files([stamp]).get(stamp) is None
        with store.engine.begin() as connection:
            connection.execute(delete(documents).where(documents.c.id == second.document.id))
        # The document went: so did its file.
        assert store.documents_of_files([changed]).get(changed) is None
    finally:
        store.close()


def test_the_documents_of_many_files_come_from_one_lookup_matching_size_and_time(store_url):
    first, second = sample_record(), sample_record(TEXT + "\n\nA later edition.")
    a = FileStamp("/reports/a.txt", 1200, 1_700_000_000_000_000_000)
    b = FileStamp("/reports/b.txt", 900, 1_700_000_000_000_000_000)
    store = open_store(store_url)
    try:
        store.add_records([first, second], pipeline=PIPELINE)
        store.remember_files([(a, first.document.id), (b, second.document.id)])
        touched = FileStamp(b.location, b.size, b.mtime_ns + 1)  # same size, saved again
        new = FileStamp("/reports/c.txt", 10, 1)
        assert store.documents_of_files([a, touched, new]) == {a: first.document.id}
        assert store.documents_of_files([b, a]) == {a: first.document.id, b: second.document.id}
        assert store.documents_of_files([]) == {}
    finally:
        store.close()


def test_stamp_of_a_file_and_of_what_is_not_one(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Talks resumed.\n", encoding="utf-8")
    stamp = stamp_of(tmp_path / "." / "a.txt")
    assert stamp == FileStamp(str(path.resolve()), 15, path.stat().st_mtime_ns)
    assert stamp_of(tmp_path) is None
    assert stamp_of(tmp_path / "missing.txt") is None
