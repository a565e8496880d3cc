"""`peacetalks serve --workers N`: N server processes over one database; a session made by one
worker is honoured by the others (sessions live in the database, not in a process)."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request
from pathlib import Path

from tests.web.browser import running_server
from tests.web.harness import add_user


def _processes() -> dict[int, tuple[int, bytes]]:
    """{pid: (parent pid, command line)} of every process this user can see."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            found[int(stat.parent.name)] = (parent, (stat.parent / "cmdline").read_bytes())
        except (OSError, ValueError, IndexError):
            continue
    return found


def _workers_of(port: str) -> int:
    """How many processes descend from the `peacetalks serve ... --port PORT` process."""
    table = _processes()
    server = next(
        pid for pid, (_, cmd) in table.items() if b"serve" in cmd and port.encode() in cmd
    )
    seen, todo = set(), [server]
    while todo:
        at = todo.pop()
        for pid, (parent, _) in table.items():
            if parent == at and pid not in seen:
                seen.add(pid)
                todo.append(pid)
    return len(seen)


def test_two_workers_answer_and_share_sessions(demo_url):
    add_user(demo_url, "analyst", "a long enough password")
    with running_server(demo_url, "--workers", "2") as base:
        assert _workers_of(base.rsplit(":", 1)[1]) >= 2
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{base}/signin").read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        form = {"name": "analyst", "password": "a long enough password", "csrf_token": token}
        opener.open(f"{base}/signin", data=urllib.parse.urlencode(form).encode())
        # A new connection each time: the workers share the requests between them, and every
        # one of them knows the session.
        for _ in range(12):
            answer = opener.open(f"{base}/positions")
            assert answer.status == 200
            assert '<span title="signed in">analyst</span>' in answer.read().decode()
