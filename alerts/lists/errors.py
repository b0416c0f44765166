"""The one error a list parser raises: the file (or URL), where in it, and why."""

from __future__ import annotations

from alerts.errors import AlertsError


class ListFormatError(AlertsError):
    """A list file cannot be used: `str()` is `origin: line N: reason` (or `origin: reason`)."""

    def __init__(self, origin: str, reason: str, line: int | None = None) -> None:
        where = f"{origin}: line {line}" if line is not None else origin
        super().__init__(f"{where}: {reason}")
        self.origin = origin
        self.reason = reason
        self.line = line
