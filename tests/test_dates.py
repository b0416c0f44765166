"""Event dates read from the text: datelines, explicit dates, missing years filled from the reference."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from alerts.dates import event_date

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
