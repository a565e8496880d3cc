"""Events: meetings, calls, exchanges and military actions read from short sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from peacetalks.extract.actors import find_actors
from peacetalks.extract.dates import find_date_mentions
from peacetalks.extract.meetings import STAGE, find_events
from peacetalks.extract.segments import find_paragraphs, find_sentences
from peacetalks.model import ClaimSet, Document, Event

TUESDAY = dt.date(2025, 6, 3)  # published on Tuesday 3 June 2025
MONDAY = dt.date(2025, 6, 2)
D = dt.date


def _claims(text: str, published: dt.date = TUESDAY):
    doc = Document(id="test", text=text, published=published)
    found = ClaimSet()
    for step in (find_paragraphs, find_sentences, find_actors, find_date_mentions):
        found = found.plus(step(doc, found))
    return doc, find_events(doc, found)


def _events(text: str, published: dt.date = TUESDAY) -> list[Event]:
    return [claim.value for claim in _claims(text, published)[1]]  # type: ignore[misc]


def _one(text: str) -> Event:
    events = _events(text)
    assert len(events) == 1, events
    return events[0]


@pytest.mark.parametrize(
    ("text", "kind", "day"),
    [
        ("Russian and Ukrainian delegations held talks in Istanbul on Monday.", "meeting", MONDAY),
        ("The two leaders met at a summit in Geneva on 14 May.", "meeting", D(2025, 5, 14)),
        ("Negotiators signed a ceasefire deal in Doha on Saturday.", "meeting", D(2025, 5, 31)),
        ("Trump spoke by phone with Putin on Monday.", "call", MONDAY),
        ("Erdogan and Zelensky held a video call on Friday.", "call", D(2025, 5, 30)),
        ("Putin and Trump held talks by telephone on 19 May.", "call", D(2025, 5, 19)),
        ("Russia and Ukraine swapped 390 prisoners of war on Friday.", "exchange", D(2025, 5, 30)),
        ("On Saturday Ukraine handed over the bodies of 40 soldiers.", "exchange", D(2025, 5, 31)),
        ("Ukraine launched a drone attack on Russian airfields on June 1.", "military_action",
         D(2025, 6, 1)),
        ("Artillery shelling of the city resumed on 20 May.", "military_action", D(2025, 5, 20)),
        ("The army began a new offensive in the east in April.", "military_action",
         D(2025, 4, 1)),
        ("Monitors checked the truce that the two armies reached in Doha on 14 May.", "meeting",
         D(2025, 5, 14)),
    ],
)  # fmt: skip
def test_meetings_reads_each_event_type(text, kind, day):
    event = _one(text)
    assert (event.type, event.date) == (kind, day)


def test_meetings_event_has_place_round_and_participants():
    event = _one(
        "Russian and Ukrainian delegations held a second round of talks in Istanbul on Monday."
    )
    assert event.place == "Istanbul"
    assert event.round == 2
    assert set(event.participants) == {"russia", "ukraine"}
    assert event.date_precision == "day"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Round two of the negotiations opened in Geneva on 2 June.", 2),
        ("The third round of talks took place in Istanbul on Monday.", 3),
        ("Negotiators met for a second time in Riyadh on Monday.", 2),
    ],
)
def test_meetings_reads_round_numbers(text, number):
    assert _one(text).round == number


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("The talks in Istanbul on Monday lasted barely an hour.", 60),
        ("The meeting on Monday lasted just over an hour.", 60),
        ("Monday's meeting went on for almost two hours.", 120),
        ("After a couple of hours of negotiation on Monday, both teams left.", 120),
        ("The 40-minute meeting on Monday ended without a deal.", 40),
        ("Putin and Trump had a two-hour phone call on Monday.", 120),
    ],
)
def test_meetings_reads_durations(text, minutes):
    assert _one(text).duration_minutes == minutes


def test_meetings_participants_of_persons_are_their_parties():
    event = _one("Donald Trump met Vladimir Putin in Anchorage on Friday.")
    assert set(event.participants) == {"united-states", "russia"}
    assert event.place == "Anchorage"


@pytest.mark.parametrize(
    "text",
    [
        "Turkey hosted the talks between Russia and Ukraine in Istanbul on Monday.",
        "The talks between Russia and Ukraine, hosted by Turkey, opened on Monday.",
    ],
)
def test_meetings_reads_hosts(text):
    event = _one(text)
    assert event.hosts == ("turkey",)
    assert "turkey" not in event.participants


@pytest.mark.parametrize(
    "text",
    [
        "The talks between Israel and Hamas, mediated by Qatar, resumed on Monday.",
        "The Qatar-brokered talks between Israel and Hamas resumed on Monday.",
        "Israel and Hamas resumed talks with Qatari mediation on Monday.",
    ],
)
def test_meetings_reads_mediators(text):
    assert _one(text).mediators == ("qatar",)


def test_meetings_merges_mentions_of_one_event():
    text = (
        "Russia and Ukraine held talks in Istanbul on Monday.\n\n"
        "Monday's meeting at Ciragan Palace was the second round.\n\n"
        "The session at the palace lasted just over an hour."
    )
    doc, claims = _claims(text)
    assert len(claims) == 1
    event = claims[0].value
    assert isinstance(event, Event)
    assert (event.type, event.date, event.round, event.venue) == (
        "meeting",
        MONDAY,
        2,
        "Ciragan Palace",
    )
    assert event.duration_minutes == 60
    assert len(event.evidence) == 3
    for span in event.evidence:
        assert doc.text[span.start : span.end] == span.text
    assert claims[0].provenance.stage == STAGE
    assert claims[0].provenance.rule


def test_meetings_keeps_two_meetings_of_one_sentence_apart():
    events = _events("The talks on Monday followed the first round in Istanbul on 16 May.")
    assert sorted(e.date for e in events if e.type == "meeting") == [D(2025, 5, 16), MONDAY]


def test_meetings_reads_a_span_of_days():
    event = _one("The third round of talks began on May 2 and concluded on May 8 in Havana.")
    assert (event.date, event.end_date) == (D(2025, 5, 2), D(2025, 5, 8))


def test_meetings_counts_scheduled_meetings_with_a_date():
    event = _one("Russian and Ukrainian delegations are due to meet in Istanbul on Thursday.")
    assert (event.type, event.date) == ("meeting", D(2025, 6, 5))


def test_meetings_reads_an_act_reported_with_the_day_it_was_said():
    event = _one("On Sunday Ukraine's air force said Russia had fired 300 drones overnight.")
    assert (event.type, event.date) == ("military_action", D(2025, 6, 1))


def test_meetings_dates_an_exchange_on_the_day_of_the_talks():
    events = _events(
        "Russia and Ukraine held talks in Istanbul on Monday.\n\n"
        "On the day of the talks, the two sides exchanged the bodies of fallen soldiers."
    )
    assert {(e.type, e.date) for e in events} == {("meeting", MONDAY), ("exchange", MONDAY)}


@pytest.mark.parametrize(
    "text",
    [
        "Russia and Ukraine will meet again soon.",  # no date
        "The Kremlin said on Monday that the talks had been useful.",  # the day of a statement
        "Ukraine may hold talks with Russia in July.",  # a possibility
        "Zelensky said he could meet Putin in August.",
        "Kyiv proposed a new round of talks before the end of June.",  # a proposal, a deadline
        "The two sides agreed on Monday to exchange 1,000 prisoners.",  # agreed, not carried out
        "The handovers followed an angry exchange on Saturday.",  # a row, not a swap
        "Russia agreed to a pause of energy strikes in March.",  # a halt, not an attack
        "The talks, originally scheduled for 15 May, have been delayed.",
        "The delegations did not meet on Monday.",
        "Talks on a settlement have dragged on since 2022.",  # a year is too vague
        "The truce takes effect on Sunday.",
    ],
)
def test_meetings_finds_no_event(text):
    assert _events(text) == []


def test_meetings_finds_nothing_without_a_publication_date_for_relative_days():
    assert _events("The delegations met on Monday.", published=None) == []  # type: ignore[arg-type]


def test_meetings_dates_talks_under_way_to_the_month_of_publication():
    event = _one("The peace talks currently under way in Geneva have drawn few delegates.")
    assert (event.type, event.date, event.date_precision) == ("meeting", D(2025, 6, 1), "month")


def test_meetings_a_closing_attribution_keeps_the_events_date():
    event = _one("Israeli strikes killed 40 people in Gaza on Monday, the health ministry said.")
    assert (event.type, event.date) == ("military_action", MONDAY)


def test_meetings_reads_a_list_of_days_for_one_trigger():
    events = _events(
        "The US and Russia held talks in Riyadh on 18 February and in Istanbul on 27 February."
    )
    assert sorted(e.date for e in events) == [D(2025, 2, 18), D(2025, 2, 27)]


@pytest.mark.parametrize(
    "text",
    [
        "The summit, which had been planned for Budapest in October, was called off.",
        "Ukraine's delegation, led by Umerov, arrived in Istanbul on Sunday evening.",
        "Trump and Putin spoke on 19 May, after which Trump said talks would start at once.",
        "The president suspended peace talks with the rebels on 17 January.",
    ],
)
def test_meetings_finds_no_meeting_when_called_off_or_only_travelling(text):
    assert [e for e in _events(text) if e.type == "meeting"] == []


def test_meetings_a_lowercase_month_is_no_modal_verb():
    events = _events(
        "On 3 may in Sochi, Putin and Erdogan discussed the plan.", dt.date(2017, 5, 4)
    )
    assert [(e.type, e.date, e.place) for e in events] == [("meeting", D(2017, 5, 3), "Sochi")]


def test_meetings_a_span_whose_dates_resolve_backwards_is_no_span():
    # Published 17 May 2024: "May 2" is 2 May 2024, "June 8" (not yet come) the June before.
    text = (
        "The talks between Russia and Ukraine began on May 2 and concluded on June 8 in Geneva, "
        "the mediators said."
    )
    found = _events(text, published=dt.date(2024, 5, 17))
    for event in found:
        assert event.end_date is None or event.end_date >= event.date


@pytest.mark.parametrize(
    ("text", "kind", "day"),
    [
        # the day of a possessive names the event itself, even after "after" and "said"
        ("The president said after Tuesday's meeting in Brussels that he was worried.",
         "meeting", D(2025, 6, 3)),
        ("The envoy on Thursday May 29 held discussions with rebel leaders in Mombasa.",
         "meeting", D(2025, 5, 29)),
        ("The two sides will implement the deal struck in April 2012 in Ankara.", "meeting",
         D(2012, 4, 1)),
        ("The army chiefs held a hotline discussion on Monday.", "call", MONDAY),
        ("On Saturday the authorities handed over to Turkey 10 captured foreigners.",
         "exchange", D(2025, 5, 31)),
    ],
)  # fmt: skip
def test_meetings_reads_more_ways_of_stating_an_event(text, kind, day):
    assert [(e.type, e.date) for e in _events(text)] == [(kind, day)]


def test_meetings_the_directors_of_military_operations_are_no_operation():
    events = _events("The Directors General of Military Operations used the hotline on Monday.")
    assert [(e.type, e.date) for e in events] == [("call", MONDAY)]


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("The sides signed a ceasefire on Friday after five days of talks in Geneva.",
         D(2025, 5, 26), D(2025, 5, 30)),
        ("The leaders agreed a deal at talks in Minsk that ran all night into Thursday.",
         D(2025, 5, 28), D(2025, 5, 29)),
    ],
)  # fmt: skip
def test_meetings_a_meeting_dated_by_its_last_day_starts_earlier(text, first, last):
    (event,) = [e for e in _events(text) if e.type == "meeting"]
    assert (event.date, event.end_date) == (first, last)
