"""Publication dates from a document's own URL or head, the warning when there is none, and
re-dating stored content with --published."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from peacetalks.ingest.dating import published_in
from tests.conftest import jsonl

PLAIN = "Talks resume\n\nEnvoys met again."


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        (PLAIN, "https://example.org/news/2025/05/16/talks", "2025-05-16"),
        (PLAIN, "https://example.org/20250602/talks.html", "2025-06-02"),
        ("Talks resume\nBy A. Reporter | Friday 16 May 2025\n\nEnvoys met.", None, "2025-05-16"),
        ("Talks resume\nJune 3, 2025\n\nEnvoys met.", None, "2025-06-03"),
        ("Talks resume\n\nPublished on 2025-06-03 by the desk. Envoys met.", None, "2025-06-03"),
        ("ISTANBUL, 2 June 2025 - Delegations met for a second round.", None, "2025-06-02"),
    ],
)  # fmt: skip
def test_publication_date_from_url_or_head(text, url, expected):
    assert published_in(text, url) == dt.date.fromisoformat(expected)


@pytest.mark.parametrize(
    "text",
    [
        # a date inside the story's first sentence is an event's, not the report's
        "Delegations met in Istanbul on 16 May 2025 for their first direct talks since 2022, "
        "and agreed to exchange prisoners of war in the coming days.",
        "Talks resume\n\nEnvoys met again on Monday.",
        "Talks resume\n31 February 2025\n\nEnvoys met.",  # no such day
    ],
)
def test_no_publication_date_where_the_head_states_none(text):
    assert published_in(text) is None


def test_manifest_date_wins_over_the_text(cli, tmp_path):
    path = tmp_path / "talks.txt"
    path.write_text("Talks resume\nFriday 16 May 2025\n\nEnvoys met in Istanbul.\n")
    (tmp_path / "m.csv").write_text("path,published\ntalks.txt,2025-05-17\n")
    from_text = jsonl(cli("extract", str(path), "--backend", "rules").stdout)[0]
    assert from_text["document"]["published"] == "2025-05-16"
    listed = jsonl(
        cli("extract", "--manifest", str(tmp_path / "m.csv"), "--backend", "rules").stdout
    )
    assert listed[0]["document"]["published"] == "2025-05-17"


MEETING = (
    "Armenia and Azerbaijan resume talks\n\n"
    "Delegations of Armenia and Azerbaijan met in Washington on Monday for talks on a peace "
    "treaty hosted by the United States.\n"
)


def test_undated_document_is_ingested_with_a_warning_then_redated(cli, tmp_path, db_url):
    path = tmp_path / "meeting.txt"
    path.write_text(MEETING)
    first = cli("ingest", str(path), "--backend", "rules", "--db", db_url)
    assert first.exit_code == 0, first.stderr
    assert "no publication date for" in first.stderr
    assert "--published" in first.stderr
    before = jsonl(cli("export", "--db", db_url).stdout)[0]
    assert before["document"]["published"] is None
    assert before["events"] == []  # "on Monday" cannot be resolved

    again = cli("ingest", str(path), "--backend", "rules", "--db", db_url, "--published",
                "2025-08-12")  # fmt: skip
    assert again.exit_code == 0, again.stderr
    assert "1 re-dated and extracted again" in again.stderr
    after = jsonl(cli("export", "--db", db_url).stdout)
    assert len(after) == 1  # the same document, not a second one
    assert after[0]["document"]["published"] == "2025-08-12"
    assert [(e["type"], e["date"]) for e in after[0]["events"]] == [("meeting", "2025-08-11")]
    timeline = json.loads(cli("timeline", "--db", db_url, "--json").stdout)
    assert "2025-08-11" in json.dumps(timeline)  # the facts were reconciled again

    third = cli("ingest", str(path), "--backend", "rules", "--db", db_url, "--published",
                "2025-08-12")  # fmt: skip
    assert "0 added, 1 unchanged" in third.stderr  # same date: nothing to do
