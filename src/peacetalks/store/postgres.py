"""PostgreSQL specifics: what it refuses that SQLite takes, caught before it becomes a crash."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from peacetalks.errors import BadValue

NUL = "\x00"


def configure_postgresql(engine: Engine) -> None:
    """Refuse text holding NUL with a BadValue instead of the driver's DataError.

    PostgreSQL text cannot hold NUL (SQLite can), so such a value can be neither stored nor
    matched: a filter `?kind=%00` on the web API would otherwise be a server error.
    """

    @event.listens_for(engine, "before_cursor_execute")
    def _refuse_nul(
        _connection: Any,  # noqa: ANN401 (DBAPI objects are untyped)
        _cursor: Any,  # noqa: ANN401
        _statement: str,
        parameters: Any,  # noqa: ANN401 (a dict, a sequence, or a list of either)
        _context: Any,  # noqa: ANN401
        _executemany: bool,
    ) -> None:
        for value in _values(parameters):
            if isinstance(value, str) and NUL in value:
                raise BadValue(
                    "text value",
                    value,
                    "text without NUL characters (PostgreSQL cannot store them)",
                )


def _values(parameters: Any) -> Iterable[Any]:  # noqa: ANN401 (see above)
    rows = parameters if isinstance(parameters, list) else [parameters]
    for row in rows:
        if isinstance(row, Mapping):
            yield from row.values()
        elif isinstance(row, tuple | list):
            yield from row
