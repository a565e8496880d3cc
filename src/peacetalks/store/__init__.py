"""Storage: the Store protocol and its SQLAlchemy implementation (SQLite default)."""

from peacetalks.store.database import AddOutcome, Counts, SqlStore, Store, open_store

DEFAULT_DB = "sqlite:///peacetalks.db"

__all__ = ["DEFAULT_DB", "AddOutcome", "Counts", "SqlStore", "Store", "open_store"]
