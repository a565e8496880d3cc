"""Accounts: reviewers, their API tokens and the key that signs sessions (revision 0003).

Only hashes are stored: argon2 for passwords (hashed by the caller), SHA-256 for API tokens
(random 256-bit strings need no slow hash).
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table, Text, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from peacetalks.errors import UnknownUser, UserExists
from peacetalks.store.tables import metadata

users = Table(
    "users",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_name", String(64), ForeignKey("users.name", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

app_secrets = Table(
    "app_secrets",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)


def insert_user(engine: Engine, name: str, password_hash: str) -> None:
    """Store a new user; UserExists when the name is taken."""
    row = {"name": name, "password_hash": password_hash, "created_at": dt.datetime.now(dt.UTC)}
    try:
        with engine.begin() as connection:
            connection.execute(users.insert().values(**row))
    except IntegrityError as err:
        raise UserExists(name) from err


def set_password_hash(engine: Engine, name: str, password_hash: str) -> None:
    """Replace a user's password hash (after a rehash or a password change)."""
    with engine.begin() as connection:
        done = connection.execute(
            users.update().where(users.c.name == name).values(password_hash=password_hash)
        )
        if done.rowcount == 0:
            raise UnknownUser(name)


def password_hash_of(engine: Engine, name: str) -> str | None:
    """The stored hash of a user's password; None when there is no such user."""
    with engine.connect() as connection:
        found = connection.execute(select(users.c.password_hash).where(users.c.name == name))
        return found.scalar_one_or_none()


def user_names(engine: Engine) -> list[str]:
    """Every user name, sorted."""
    with engine.connect() as connection:
        return list(connection.execute(select(users.c.name).order_by(users.c.name)).scalars())


def insert_token(engine: Engine, name: str, token_hash: str) -> None:
    """Record an API token (its hash) for a user."""
    if password_hash_of(engine, name) is None:
        raise UnknownUser(name)
    row = {"token_hash": token_hash, "user_name": name, "created_at": dt.datetime.now(dt.UTC)}
    with engine.begin() as connection:
        connection.execute(api_tokens.insert().values(**row))


def user_of_token(engine: Engine, token_hash: str) -> str | None:
    """The user a token hash belongs to, None when it is unknown."""
    with engine.connect() as connection:
        found = connection.execute(
            select(api_tokens.c.user_name).where(api_tokens.c.token_hash == token_hash)
        )
        return found.scalar_one_or_none()


def session_key(engine: Engine) -> str:
    """The key that signs this database's web sessions, made on first use and kept."""
    with engine.connect() as connection:
        found = connection.execute(
            select(app_secrets.c.value).where(app_secrets.c.name == "session")
        ).scalar_one_or_none()
    if found is not None:
        return str(found)
    try:
        with engine.begin() as connection:
            connection.execute(
                app_secrets.insert().values(name="session", value=secrets.token_urlsafe(48))
            )
    except IntegrityError:
        pass  # another server process made it first; use theirs
    return session_key(engine)
