"""Dates: date expressions found in sentences and resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peacetalks.extract.dates import find_date_mentions, find_dates, parse_when
from peacetalks.extract.segments import find_paragraphs, find_sentences
from peacetalks.model import ClaimSet, DateMention, Document

TUESDAY = dt.date(2025, 6, 3)  # published on Tuesday 3 June 2025
D = dt.date


def _one(text: str, published: dt.date | None = TUESDAY):
    """The single date in `text`: (expression, start, end, precision)."""
    found = find_dates(text, published)
    assert len(found) == 1, found
    start, end, when = found[0]
    assert text[start:end] == when.text
    return when.text, when.start, when.end, when.precision


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talks opened on 2 June 2025 in Istanbul.", ("2 June 2025", D(2025, 6, 2))),
        ("The talks opened on June 2, 2025, in Istanbul.", ("June 2, 2025", D(2025, 6, 2))),
        ("The talks opened on the 2nd of June 2025.", ("the 2nd of June 2025", D(2025, 6, 2))),
        ("The talks opened on 2 June in Istanbul.", ("2 June", D(2025, 6, 2))),
        ("The talks opened on June 2 in Istanbul.", ("June 2", D(2025, 6, 2))),
        ("The record is dated 2025-06-02.", ("2025-06-02", D(2025, 6, 2))),
        ("Envoys met on Friday, May 30, in Doha.", ("Friday, May 30", D(2025, 5, 30))),
        ("They met on 30 Sept. 2024.", ("30 Sept. 2024", D(2024, 9, 30))),
    ],
)
def test_dates_read_single_days(text, expected):
    phrase, day = expected
    assert _one(text) == (phrase, day, day, "day")


@pytest.mark.parametrize(
    ("text", "phrase", "start", "end"),
    [
        ("Prisoners were swapped on May 23-25.", "May 23-25", D(2025, 5, 23), D(2025, 5, 25)),
        ("Prisoners were swapped on 23-25 May.", "23-25 May", D(2025, 5, 23), D(2025, 5, 25)),
        ("Swaps ran May 23 to 25.", "May 23 to 25", D(2025, 5, 23), D(2025, 5, 25)),
        (
            "Swaps ran between 23 and 25 May.",
            "between 23 and 25 May",
            D(2025, 5, 23),
            D(2025, 5, 25),
        ),
        (
            "Talks ran 30 May \u2013 1 June 2024.",
            "30 May \u2013 1 June 2024",
            D(2024, 5, 30),
            D(2024, 6, 1),
        ),
        (
            "Talks ran from 9- 12 March 2021.",
            "from 9- 12 March 2021",
            D(2021, 3, 9),
            D(2021, 3, 12),
        ),
    ],
)
def test_dates_read_day_spans(text, phrase, start, end):
    assert _one(text) == (phrase, start, end, "day")


@pytest.mark.parametrize(
    ("text", "phrase", "start", "end", "precision"),
    [
        (
            "Talks ran from March to April 2022.",
            "from March to April 2022",
            D(2022, 3, 1),
            D(2022, 4, 30),
            "month",
        ),
        (
            "The plan was drafted in March 2022.",
            "March 2022",
            D(2022, 3, 1),
            D(2022, 3, 31),
            "month",
        ),
        ("The plan was drafted in March.", "March", D(2025, 3, 1), D(2025, 3, 31), "month"),
        (
            "The plan was drafted in late March.",
            "late March",
            D(2025, 3, 1),
            D(2025, 3, 31),
            "month",
        ),
        ("The plan was drafted in mid-April.", "mid-April", D(2025, 4, 1), D(2025, 4, 30), "month"),
        ("The plan was drafted in 2022.", "2022", D(2022, 1, 1), D(2022, 12, 31), "year"),
        (
            "The war went on from 2014 to 2022.",
            "from 2014 to 2022",
            D(2014, 1, 1),
            D(2022, 12, 31),
            "year",
        ),
        ("The plan was drafted last month.", "last month", D(2025, 5, 1), D(2025, 5, 31), "month"),
        ("The plan was drafted last year.", "last year", D(2024, 1, 1), D(2024, 12, 31), "year"),
        (
            "The plan was drafted last December.",
            "last December",
            D(2024, 12, 1),
            D(2024, 12, 31),
            "month",
        ),
    ],
)
def test_dates_read_months_and_years(text, phrase, start, end, precision):
    assert _one(text) == (phrase, start, end, precision)


def test_dates_month_later_than_publication_is_last_year():
    assert _one("The plan was drafted in October.")[1] == D(2024, 10, 1)


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("This week the delegations met again.", D(2025, 6, 1)),
        ("The delegations met last week.", D(2025, 5, 1)),
    ],
)
def test_dates_weeks_are_stated_to_the_month(text, month):
    assert _one(text)[1:] == (
        month,
        D(month.year, month.month, 31 if month.month == 5 else 30),
        "month",
    )


def test_dates_earlier_this_month_ends_at_publication():
    assert _one("They met earlier this month.") == (
        "earlier this month",
        D(2025, 6, 1),
        TUESDAY,
        "month",
    )


@pytest.mark.parametrize(
    ("text", "phrase", "day"),
    [
        ("The delegations met yesterday.", "yesterday", D(2025, 6, 2)),
        ("The delegations meet today.", "today", TUESDAY),
        ("The delegations met two days ago.", "two days ago", D(2025, 6, 1)),
        ("The delegations met on Monday.", "Monday", D(2025, 6, 2)),
        ("The delegations met Sunday.", "Sunday", D(2025, 6, 1)),
        ("The delegations met on Wednesday.", "Wednesday", D(2025, 5, 28)),
        ("The delegations met last Wednesday.", "last Wednesday", D(2025, 5, 28)),
        ("The delegations met on Monday night.", "Monday night", D(2025, 6, 2)),
    ],
)
def test_dates_resolve_relative_days_against_publication(text, phrase, day):
    assert _one(text) == (phrase, day, day, "day")


@pytest.mark.parametrize(
    ("text", "phrase", "day"),
    [
        ("Envoys have met since Monday last week.", "Monday last week", D(2025, 5, 26)),
        ("Envoys met on Friday of last week.", "Friday of last week", D(2025, 5, 30)),
        ("Talks resume on Thursday next week.", "Thursday next week", D(2025, 6, 12)),
        ("The teams met on Monday this week.", "Monday this week", D(2025, 6, 2)),
    ],
)
def test_dates_weekday_of_last_or_next_week_is_that_week_s(text, phrase, day):
    """A weekday with its week named is a day of that week (Monday to Sunday), not the month
    "last week" alone stands for."""
    assert _one(text) == (phrase, day, day, "day")


def test_dates_weekday_of_publication_day_is_that_day():
    assert _one("The delegations met on Tuesday.")[1] == TUESDAY


def test_dates_last_weekday_of_publication_day_is_a_week_before():
    assert _one("The delegations met last Tuesday.")[1] == D(2025, 5, 27)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("The delegations will meet on Monday.", D(2025, 6, 9)),
        ("The delegations will meet on Thursday.", D(2025, 6, 5)),
        ("The delegations meet next Monday.", D(2025, 6, 9)),
        ("The delegations are expected to meet on Friday.", D(2025, 6, 6)),
        ("The talks will resume on June 20.", D(2025, 6, 20)),
        ("The talks will resume in September.", D(2025, 9, 1)),
    ],
)
def test_dates_future_tense_looks_ahead(text, day):
    assert _one(text)[1] == day


def test_dates_past_verb_after_future_word_looks_back():
    text = "The talks, which were expected to last two days, ended on Monday."
    assert _one(text)[1] == D(2025, 6, 2)


def test_dates_year_less_date_just_after_publication_stays_this_year():
    assert _one("The ceasefire starts on June 5.")[1] == D(2025, 6, 5)


def test_dates_year_less_date_well_after_publication_is_last_year():
    assert _one("The ceasefire was signed on August 5.")[1] == D(2024, 8, 5)


@pytest.mark.parametrize(
    "text",
    [
        "The delegations met on Monday.",
        "The delegations met yesterday.",
        "The delegations met last month.",
        "The delegations met on 2 June.",
        "The delegations met in March.",
        "The delegations met earlier this month.",
    ],
)
def test_dates_relative_forms_need_a_publication_date(text):
    assert parse_when(text, None) is None


def test_dates_absolute_dates_need_no_publication_date():
    assert _one("The talks opened on 2 June 2025.", None)[1] == D(2025, 6, 2)


@pytest.mark.parametrize(
    "text",
    [
        "Russia may agree to a pause.",
        "A 30-day ceasefire was proposed.",
        "Ukraine returned 1,000 prisoners.",
        "Some 2000 troops were moved.",
        "The army released 2000 prisoners.",
        "The Sunday Times reported the talks.",
        "The Good Friday Agreement was cited.",
        "Protesters held a march in Kyiv.",
        "The ceasefire broke down less than a day after taking effect.",
        "They met the day before the talks.",
    ],
)
def test_dates_ignore_look_alikes(text):
    assert find_dates(text, TUESDAY) == []


def test_dates_year_used_as_adjective_is_a_year():
    assert _one("The 2022 draft was shelved.")[3] == "year"


def test_dates_lowercase_month_after_a_day():
    assert _one("On 4 may the envoys met.")[1] == D(2025, 5, 4)


def test_dates_offsets_point_at_each_expression():
    text = "Talks began on 16 May and resumed yesterday; another round is due in July 2025."
    found = find_dates(text, TUESDAY)
    assert [text[s:e] for s, e, _ in found] == ["16 May", "yesterday", "July 2025"]


def test_dates_day_later_counts_from_previous_date():
    found = find_dates("Talks set for 15 May took place a day later.", TUESDAY)
    assert [(w.text, w.start) for _, _, w in found] == [
        ("15 May", D(2025, 5, 15)),
        ("a day later", D(2025, 5, 16)),
    ]


def test_dates_day_before_without_a_date_is_dropped():
    assert find_dates("He had met Erdogan the day before.", TUESDAY) == []


def _date_claims(text: str, published: dt.date | None = TUESDAY):
    doc = Document(id="d", text=text, published=published)
    found = ClaimSet(find_paragraphs(doc, ClaimSet()))
    found = found.plus(find_sentences(doc, found))
    return doc, find_date_mentions(doc, found)


def test_dates_stage_gives_document_offsets_and_rules():
    doc, claims = _date_claims("Headline here\n\nThe envoys met on Monday. They meet on 9 June.")
    assert [c.provenance.span.text for c in claims] == ["Monday", "9 June"]
    for claim in claims:
        span = claim.provenance.span
        assert doc.text[span.start : span.end] == span.text
        assert isinstance(claim.value, DateMention)
        assert claim.value.span == span
        assert claim.provenance.stage == "peacetalks.dates.v1"
    assert [c.provenance.rule for c in claims] == ["weekday", "day_month"]


def test_dates_stage_anchors_to_previous_sentence():
    _, claims = _date_claims(
        "Zelensky reached Ankara on 15 May. He had met Erdogan the day before."
    )
    whens = [c.value.when for c in claims if isinstance(c.value, DateMention)]
    assert [(w.text, w.start) for w in whens] == [
        ("15 May", D(2025, 5, 15)),
        ("the day before", D(2025, 5, 14)),
    ]


def test_dates_stage_anchors_no_further_than_previous_sentence():
    text = "Talks opened on 15 May. Nothing came of them. He had met Erdogan the day before."
    _, claims = _date_claims(text)
    assert [c.provenance.span.text for c in claims] == ["15 May"]


@given(st.text())
def test_dates_never_raise_and_start_before_end(text):
    for published in (TUESDAY, None, D(2000, 2, 29)):
        when = parse_when(text, published)
        assert when is None or when.start <= when.end
        for start, end, found in find_dates(text, published):
            assert 0 <= start < end <= len(text)
            assert found.start <= found.end


@pytest.mark.parametrize("published", [dt.date.min, dt.date.max])
def test_dates_never_raise_at_the_ends_of_the_calendar(published):
    text = "They met today, a day later, the day before, tomorrow and yesterday, next Monday."
    for _start, _end, when in find_dates(text, published):
        assert when.start <= when.end


_RELATIVE = st.sampled_from(
    [
        "yesterday",
        "today",
        "on {weekday}",
        "last {weekday}",
        "{weekday}",
        "{weekday} morning",
        "last week",
        "last month",
        "earlier this month",
        "earlier this year",
        "last year",
        "{n} days ago",
        "{n} weeks ago",
        "nearly {n} weeks ago",
        "{n} months ago",
        "{n} years ago",
        "in {month}",
        "in early {month}",
        "last {month}",
        "on {day} {month}",
        "on {month} {day}",
    ]
)
_WEEKDAYS = st.sampled_from(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
)
_MONTHS = st.sampled_from(["January", "February", "March", "May", "June", "August", "December"])


@given(
    _RELATIVE,
    _WEEKDAYS,
    _MONTHS,
    st.integers(1, 12),
    st.integers(1, 28),
    st.dates(D(1990, 1, 1), D(2060, 12, 31)),
)
def test_dates_past_tense_never_after_publication(template, weekday, month, n, day, published):
    expression = template.format(weekday=weekday, month=month, n=n, day=day)
    when = parse_when(f"The delegations met {expression}.", published)
    assert when is not None, expression
    assert when.start <= published
    if when.precision == "day":
        assert when.end <= published


def test_dates_year_less_day_without_a_tense_is_the_nearest_to_publication():
    published = D(2025, 7, 7)
    # days ahead, no verb saying when: this year, not last year's
    assert _one("It prepares talks in New York on July 16.", published)[1] == D(2025, 7, 16)
    # days behind: still this year
    assert _one("It follows talks in New York on July 2.", published)[1] == D(2025, 7, 2)
    # five months ahead is nearer than seven behind; past six months ahead, behind it is
    assert _one("It recalls talks in New York on December 16.", published)[1] == D(2025, 12, 16)
    assert _one("It recalls talks in New York on January 20.", published)[1] == D(2025, 1, 20)
    # a past verb looks back whatever is nearer
    assert _one("The leaders met in New York on July 16.", published)[1] == D(2024, 7, 16)


def test_dates_undated_report_gives_year_less_days_the_latest_year_it_states():
    text = (
        "The first round was held on 12 October 2023 in Luanda. A second followed in March "
        "2024.\n\nThe ministers met again on November 3 and talked for two days in June. "
        "They meet on Monday."
    )
    _doc, claims = _date_claims(text, published=None)
    found = {c.provenance.span.text: c.value.when.start for c in claims}
    assert found["November 3"] == D(2024, 11, 3)  # 2024, the latest year stated
    assert found["June"] == D(2024, 6, 1)
    assert "Monday" not in found  # a weekday needs the publication date


def test_dates_undated_report_takes_no_year_from_a_bare_year():
    text = "They recalled the 1974 disengagement agreement. The ministers met on August 19."
    _doc, claims = _date_claims(text, published=None)
    assert [c.provenance.span.text for c in claims] == ["1974"]  # August 19 stays unresolved


def test_dates_dated_report_ignores_the_years_it_states():
    text = "The first round was held on 12 October 2023. The ministers met on November 3."
    _doc, claims = _date_claims(text, published=D(2025, 11, 10))
    assert [c.value.when.start for c in claims] == [D(2023, 10, 12), D(2025, 11, 3)]


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("The plan was drawn up at an October meeting in Miami.", D(2024, 10, 1)),
        ("The March talks in Doha ended without a deal.", D(2025, 3, 1)),
    ],
)
def test_dates_month_naming_an_event_is_its_month(text, start):
    when = _one(text)[1]
    assert when == start


@pytest.mark.parametrize(
    "text", ["October was a cold month.", "Talks with June Smith ended.", "April meetings"]
)
def test_dates_bare_month_not_before_an_event_noun_is_no_date(text):
    assert find_dates(text, TUESDAY) == []
