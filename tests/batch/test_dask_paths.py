"""Dask workers read the files: the same records as a local run, and read failures as theirs."""

from __future__ import annotations

import dataclasses
import html
import io
import pickle

import pytest

from peacetalks.batch import LocalExecutor, PipelineSpec, ReadOptions, ingest_sources
from peacetalks.errors import UnreadableDocument
from peacetalks.ingest import MAX_BYTES, Source, expand_inputs, read_document
from peacetalks.model import Document, Record
from peacetalks.store import open_store
from tests.batch.clusters import two_workers
from tests.store.test_crash import write_corpus

distributed = pytest.importorskip("distributed")
dask_batch = pytest.importorskip("peacetalks.batch.distributed")

MAX_SIZE = 20_000  # bytes; the reports are ~1 KB, the large file is over it


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes on this machine, shared by the module's tests."""
    with two_workers() as started:
        yield started


def html_page(text: str) -> str:
    headline, _, rest = text.partition("\n")
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in rest.split("\n\n") if p.strip())
    return (
        f"<!doctype html><html><head><title>{html.escape(headline)}</title></head><body>"
        f"<nav>Home</nav><article><h1>{html.escape(headline)}</h1>{paragraphs}</article>"
        "<footer>Desk</footer></body></html>"
    )


def mixed_corpus(folder) -> list[Source]:
    """Text reports, the same as HTML pages, a repeat, and files no reader can use."""
    paths = write_corpus(folder / "reports", 12)
    pages = folder / "pages"
    pages.mkdir()
    for path in paths[:5]:
        text = path.read_text(encoding="utf-8").replace("Report number", "Page number")
        (pages / f"{path.stem}.html").write_text(html_page(text), encoding="utf-8")
    bad = folder / "bad"
    bad.mkdir()
    (bad / "a-empty.txt").write_text("\n\n", encoding="utf-8")
    (bad / "b-binary.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    (bad / "c-french.txt").write_text(
        "Les négociateurs se sont retrouvés à Genève pour une nouvelle série de pourparlers "
        "sur le cessez-le-feu, selon plusieurs sources diplomatiques proches du dossier. " * 4,
        encoding="utf-8",
    )
    (bad / "d-no-article.html").write_text(
        "<!doctype html><html><body><script>render();</script></body></html>", encoding="utf-8"
    )
    (bad / "e-large.txt").write_text(paths[0].read_text(encoding="utf-8") * 40, encoding="utf-8")
    (bad / "f-repeat.txt").write_bytes(paths[3].read_bytes())
    missing = Source(name=str(bad / "g-missing.txt"), location=bad / "g-missing.txt")
    return [
        *expand_inputs([str(folder / "reports"), str(pages), str(bad)]),
        missing,
        Source(name="-"),  # stdin: read here, whatever the engine
    ]


def stdin_report() -> io.BytesIO:
    return io.BytesIO(
        b"Report from the wire on the talks in Istanbul\n\nThe delegations of Russia and "
        b"Ukraine met in Istanbul on Friday and agreed to exchange prisoners of war, the "
        b"Turkish foreign minister said after the meeting at the palace.\n"
    )


def by_id(record: Record) -> str:
    return record.document.id


def pathless(record: Record) -> Record:
    return dataclasses.replace(record, document=dataclasses.replace(record.document, path=None))


def ingest(sources, pipeline, url, executor=None):
    store = open_store(url)
    try:
        options = ReadOptions(max_bytes=MAX_SIZE, stdin=stdin_report())
        summary = ingest_sources(sources, pipeline, store, options=options, executor=executor)
        return summary, list(store.records())
    finally:
        store.close()


