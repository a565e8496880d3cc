"""What every view command shares: the opened store, dates given as options, and the window
of facts the options ask for (also used by the web report, which keeps the CLI's rules)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from peacetalks.analysis.positions import Window
from peacetalks.errors import BadValue
from peacetalks.store import SqlStore, open_store
from peacetalks.store.facts import processes

ALL = "all"


@contextmanager
def opened_store(db: str) -> Iterator[SqlStore]:
    """The existing store at `db` (never a new, empty one), closed after the block."""
    store = open_store(db, create=False)
    try:
        yield store
    finally:
        store.close()


def parse_day(value: str | None, what: str) -> dt.date | None:
    """A YYYY-MM-DD option, or None; BadValue naming the option otherwise."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise BadValue(what, value, "a date YYYY-MM-DD, e.g. 2025-06-02") from err


def view_window(
    store: SqlStore, process: str | None, since: str | None, until: str | None
) -> Window:
    """The window the options ask for; the busiest process when none is named."""
    known = processes(store.engine)
    if process is None:
        chosen = known[0][0] if known else None
    elif process == ALL:
        chosen = None
    elif process not in {p for p, _ in known}:
        names = ", ".join(p for p, _ in known) or "none yet (ingest documents first)"
        raise BadValue("--process", process, f"one of: {names}, or 'all'")
    else:
        chosen = process
    return Window(chosen, parse_day(since, "--since"), parse_day(until, "--until"))
