"""Web fixtures: the demo database (built once per session) and a client over a copy of it."""

from __future__ import annotations

import pytest

from tests.web.harness import app_client, build_demo_database, copy_database

READER = ("ana", "correct horse battery")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo_database(path)
    return path


@pytest.fixture
def demo_url(demo_template, tmp_path) -> str:
    return copy_database(demo_template, tmp_path / "demo.db")


@pytest.fixture
def client(demo_url):
    with app_client(demo_url) as client:
        yield client