@pytest.mark.distributed
@pytest.mark.parametrize("files", ["paths", "bytes"])
@pytest.mark.parametrize("writes", ["client", "workers"])
def test_workers_reading_files_store_the_records_and_failures_of_a_local_run(
    cluster, tmp_path, pipeline, make_db_url, files, writes
):
    sources = mixed_corpus(tmp_path)

    local, local_records = ingest(sources, pipeline, make_db_url("local"))
    with dask_batch.DaskExecutor(
        PipelineSpec(), address=cluster.scheduler_address, files=files, writes=writes
    ) as executor:
        assert executor.paths is (files == "paths")
        url = make_db_url("dask")
        assert (executor.workers_store(url) is not None) is (writes == "workers")
        dask, dask_records = ingest(sources, pipeline, url, executor)

    if writes == "client":  # stored here in the order of the sources, as a local run
        assert dask_records == local_records  # the same records (texts, items, spans)
    else:  # each chunk stored by its worker as it is done
        # The same content in two files (f-repeat.txt) keeps the path of the first stored.
        assert sorted(map(pathless, dask_records), key=by_id) == sorted(
            map(pathless, local_records), key=by_id
        )
        assert {r.document.path for r in dask_records} <= {s.name for s in sources}
    assert {r.document.path for r in dask_records} >= {str(p) for p in tmp_path.glob("pages/*")}
    assert (dask.added, dask.unchanged) == (local.added, local.unchanged) == (18, 1)
    failed = [(f.source.name, f.error) for f in dask.failures]
    assert failed == [(f.source.name, f.error) for f in local.failures]
    assert [name.rsplit("/", 1)[1] for name, _ in failed] == [
        "a-empty.txt",
        "b-binary.txt",
        "c-french.txt",
        "d-no-article.html",
        "e-large.txt",
        "g-missing.txt",
    ]


@pytest.mark.distributed
def test_a_file_unreadable_on_a_worker_is_its_own_failure_with_the_local_message(
    cluster, tmp_path, pipeline, db_url
):
    paths = write_corpus(tmp_path / "reports", 5)
    paths[2].write_text("", encoding="utf-8")  # the client sees a file; the worker, no text
    sources = list(expand_inputs([str(tmp_path / "reports")]))
    with pytest.raises(UnreadableDocument) as read_here:
        read_document(sources[2])

    with dask_batch.DaskExecutor(PipelineSpec(), address=cluster.scheduler_address) as executor:
        summary, records = ingest(sources, pipeline, db_url, executor)

    assert [(f.source, f.error) for f in summary.failures] == [(sources[2], str(read_here.value))]
    assert summary.added == 4
    assert [r.document.path for r in records] == [str(p) for i, p in enumerate(paths) if i != 2]


def test_an_extraction_comes_back_without_its_document_text(tmp_path):
    path = write_corpus(tmp_path / "reports", 1)[0]
    source = Source(name=str(path), location=path)
    raw = path.read_bytes()

    by_path = dask_batch.read_sources([source], MAX_BYTES)
    by_bytes = dask_batch.read_sources([dask_batch.FileBytes(source, raw)], MAX_BYTES)
    doc = read_document(source)
    assert by_path == by_bytes == [doc]  # the text comes back once, from the read
    results = dask_batch.extract_documents(PipelineSpec(), by_path, [0])

    sent = pickle.dumps(results)
    assert b"Document" not in sent
    assert doc.text.encode() not in sent
    record = next(LocalExecutor(PipelineSpec().build()).extract([doc])).record
    assert record is not None
    assert record.item_count > 0
    assert len(sent) < len(pickle.dumps(record)) - len(doc.text.encode())
    extracted = dask_batch._extracted(doc, results[0])
    assert extracted.record == record
    assert extracted.record.document is doc


