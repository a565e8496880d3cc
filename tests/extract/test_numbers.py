"""Numbers as written: digits, words and idioms, and the ranges the scanner finds."""

from __future__ import annotations

import pytest

from peacetalks.extract.numbers import find_numbers, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,000", 1000),
        ("6 000", 6000),
        ("1.2 million", 1_200_000),
        ("2.5 billion", 2_500_000_000),
        ("twenty-five", 25),
        ("two hundred", 200),
        ("three thousand", 3000),
        ("a dozen", 12),
        ("half a dozen", 6),
        ("a couple of", 2),
        ("an", 1),
        ("ninety", 90),
        ("seventeen", 17),
    ],
)
def test_parse_number_reads_digits_words_and_idioms(text, expected):
    assert parse_number(text) == expected


def test_parse_number_gives_none_for_words_it_does_not_know():
    assert parse_number("hundreds") is None
    assert parse_number("several") is None


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("aged 18-25", (18.0, 25.0)),
        ("two-to-three days", (2.0, 3.0)),
        ("five or six", (5.0, 6.0)),
        ("1,000 prisoners", (1000.0,)),
    ],
)
def test_find_numbers_reads_ranges_as_two_bounds(text, values):
    (number,) = find_numbers(text)
    assert number.values == values


def test_find_numbers_keeps_one_value_when_the_second_is_no_upper_bound():
    (number,) = find_numbers("30-4")
    assert (number.start, number.end, number.values) == (0, 2, (30.0,))
