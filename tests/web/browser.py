"""A real server in its own process and Debian's chromium driven by Playwright (no download)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(url: str, *extra: str) -> Iterator[str]:
    """`peacetalks serve` on a free loopback port; yields its base URL, stops it after."""
    port = free_port()
    command = [sys.executable, "-m", "peacetalks", "serve", "--db", url, "--port", str(port)]
    process = subprocess.Popen(
        [*command, *extra], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def _wait_until_up(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise RuntimeError(f"peacetalks serve exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(f"{base}/api/overview", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"peacetalks serve did not answer at {base} within 30 s")


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Debian chromium (Playwright's own browsers cannot be downloaded here)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