def test_a_worker_read_failure_is_the_message_of_a_read_here(tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_text("  \n", encoding="utf-8")
    source = Source(name="notes/empty.md", location=empty)
    with pytest.raises(UnreadableDocument) as read_here:
        read_document(source)

    by_path = dask_batch.read_sources([source], MAX_BYTES)
    by_bytes = dask_batch.read_sources(
        [dask_batch.FileBytes(source, empty.read_bytes())], MAX_BYTES
    )

    assert by_path == by_bytes == [str(read_here.value)]
    assert str(read_here.value).startswith("Cannot read notes/empty.md: it is empty")


def test_a_stage_failure_on_a_worker_is_the_local_executors_message(tmp_path, monkeypatch):
    doc = Document(id="0123456789abcdef", text="The talks went on.", path="talks.txt")

    class Broken:
        def run(self, _doc):
            raise RuntimeError("a bug in a stage")

    monkeypatch.setattr(dask_batch, "_pipeline", lambda _spec: Broken())
    [result] = dask_batch.extract_documents(PipelineSpec(), None, [doc])

    local = next(LocalExecutor(Broken(), timeout=None).extract([doc]))
    assert result == local.error
    assert "RuntimeError: a bug in a stage" in result


def test_chunks_share_the_last_sources_out_across_the_workers():
    size = dask_batch.CHUNK_SIZE
    chunks = list(dask_batch._chunks(range(3 * size + 10), 2))
    assert [len(c) for c in chunks] == [size, size, (size + 10) // 2, (size + 10) // 2]
    assert [i for chunk in chunks for i in chunk] == list(range(3 * size + 10))
    assert [len(c) for c in dask_batch._chunks(range(3), 4)] == [1, 1, 1]
    assert list(dask_batch._chunks([], 2)) == []


@pytest.mark.parametrize(
    ("address", "here"),
    [
        ("tcp://127.0.0.1:8786", True),
        ("tcp://localhost:8786", True),
        ("tcp://10.0.0.5:8786", False),
        ("tcp://scheduler.example:8786", False),
    ],
)
def test_workers_get_paths_only_from_a_scheduler_on_this_machine(address, here):
    assert dask_batch._on_this_machine(address) is here


def test_records_of_a_read_whose_pipeline_changed_the_document_come_back_whole():
    doc = Document(id="0123456789abcdef", text="The talks went on.", path="talks.txt")
    other = Document(id="fedcba9876543210", text="The talks went on.", path="talks.txt")
    record = Record(document=other)
    assert dask_batch._extracted(doc, record).record is record


@pytest.mark.distributed
def test_documents_whose_extraction_keeps_failing_are_failures_and_the_run_goes_on(
    cluster, tmp_path, pipeline, db_url
):
    # What a worker without an installed stage plugin does: the pipeline cannot be built there.
    spec = PipelineSpec(config='[pipeline]\nstages = ["example.plugin-stage.v1"]\n')
    paths = write_corpus(tmp_path / "reports", 3)
    sources = [*expand_inputs([str(tmp_path / "reports")]), Source(name="-")]

    with dask_batch.DaskExecutor(spec, address=cluster.scheduler_address) as executor:
        summary, records = ingest(sources, pipeline, db_url, executor)

    assert records == []
    assert [f.source.name for f in summary.failures] == [*map(str, paths), "-"]
    for failure in summary.failures:
        assert failure.error.startswith(
            f"Cannot extract {failure.source.name}: 3 tries on the cluster failed"
        )
        assert "example.plugin-stage.v1" in failure.error


def test_a_read_lost_three_times_is_a_read_failure_of_each_source(tmp_path):
    class Lost:
        def result(self):
            raise OSError("the worker is gone")

    class Client:
        sent = 0

        def submit(self, *args, **kwargs):
            self.sent += 1
            return Lost()

    executor = object.__new__(dask_batch.DaskExecutor)
    executor.client, executor.paths, executor.spec = Client(), True, PipelineSpec()
    paths = write_corpus(tmp_path / "reports", 2)
    chunk = [(i, Source(name=f"reports/{p.name}", location=p)) for i, p in enumerate(paths)]

    reads = executor._reads(executor._read(chunk, MAX_BYTES, None), MAX_BYTES)

    assert executor.client.sent == 3
    assert reads == [
        f"Cannot read reports/{p.name}: 3 tries to read it on the cluster failed "
        "(OSError: the worker is gone).\n  If workers died, they may be short of memory; if "
        "they cannot open this machine's files, let them have the files' bytes (leave out "
        "--shared-files). Ingest again to retry."
        for p in paths
    ]
