"""Figures: numbers about the talks and their humanitarian items, read from sentences."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peacetalks.extract.actors import find_actors
from peacetalks.extract.dates import find_date_mentions
from peacetalks.extract.quantities import find_figures, read_figures
from peacetalks.extract.segments import find_paragraphs, find_sentences
from peacetalks.model import ClaimSet, Document, Figure


def _keys(text: str, previous: str = "") -> set[tuple[str, str, float]]:
    return {(r.issue, r.measure, r.value) for r in read_figures(text, previous)}


def _one(text: str):
    readings = read_figures(text)
    assert len(readings) == 1, readings
    return readings[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The swap freed 1,200 prisoners of war on Friday.", ("prisoners", "count", 1200)),
        ("Kyiv gave Moscow a list of 339 children to bring home.", ("children", "count", 339)),
        ("They will hand back 6 000 bodies next week.", ("remains", "count", 6000)),
        (
            "Both sides will repatriate the bodies of 12,000 deceased soldiers.",
            ("remains", "count", 12000),
        ),
        ("A dozen hostages were released on Monday.", ("prisoners", "count", 12)),
        ("Two hundred detainees were freed under the amnesty.", ("prisoners", "count", 200)),
        ("Some 1.2 million refugees have returned.", ("humanitarian", "count", 1_200_000)),
        ("The deal lets 600 aid trucks enter each day.", ("humanitarian", "count", 600)),
        ("The treaty has 17 articles in all.", ("process", "count", 17)),
        ("The envoys set up three working groups.", ("process", "count", 3)),
        ("Rebels must hand in 7,200 weapons.", ("military_limits", "count", 7200)),
    ],
)
def test_figures_count_the_noun_after_the_number(text, expected):
    assert _keys(text) == {expected}


def test_figures_read_an_n_for_n_formula_as_a_count_per_side():
    reading = _one('They agreed to swap prisoners of war under a "500 for 500" formula.')
    assert (reading.issue, reading.measure, reading.value) == ("prisoners", "count", 500)
    assert reading.qualifier == "per side"
    assert _keys("The fallen soldiers' remains go home under a 2000-for-2000 formula.") == {
        ("remains", "count", 2000)
    }


def test_figures_read_each_as_per_side():
    reading = _one("Each side will release 250 prisoners each.")
    assert (reading.value, reading.qualifier) == (250, "per side")


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("Kyiv handed over a list of more than 300 children.", 300, "more than"),
        ("The group holds at least 50 hostages.", 50, "at least"),
        ("The army freed about 90 prisoners.", 90, "about"),
        ("Nearly 400 detainees were released.", 400, "nearly"),
        ("Up to 70 captives could be swapped.", 70, "up to"),
        ("Hamas freed some 40 hostages.", 40, "some"),
        ("Moscow offered to return just 12 children.", 12, "just"),
    ],
)
def test_figures_keep_the_qualifier_and_the_bare_value(text, value, qualifier):
    reading = _one(text)
    assert (reading.value, reading.qualifier) == (value, qualifier)
    assert text[reading.start : reading.end].lower().startswith(qualifier)


def test_figures_borrow_the_noun_for_a_bare_number():
    text = "The sides traded the bodies of fallen soldiers: one side handed over 512, the other 17."
    assert _keys(text) == {("remains", "count", 512), ("remains", "count", 17)}


def test_figures_borrow_the_noun_from_the_sentence_before():
    previous = "Kyiv asked Moscow to return 250 children."
    assert _keys("Moscow said it would consider returning 8.", previous) == {
        ("children", "count", 8)
    }


def test_figures_read_out_of_and_of_them():
    assert _keys("Negotiators have settled 11 out of 14 articles of the treaty.") == {
        ("process", "count", 11),
        ("process", "count", 14),
    }
    text = "The swap freed 200 people from each side, 150 of them soldiers."
    assert _keys(text) == {("prisoners", "count", 200), ("prisoners", "count", 150)}


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("The talks lasted barely an hour.", 60),
        ("The meeting ended after little more than an hour.", 60),
        ("The talks lasted almost two hours.", 120),
        ("After a couple of hours of negotiation, they broke off.", 120),
        ("The two delegations met for 90 minutes.", 90),
        ("The session lasted an hour and a half.", 90),
        ("The leaders held a one and a half hour call.", 90),
        ("The leaders spoke by phone for half an hour.", 30),
        ("He left the hour-long talks early.", 60),
        ("The envoys held 12-hour talks in Ohrid.", 720),
        ("The statement followed a 1.5-hours phone call.", 90),
    ],
)
def test_figures_convert_durations_of_talks_to_minutes(text, minutes):
    assert _keys(text) == {("process", "duration_minutes", minutes)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Washington proposed a 30-day ceasefire.", {("ceasefire", "days", 30)}),
        ("Hamas demanded a ceasefire for 40 days.", {("ceasefire", "days", 40)}),
        ("Kyiv wants a truce of at least 30 days.", {("ceasefire", "days", 30)}),
        ("The sides agreed a six-month ceasefire.", {("ceasefire", "days", 180)}),
        ("The two-week truce began at dawn.", {("ceasefire", "days", 14)}),
        (
            "Moscow offered a two-to-three-day local ceasefire.",
            {("ceasefire", "days", 2), ("ceasefire", "days", 3)},
        ),
        (
            "It offered truces of 24 to 48 hours to collect the dead.",
            {("ceasefire", "days", 1), ("ceasefire", "days", 2)},
        ),
        ("Moscow wants elections held within 100 days.", {("governance", "days", 100)}),
        ("Troops must withdraw from the regions within 50 days.", {("territory", "days", 50)}),
        ("The truce will be extended by 10 days.", {("ceasefire", "days", 10)}),
        (
            "The rebels were given 72 hours to hand over their weapons.",
            {("military_limits", "days", 3)},
        ),
    ],
)
def test_figures_read_truce_lengths_and_deadlines_in_days(text, expected):
    assert _keys(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The swap covers prisoners of war aged 18-25.",
            {("prisoners", "age", 18), ("prisoners", "age", 25)},
        ),
        (
            "They agreed to exchange prisoners who are 19 to 24.",
            {("prisoners", "age", 19), ("prisoners", "age", 24)},
        ),
        (
            "The swap covers captured soldiers aged between 20 and 30.",
            {("prisoners", "age", 20), ("prisoners", "age", 30)},
        ),
        ("The exchange included soldiers under the age of 25.", {("prisoners", "age", 25)}),
        ("Prisoners aged under 21 go first in the swap.", {("prisoners", "age", 21)}),
    ],
)
def test_figures_read_ages_and_age_ranges(text, expected):
    assert _keys(text) == expected


def test_figures_mark_the_bounds_of_a_range():
    low, high = read_figures("The swap covers prisoners of war aged 18-25.")
    assert (low.qualifier, high.qualifier) == ("lower bound", "upper bound")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia holds about 70% of the region.", ("territory", "percent", 70)),
        ("Some 40 per cent of the territory is occupied.", ("territory", "percent", 40)),
        ("Turnout in the referendum was 55 percent.", ("governance", "percent", 55)),
        (
            "The fighters handed in 64.2% of their weapons under the decommissioning plan.",
            ("military_limits", "percent", 64.2),
        ),
    ],
)
def test_figures_read_percentages(text, expected):
    assert _keys(text) == {expected}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Donors pledged $1.5 billion in humanitarian aid.", 1_500_000_000),
        ("The donors pledged US$ 300 million for reconstruction.", 300_000_000),
        ("The fund holds 2 billion dollars in frozen assets.", 2_000_000_000),
        ("Donors pledged $40m in humanitarian aid.", 40_000_000),
    ],
)
def test_figures_read_money_in_dollars(text, value):
    (reading,) = read_figures(text)
    assert (reading.measure, reading.value) == ("money_usd", value)


@pytest.mark.parametrize(
    "text",
    [
        "Article 5 of the treaty was discussed at the 2022 talks.",
        "The second round opened in 2025 at 10:00.",
        "Call +44 20 7946 0000 for details, or 0800 123 456.",
        "Russia launched 472 drones and 7 missiles overnight.",
        "The war has lasted three years and killed 10,000 civilians.",
        "The talks come after 15 months of fighting.",
        "Russia advanced at its fastest pace in six months.",
        "The strikes caused $7 billion in damages.",
        "The two sides met again; the two delegations sat apart.",
        "The country of 46 million people faces famine.",
        "Some 70 percent of Yemenis live in the north.",
        "The reporter wrote this 19 minutes ago, a 5 min read.",
        "Round two opened at Dolmabahce, a five-star hotel.",
        "Resolution 2254 passed with 15 votes.",
        "The sides remain far apart, but the gap between the two sides remains wide.",
        "The Tu-95 bombers and the M23 rebels were not discussed.",
    ],
)
def test_figures_skip_numbers_that_are_not_figures(text):
    assert read_figures(text) == []


def _doc(text: str) -> Document:
    return Document(id="t", text=text, published=dt.date(2025, 6, 3))


def _stage_figures(doc: Document) -> list[Figure]:
    found = ClaimSet()
    for step in (find_paragraphs, find_sentences, find_actors, find_date_mentions):
        found = found.plus(step(doc, found))
    claims = find_figures(doc, found)
    assert all(c.provenance.stage == "peacetalks.figures.v1" and c.provenance.rule for c in claims)
    return [c.value for c in claims if isinstance(c.value, Figure)]


def test_find_figures_merges_repeats_into_one_figure_with_two_spans():
    text = (
        "Russia and Ukraine agreed to swap 1,000 prisoners of war each.\n\n"
        "The exchange of 1,000 prisoners of war will take three days."
    )
    doc = _doc(text)
    figures = _stage_figures(doc)
    (count,) = [f for f in figures if f.measure == "count"]
    assert (count.issue, count.value, count.qualifier) == ("prisoners", 1000, "per side")
    assert len(count.evidence) == 2
    for span in count.evidence:
        assert doc.text[span.start : span.end] == span.text


def test_find_figures_ignores_numbers_inside_dates():
    figures = _stage_figures(_doc("The talks on 16 May 2025 lasted almost two hours."))
    assert [(f.issue, f.measure, f.value) for f in figures] == [
        ("process", "duration_minutes", 120)
    ]


@given(st.text(max_size=200))
def test_read_figures_never_raises_and_spans_stay_inside_the_text(text):
    for reading in read_figures(text):
        assert 0 <= reading.start <= reading.at < reading.end <= len(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Washington circulated a 28-point plan to end the war.", 28),
        ("Both sides studied the 12-point peace proposal in Geneva.", 12),
        ("The mediators tabled a six-point draft agreement.", 6),
        ("Kyiv still stands by its 10-point peace formula.", 10),
        ("The original 20-point U.S. plan was cut down in talks.", 20),
    ],
)
def test_figures_count_the_points_of_a_plan(text, value):
    reading = _one(text)
    assert (reading.issue, reading.measure, reading.value, reading.unit) == (
        "process",
        "count",
        value,
        "points",
    )


@pytest.mark.parametrize(
    "text",
    [
        "The striker scored 28 points on Sunday.",
        "The party holds a 3-point lead in the polls.",
        "Inflation rose by two points.",
    ],
)
def test_figures_leave_points_that_are_no_plan_alone(text):
    assert not any(r.unit == "points" for r in read_figures(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "They called for a three-month humanitarian truce to let aid reach the city.",
            ("ceasefire", "days", 90),
        ),
        ("The envoys want a 30-day humanitarian ceasefire.", ("ceasefire", "days", 30)),
    ],
)
def test_figures_take_the_issue_a_qualified_noun_names(text, expected):
    """Of two issues named in one run of words the vaguer yields: the length of a
    humanitarian truce is a truce's."""
    assert _keys(text) == {expected}


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("The delegations ended five days of talks in Geneva.", {5}),
        ("After four days of negotiations in Riyadh, the envoys flew home.", {4}),
        ("Three weeks of talks produced no text.", {21}),
        ("The talks are expected to last four to five days.", {4, 5}),
    ],
)
def test_figures_read_how_long_talks_run(text, values):
    assert _keys(text) == {("process", "days", v) for v in values}


