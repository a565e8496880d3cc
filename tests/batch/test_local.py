"""The reference executor and the batch loop: incremental runs, batches, order, the spec."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from peacetalks.batch import (
    Extracted,
    LocalExecutor,
    PipelineSpec,
    ReadOptions,
    ingest_sources,
    open_executor,
)
from peacetalks.errors import BadValue, EngineUnavailable
from peacetalks.ingest import Source, expand_inputs, read_document
from peacetalks.pipeline import FunctionStage, Pipeline
from peacetalks.store import open_store
from tests.store.test_crash import write_corpus

ACTORS_YAML = """\
- id: harbour-council
  name: Harbour Council
  type: organization
  aliases: [the Harbour Council]
"""


def counting(pipeline: Pipeline) -> tuple[Pipeline, list[str]]:
    """The same pipeline plus a last stage that notes each document it sees (and finds nothing)."""
    seen: list[str] = []

    def note(doc, _found):
        seen.append(doc.id)
        return []

    stage = FunctionStage("test.count.v1", frozenset(), frozenset(), note)
    return Pipeline((*pipeline.stages, stage)), seen


def test_ingest_sources_rerun_over_a_grown_folder_extracts_only_the_new_documents(
    tmp_path, pipeline, db_url
):
    paths = write_corpus(tmp_path / "corpus", 40)
    for path in paths[30:]:  # the ten that arrive later
        path.rename(tmp_path / path.name)
    counted, seen = counting(pipeline)
    store = open_store(db_url)
    try:
        first = ingest_sources(expand_inputs([str(tmp_path / "corpus")]), counted, store)
        assert (first.added, first.unchanged, len(seen)) == (30, 0, 30)
        for path in paths[30:]:
            (tmp_path / path.name).rename(path)
        seen.clear()
        second = ingest_sources(expand_inputs([str(tmp_path / "corpus")]), counted, store)
        assert store.counts().documents == 40
    finally:
        store.close()
    assert (second.added, second.unchanged, second.failures) == (10, 30, [])
    assert len(seen) == 10
    assert {read_document(_source(p)).id for p in paths[30:]} == set(seen)


def test_ingest_sources_reports_in_source_order_across_batches(tmp_path, pipeline, db_url):
    paths = write_corpus(tmp_path / "corpus", 7)
    copy = tmp_path / "copy.txt"
    copy.write_text(paths[1].read_text(encoding="utf-8"), encoding="utf-8")
    missing = tmp_path / "missing.txt"
    sources = [_source(p) for p in [*paths[:3], copy, missing, *paths[3:]]]
    seen = []
    store = open_store(db_url)
    try:
        summary = ingest_sources(sources, pipeline, store, on_outcome=seen.append, batch_size=3)
        stored = [r.document.path for r in store.records()]
    finally:
        store.close()
    assert [o.source for o in seen] == sources
    assert [o.status for o in seen] == ["added"] * 3 + ["unchanged", "failed"] + ["added"] * 4
    assert (summary.added, summary.unchanged, len(summary.failures)) == (7, 1, 1)
    assert stored == [str(p) for p in paths]


def test_local_executor_yields_one_record_per_document_in_order(tmp_path, pipeline):
    docs = [read_document(_source(p)) for p in write_corpus(tmp_path / "c", 5)]
    extracted = list(LocalExecutor(pipeline).extract(reversed(docs)))
    assert [e.doc for e in extracted] == docs[::-1]
    assert [e.record for e in extracted] == [pipeline.run(d) for d in docs[::-1]]
    assert all(isinstance(e, Extracted) and e.error is None for e in extracted)


def test_pipeline_spec_rebuilds_the_pipeline_from_the_files_text(tmp_path, pipeline):
    actors = tmp_path / "actors.yaml"
    actors.write_text(ACTORS_YAML, encoding="utf-8")
    config = tmp_path / "pipeline.toml"
    config.write_text(
        '[pipeline]\nstages = ["peacetalks.boilerplate.v1", "peacetalks.paragraphs.v1", '
        '"peacetalks.sentences.v1", "peacetalks.actors.v1"]\n',
        encoding="utf-8",
    )
    spec = PipelineSpec.from_files(config, [actors])
    config.unlink()  # a worker never sees our files
    actors.unlink()
    rebuilt = spec.build()
    assert [s.name for s in rebuilt.stages][-1] == "peacetalks.actors.v1"
    doc = read_document(_source(_write(tmp_path / "a.txt", "The Harbour Council met in Istanbul.")))
    assert "harbour-council" in {a.id for a in rebuilt.run(doc).actors}
    assert "harbour-council" not in {a.id for a in pipeline.run(doc).actors}
    assert PipelineSpec().build().fingerprint == pipeline.fingerprint


def test_pipeline_spec_unreadable_file_names_it(tmp_path):
    with pytest.raises(BadValue, match=r"missing\.yaml"):
        PipelineSpec.from_files(None, [tmp_path / "missing.yaml"])


def test_open_executor_unknown_engine_lists_the_engines(pipeline):
    with (
        pytest.raises(EngineUnavailable, match="Pick one of: local, dask"),
        open_executor("ray", pipeline, PipelineSpec()),
    ):
        pass


def test_cli_ingest_address_without_dask_engine_is_a_usage_error(cli, tmp_path, db_url):
    path = _write(tmp_path / "a.txt", "Talks resumed in Istanbul on Monday.")
    result = cli("ingest", str(path), "--db", db_url, "--address", "tcp://127.0.0.1:1")
    assert result.exit_code == 2
    expected = "--address, --workers, --shared-files and --writes go with --engine dask"
    assert expected in result.stderr


def _source(path: Path) -> Source:
    return Source(name=str(path), location=path)


def _write(path: Path, text: str) -> Path:
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_in_source_order_reports_early_outcomes_past_its_limit_each_once():
    from peacetalks.batch.local import Outcome, _InSourceOrder

    reported = []
    ordered = _InSourceOrder(reported.append, limit=3)
    outcomes = {i: Outcome(Source(name=f"s{i}"), "unchanged") for i in range(8)}
    for i in (1, 2, 3):
        ordered.put(i, outcomes[i])
    assert reported == []  # held behind source 0
    ordered.put(4, outcomes[4])  # a fourth held: over the limit, released at once
    assert reported == [outcomes[i] for i in (1, 2, 3, 4)]
    ordered.put(6, outcomes[6])
    ordered.put(0, outcomes[0])
    ordered.put(5, outcomes[5])
    ordered.put(7, outcomes[7])
    assert reported == [outcomes[i] for i in (1, 2, 3, 4, 0, 5, 6, 7)]
    assert ordered.held == {}
    assert ordered.released == set()


def test_cli_ingest_dask_engine_without_the_extra_says_how_to_install_it(
    cli, tmp_path, db_url, monkeypatch
):
    # As if Dask were not installed: importing it fails the way a missing package does.
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.delitem(sys.modules, "peacetalks.batch.distributed", raising=False)
    path = _write(tmp_path / "a.txt", "Talks resumed in Istanbul on Monday.")
    result = cli("ingest", str(path), "--db", db_url, "--engine", "dask")
    assert result.exit_code == 2
    assert "Cannot use the dask engine: Dask is not installed (distributed)" in result.stderr
    assert "pip install 'peacetalks[distributed]'" in result.stderr


def test_ingest_sources_a_stage_error_fails_that_document_and_the_batch_goes_on(
    tmp_path, pipeline, db_url
):
    paths = write_corpus(tmp_path / "corpus", 5)
    middle = read_document(_source(paths[2])).id

    def fail_on_one(doc, _found):
        if doc.id == middle:
            raise RuntimeError("a bug in a stage")
        return []

    failing = Pipeline(
        (*pipeline.stages, FunctionStage("test.fail.v1", frozenset(), frozenset(), fail_on_one))
    )
    store = open_store(db_url)
    try:
        summary = ingest_sources([_source(p) for p in paths], failing, store, batch_size=32)
        assert store.counts().documents == 4
        assert summary.added == 4
        (failure,) = summary.failures
        assert failure.source.name.endswith(paths[2].name)
        assert "RuntimeError: a bug in a stage" in failure.error
        assert "please report it" in failure.error
    finally:
        store.close()


def test_a_document_over_its_time_limit_is_skipped_naming_the_option(tmp_path, pipeline, db_url):
    paths = write_corpus(tmp_path / "corpus", 3)
    slow = read_document(_source(paths[1])).id

    def stall(doc, _found):
        if doc.id == slow:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:  # busy, as a runaway loop would be
                pass
        return []

    stalling = Pipeline(
        (*pipeline.stages, FunctionStage("test.slow.v1", frozenset(), frozenset(), stall))
    )
    store = open_store(db_url)
    started = time.monotonic()
    try:
        options = ReadOptions(doc_timeout=0.5)
        summary = ingest_sources([_source(p) for p in paths], stalling, store, options=options)
        assert time.monotonic() - started < 20
        assert summary.added == 2
        (failure,) = summary.failures
        assert "too slow" in failure.error
        assert "0.5 s" in failure.error
        assert "--doc-timeout" in failure.error
    finally:
        store.close()
    # the alarm is disarmed afterwards: nothing fires later
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_ingest_sources_rerun_does_not_read_files_unchanged_since(tmp_path, pipeline, db_url):
    paths = write_corpus(tmp_path / "corpus", 5)
    sources = [_source(p) for p in paths]
    store = open_store(db_url)
    try:
        assert ingest_sources(sources, pipeline, store).added == 5
        # Garbage of the same size with the same modification time: a file read now would fail.
        before = paths[0].stat()
        paths[0].write_bytes(b"\x00\x01" * (before.st_size // 2) + b"\x00" * (before.st_size % 2))
        os.utime(paths[0], ns=(before.st_atime_ns, before.st_mtime_ns))
        unread = ingest_sources(sources, pipeline, store)
        assert (unread.added, unread.unchanged, unread.failures) == (0, 5, [])
        # A new modification time: the file is read again (and refused, as it is binary now).
        os.utime(paths[0], ns=(before.st_atime_ns, before.st_mtime_ns + 10**9))
        read = ingest_sources(sources, pipeline, store)
        assert (read.unchanged, [f.source for f in read.failures]) == (4, [sources[0]])
    finally:
        store.close()


def test_ingest_sources_touched_file_is_read_once_then_skipped_again(tmp_path, pipeline, db_url):
    path = write_corpus(tmp_path / "corpus", 1)[0]
    seen = []
    store = open_store(db_url)
    try:
        ingest_sources([_source(path)], pipeline, store)
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
        ingest_sources([_source(path)], pipeline, store, on_outcome=seen.append)
        ingest_sources([_source(path)], pipeline, store, on_outcome=seen.append)
    finally:
        store.close()
    assert [o.status for o in seen] == ["unchanged", "unchanged"]
    assert seen[0].record is not None  # read: its content was found stored
    assert seen[1].record is None  # not read: the new stamp was remembered
    assert seen[0].document_id == seen[1].document_id == seen[1].known_id
