"""Event details: participants, hosts, place, round and duration of one event, merged per event."""

from __future__ import annotations

import datetime as dt

from peacetalks.extract.event_details import Details, Draft, Trigger, details_of
from peacetalks.model import Span, When

TEXT = (
    "Russia and Ukraine held a second round of talks hosted by Turkey in Istanbul "
    "that lasted barely an hour."
)


def _sides(text: str, *names: str) -> list[tuple[int, int, str]]:
    return [(text.index(n), text.index(n) + len(n), n.lower()) for n in names]


def _trigger(text: str, kind: str, word: str) -> Trigger:
    start = text.index(word)
    return Trigger(kind, word, start, start + len(word))


def test_event_details_read_who_where_which_round_and_how_long():
    talks = _trigger(TEXT, "meeting", "talks")
    details = details_of(TEXT, _sides(TEXT, "Russia", "Ukraine", "Turkey"), talks, {talks: talks})
    assert details == Details(
        participants=("russia", "ukraine"),
        hosts=("turkey",),
        place="Istanbul",
        round=2,
        duration=60.0,
    )


def test_event_details_give_a_military_action_the_party_named_before_it():
    text = "Russia launched a drone attack on Ukraine."
    attack = _trigger(text, "military_action", "attack")
    details = details_of(text, _sides(text, "Russia", "Ukraine"), attack, {})
    assert details == Details(participants=("russia",))


def test_event_details_merge_mentions_keeping_what_is_known_first():
    day = dt.date(2025, 6, 2)
    talks = _trigger(TEXT, "meeting", "talks")
    draft = Draft.new(talks, When(start=day, end=day, precision="day", text="2 June"))
    first, second = Span(0, 5, "first"), Span(10, 16, "second")
    draft.add(first, Details(participants=("russia",), place="Istanbul"))
    draft.add(second, Details(participants=("russia", "ukraine"), place="Ankara", round=2))
    event = draft.event()
    assert (event.date, event.end_date) == (day, None)
    assert event.participants == ("russia", "ukraine")
    assert (event.place, event.round) == ("Istanbul", 2)
    assert event.evidence == (first, second)
