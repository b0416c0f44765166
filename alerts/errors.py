"""Exceptions that carry a one-line, user-facing message naming the file, line and reason."""

from __future__ import annotations


class AlertsError(Exception):
    """Base class: `str(error)` is the complete one-line message the CLI prints."""


class ConfigError(AlertsError):
    """config.yaml is missing, unreadable or invalid."""


class ModelNotInstalledError(AlertsError):
    """The configured spaCy pipeline is not installed in this environment."""


class InputError(AlertsError):
    """An article cannot be read or is not usable (empty, binary, undecodable, too large, bad JSON)."""

    def __init__(self, origin: str, reason: str, raw: bytes | str | None = None) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason
        self.raw = raw  # what was read, kept so that quarantine loses nothing


class RuleError(AlertsError):
    """A rule file or a rule in it is invalid."""


class AnalysisBudgetExceeded(InputError):
    """An article took longer to analyse than its time budget allows; it is quarantined, the run goes on."""

    def __init__(self, origin: str, seconds: float | None) -> None:
        limit = f" ({seconds:g}s)" if seconds is not None else ""
        super().__init__(origin, f"exceeded analysis budget{limit}")
