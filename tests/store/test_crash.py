"""A killed ingest leaves only whole documents, and ingesting again completes the corpus."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

N_DOCUMENTS = 240  # enough that a kill lands mid-run; few enough to stay under 5 s
TIMEOUT_S = 120

LEADS = [
    "Russian and Ukrainian delegations met in Istanbul on {day} May for talks that Turkey "
    "hosted at the Dolmabahce Palace.",
    "Negotiators from Russia and Ukraine sat down again in Istanbul, with the United States "
    "and Turkey in the room as the talks entered day {day}.",
    "Ukraine and Russia agreed on the {day}th day of talks to swap more prisoners of war, "
    "officials of both delegations said in Istanbul.",
]
MIDDLES = [
    "The meeting lasted a little under two hours. The Ukrainian side said it had come to "
    "discuss a full and unconditional ceasefire, which Moscow has so far rejected.",
    "Both sides said that the exchange of the wounded and of the young would come first. "
    "The Russian delegation handed over a memorandum setting out its terms for a settlement.",
    "Turkey's foreign minister opened the session and called on the parties to keep talking. "
    "The United States said it was ready to help if the two sides made progress.",
    "The Ukrainian delegation asked for a meeting of the two presidents. Russia said such a "
    "meeting could only come at the end of the process, once the documents were ready.",
]
CLOSES = [
    "No date was set for the next round, but the delegations said they would stay in touch.",
    "Officials said that the next exchange of prisoners of war could take place within a week.",
]


def write_corpus(folder: Path, n: int) -> list[Path]:
    """`n` distinct English reports: a few paragraphs varied by a counter."""
    folder.mkdir()
    paths = []
    for i in range(n):
        body = "\n\n".join(
            [
                f"Report number {i} on the talks in Istanbul",
                LEADS[i % len(LEADS)].format(day=i % 28 + 1),
                MIDDLES[i % len(MIDDLES)],
                MIDDLES[(i // len(MIDDLES)) % len(MIDDLES)],
                CLOSES[i % len(CLOSES)],
                f"This is report {i} of {n} in the series, filed by the desk at {i % 24:02d}:00.",
            ]
        )
        path = folder / f"report-{i:04d}.txt"
        path.write_text(body + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def peacetalks_command() -> list[str]:
    """The installed `peacetalks` script next to this Python, or the same entry point via -c."""
    script = Path(sys.executable).with_name("peacetalks")
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-c", "from peacetalks.cli import main; main()"]


def stored_documents(db: Path) -> int:
    """How many documents a reader sees now; 0 while the database or its tables are missing."""
    if not db.exists():
        return 0
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_ingest_killed_mid_run_leaves_only_whole_documents(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", N_DOCUMENTS)
    db = tmp_path / "crash.db"
    command = [*peacetalks_command(), "ingest", str(tmp_path / "corpus"), "--db", f"sqlite:///{db}"]

    with (tmp_path / "first.log").open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + TIMEOUT_S
            seen = 0
            while seen < N_DOCUMENTS // 10 and process.poll() is None:
                assert time.monotonic() < deadline, "the ingest stored too little in time"
                time.sleep(0.02)
                seen = stored_documents(db)
            process.send_signal(signal.SIGKILL)
        finally:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL, (tmp_path / "first.log").read_text()

    with closing(sqlite3.connect(db)) as connection:
        kept = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
        partial = connection.execute(
            "SELECT d.id, d.item_count, count(i.id) FROM documents d "
            "LEFT JOIN items i ON i.document_id = d.id "
            "GROUP BY d.id, d.item_count HAVING count(i.id) != d.item_count"
        ).fetchall()
        orphans = connection.execute(
            "SELECT count(*) FROM items WHERE document_id NOT IN (SELECT id FROM documents)"
        ).fetchone()[0]
        with_items = connection.execute("SELECT count(*) FROM documents WHERE item_count > 0")
        n_with_items = with_items.fetchone()[0]
    assert 0 < kept < N_DOCUMENTS, "the kill came before or after the ingest, not during it"
    assert partial == []
    assert orphans == 0
    assert n_with_items == kept  # every report names actors, so every document has items

    second = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)

    assert second.returncode == 0, second.stderr
    assert f"{N_DOCUMENTS - kept} added, {kept} unchanged" in second.stderr
    with closing(sqlite3.connect(db)) as connection:
        paths = [row[0] for row in connection.execute("SELECT path FROM documents")]
        partial = connection.execute(
            "SELECT d.id FROM documents d LEFT JOIN items i ON i.document_id = d.id "
            "GROUP BY d.id, d.item_count HAVING count(i.id) != d.item_count"
        ).fetchall()
    assert sorted(Path(p).name for p in paths) == [p.name for p in corpus]
    assert partial == []
