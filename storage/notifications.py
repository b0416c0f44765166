"""The `notifications` bookkeeping behind alerts.notify: which alerts a notifier still owes, claims, results.

One row per (alert, notifier) under a UNIQUE constraint. A *claim* inserts the row (or finds it) and then
updates it in one statement that only succeeds while the alert is unsent and nobody else is sending it, so two
processes never both send the same alert; a claim left by a process that died expires after `claim_ttl`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage.models import AlertRow, NotificationRow
from storage.sql import insert_ignore, rowcount, table


def pending(
    session: Session, notifier: str, severities: Sequence[str], rules: Sequence[str], cutoff: datetime, batch: int
) -> list[int]:
    """Ids of alerts of these severities (and rules, when given) updated since `cutoff` that `notifier` has not
    received and that are not dismissed: untried ones first, then oldest first.

    Untried first, so that one alert the receiver keeps rejecting (a 400 for its payload) cannot hold back
    every later alert behind it: the dispatcher stops a notifier at its first failure in a call.
    """
    query = (
        sa.select(AlertRow.id)
        .outerjoin(
            NotificationRow,
            sa.and_(NotificationRow.alert_id == AlertRow.id, NotificationRow.notifier == notifier),
        )
        .where(
            AlertRow.severity.in_(list(severities)),
            AlertRow.status != "dismissed",
            AlertRow.updated_at >= cutoff,
            NotificationRow.sent_at.is_(None),
        )
        .order_by(sa.func.coalesce(NotificationRow.attempts, 0), AlertRow.id)
        .limit(batch)
    )
    if rules:
        query = query.where(AlertRow.rule_id.in_(list(rules)))
    return list(session.scalars(query))


def claim(session: Session, alert_id: int, notifier: str, now: datetime, claim_ttl: timedelta) -> bool:
    """Take the right to send this alert now: True for exactly one caller while it is unsent and unclaimed.

    A row with `last_error` set is a failed attempt (free to retry); a row with neither `sent_at` nor
    `last_error` but a recent `last_attempt_at` is a send in flight elsewhere.
    """
    session.execute(
        insert_ignore(session, table(NotificationRow)),
        {
            "alert_id": alert_id,
            "notifier": notifier,
            "attempts": 0,
            "last_attempt_at": None,
            "last_error": None,
            "sent_at": None,
        },
    )
    claimed = session.execute(
        sa.update(NotificationRow)
        .where(
            NotificationRow.alert_id == alert_id,
            NotificationRow.notifier == notifier,
            NotificationRow.sent_at.is_(None),
            sa.or_(
                NotificationRow.last_attempt_at.is_(None),
                NotificationRow.last_error.is_not(None),
                NotificationRow.last_attempt_at < now - claim_ttl,
            ),
        )
        .values(attempts=NotificationRow.attempts + 1, last_attempt_at=now, last_error=None)
    )
    return rowcount(claimed) == 1


def record(session: Session, alert_id: int, notifier: str, *, sent_at: datetime | None, error: str | None) -> None:
    """The result of a send: `sent_at` on success (never sent again), `error` on failure (retried later)."""
    values = {"sent_at": sent_at} if sent_at is not None else {"last_error": error}
    session.execute(
        sa.update(NotificationRow)
        .where(NotificationRow.alert_id == alert_id, NotificationRow.notifier == notifier)
        .values(**values)
    )
