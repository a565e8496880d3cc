"""API errors: every error is JSON `{"error": message, "type": name}` with a fitting status."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from starlette.responses import JSONResponse

from peacetalks.errors import (
    BadValue,
    PeacetalksError,
    UnknownActor,
    UnknownDocument,
    UnknownFact,
    UnknownUser,
    UserExists,
)

HTTP_TYPES = {
    400: "BadRequest",
    401: "NotSignedIn",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    409: "Conflict",
    413: "TooLarge",
    414: "TooLarge",
    422: "BadRequest",
    429: "TooManyRequests",
}


class ErrorBody(BaseModel):
    """What every API error returns."""

    error: str
    type: str


# The error responses each route may give, for the OpenAPI description.
ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": ErrorBody, "description": "A value has the wrong form"},
    401: {"model": ErrorBody, "description": "Not signed in, or a bad API token"},
    404: {"model": ErrorBody, "description": "No such document or fact"},
    422: {"model": ErrorBody, "description": "A parameter is missing or malformed"},
}


def status_of(err: PeacetalksError) -> int:
    """The HTTP status for a core error (STYLE.md section 6: 400/404/409)."""
    if isinstance(err, UnknownDocument | UnknownFact | UnknownUser):
        return 404
    if isinstance(err, UserExists):
        return 409
    if isinstance(err, BadValue | UnknownActor):
        return 400  # a correction naming an unknown actor is a bad value, not a missing page
    return 404 if type(err).__name__.startswith("Unknown") else 400


def error_response(
    status: int, message: str, kind: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The JSON error body with its status."""
    return JSONResponse({"error": message, "type": kind}, status_code=status, headers=headers)


def validation_message(err: RequestValidationError) -> str:
    """One readable line per bad parameter: where, what was wrong."""
    lines = []
    for problem in err.errors():
        where = ".".join(str(part) for part in problem.get("loc", ()) if part != "body")
        lines.append(f"{where}: {problem.get('msg', 'invalid')}")
    return "Bad request: " + "; ".join(lines) if lines else "Bad request."
