"""Who may read and write over HTTP: passwords, API tokens, signed sessions and CSRF tokens.

Shared by `api/` (bearer tokens) and `web/` (a signed session cookie plus a CSRF token on every
form). Passwords are hashed with argon2id (argon2-cffi's defaults, OWASP's first choice).
"""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine
from starlette.exceptions import HTTPException
from starlette.requests import Request

from peacetalks.errors import BadValue
from peacetalks.served import store_of
from peacetalks.store.accounts import (
    insert_token,
    insert_user,
    password_hash_of,
    set_password_hash,
    user_of_token,
)

_hasher = PasswordHasher()
USER_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
MIN_PASSWORD = 8
# A hash to verify against when the user does not exist, so that an unknown name costs the
# same time as a wrong password (no user enumeration by timing).
_DUMMY_HASH = _hasher.hash("not a password anyone has")


def add_user(engine: Engine, name: str, password: str) -> None:
    """Create a user; BadValue for a bad name or a short password, UserExists when taken."""
    if not name or len(name) > 64 or set(name) - USER_NAME_CHARS:
        raise BadValue("user name", name, "1-64 letters, digits, '.', '_' or '-'")
    if len(password) < MIN_PASSWORD:
        raise BadValue("password", "*" * len(password), f"at least {MIN_PASSWORD} characters")
    insert_user(engine, name, _hasher.hash(password))


def check_password(engine: Engine, name: str, password: str) -> bool:
    """True when `password` is this user's; the hash is upgraded if argon2's settings grew."""
    stored = password_hash_of(engine, name)
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    if stored is None:
        return False
    if _hasher.check_needs_rehash(stored):
        set_password_hash(engine, name, _hasher.hash(password))
    return True


def new_api_token(engine: Engine, name: str) -> str:
    """A fresh API token for the user; only its hash is stored, so show it once."""
    token = "pt_" + secrets.token_urlsafe(32)
    insert_token(engine, name, _token_hash(token))
    return token


def user_for_token(engine: Engine, token: str) -> str | None:
    """The user an API token belongs to, None when it is unknown."""
    return user_of_token(engine, _token_hash(token))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# ---- per request ---------------------------------------------------------------------------


def session_user(request: Request) -> str | None:
    """The user signed in on this browser session, if any."""
    name = request.session.get("user")
    return name if isinstance(name, str) else None


def request_user(request: Request) -> str | None:
    """The user behind a request: a bearer token wins over the session cookie."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        engine = store_of(request).engine
        name = user_for_token(engine, token.strip())
        if name is None:
            raise HTTPException(
                401, "The API token is not valid. Create one with 'peacetalks user token NAME'."
            )
        return name
    return session_user(request)


def require_reader(request: Request) -> str | None:
    """Let the request read: anyone when reading is public, else a signed-in user."""
    name = request_user(request)
    if name is None and not request.app.state.read_public:
        raise HTTPException(401, "Sign in to read this database (reading is not public here).")
    return name


def require_writer(request: Request) -> str:
    """Let the request change data: a signed-in user or a valid API token, never anyone else."""
    name = request_user(request)
    if name is None:
        raise HTTPException(401, "Sign in (or send 'Authorization: Bearer TOKEN') to change data.")
    return name


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
    """Start a fresh session for `name` (a new CSRF token too: no session fixation)."""
    request.session.clear()
    request.session["user"] = name
    request.session["csrf"] = secrets.token_urlsafe(32)


def sign_out(request: Request) -> None:
    """End the session."""
    request.session.clear()
