"""PDF: the report's HTML printed by headless Chromium.

Chromium is already the browser the project's tests drive, it prints exactly the HTML a reader
sees (the report's `@page` and `@media print` rules apply), and it needs no Python package and
no system library beyond itself. Printing is offline: the HTML loads nothing, and Chromium runs
with its background networking, component updates and sync switched off, in a throw-away
profile.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from peacetalks.errors import PeacetalksError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 120.0  # seconds; a long report prints in a few


class BrowserMissing(PeacetalksError):
    """No Chromium to print a PDF with."""

    def __init__(self) -> None:
        super().__init__(
            "Cannot write a PDF: no Chromium browser was found (looked for "
            f"{', '.join(BROWSERS)} on PATH, and PEACETALKS_CHROMIUM).\n"
            "  Install it (Debian/Ubuntu: apt-get install chromium), or write "
            "--format html and print that file from any browser."
        )


class PrintFailed(PeacetalksError):
    """Chromium ran but made no PDF."""

    def __init__(self, browser: str, reason: str) -> None:
        self.browser = browser
        self.reason = reason
        super().__init__(
            f"Cannot write a PDF: {browser} {reason}.\n"
            "  Write --format html and print that file from a browser instead."
        )


def find_browser() -> str | None:
    """The Chromium to print with: PEACETALKS_CHROMIUM, else the first of BROWSERS on PATH."""
    named = os.environ.get("PEACETALKS_CHROMIUM")
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def has_browser() -> bool:
    """True when a PDF can be printed here."""
    return find_browser() is not None


def render_pdf(html: str, *, timeout: float = TIMEOUT) -> bytes:
    """The HTML printed to PDF; BrowserMissing or PrintFailed when that cannot be done."""
    browser = find_browser()
    if browser is None:
        raise BrowserMissing
    with tempfile.TemporaryDirectory(prefix="peacetalks-pdf-") as scratch:
        folder = Path(scratch)
        page, out = folder / "report.html", folder / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",  # root in containers cannot use the sandbox; the page runs no script
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={folder / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as err:
            raise PrintFailed(browser, f"did not finish within {timeout:.0f} s") from err
        except OSError as err:
            raise PrintFailed(browser, f"could not be started ({err})") from err
        if not out.is_file() or out.stat().st_size == 0:
            tail = " ".join(done.stderr.strip().splitlines()[-3:])[:400]
            raise PrintFailed(browser, f"exited with {done.returncode} and no PDF ({tail})")
        return out.read_bytes()
