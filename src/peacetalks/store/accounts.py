"""Accounts: users and their roles, API tokens, web sessions, failed sign-ins (0003, 0009).

Only hashes are stored: argon2 for passwords (hashed by the caller), SHA-256 for API tokens and
session ids (random 256-bit strings need no slow hash). The rules (expiry, throttling) live in
`auth.py`; this module reads and writes rows.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from peacetalks.errors import BadValue, UnknownUser, UserExists
from peacetalks.store.tables import metadata

# What a user may do: read; read and review (confirm, correct, reject); and, for admin,
# whatever user management the server offers. Users made before roles existed are reviewers.
ROLES = ("reader", "reviewer", "admin")

users = Table(
    "users",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("role", String(16), nullable=False, server_default="reviewer"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("user_name", String(64), ForeignKey("users.name", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True)),  # None: made before tokens expired (0009)
    Column("last_used_at", DateTime(timezone=True)),
)

app_secrets = Table(
    "app_secrets",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# A signed-in browser: the cookie carries a random id, the row its hash, so deleting the row
# ends the session wherever the cookie went.
sessions = Table(
    "sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_name", String(64), ForeignKey("users.name", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("ix_sessions_user_name", "user_name"),
)

# One row per failed sign-in and key ('name:ana', 'address:203.0.113.7'); rows older than the
# throttling window are deleted as new ones come, so the table stays small.
sign_in_failures = Table(
    "sign_in_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
    Index("ix_sign_in_failures_key_failed_at", "key", "failed_at"),
)

# How stale last_seen_at / last_used_at may get before it is written again: one write a minute
# per session or token at most, not one per request (SQLite has a single writer).
TOUCH_EVERY = dt.timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class Account:
    """A user as access rules see them."""

    name: str
    role: str


@dataclass(frozen=True, slots=True)
class UserLine:
    """A user as `peacetalks user list` shows them."""

    name: str
    role: str
    created_at: dt.datetime
    sessions: int
    tokens: int


@dataclass(frozen=True, slots=True)
class TokenLine:
    """An API token's record (never the token)."""

    id: int
    user_name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class SessionLine:
    """A web session's record, with its user's current role."""

    account: Account
    created_at: dt.datetime
    last_seen_at: dt.datetime
    expires_at: dt.datetime


# ---- users ---------------------------------------------------------------------------------


def insert_user(engine: Engine, name: str, password_hash: str, *, role: str = "reviewer") -> None:
    """Store a new user; UserExists when the name is taken."""
    _check_role(role)
    row = {
        "name": name,
        "password_hash": password_hash,
        "created_at": dt.datetime.now(dt.UTC),
        "role": role,
    }
    try:
        with engine.begin() as connection:
            connection.execute(users.insert().values(**row))
    except IntegrityError as err:
        raise UserExists(name) from err


def set_password_hash(engine: Engine, name: str, password_hash: str) -> None:
    """Replace a user's password hash (after a rehash or a password change)."""
    _update_user(engine, name, password_hash=password_hash)


def set_role(engine: Engine, name: str, role: str) -> None:
    """Give a user another role."""
    _check_role(role)
    _update_user(engine, name, role=role)


def password_hash_of(engine: Engine, name: str) -> str | None:
    """The stored hash of a user's password; None when there is no such user."""
    with engine.connect() as connection:
        found = connection.execute(select(users.c.password_hash).where(users.c.name == name))
        return found.scalar_one_or_none()


def user_names(engine: Engine) -> list[str]:
    """Every user name, sorted."""
    with engine.connect() as connection:
        return list(connection.execute(select(users.c.name).order_by(users.c.name)).scalars())


def list_users(engine: Engine, *, now: dt.datetime) -> list[UserLine]:
    """Every user with role and counts of live sessions and unexpired tokens, by name."""
    live_sessions = (
        select(func.count())
        .where(sessions.c.user_name == users.c.name, sessions.c.expires_at > now)
        .scalar_subquery()
    )
    live_tokens = (
        select(func.count())
        .where(
            api_tokens.c.user_name == users.c.name,
            (api_tokens.c.expires_at.is_(None)) | (api_tokens.c.expires_at > now),
        )
        .scalar_subquery()
    )
    query = select(users.c.name, users.c.role, users.c.created_at, live_sessions, live_tokens)
    with engine.connect() as connection:
        rows = connection.execute(query.order_by(users.c.name)).all()
    return [UserLine(r[0], r[1], _aware(r[2]), int(r[3]), int(r[4])) for r in rows]


def delete_user(engine: Engine, name: str) -> None:
    """Remove a user with their sessions and tokens (their reviews keep their name)."""
    with engine.begin() as connection:
        # explicit, not left to ON DELETE CASCADE: SQLite enforces it only with a pragma on
        connection.execute(delete(sessions).where(sessions.c.user_name == name))
        connection.execute(delete(api_tokens).where(api_tokens.c.user_name == name))
        done = connection.execute(delete(users).where(users.c.name == name))
        if done.rowcount == 0:
            raise UnknownUser(name)


def _update_user(engine: Engine, name: str, **values: str) -> None:
    with engine.begin() as connection:
        done = connection.execute(users.update().where(users.c.name == name).values(**values))
        if done.rowcount == 0:
            raise UnknownUser(name)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise BadValue("role", role, "one of " + ", ".join(ROLES))


# ---- API tokens ----------------------------------------------------------------------------


