"""Figures read as intervals and scopes: what conflicts and what only looks like it does."""

from __future__ import annotations

from peacetalks.reconcile.conflicts import (
    Stated,
    group_figures,
    interval_of,
    judge_together,
    scope_of,
    step_of,
)


def _stated(value, qualifier=None, doc="a", *, count=True):
    low, high = interval_of(value, qualifier)
    scope = scope_of(qualifier) if count else "none"
    return Stated(low, high, scope, f"{qualifier or ''} {value}".strip(), doc)


def test_conflicts_more_than_300_and_about_350_both_hold():
    groups = group_figures([_stated(300, "more than", "a"), _stated(350, "about", "b")])
    assert [g.status for g in groups] == ["consistent"]
    assert "all hold at" in groups[0].reading


def test_conflicts_more_than_300_and_400_disagree():
    groups = group_figures([_stated(300, "more than", "a"), _stated(400, None, "b")])
    assert [g.status for g in groups] == ["conflict"]


def test_conflicts_12000_in_total_is_6000_for_6000():
    groups = group_figures([_stated(6000, "per side", "a"), _stated(12000, None, "b")])
    assert [g.status for g in groups] == ["consistent"]
    assert groups[0].value == 6000
    assert "12000 read as the total of both sides" in groups[0].reading


def test_conflicts_durations_have_no_per_side_reading():
    figures = [_stated(60, None, "a", count=False), _stated(30, None, "b", count=False)]
    assert judge_together(figures).status == "conflict"
    counts = [_stated(60, None, "a"), _stated(30, None, "b")]
    assert judge_together(counts).status == "consistent"


def test_conflicts_barely_an_hour_and_a_couple_of_hours_disagree():
    barely = _stated(60, "barely", "a", count=False)
    couple = _stated(120, None, "b", count=False)
    little_more = _stated(60, "a little more than", "c", count=False)
    assert judge_together([barely, couple, little_more]).status == "conflict"
    assert judge_together([barely, _stated(60, None, "d", count=False)]).status == "consistent"


def test_conflicts_values_of_one_document_never_conflict():
    groups = group_figures([_stated(307, None, "a"), _stated(303, "per side", "a")])
    assert [g.status for g in groups] == ["single"]


def test_conflicts_distant_figures_are_different_quantities():
    groups = group_figures(
        [_stated(909, None, "a"), _stated(1212, None, "b"), _stated(27, None, "c")]
    )
    assert sorted(g.status for g in groups) == ["single", "single", "single"]


def test_conflicts_grouping_ignores_input_order():
    figures = [
        _stated(300, "more than", "a"),
        _stated(339, None, "b"),
        _stated(400, None, "c"),
        _stated(10, None, "d"),
        _stated(10, "only", "e"),
    ]
    forward = group_figures(figures)
    backward = group_figures(figures[::-1])

    def as_sets(groups, items):
        return sorted(
            (g.status, sorted(items[i].label + items[i].document_id for i in g.members))
            for g in groups
        )

    assert as_sets(forward, figures) == as_sets(backward, figures[::-1])


def test_conflicts_step_of_round_figures():
    assert step_of(300) == 100
    assert step_of(60) == 15
    assert interval_of(300, "more than")[1] < 400
