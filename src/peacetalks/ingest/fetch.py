"""Fetching documents by URL: the only place peacetalks goes to the network."""

from __future__ import annotations

import urllib.error
import urllib.request

from peacetalks import __version__
from peacetalks.errors import UnreadableDocument

TIMEOUT_S = 20


def fetch_url(url: str, *, max_bytes: int) -> tuple[bytes, str]:
    """The body of `url` and its content type; refused beyond `max_bytes`."""
    request = urllib.request.Request(url, headers={"User-Agent": f"peacetalks/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            raw: bytes = response.read(max_bytes + 1)
            content_type = response.headers.get_content_type()
    except urllib.error.HTTPError as err:
        err.close()  # the error is also the response; release its connection
        raise UnreadableDocument(
            url,
            f"it could not be fetched (HTTP {err.code} {err.reason})",
            "Check the address, or save the page and ingest the file.",
        ) from err
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise UnreadableDocument(
            url,
            f"it could not be fetched ({reason})",
            "Check the address and the network, or save the page and ingest the file.",
        ) from err
    if len(raw) > max_bytes:
        raise too_large(url, max_bytes)
    return raw, content_type


def too_large(path: str, max_bytes: int) -> UnreadableDocument:
    """The error for a document over the size limit."""
    return UnreadableDocument(
        path,
        f"it is larger than the limit of {_size(max_bytes)}",
        "Split it, or raise the limit with --max-size (megabytes).",
    )


def _size(n_bytes: int) -> str:
    # A limit under 1 MB (set through the API) must not read "0 MB".
    return f"{n_bytes / 1_000_000:g} MB" if n_bytes >= 1_000_000 else f"{n_bytes} bytes"
