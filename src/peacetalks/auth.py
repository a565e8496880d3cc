"""Who may read and write over HTTP: passwords, roles, API tokens, sessions, CSRF, throttling.

Shared by `api/` (bearer tokens) and `web/` (a session cookie plus a CSRF token on every form).
Passwords are hashed with argon2id (argon2-cffi's defaults, OWASP's first choice). A session
is a row in the database: the cookie (signed by Starlette) carries a random id whose hash is
the row's key, and the CSRF token; deleting the row ends the session wherever the cookie went.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import math
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException
from starlette.requests import Request

from peacetalks.errors import BadValue, UnknownUser
from peacetalks.served import store_of
from peacetalks.store.accounts import (
    ROLES,
    TOUCH_EVERY,
    Account,
    delete_session,
    delete_sessions_of,
    delete_stale_sessions,
    delete_token,
    delete_user,
    failures_since,
    forget_failures,
    insert_session,
    insert_token,
    insert_user,
    password_hash_of,
    record_failure,
    session_of,
    set_password_hash,
    set_role,
    touch_session,
    user_of_token,
)

if TYPE_CHECKING:
    from argon2 import PasswordHasher

USER_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # argon2 takes any length; a megabyte "password" only costs us time
REVIEW_ROLES = ("reviewer", "admin")
TOKEN_DAYS = 90  # default lifetime of an API token
SESSION_IDLE = dt.timedelta(hours=12)  # a session unused this long ends
SESSION_LIFETIME = dt.timedelta(days=14)  # and every session ends this long after sign-in


def utc_now() -> dt.datetime:
    """The time now, in UTC (the clock the server uses unless a test gives another)."""
    return dt.datetime.now(dt.UTC)


# ---- users and passwords -------------------------------------------------------------------


@functools.cache
def _hasher() -> PasswordHasher:
    # argon2 is imported on first use, by the commands and requests that handle passwords.
    from argon2 import PasswordHasher

    return PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    # A hash to verify against when the user does not exist, so that an unknown name costs the
    # same time as a wrong password (no user enumeration by timing). Made on first use, not at
    # import: hashing costs ~0.1 s and 64 MB, which every other command would pay (issue 15).
    return _hasher().hash("not a password anyone has")


def add_user(engine: Engine, name: str, password: str, *, role: str = "reviewer") -> None:
    """Create a user; BadValue for a bad name, role or password, UserExists when taken."""
    if not name or len(name) > 64 or set(name) - USER_NAME_CHARS:
        raise BadValue("user name", name, "1-64 letters, digits, '.', '_' or '-'")
    if role not in ROLES:
        raise BadValue("role", role, "one of " + ", ".join(ROLES))
    insert_user(engine, name, _hashed(password), role=role)


def change_password(engine: Engine, name: str, password: str) -> int:
    """Set a user's password and end their sessions; how many sessions ended."""
    if password_hash_of(engine, name) is None:
        raise UnknownUser(name)
    set_password_hash(engine, name, _hashed(password))
    return delete_sessions_of(engine, name)


def change_role(engine: Engine, name: str, role: str) -> None:
    """Give a user another role (it applies to their sessions and tokens at once)."""
    set_role(engine, name, role)


def remove_user(engine: Engine, name: str) -> None:
    """Delete a user, their sessions and their tokens; their reviews keep their name."""
    delete_user(engine, name)


