"""Storage: the Store protocol and its SQLAlchemy implementation (SQLite default)."""

from peacetalks.store.answers import AnswerStore, MemoryAnswers, StoredAnswer
from peacetalks.store.database import AddOutcome, Counts, SqlStore, Store, open_store

DEFAULT_DB = "sqlite:///peacetalks.db"

__all__ = [
    "DEFAULT_DB",
    "AddOutcome",
    "AnswerStore",
    "Counts",
    "MemoryAnswers",
    "SqlStore",
    "Store",
    "StoredAnswer",
    "open_store",
]
