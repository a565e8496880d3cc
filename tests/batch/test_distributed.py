"""Ingest on a Dask cluster: the same records as a local run, and no document lost to a worker."""

from __future__ import annotations

import json
import os
import signal

import pytest

from peacetalks.batch import PipelineSpec, ingest_sources
from peacetalks.demo import CORPUS, MANIFEST
from peacetalks.errors import EngineUnavailable
from peacetalks.ingest import Source, expand_inputs, read_document
from peacetalks.store import open_store
from peacetalks.store.facts import read_facts
from tests.batch.clusters import two_workers
from tests.store.test_crash import write_corpus

distributed = pytest.importorskip("distributed")
DaskExecutor = pytest.importorskip("peacetalks.batch.distributed").DaskExecutor

pytestmark = pytest.mark.distributed


@pytest.fixture
def cluster():
    """Two worker processes on this machine; each restarts (by its nanny) when killed."""
    with two_workers() as started:
        yield started


def test_cli_dask_ingest_exports_exactly_what_a_local_ingest_exports(cli, make_db_url, tmp_path):
    write_corpus(tmp_path / "reports", 60)
    inputs = [str(CORPUS), str(tmp_path / "reports")]
    local, dask = make_db_url("local"), make_db_url("dask")
    manifest = ["--manifest", str(MANIFEST)]

    by_local = cli("ingest", *manifest, *inputs, "--db", local)
    by_dask = cli("ingest", *manifest, *inputs, "--db", dask, "--engine", "dask", "--workers", "2")

    assert by_local.exit_code == 0, by_local.stderr
    assert by_dask.exit_code == 0, by_dask.stderr
    assert "70 added, 0 unchanged" in by_dask.stderr
    exported = cli("export", "--db", dask).stdout
    assert exported == cli("export", "--db", local).stdout
    assert exported.count("\n") == 70
    for table in ("positions", "figures", "events"):
        as_csv = ["export", "--format", "csv", "--table", table]
        assert cli(*as_csv, "--db", dask).stdout == cli(*as_csv, "--db", local).stdout
    # Ingest reconciles: the facts across documents are the same too.
    facts = _facts(dask)
    assert facts == _facts(local)
    assert {kind for kind, *_ in facts} >= {"position", "agreement", "figure", "event"}


def _facts(url: str) -> list[tuple]:
    store = open_store(url)
    try:
        return sorted(
            (f.kind, f.key, json.dumps(f.payload, sort_keys=True), _sources(f))
            for f in read_facts(store.engine)
        )
    finally:
        store.close()


def _sources(fact) -> tuple:
    return tuple(sorted((s.document_id, s.item_kind, s.item_seq) for s in fact.sources))


def test_dask_ingest_with_a_worker_killed_mid_run_loses_no_document(
    cluster, tmp_path, pipeline, db_url
):
    paths = write_corpus(tmp_path / "reports", 160)
    killed: list[int] = []
    reported: list[str] = []
    with (
        distributed.Client(cluster, set_as_default=False) as client,
        DaskExecutor(PipelineSpec(), address=cluster.scheduler_address) as executor,
    ):
        pids = client.run(os.getpid)  # worker address -> process id

        def kill_one_worker_once(outcome):
            reported.append(outcome.status)
            if not killed and outcome.status == "added":
                # Mid-run: the first batch is stored, most documents are still out, and the
                # worker killed has tasks of ours assigned to it.
                busy = [a for a, keys in client.processing().items() if keys and a in pids]
                assert busy
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(pids[busy[0]])
                assert len(reported) < len(paths) // 2

        store = open_store(db_url)
        try:
            summary = ingest_sources(
                expand_inputs([str(tmp_path / "reports")]),
                pipeline,
                store,
                executor=executor,
                on_outcome=kill_one_worker_once,
                batch_size=8,
            )
            stored = [r.document.path for r in store.records()]
        finally:
            store.close()
        after = client.run(os.getpid)

    assert killed
    assert killed[0] not in after.values()  # the worker really died (its nanny made a new one)
    assert summary.failures == []
    assert summary.added == len(paths)
    assert sorted(stored) == sorted(str(p) for p in paths)  # each once: ids are primary keys


def test_cli_dask_ingest_rerun_over_a_grown_folder_adds_only_the_new_documents(
    cli, tmp_path, db_url
):
    paths = write_corpus(tmp_path / "reports", 30)
    for path in paths[20:]:
        path.rename(tmp_path / path.name)
    dask = ["--db", db_url, "--engine", "dask", "--workers", "2"]
    first = cli("ingest", str(tmp_path / "reports"), *dask)
    assert "20 added, 0 unchanged" in first.stderr
    for path in paths[20:]:
        (tmp_path / path.name).rename(path)

    second = cli("ingest", str(tmp_path / "reports"), *dask)

    assert second.exit_code == 0, second.stderr
    assert "10 added, 20 unchanged" in second.stderr


@pytest.mark.slow
def test_dask_executor_unreachable_scheduler_is_engine_unavailable():
    # Port 9 (discard) on loopback: nothing listens there; the client gives up after 10 s.
    with pytest.raises(EngineUnavailable, match=r"no Dask scheduler answers at tcp://127\.0"):
        DaskExecutor(PipelineSpec(), address="tcp://127.0.0.1:9")


def test_dask_executor_reports_every_document_of_a_chunk_that_keeps_failing(cluster, tmp_path):
    # What a worker without an installed stage plugin does: the pipeline cannot be built there.
    spec = PipelineSpec(config='[pipeline]\nstages = ["example.plugin-stage.v1"]\n')
    docs = [
        read_document(Source(name=str(p), location=p))
        for p in write_corpus(tmp_path / "reports", 11)
    ]
    with DaskExecutor(spec, address=cluster.scheduler_address) as executor:
        extracted = list(executor.extract(docs))
    assert [e.doc for e in extracted] == docs
    for one in extracted:
        assert one.record is None
        # Without "Cannot extract NAME: ", which ingest puts before it as for a local failure.
        assert one.error.startswith("3 tries on the cluster failed")
        assert "UnknownStage" in one.error
        assert "example.plugin-stage.v1" in one.error


@pytest.mark.parametrize("address", ["scheduler", "foo://host:8786"])
def test_cli_dask_ingest_malformed_address_names_it_and_the_form(cli, tmp_path, db_url, address):
    report = write_corpus(tmp_path / "reports", 1)[0]
    result = cli("ingest", str(report), "--db", db_url, "--engine", "dask", "--address", address)
    assert result.exit_code == 2
    assert f"Cannot use the dask engine: {address!r} is not a scheduler address" in result.stderr
    assert "tcp://HOST:PORT" in result.stderr
    assert "Traceback" not in result.stderr
