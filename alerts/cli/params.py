"""Range checks shared by the commands: ids, limits, durations and output files, each a one-line error.

Why here: a value the database or `datetime` cannot hold (an id of 2^63, `--since 1000000000d`) otherwise
surfaces as a driver's "integer out of range" or an OverflowError traceback. Click refuses an id or a limit
outside `ID_RANGE`, and text with a NUL or over its length (`name_param`, `note_param`), before the command
runs; durations, dates and output files are checked by the helpers below, which raise AlertsError (printed as
one line, exit status 2, by `reports_errors`).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import typer

from alerts.durations import MAX_DURATION, parse_duration
from alerts.errors import AlertsError

#: The largest id both SQLite and PostgreSQL `integer` columns hold, so an id check never depends on the backend.
MAX_ID = 2**31 - 1
#: For `typer.Argument`/`typer.Option` of an id: `typer.Argument(help=..., **ID_RANGE)`.
ID_RANGE = {"min": 1, "max": MAX_ID}
#: For a `--limit` or `--top` count (0 allowed where it means "no limit").
COUNT_RANGE = {"min": 0, "max": MAX_ID}
_DURATION_LIKE = re.compile(r"^\s*\d+\s*[smhdw]\s*$")


#: Names (a rule id, a source, an analyst in --by) fit the database's 200-character name columns.
MAX_NAME_CHARS = 200
MAX_NOTE_CHARS = 20_000


def _checked(value: str, limit: int) -> str:
    if "\x00" in value:
        raise typer.BadParameter("contains a NUL character")
    if len(value) > limit:
        raise typer.BadParameter(f"is {len(value):,} characters, over the {limit:,} allowed")
    return value


def name_param(value: str | list[str] | None) -> str | list[str] | None:
    """Typer callback for names and filters: no NUL (PostgreSQL refuses it), at most MAX_NAME_CHARS."""
    if isinstance(value, list):
        return [_checked(item, MAX_NAME_CHARS) for item in value]
    return None if value is None else _checked(value, MAX_NAME_CHARS)


def note_param(value: str | None) -> str | None:
    """Typer callback for free text (notes): no NUL, at most MAX_NOTE_CHARS."""
    return None if value is None else _checked(value, MAX_NOTE_CHARS)


def duration_option(option: str, text: str) -> timedelta:
    """`text` as a duration (30m, 12h, 7d, 2w), or AlertsError naming the option and the problem."""
    try:
        return parse_duration(text)
    except ValueError as error:
        raise AlertsError(f"{option}: {error}") from None


def moment_option(option: str, text: str, now: datetime) -> datetime:
    """A point in time given as a duration back from `now` (7d, 12h) or an ISO date or datetime (UTC unless it
    says otherwise), no further than `MAX_DURATION` from now either way; AlertsError otherwise."""
    if _DURATION_LIKE.match(text):
        return now - duration_option(option, text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise AlertsError(f"{option} {text!r}: give a duration like 7d or 12h, or a date like 2026-11-01") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if abs(moment - now) > MAX_DURATION:
        raise AlertsError(f"{option} {text}: more than {MAX_DURATION.days:,} days from now")
    return moment


def write_output(option: str, path: Path, text: str) -> None:
    """Write `text` to the file named by an `--output` option; AlertsError (not OSError) when it cannot be."""
    if path.is_dir():
        raise AlertsError(f"{option} {path}: is a folder; name a file")
    if not path.parent.is_dir():
        raise AlertsError(f"{option} {path}: no folder {path.parent}")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise AlertsError(f"{option} {path}: {error.strerror or error}") from None
