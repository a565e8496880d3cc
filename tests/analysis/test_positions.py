"""Matrix, compare and diff over the reconciled demo corpus and dev set."""

from __future__ import annotations

import datetime as dt

from peacetalks.analysis.changes import diff, position_at
from peacetalks.analysis.positions import ORDER, Window, compare, matrix


def test_matrix_defaults_to_the_two_parties_holding_most_positions(corpus_store):
    table = matrix(corpus_store, Window(process="russia-ukraine"))
    assert table.parties == ("russia", "ukraine")
    by_issue = {row.issue: row for row in table.rows}
    assert by_issue["territory"].compatibility == "clash"
    assert "demand" in by_issue["territory"].cells["russia"].stances
    assert by_issue["prisoners"].compatibility == "agreed"  # they agreed exchanges
    for row in table.rows:
        assert row.compatibility in ORDER
        for cell in row.cells.values():
            assert len(cell.summary) <= 60


def test_compare_puts_clashes_first(corpus_store):
    table = compare(corpus_store, "ukraine", "russia", Window(process="russia-ukraine"))
    ranks = [ORDER[row.compatibility] for row in table.rows]
    assert ranks == sorted(ranks)
    assert table.rows[0].compatibility == "clash"
    assert table.parties == ("ukraine", "russia")


def test_issue_4_diff_russia_since_2022_adds_zaporizhzhia_and_kherson(corpus_store):
    found = diff(corpus_store, "russia", dt.date(2022, 1, 1))
    territorial = [c for c in found.changes if c.issue == "territory"]
    added = {t for c in territorial if c.kind == "added" for t in c.targets}
    assert {"zaporizhzhia", "kherson"} <= added
    assert all(c.date is None or c.date > "2022-01-01" for c in territorial)
    assert all(c.evidence for c in territorial)
    # one outlet's "Crimea, annexed in 2014" is no 2014 demand for the four regions
    before = {
        t for p in position_at(corpus_store, "russia", dt.date(2022, 1, 1)) for t in p.targets
    }
    assert "zaporizhzhia" not in before


def test_diff_until_before_anything_was_said_is_empty(corpus_store):
    found = diff(corpus_store, "russia", dt.date(2001, 1, 1), until=dt.date(2001, 12, 31))
    assert found.changes == ()
    assert found.to_dict()["changes"] == []


def test_diff_restating_a_position_is_no_change(corpus_store):
    found = diff(corpus_store, "ukraine", dt.date(2025, 6, 3))
    keys_before = {p.key for p in position_at(corpus_store, "ukraine", dt.date(2025, 6, 3))}
    assert keys_before
    for change in found.changes:
        if change.kind == "added":
            assert change.date is None or change.date > "2025-06-03"
