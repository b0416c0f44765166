"""The event date of an article: the day the text says things happened, when it says so.

News carries three dates that differ in ways that matter to an analyst: when the source published it, when
we ingested it, and when the reported event took place (a wire story's dateline, "Seoul, Oct 19 (EFE)", or
the first explicit date in the text). Only the last needs reading the text; this module does that with a
few patterns for how news writes dates, and fills a missing year from the reference date (published, else
ingested), stepping back a year when the result would lie in the future.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
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
#: How far into the text to look: a dateline or a lead sentence, not an archive date at the bottom.
SEARCH_CHARS = 1500


def utcnow() -> datetime:
    """The current time as an aware UTC datetime: every stored and shown time in the project is UTC."""
    return datetime.now(UTC)


def event_date(text: str, reference: datetime | date) -> date | None:
    """The earliest-placed explicit date in the article's opening, or None when it gives none."""
    head = text[:SEARCH_CHARS]
    found: list[tuple[int, date]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(head):
            parsed = _to_date(match, reference)
            if parsed is not None:
                found.append((match.start(), parsed))
    return min(found)[1] if found else None


def _to_date(match: re.Match[str], reference: datetime | date) -> date | None:
    parts = match.groupdict()
    month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS[parts["month"].lower()]
    ref = reference.date() if isinstance(reference, datetime) else reference
    explicit_year = parts.get("year")
    year = int(explicit_year) if explicit_year else ref.year
    try:
        result = date(year, month, int(parts["day"]))
    except ValueError:
        return None
    if not explicit_year and result > ref + timedelta(days=1):
        try:
            result = result.replace(year=year - 1)
        except ValueError:  # 29 February
            return None
    return result
