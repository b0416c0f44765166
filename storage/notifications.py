"""Which alerts a notifier (webhook, email) still owes, and what happened when it tried.

An alert is owed to a notifier while it is at or above the notifier's severity, was created after the
notifier's start, and has no `sent_at` yet with fewer than `max_attempts` failed tries. A notifier records
every try; the first success sets `sent_at`, so an alert is sent once, and an alert that escalates past the
threshold later becomes owed then.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from alerts.model import SEVERITIES, severity_rank
from storage.models import AlertRow, NotificationRow
from storage.queries import to_alert_record
from storage.records import AlertRecord
from storage.sql import upsert


def pending(
    session: Session,
    notifier: str,
    min_severity: str,
    since: datetime | None = None,
    rules: Sequence[str] = (),
    max_attempts: int = 3,
    limit: int | None = 100,
) -> list[AlertRecord]:
    """Alerts owed to `notifier`, oldest first."""
    alerts = AlertRow.__table__
    sent = NotificationRow.__table__
    severities = [s for s in SEVERITIES if severity_rank(s) >= severity_rank(min_severity)]
    query = (
        sa.select(alerts)
        .outerjoin(sent, sa.and_(sent.c.alert_id == alerts.c.id, sent.c.notifier == notifier))
        .where(
            alerts.c.severity.in_(severities),
            sent.c.sent_at.is_(None),
            sa.or_(sent.c.attempts.is_(None), sent.c.attempts < max_attempts),
        )
        .order_by(alerts.c.created_at, alerts.c.id)
        .limit(limit)
    )
    if since is not None:
        query = query.where(alerts.c.created_at >= since)
    if rules:
        query = query.where(alerts.c.rule_id.in_(list(rules)))
    return [to_alert_record(row) for row in session.execute(query)]


def record(session: Session, alert_id: int, notifier: str, now: datetime, error: str | None) -> None:
    """One try to send `alert_id` through `notifier`: success when `error` is None."""
    table = NotificationRow.__table__
    statement = upsert(
        session,
        table,
        ["alert_id", "notifier"],
        {
            "attempts": table.c.attempts + 1,
            "last_attempt_at": lambda excluded: excluded.last_attempt_at,
            "last_error": lambda excluded: excluded.last_error,
            "sent_at": lambda excluded: sa.func.coalesce(table.c.sent_at, excluded.sent_at),
        },
    )
    session.execute(
        statement,
        {
            "alert_id": alert_id,
            "notifier": notifier,
            "attempts": 1,
            "last_attempt_at": now,
            "last_error": error,
            "sent_at": now if error is None else None,
        },
    )
