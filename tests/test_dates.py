"""Event dates read from the text: datelines, explicit dates, missing years filled from the reference."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alerts.dates import _STATED_YEAR, event_date
from alerts.dates import _years_as_times as stated_years_as_times

REFERENCE = datetime(2024, 1, 10, 12, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seoul, Oct 19 (Wire).- The minister arrived.", date(2023, 10, 19)),  # future this year -> last year
        ("Kyiv, Jan 8 (Staff).- Missiles hit the city.", date(2024, 1, 8)),
        ("The deal was signed on 3 March 2022 in Minsk.", date(2022, 3, 3)),
        ("Officials said on September 14th, 2021 that the ship left.", date(2021, 9, 14)),
        ("The report, dated 2023-11-30, was leaked.", date(2023, 11, 30)),
        ("Heavy rain fell over the weekend.", None),
        ("The ministry may 2 weeks from now say so.", None),  # the verb, not the month
        ("SEOUL, OCT 19 (Wire).- Talks resumed.", date(2023, 10, 19)),
    ],
)
def test_event_date(text: str, expected: date | None) -> None:
    assert event_date(text, REFERENCE) == expected


def test_earliest_placed_date_wins() -> None:
    text = "Berlin, May 12 (Staff).- Germany delivered tanks. An earlier batch left on April 2."
    assert event_date(text, datetime(2024, 6, 1)) == date(2024, 5, 12)


def test_invalid_day_is_ignored() -> None:
    assert event_date("Seoul, Feb 30 (Wire).- Nothing.", REFERENCE) is None


_YEAR_TEXT_PIECES = [
    "in",
    "of",
    "during",
    "March",
    "Sept.",
    "mid-",
    "early",
    "2023",
    "1999",
    "20234",
    "12021",
    " ",
    "\n",
    "x",
]


@given(st.lists(st.sampled_from(_YEAR_TEXT_PIECES), max_size=40))
def test_stated_years_found_near_each_year_are_the_whole_text_scan(pieces: list[str]) -> None:
    """The years stated as times are looked for only just before each four-digit year (for speed); that must
    find exactly what scanning the whole text finds, glued words ("in2021") and year ranges included."""
    text = "".join(pieces)
    whole_scan = [(m.start(), int(m.group("year"))) for m in _STATED_YEAR.finditer(text)]
    assert stated_years_as_times(text) == whole_scan
