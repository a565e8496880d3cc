"""Actor pages: roles over time, rounds attended and as what, deals, what they said."""

from __future__ import annotations

import pytest

from peacetalks.analysis.actors import actor_page, actors
from peacetalks.errors import UnknownParty


def test_a_head_of_delegation_has_roles_over_time_rounds_and_what_he_said(corpus_store):
    page = actor_page(corpus_store, "vladimir-medinsky")
    assert page.actor.party == "russia"
    head = next(r for r in page.roles if r.role == "head of delegation")
    assert head.first_seen <= head.last_seen
    assert head.sources >= 2
    attended = {r.date: r.capacity for r in page.rounds}
    assert attended.get("2025-06-02") == "head of delegation"
    assert attended.get("2025-05-16") == "head of delegation"
    assert page.said
    for line in page.said:  # every sentence shown names him
        assert line.evidence
        assert all("Medinsky" in e.text for e in line.evidence)


def test_a_state_lists_the_positions_it_holds_and_the_deals_it_made(corpus_store):
    page = actor_page(corpus_store, "russia")
    assert page.said
    assert {line.holder for line in page.said} == {"russia"}
    made = {d.date: d.capacity for d in page.deals}
    assert made.get("2025-06-02") == "party"
    assert any(r.capacity == "participant" for r in page.rounds)


def test_a_signatory_and_a_mediator_show_in_their_deals(corpus_store):
    signer = actor_page(corpus_store, "olivier-nduhungirehe")
    assert [d.capacity for d in signer.deals] == ["signatory"]
    broker = actor_page(corpus_store, "united-states")
    assert any(d.capacity == "mediator" and d.name for d in broker.deals)


def test_an_unknown_actor_names_close_matches(corpus_store):
    with pytest.raises(UnknownParty) as caught:
        actor_page(corpus_store, "vladimir-medinski")
    assert "vladimir-medinsky" in caught.value.close


def test_the_actor_list_puts_the_most_named_first(corpus_store):
    found = actors(corpus_store)
    assert len({a.id for a in found}) == len(found)
    counts = [a.documents for a in found]
    assert counts == sorted(counts, reverse=True)
    assert {"russia", "ukraine", "vladimir-medinsky"} <= {a.id for a in found}
