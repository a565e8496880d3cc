"""Ingest fixtures: hand-built PDFs, a local HTTP server for canned pages, article texts."""

from __future__ import annotations

import hashlib
import http.server
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from tests.conftest import DATA

HTTP_DATA = DATA / "http"

# English running text long enough for the language check (30 words and more).
ARTICLE = (
    "Harbour talks reach a prisoner deal\n"
    "\n"
    "Negotiators from the two coastal states met for a third day at the harbour conference "
    "centre on Thursday and agreed to exchange two hundred detained fishermen before the end "
    "of the month.\n"
    "\n"
    "The mediator said the exchange would be supervised by a neutral monitoring team, and that "
    "both sides had accepted a timetable for the release of the boats held since the autumn.\n"
)

# The padding string of the PDF standard security handler (PDF 1.7, 7.6.3.3, Algorithm 2).
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_FILE_ID = hashlib.md5(b"peacetalks test pdf", usedforsecurity=False).digest()


def build_pdf(pages: list[list[str]], *, user_password: str | None = None) -> bytes:
    """A minimal PDF 1.4: one Helvetica text line per string, one content stream per page.

    A page given as [] gets an empty content stream (what a scan without OCR looks like to a
    text extractor). With `user_password`, the file is RC4-encrypted (security handler
    revision 2), so that opening it needs the password.
    """
    n = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    streams: dict[int, bytes] = {}
    for i, lines in enumerate(pages):
        page_num, content_num = 4 + 2 * i, 5 + 2 * i
        objects[page_num] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {content_num} 0 R >>"
        ).encode()
        ops = ["BT", "/F1 12 Tf", "16 TL", "72 720 Td"]
        ops += [f"({_pdf_string(line)}) Tj T*" for line in lines]
        ops.append("ET")
        streams[content_num] = ("\n".join(ops) + "\n").encode("latin-1") if lines else b""
    trailer = f"/ID [<{_FILE_ID.hex()}> <{_FILE_ID.hex()}>]"
    key = None
    if user_password is not None:
        encrypt_num = 4 + 2 * n
        objects[encrypt_num], key = _standard_security(user_password.encode("latin-1"))
        trailer += f" /Encrypt {encrypt_num} 0 R"
    for num, data in streams.items():
        if key is not None:
            salt = num.to_bytes(3, "little") + b"\0\0"
            object_key = hashlib.md5(key + salt, usedforsecurity=False).digest()
            data = _rc4(object_key[: len(key) + 5], data)
        objects[num] = b"<< /Length %d >>\nstream\n%b\nendstream" % (len(data), data)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%b\nendobj\n" % (num, objects[num])
    xref_at = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num]
    out += b"trailer\n<< /Size %d /Root 1 0 R %b >>\n" % (size, trailer.encode())
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _standard_security(user_password: bytes) -> tuple[bytes, bytes]:
    """The /Encrypt dictionary (V 1, R 2, 40-bit RC4) and the file key for a user password."""
    permissions = -4
    user = (user_password + _PAD)[:32]
    owner_key = hashlib.md5((b"owner" + _PAD)[:32], usedforsecurity=False).digest()[:5]
    o_entry = _rc4(owner_key, user)
    seed = user + o_entry + permissions.to_bytes(4, "little", signed=True) + _FILE_ID
    key = hashlib.md5(seed, usedforsecurity=False).digest()[:5]
    u_entry = _rc4(key, _PAD)
    encrypt = (
        f"<< /Filter /Standard /V 1 /R 2 /O <{o_entry.hex()}> /U <{u_entry.hex()}> "
        f"/P {permissions} >>"
    ).encode()
    return encrypt, key


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def http_base_url(monkeypatch) -> Iterator[str]:
    """The base URL of a real HTTP server on 127.0.0.1 serving tests/data/http/ (no network)."""
    for variable in (
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(variable, raising=False)
    handler = partial(_QuietHandler, directory=str(HTTP_DATA))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            thread.join(timeout=5)


@pytest.fixture
def article_html() -> Path:
    """A news page with a nav, a cookie banner, comments, related links and a footer."""
    return HTTP_DATA / "harbour-talks.html"
