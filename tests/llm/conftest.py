"""The llm backend's fixtures: a stand-in model server on 127.0.0.1 and short documents
written for the project (public facts in our own words)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from peacetalks.llm import LlmSettings
from peacetalks.llm.standin import JSON, Reply, StandIn, chat_reply, document_of

TALKS = (
    "Delegations of Armenia and Azerbaijan met in Washington on Friday for talks hosted by "
    "the United States.\n\n"
    'Azerbaijan demanded that Armenia change its constitution, which it says contains "a claim '
    'on Azerbaijani land". Armenia rejected the demand as interference in its internal '
    "affairs.\n\n"
    "The two sides agreed to open a transit route through southern Armenia.\n"
)
TALKS_PUBLISHED = "2025-08-09"


def answer_for(text: str) -> JSON:
    """What a careful model answers about TALKS (quotes copied from it)."""
    del text
    return {
        "actors": [
            {"id": "armenia", "name": "Armenia", "type": "state", "party": None, "roles": [],
             "mentions": ["Armenia"]},
            {"id": "azerbaijan", "name": "Azerbaijan", "type": "state", "party": None,
             "roles": [], "mentions": ["Azerbaijan"]},
        ],
        "events": [
            {"type": "meeting", "date": "2025-08-08", "end_date": None, "date_precision": "day",
             "place": "Washington", "venue": None, "round": None,
             "participants": ["armenia", "azerbaijan"], "hosts": ["united-states"],
             "mediators": [], "duration_minutes": None,
             "evidence": [{"text": "Delegations of Armenia and Azerbaijan met in Washington on "
                                   "Friday"}]},
        ],
        "positions": [
            {"holder": "azerbaijan", "issue": "governance", "stance": "demand",
             "summary": "a change to Armenia's constitution", "targets": [],
             "addressee": "armenia", "as_of": None,
             "evidence": [{"text": "Azerbaijan demanded that Armenia change its constitution"}]},
            {"holder": "Armenia", "issue": "governance", "stance": "reject",
             "summary": "a change to its constitution", "targets": [], "addressee": "azerbaijan",
             "as_of": None,
             "evidence": [{"text": "Armenia rejected the demand as interference in its "
                                   "internal affairs."}]},
        ],
        "agreements": [
            {"parties": ["armenia", "azerbaijan"], "issue": "economic_relations",
             "summary": "a transit route through southern Armenia",
             "terms": {"formula": None, "quantity": None, "unit": None, "group": None},
             "status": "agreed", "date": None,
             "evidence": [{"text": "The two sides agreed to open a transit route through "
                                   "southern Armenia."}]},
        ],
        "figures": [],
    }  # fmt: skip


def scripted(*replies: Reply | Callable[[JSON], Reply]) -> Callable[[JSON], Reply]:
    """Replies in turn (a function is called with the request); the last one repeats."""
    queue = list(replies)

    def reply(body: JSON) -> Reply:
        step = queue.pop(0) if len(queue) > 1 else queue[0]
        return step(body) if callable(step) else step

    return reply


def model_reply(body: JSON) -> Reply:
    """A well-behaved model: the answer for the requested text."""
    return chat_reply(json.dumps(answer_for(document_of(body)["text"])))


@pytest.fixture
def standin() -> Iterator[Callable[..., StandIn]]:
    """Starts stand-in servers with the given reply function; all stopped after the test."""
    started: list[StandIn] = []

    def start(reply: Callable[[JSON], Reply] = model_reply) -> StandIn:
        server = StandIn(reply).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__(None, None, None)


def settings_for(server: StandIn, **changes: object) -> LlmSettings:
    """Settings for a stand-in: quick retries, short timeout."""
    base: dict[str, object] = {
        "url": server.url,
        "model": "standin",
        "backoff": 0.01,
        "timeout": 5.0,
        "retries": 2,
    }
    base.update(changes)
    return LlmSettings(**base)  # type: ignore[arg-type]


@pytest.fixture
def talks_file(tmp_path: Path) -> Path:
    """TALKS as a text file with a manifest giving its publication date."""
    path = tmp_path / "talks.txt"
    path.write_text(TALKS, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        f"path,published,publisher,title,kind\ntalks.txt,{TALKS_PUBLISHED},Desk,Talks,news\n",
        encoding="utf-8",
    )
    return path
