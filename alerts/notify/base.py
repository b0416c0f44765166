"""What every notifier is: a name, the alerts it wants (a severity floor, optionally some rules), and `send`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from storage import AlertDetail


class NotifyError(Exception):
    """A notification could not be delivered; the dispatcher records it and retries on a later call."""


class Notifier(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def min_severity(self) -> str: ...

    @property
    def rules(self) -> Sequence[str]:  # empty: every rule
        ...

    def send(self, detail: AlertDetail) -> None:
        """Deliver one alert, or raise NotifyError. Must give up within its own timeout."""
        ...
