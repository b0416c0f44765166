"""The event date of an article: the day the text says things happened, when it says so.

News carries three dates that differ in ways that matter to an analyst: when the source published it, when
we ingested it, and when the reported event took place (a wire story's dateline, "Seoul, Oct 19 (EFE)", or
the first explicit date in the text). Only the last needs reading the text; this module does that with a
few patterns for how news writes dates, and fills a missing year from the reference date, stepping back a year
when the result would lie in the future.

The reference date is the publication date, else the latest full date the article itself states ("on 3
March 2023"), else the end of the latest year it states ("in 2023"). The ingestion date is never one: a 2023
dispatch read today would otherwise turn its "Oct 19" into this year's, and its background into news. With
no reference at all, a date without its year stays unknown. Relative days ("on Monday") count only when the
opening names no date, and only against a reference (docs/modality.md, "Dates").
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
#: Month names as news writes them (capitalised or upper case), so that the verb "may" is never a month.
_MONTH_NAMES = sorted({form for name in _MONTHS for form in (name.capitalize(), name.upper())}, key=len, reverse=True)
_MONTH = r"(?P<month>" + "|".join(_MONTH_NAMES) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = [
    re.compile(rf"\b{_YEAR}-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR})?"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\b(?:,?\s+{_YEAR})?"),
]
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_RELATIVE_DAY = re.compile(r"\b(?:on|last|this)\s+(?P<weekday>" + "|".join(d.capitalize() for d in _WEEKDAYS) + r")\b")
#: Any month name: a text without one holds no date of the two patterns that name the month, and a search for a
#: plain alternation is many times cheaper than those patterns (each tried at every word boundary).
_ANY_MONTH = re.compile("|".join(_MONTH_NAMES))
#: A year the text states as a time: "in 2023", "March 2023", "during 2019" (not "2,023 shells", "by 2030").
_STATED_YEAR = re.compile(rf"\b(?:in|during|of|since|early|late|mid-|{_MONTH})\s*{_YEAR}\b")
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d\b")
#: How far before a year its cue may start ("September.  2023"): the longest cue and a few spaces.
_STATED_YEAR_REACH = 32
#: How far into the text to look: a dateline or a lead sentence, not an archive date at the bottom.
SEARCH_CHARS = 1500


def utcnow() -> datetime:
    """The current time as an aware UTC datetime: every stored and shown time in the project is UTC."""
    return datetime.now(UTC)


def stated_years(text: str) -> list[tuple[int, int]]:
    """(offset, year) of every year the article states as a time ("in 2023", "on 3 March 2022", "2023-11-30")."""
    years = _years_as_times(text)
    years += [(offset, found.year) for offset, found in _explicit_dates(text, None)]  # dates that carry their year
    return sorted(years)


def _years_as_times(text: str) -> list[tuple[int, int]]:
    # _STATED_YEAR is tried only just before each four-digit year: run over the whole text, its alternation of
    # common words ("in", "of") was tried at every word boundary, a twentieth of a storing run's time.
    found: list[tuple[int, int]] = []
    taken = 0  # where the last stated year ended: the matches do not overlap, as with finditer
    for digits in _YEAR_DIGITS.finditer(text):
        stated = _STATED_YEAR.search(text, max(taken, digits.start() - _STATED_YEAR_REACH), digits.end())
        while stated is not None and stated.end() < digits.end():  # an earlier year in the window
            stated = _STATED_YEAR.search(text, stated.end(), digits.end())
        if stated is not None:
            found.append((stated.start(), int(stated.group("year"))))
            taken = stated.end()
    return found


def stated_year(text: str) -> int | None:
    """The latest year the article states as a time, or None."""
    return max((year for _, year in stated_years(text)), default=None)


def article_reference(text: str, published: datetime | date | None) -> date | None:
    """The date the article speaks from: published, else the latest full date it states, else the last day of
    the latest year it states, else None (unknown; never the ingestion date)."""
    if published is not None:
        return published.date() if isinstance(published, datetime) else published
    dates = [found for _, found in _explicit_dates(text, None)]
    if dates:
        return max(dates)
    # no date with its year: the stated years are the years stated as times alone (no second date scan)
    year = max((year for _, year in _years_as_times(text)), default=None)
    return date(year, 12, 31) if year is not None else None


def event_date(text: str, reference: datetime | date | None) -> date | None:
    """The earliest-placed explicit date in the article's opening, else the day "on Monday" names counted back
    from the reference, or None when the text gives no date (see the module docstring for the reference)."""
    published = reference is not None
    reference = article_reference(text, reference)
    found = _explicit_dates(text[:SEARCH_CHARS], reference, not_after=published)
    if found:
        return min(found)[1]
    return _relative_day(text[:SEARCH_CHARS], reference)


def _explicit_dates(text: str, reference: date | None, not_after: bool = False) -> list[tuple[int, date]]:
    """(offset, date) of each explicit date; a date without its year takes the reference's year, stepping back
    a year when `not_after` (the reference is the publication date) and the date would come after it."""
    found: list[tuple[int, date]] = []
    patterns = _PATTERNS if _ANY_MONTH.search(text) else _PATTERNS[:1]
    for pattern in patterns:
        for match in pattern.finditer(text):
            parsed = _to_date(match, reference, not_after)
            if parsed is not None:
                found.append((match.start(), parsed))
    return found


def _relative_day(text: str, reference: date | None) -> date | None:
    """ "on Monday": the latest such weekday on or before the reference day."""
    match = _RELATIVE_DAY.search(text)
    if match is None or reference is None:
        return None
    weekday = _WEEKDAYS.index(match.group("weekday").lower())
    return reference - timedelta(days=(reference.weekday() - weekday) % 7)


def _to_date(match: re.Match[str], ref: date | None, not_after: bool) -> date | None:
    parts = match.groupdict()
    month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS[parts["month"].lower()]
    explicit_year = parts.get("year")
    if explicit_year:
        year = int(explicit_year)
    elif ref is not None:
        year = ref.year
    else:
        return None  # "Oct 19" with no year anywhere: unknown, not this year
    try:
        result = date(year, month, int(parts["day"]))
    except ValueError:
        return None
    if not explicit_year and not_after and ref is not None and result > ref + timedelta(days=1):
        try:
            result = result.replace(year=year - 1)
        except ValueError:  # 29 February
            return None
    return result
