"""Storage errors, with one-line messages the CLI can print as they are."""

from __future__ import annotations

from alerts.errors import AlertsError


class StorageError(AlertsError):
    """The database cannot be used as asked (unknown schema revision, bad value)."""


class NoDatabaseError(StorageError):
    """A command that only reads was pointed at a SQLite file that does not exist (it never creates one)."""


class DuplicateSnoozeError(StorageError):
    """A snooze in force on the same rule and key already lasts as long or longer."""


class NotFoundError(StorageError, LookupError):
    """An alert, run, quarantine entry or snooze with that id does not exist."""
