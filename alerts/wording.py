"""Counts in sentences: '1 alert', '2 alerts', so that no message reads '1 matches'."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 alert', '2 alerts', '0 matches' (give `plural_form` when adding 's' is wrong)."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"
