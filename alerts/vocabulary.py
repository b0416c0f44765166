"""The closed vocabularies of the review desk and the config, each defined once.

Each is a `Literal` (what type checkers and pydantic read) and the tuple of its values in order (what the
CLI lists and the database's CHECK constraints use). Severities live with the indicator model
(alerts.model.Severity) since rules and matches carry them.
"""

from __future__ import annotations

from typing import Literal, get_args

#: An alert's review status: new until an analyst acknowledges, escalates or dismisses it.
AlertStatus = Literal["new", "acknowledged", "escalated", "dismissed"]
ALERT_STATUSES: tuple[str, ...] = get_args(AlertStatus)

#: The analyst's verdict on an alert, the basis of a rule's precision.
AlertOutcome = Literal["confirmed", "false_positive", "benign"]
ALERT_OUTCOMES: tuple[str, ...] = get_args(AlertOutcome)

#: The kinds of news source config.yaml can name (alerts.sources builds one for each).
SourceType = Literal["folder", "jsonl", "feed", "url_list"]
SOURCE_TYPES: tuple[str, ...] = get_args(SourceType)

#: The kinds of notifier config.yaml can name (alerts.notify builds one for each).
NotifierType = Literal["webhook", "email"]
NOTIFIER_TYPES: tuple[str, ...] = get_args(NotifierType)
