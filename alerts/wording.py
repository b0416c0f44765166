"""Words in messages: counts ('1 alert', '2 alerts', never '1 matches') and did-you-mean hints."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 alert', '2 alerts', '0 matches' (give `plural_form` when adding 's' is wrong)."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"
