"""API fixtures, as in tests/web: the demo database built once, a client over a copy of it."""

from __future__ import annotations

import pytest

from tests.web.harness import app_client, build_demo_database

READER = ("ana", "correct horse battery")


@pytest.fixture(scope="session")
def demo_template(make_session_db_url) -> str:
    """The demo database, built once (on PostgreSQL when the suite runs there)."""
    return build_demo_database(make_session_db_url("demo"))


@pytest.fixture
def demo_url(demo_template, make_db_url) -> str:
    return make_db_url("demo", template=demo_template)


@pytest.fixture
def client(demo_url):
    with app_client(demo_url) as client:
        yield client
