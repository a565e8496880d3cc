"""What the web and API tests share: the demo database built once, copied per test, an app."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from click.testing import CliRunner
from fastapi.testclient import TestClient

from peacetalks.analysis.reconciliation import reconcile_store
from peacetalks.cli import main
from peacetalks.demo import MANIFEST
from peacetalks.server import ServeSettings, create_app
from peacetalks.store import open_store


def ingest(url: str, *args: str) -> None:
    """`peacetalks ingest ARGS --db URL`, in-process, then reconciliation (a no-op when ingest
    already ran it); fails the test on any error."""
    result = CliRunner().invoke(main, ["ingest", *args, "--db", url], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    store = open_store(url)
    try:
        reconcile_store(store)
    finally:
        store.close()


def build_demo_database(url: str) -> str:
    """The sample corpus ingested (and reconciled, as ingest does) into an empty database."""
    ingest(url, "--manifest", str(MANIFEST))
    return url


def add_user(url: str, name: str, password: str) -> None:
    result = CliRunner().invoke(
        main, ["user", "add", name, "--db", url, "--password-stdin"], input=password + "\n"
    )
    assert result.exit_code == 0, result.output


@contextmanager
def app_client(url: str, *, read_public: bool = True) -> Iterator[TestClient]:
    """An in-process client of the real app over `url` (Datasette's ds_client habit)."""
    app = create_app(ServeSettings(db=url, read_public=read_public))
    with TestClient(app, follow_redirects=False) as client:
        yield client


def sign_in(client: TestClient, name: str, password: str) -> None:
    """Sign in through the real form, CSRF token and all."""
    page = client.get("/signin")
    token = csrf_of(page.text)
    done = client.post("/signin", data={"name": name, "password": password, "csrf_token": token})
    assert done.status_code == 303, done.text


def csrf_of(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]