def check_password(engine: Engine, name: str, password: str) -> bool:
    """True when `password` is this user's; the hash is upgraded if argon2's settings grew."""
    from argon2.exceptions import InvalidHashError, VerificationError

    stored = password_hash_of(engine, name)
    hasher = _hasher()
    try:
        hasher.verify(stored or _dummy_hash(), password[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return False
    if stored is None or len(password) > MAX_PASSWORD:
        return False
    if hasher.check_needs_rehash(stored):
        set_password_hash(engine, name, hasher.hash(password))
    return True


def _hashed(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise BadValue(
            "password", "*" * min(len(password), 20), f"{MIN_PASSWORD}-{MAX_PASSWORD} characters"
        )
    return _hasher().hash(password)


# ---- API tokens ----------------------------------------------------------------------------


def new_api_token(
    engine: Engine, name: str, *, days: int = TOKEN_DAYS, now: dt.datetime | None = None
) -> tuple[int, str]:
    """A fresh API token for the user and its id; only its hash is stored, so show it once."""
    if not 1 <= days <= 3650:
        raise BadValue("token lifetime", str(days), "1 to 3650 days")
    now = now or utc_now()
    token = "pt_" + secrets.token_urlsafe(32)
    made = insert_token(
        engine, name, _hash(token), now=now, expires_at=now + dt.timedelta(days=days)
    )
    return made, token


def user_for_token(engine: Engine, token: str, *, now: dt.datetime | None = None) -> str | None:
    """The user an API token belongs to, None when it is unknown or expired."""
    account = user_of_token(engine, _hash(token), now=now or utc_now())
    return account.name if account else None


def revoke_token(engine: Engine, token_id: int) -> str:
    """Delete an API token by its id (from `peacetalks user tokens`); whose it was."""
    owner = delete_token(engine, token_id)
    if owner is None:
        raise BadValue(
            "token id", str(token_id), "the id of a token listed by 'peacetalks user tokens NAME'"
        )
    return owner


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


# ---- throttling sign-in --------------------------------------------------------------------

# After FREE failures within WINDOW (per name; ADDRESS_FREE per client address, which a
# whole office may share), each attempt waits 2^(failures - FREE) seconds after the latest
# failure, up to CAP: a stranger can delay someone's sign-in by minutes, never lock them out.
THROTTLE_WINDOW = dt.timedelta(minutes=15)
THROTTLE_FREE = 5
THROTTLE_ADDRESS_FREE = 20
THROTTLE_CAP = dt.timedelta(minutes=5)


def sign_in_wait(engine: Engine, name: str, address: str, *, now: dt.datetime) -> int:
    """Seconds to wait before the next sign-in attempt for this name from this address (0: go)."""
    wait = 0.0
    for key, free in (
        (_name_key(name), THROTTLE_FREE),
        (_address_key(address), THROTTLE_ADDRESS_FREE),
    ):
        count, latest = failures_since(engine, key, now - THROTTLE_WINDOW)
        if count < free or latest is None:
            continue
        delay = min(2.0 ** (count - free), THROTTLE_CAP.total_seconds())
        wait = max(wait, (latest - now).total_seconds() + delay)
    return math.ceil(wait) if wait > 0 else 0


def record_sign_in_failure(engine: Engine, name: str, address: str, *, now: dt.datetime) -> None:
    """Count a failed sign-in against the name (known or not) and the client address."""
    keys = [_name_key(name), _address_key(address)]
    record_failure(engine, keys, now=now, forget_before=now - THROTTLE_WINDOW)


def forget_sign_in_failures(engine: Engine, name: str) -> None:
    """Clear a name's failures once its password was given (the address keeps its count)."""
    forget_failures(engine, _name_key(name))


def _name_key(name: str) -> str:
    return "name:" + name[:100]


def _address_key(address: str) -> str:
    return "address:" + address[:100]


# ---- per request ---------------------------------------------------------------------------


def request_now(request: Request) -> dt.datetime:
    """The app's clock (tests give the app a clock of their own)."""
    clock: Callable[[], dt.datetime] = getattr(request.app.state, "clock", utc_now)
    return clock()


def session_account(request: Request) -> Account | None:
    """The user signed in on this browser session, if the session is still live."""
    sid = request.session.get("sid")
    if not isinstance(sid, str):
        return None
    engine = store_of(request).engine
    found = session_of(engine, _hash(sid))
    now = request_now(request)
    if found is not None and (now >= found.expires_at or now - found.last_seen_at >= SESSION_IDLE):
        delete_session(engine, _hash(sid))
        found = None
    if found is None:
        del request.session["sid"]  # ended: the cookie forgets it (the CSRF token stays)
        return None
    if now - found.last_seen_at >= TOUCH_EVERY:
        touch_session(engine, _hash(sid), now=now)
    return found.account


def session_user(request: Request) -> str | None:
    """The name of the user signed in on this browser session, if any."""
    account = session_account(request)
    return account.name if account else None


def request_account(request: Request) -> Account | None:
    """The user behind a request: a bearer token wins over the session cookie.

    An 'Authorization: Bearer ...' header must carry a valid token (else 401): a bad one is
    never ignored in favour of the session cookie. Other schemes (Basic from a proxy in front)
    are ignored for access; only a valid token spares a session's write its CSRF check.
    """
    cached: tuple[Account | None] | None = getattr(request.state, "peacetalks_account", None)
    if cached is not None:
        return cached[0]
    scheme, _, token = request.headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer":
        token = token.strip()
        engine = store_of(request).engine
        found = user_of_token(engine, _hash(token), now=request_now(request)) if token else None
        if found is None:
            raise HTTPException(
                401,
                "The API token is not valid (unknown, revoked or expired). "
                "Create one with 'peacetalks user token NAME'.",
            )
        request.state.peacetalks_by_token = True
    else:
        found = session_account(request)
    request.state.peacetalks_account = (found,)
    return found


def request_user(request: Request) -> str | None:
    """The name of the user behind a request (see request_account)."""
    account = request_account(request)
    return account.name if account else None


def is_by_token(request: Request) -> bool:
    """True when the request was let in by a valid API token (which needs no CSRF token)."""
    request_account(request)
    return bool(getattr(request.state, "peacetalks_by_token", False))


def can_review(request: Request) -> bool:
    """True when the request's user may confirm, correct or reject facts."""
    account = request_account(request)
    return account is not None and account.role in REVIEW_ROLES


def require_reader(request: Request) -> str | None:
    """Let the request read: anyone when reading is public, else a signed-in user."""
    name = request_user(request)
    if name is None and not request.app.state.read_public:
        raise HTTPException(401, "Sign in to read this database (reading is not public here).")
    return name


def require_writer(request: Request) -> str:
    """Let the request change data: a reviewer (or admin), signed in or with an API token."""
    account = request_account(request)
    if account is None:
        raise HTTPException(401, "Sign in (or send 'Authorization: Bearer TOKEN') to change data.")
    if account.role not in REVIEW_ROLES:
        raise HTTPException(
            403,
            f"{account.name} has the role {account.role!r}, which may read but not review. "
            f"An administrator can run 'peacetalks user role {account.name} reviewer'.",
        )
    return account.name


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use; every form carries it back."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, submitted: str | None) -> None:
    """Refuse (403) a form whose CSRF token is missing or is not this session's."""
    expected = request.session.get("csrf")
    if not (
        isinstance(expected, str) and submitted and secrets.compare_digest(expected, submitted)
    ):
        raise HTTPException(
            403, "The form's CSRF token is missing or wrong; reload the page and try again."
        )


def sign_in(request: Request, name: str) -> None:
    """Start a fresh session for `name` (new id, new CSRF token: no session fixation)."""
    engine = store_of(request).engine
    now = request_now(request)
    old = request.session.get("sid")
    if isinstance(old, str):
        delete_session(engine, _hash(old))
    delete_stale_sessions(engine, now=now, idle=SESSION_IDLE)
    sid = secrets.token_urlsafe(32)
    insert_session(engine, _hash(sid), name, now=now, expires_at=now + SESSION_LIFETIME)
    request.session.clear()
    request.session["sid"] = sid
    request.session["csrf"] = secrets.token_urlsafe(32)
    request.state.peacetalks_account = None


def sign_out(request: Request) -> None:
    """End the session, and every other session of its user (a captured cookie dies too)."""
    engine = store_of(request).engine
    account = session_account(request)
    sid = request.session.get("sid")
    if account is not None:
        delete_sessions_of(engine, account.name)
    elif isinstance(sid, str):
        delete_session(engine, _hash(sid))
    request.session.clear()
    request.state.peacetalks_account = None