def insert_token(
    engine: Engine, name: str, token_hash: str, *, now: dt.datetime, expires_at: dt.datetime
) -> int:
    """Record an API token (its hash) for a user; its id, for listing and revoking."""
    if password_hash_of(engine, name) is None:
        raise UnknownUser(name)
    row = {"token_hash": token_hash, "user_name": name, "created_at": now, "expires_at": expires_at}
    with engine.begin() as connection:
        made = connection.execute(api_tokens.insert().values(**row).returning(api_tokens.c.id))
        return int(made.scalar_one())


def user_of_token(engine: Engine, token_hash: str, *, now: dt.datetime) -> Account | None:
    """The user an unexpired token hash belongs to; None when unknown or expired."""
    query = (
        select(api_tokens.c.id, api_tokens.c.expires_at, api_tokens.c.last_used_at)
        .add_columns(users.c.name, users.c.role)
        .join(users, users.c.name == api_tokens.c.user_name)
        .where(api_tokens.c.token_hash == token_hash)
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None or (row.expires_at is not None and _aware(row.expires_at) <= now):
        return None
    if row.last_used_at is None or now - _aware(row.last_used_at) > TOUCH_EVERY:
        with engine.begin() as connection:
            connection.execute(
                update(api_tokens).where(api_tokens.c.id == row.id).values(last_used_at=now)
            )
    return Account(row.name, row.role)


def tokens_of(engine: Engine, name: str) -> list[TokenLine]:
    """A user's API tokens, oldest first; UnknownUser when there is no such user."""
    if password_hash_of(engine, name) is None:
        raise UnknownUser(name)
    query = select(api_tokens).where(api_tokens.c.user_name == name).order_by(api_tokens.c.id)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [
        TokenLine(
            r.id,
            r.user_name,
            _aware(r.created_at),
            _aware(r.last_used_at) if r.last_used_at else None,
            _aware(r.expires_at) if r.expires_at else None,
        )
        for r in rows
    ]


def delete_token(engine: Engine, token_id: int) -> str | None:
    """Delete an API token by id; the user it belonged to, None when there was no such id."""
    with engine.begin() as connection:
        owner = connection.execute(
            select(api_tokens.c.user_name).where(api_tokens.c.id == token_id)
        ).scalar_one_or_none()
        connection.execute(delete(api_tokens).where(api_tokens.c.id == token_id))
    return owner


# ---- web sessions --------------------------------------------------------------------------


def insert_session(
    engine: Engine, id_hash: str, name: str, *, now: dt.datetime, expires_at: dt.datetime
) -> None:
    """Record a new session for a user."""
    row = {
        "id_hash": id_hash,
        "user_name": name,
        "created_at": now,
        "last_seen_at": now,
        "expires_at": expires_at,
    }
    with engine.begin() as connection:
        connection.execute(sessions.insert().values(**row))


def session_of(engine: Engine, id_hash: str) -> SessionLine | None:
    """A session with its user (None when there is no such session or user any more)."""
    query = (
        select(sessions, users.c.role)
        .join(users, users.c.name == sessions.c.user_name)
        .where(sessions.c.id_hash == id_hash)
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        return None
    return SessionLine(
        Account(row.user_name, row.role),
        _aware(row.created_at),
        _aware(row.last_seen_at),
        _aware(row.expires_at),
    )


def touch_session(engine: Engine, id_hash: str, *, now: dt.datetime) -> None:
    """Note that a session was just used (idle expiry counts from here)."""
    with engine.begin() as connection:
        connection.execute(
            update(sessions).where(sessions.c.id_hash == id_hash).values(last_seen_at=now)
        )


def delete_session(engine: Engine, id_hash: str) -> None:
    """End one session."""
    with engine.begin() as connection:
        connection.execute(delete(sessions).where(sessions.c.id_hash == id_hash))


def delete_sessions_of(engine: Engine, name: str) -> int:
    """End every session of a user; how many there were."""
    with engine.begin() as connection:
        done = connection.execute(delete(sessions).where(sessions.c.user_name == name))
        return int(done.rowcount)


def delete_stale_sessions(engine: Engine, *, now: dt.datetime, idle: dt.timedelta) -> None:
    """Forget sessions past their expiry or idle for longer than `idle`."""
    stale = (sessions.c.expires_at <= now) | (sessions.c.last_seen_at <= now - idle)
    with engine.begin() as connection:
        connection.execute(delete(sessions).where(stale))


# ---- failed sign-ins -----------------------------------------------------------------------


def record_failure(
    engine: Engine, keys: list[str], *, now: dt.datetime, forget_before: dt.datetime
) -> None:
    """Count a failed sign-in against each key; forget every failure before `forget_before`."""
    with engine.begin() as connection:
        connection.execute(
            delete(sign_in_failures).where(sign_in_failures.c.failed_at < forget_before)
        )
        connection.execute(sign_in_failures.insert(), [{"key": k, "failed_at": now} for k in keys])


def failures_since(engine: Engine, key: str, since: dt.datetime) -> tuple[int, dt.datetime | None]:
    """How many failures a key has had since `since`, and when the latest was."""
    query = select(func.count(), func.max(sign_in_failures.c.failed_at)).where(
        sign_in_failures.c.key == key, sign_in_failures.c.failed_at >= since
    )
    with engine.connect() as connection:
        count, latest = connection.execute(query).one()
    return int(count), _aware(latest) if latest is not None else None


def forget_failures(engine: Engine, key: str) -> None:
    """Clear a key's failures (after a successful sign-in)."""
    with engine.begin() as connection:
        connection.execute(delete(sign_in_failures).where(sign_in_failures.c.key == key))


# ---- the session-signing key ---------------------------------------------------------------


def session_key(engine: Engine) -> str:
    """The key that signs this database's web session cookies, made on first use and kept."""
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


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
