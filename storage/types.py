"""Column types that behave the same on SQLite and PostgreSQL.

SQLite has no time-zone-aware timestamp: it stores whatever it is given as text, so mixing aware and naive
values would make comparisons lexically wrong. Every datetime therefore goes in as naive UTC on SQLite (aware
UTC on PostgreSQL) and always comes back timezone-aware UTC, whatever the dialect.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect


def as_utc(value: datetime) -> datetime:
    """An aware UTC datetime; a naive value is taken to be UTC already (the only naive values we make)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A timestamp that is stored as UTC and read back as an aware UTC datetime on every dialect."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        value = as_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)


class CleanText(sa.types.TypeDecorator[str]):
    """Text from outside (articles, evidence, input origins and errors) with NUL characters made U+FFFD.

    PostgreSQL refuses NUL in text, SQLite keeps it; replacing it (one code point for one, so evidence offsets
    into the text stay right) makes both store the same thing instead of one failing on a stray byte.
    """

    impl = sa.Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


class CleanString(CleanText):
    """`CleanText` with a length, for VARCHAR columns (`CleanString(200)`), cut to fit.

    PostgreSQL refuses a value longer than the column, SQLite stores it whole; cutting makes both keep the
    same prefix (comparisons bind through the same type, so lookups by a long value still find it).
    """

    impl = sa.String  # type: ignore[assignment]  # a VARCHAR where CleanText is TEXT: the same cleaning
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        cleaned = super().process_bind_param(value, dialect)
        length = getattr(self.impl_instance, "length", None)
        return cleaned[:length] if isinstance(cleaned, str) and length else cleaned
