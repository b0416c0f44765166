"""Dates come from the article or stay unknown: never from the day we read it.

A wire story from years ago, read today without a publication date, must keep its own year: its "Oct 19" is
that year's, and what it calls background is measured from its own time.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from alerts.dates import article_reference, event_date, stated_year
from alerts.model import Article


def test_a_date_without_its_year_takes_the_year_the_article_states() -> None:
    text = "Minsk, Oct 19 (Wire).- The contract, signed on 3 March 2021, covers twelve trucks."
    assert event_date(text, None) == date(2021, 10, 19)


def test_a_date_without_any_year_in_the_article_stays_unknown() -> None:
    assert event_date("Minsk, Oct 19 (Wire).- Talks resumed on a new border crossing.", None) is None


def test_a_published_date_still_fills_the_year() -> None:
    assert event_date("Minsk, Oct 19 (Wire).- Talks resumed.", datetime(2022, 11, 2)) == date(2022, 10, 19)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The navy said on Monday that it had stopped a freighter.", datetime(2024, 1, 10), date(2024, 1, 8)),
        ("The navy said on Wednesday that it had stopped a freighter.", datetime(2024, 1, 10), date(2024, 1, 10)),
        (
            "The navy said on Monday that it had stopped a freighter. The freighter sailed in 2019.",
            None,
            date(2019, 12, 30),
        ),
        ("The navy said on Monday that it had stopped a freighter.", None, None),
    ],
)
def test_a_weekday_counts_back_from_the_articles_own_date(
    text: str, published: datetime | None, expected: date | None
) -> None:
    assert event_date(text, published) == expected


def test_the_reference_is_the_latest_date_the_article_states() -> None:
    text = "The first batch left on 2 May 2022. A second followed on 14 June 2023, the ministry said."
    assert article_reference(text, None) == date(2023, 6, 14)
    assert article_reference("No dates here at all.", None) is None
    assert stated_year("Exports grew in 2018 and fell during 2020, to 2,023 units.") == 2020


def _transfers(extractor, text: str, published: datetime | None = None):
    return [
        i for i in extractor.extract(Article(id="d", text=text, published_at=published)) if i.type == "arms_transfer"
    ]


def test_background_is_measured_from_the_articles_own_years(extractor) -> None:
    text = (
        "In 2012 Minsk sold four attack helicopters to Khartoum, investigators found. "
        "Their report, released in 2014, names the broker."
    )
    unpublished = _transfers(extractor, text)
    assert unpublished and all(i.confidence > 0.5 for i in unpublished)  # two years before the report: news
    late = _transfers(extractor, text, published=datetime(2026, 5, 1))
    assert late and all(i.confidence == pytest.approx(0.3) for i in late)  # fourteen years before: background
