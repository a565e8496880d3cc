"""Dask workers that write the records themselves: the client only hands out sources."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from peacetalks.batch import PipelineSpec, ingest_sources
from peacetalks.errors import EngineUnavailable
from peacetalks.ingest import expand_inputs
from peacetalks.store import open_store
from peacetalks.store.tables import documents
from tests.batch.clusters import two_workers

distributed = pytest.importorskip("distributed")
dask_batch = pytest.importorskip("peacetalks.batch.distributed")

# Four stories, written for this test; each is carried by twenty outlets with their own
# sign-off: syndicated copies.
STORIES = [
    "Delegations from Armenia and Azerbaijan met in Washington on Friday and initialled the "
    "text of a peace treaty after two days of talks hosted by the State Department. Both "
    "sides agreed to open the border crossings in the south and to set up a joint commission "
    "on the delimitation of the frontier, officials said after the ceremony at the hotel.",
    "The government of Colombia and the armed group met in Caracas for a fourth round of "
    "talks on Tuesday. The rebels demanded guarantees for their fighters who lay down arms, "
    "while the government offered to extend the bilateral ceasefire by another six months if "
    "kidnappings stopped, according to the joint statement read out by the mediators.",
    "Mediators from Qatar and Egypt presented a new proposal to Israel and Hamas in Cairo on "
    "Sunday. It foresees the release of thirty hostages in exchange for several hundred "
    "Palestinian prisoners and a pause in the fighting of six weeks, two officials who saw "
    "the text told reporters outside the intelligence headquarters late in the evening.",
    "Sudan's army rejected on Wednesday a call by the Quad for a humanitarian truce of three "
    "months, saying the Rapid Support Forces must first withdraw from the cities they hold. "
    "The paramilitary group said it accepted the truce and was ready to open corridors for "
    "aid convoys into El Fasher and the surrounding camps for displaced families.",
]


def write_copies(folder: Path, outlets: int = 20) -> list[Path]:
    """Each story once per outlet; in name order every chunk of 32 holds copies of all four."""
    folder.mkdir()
    paths = []
    for outlet in range(outlets):
        for number, story in enumerate(STORIES):
            path = folder / f"{outlet:02d}-{number}.txt"
            # Near-identical: MinHash finds a pair this close every time (one as far apart as
            # 0.7 shares no band one time in three).
            text = f"Story {number} from the wire\n\n{story}\n\nFiled by desk {outlet}.\n"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


class _Writes:
    """A store that counts the records this process writes itself."""

    def __init__(self, store) -> None:
        self.store = store
        self.written = 0

    def __getattr__(self, name: str):
        return getattr(self.store, name)

    def add_records(self, records, **kwargs):
        self.written += len(records)
        return self.store.add_records(records, **kwargs)


@pytest.mark.distributed
def test_workers_store_each_chunk_find_copies_across_chunks_and_keep_the_source_order(
    tmp_path, make_db_url
):
    paths = write_copies(tmp_path / "wire")
    url = make_db_url("wire")
    store = open_store(url)
    counting = _Writes(store)
    try:
        with (
            two_workers() as cluster,
            dask_batch.DaskExecutor(
                PipelineSpec(backend="rules"), address=cluster.scheduler_address
            ) as executor,
        ):
            assert executor.workers_store(url) is not None  # auto: they reach this database
            summary = ingest_sources(
                expand_inputs([str(tmp_path / "wire")]),
                executor.spec.build(),
                counting,
                executor=executor,
            )
        with store.engine.connect() as connection:
            rows = connection.execute(select(documents.c.path, documents.c.copy_of)).all()
        listed = [record.document.path for record in store.records()]
    finally:
        store.close()

    assert (summary.added, summary.failures) == (80, [])
    assert counting.written == 0  # the workers wrote every record
    assert listed == [str(path) for path in paths]  # in the order of the sources
    originals = Counter(Path(path).stem[-1] for path, copy_of in rows if copy_of is None)
    # Chunks stored at once by two workers still find the copies the other one stored:
    # each story has one original, and its other 19 carriers are its copies.
    assert originals == Counter({"0": 1, "1": 1, "2": 1, "3": 1})


@pytest.mark.parametrize(
    ("url", "here", "expected"),
    [
        ("sqlite:///peacetalks.db", True, f"sqlite:///{Path('peacetalks.db').resolve()}"),
        ("sqlite:///peacetalks.db", False, None),  # the file is this machine's
        ("sqlite://", True, None),  # in memory: this process's alone
        ("sqlite:///:memory:", True, None),
        (
            "postgresql+psycopg://me:secret@127.0.0.1:5432/talks",
            True,
            "postgresql+psycopg://me:secret@127.0.0.1:5432/talks",
        ),
        ("postgresql+psycopg://me@localhost/talks", False, None),  # loopback, seen from afar
        (
            "postgresql+psycopg://me@db.example.org/talks",
            False,
            "postgresql+psycopg://me@db.example.org/talks",
        ),
    ],
)
def test_the_workers_write_only_to_a_database_they_can_reach(url, here, expected):
    assert dask_batch._reachable_store(url, here=here) == expected


def test_writes_by_workers_that_cannot_reach_the_database_is_refused_with_the_fix():
    executor = object.__new__(dask_batch.DaskExecutor)  # no cluster needed to decide
    executor.here, executor.writes = False, "workers"
    with pytest.raises(EngineUnavailable) as refused:
        executor.workers_store("postgresql+psycopg://me:secret@localhost/talks")
    assert "cannot write to postgresql+psycopg://me:***@localhost/talks" in str(refused.value)
    assert "secret" not in str(refused.value)
    assert "Leave out --writes workers" in str(refused.value)
    executor.writes = "auto"
    assert executor.workers_store("postgresql+psycopg://me@localhost/talks") is None
    executor.writes = "client"
    assert executor.workers_store("postgresql+psycopg://me@db.example.org/talks") is None