@pytest.mark.parametrize(
    "text",
    [
        "Shelling over the last five days killed dozens.",
        "It took 30 days of fighting to reach the town.",
    ],
)
def test_figures_leave_days_that_look_back_or_count_fighting(text):
    assert not _keys(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Moscow announced a unilateral 30-hour Easter ceasefire.", ("ceasefire", 1800)),
        ("After the two-and-a-half-hour meeting, both sides spoke.", ("process", 150)),
        ("Their two-and-a-half hour phone call ended at noon.", ("process", 150)),
    ],
)
def test_figures_read_hours_that_are_no_whole_days(text, expected):
    assert _keys(text) == {(expected[0], "duration_minutes", expected[1])}


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("A rebel delegation of ten members landed in Riyadh.", 10, "members"),
        ("The US delegation consisted of three officials.", 3, "officials"),
        ("Kyiv sent a larger team of twelve representatives.", 12, "representatives"),
        ("Three meetings were held in Oslo with the parties.", 3, "meetings"),
    ],
)
def test_figures_count_delegations_and_meetings(text, value, unit):
    reading = _one(text)
    assert (reading.issue, reading.measure, reading.value, reading.unit) == (
        "process",
        "count",
        value,
        unit,
    )


def test_figures_give_a_noun_to_the_number_next_to_it():
    """ "The two leaders held three rounds": three rounds, not two."""
    assert _keys("The two leaders held three rounds of talks.") == {("process", "count", 3)}
    assert _keys("The two sides held four sessions.") == {("process", "count", 4)}
