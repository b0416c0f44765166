"""Send each alert to each notifier once: `notify_pending(store, notifiers)`, called after every source run.

Bookkeeping is the `notifications` table, one row per (alert, notifier) under a UNIQUE constraint:

- *claim*: before sending, a row is inserted (or ignored) and then updated in one statement that only
  succeeds while the alert is unsent and nobody else is sending it. Two processes (a scheduler and an
  analyst's `alerts run --once`) therefore never both send the same alert.
- *send*: outside any transaction, so a slow webhook never holds a database lock or delays storage.
- *record*: `sent_at` on success (never sent again), `last_error` on failure (retried on a later call).
  A process that dies mid-send leaves a claim that expires after `CLAIM_TTL`; the alert is then sent
  again, at-least-once being the only honest promise without the receiver's help (webhooks carry an
  `Idempotency-Key` header for that).

A notifier that fails once is not tried again in the same call, so an endpoint that is down costs one timeout
per call, not one per pending alert. Nothing here raises: failures are logged and counted in the result.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from alerts.config import NotifierConfig
from alerts.model import SEVERITIES, severity_rank
from alerts.notify.base import Notifier, NotifyError
from alerts.notify.email import EmailNotifier
from alerts.notify.webhook import WebhookNotifier
from storage import AlertDetail, Store
from storage.models import AlertRow, NotificationRow
from storage.queries import get_alert
from storage.sql import insert_ignore

log = logging.getLogger(__name__)

#: How long a claim protects an in-flight send; longer than any notifier's timeout.
CLAIM_TTL = timedelta(minutes=5)
#: Alerts not updated for this long are not notified (a notifier added today does not mail last year's alerts).
DEFAULT_MAX_AGE = timedelta(days=7)
#: At most this many alerts per notifier per call; the rest go out on the next call.
DEFAULT_BATCH = 200
#: Errors kept in `last_error` are cut to this length.
MAX_ERROR_CHARS = 2000


@dataclass(slots=True)
class NotifyResult:
    """What one `notify_pending` call did, per notifier name."""

    sent: dict[str, list[int]] = field(default_factory=dict)
    failed: dict[str, list[int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def sent_count(self) -> int:
        return sum(len(ids) for ids in self.sent.values())

    @property
    def failed_count(self) -> int:
        return sum(len(ids) for ids in self.failed.values())


def build_notifiers(configs: Sequence[NotifierConfig]) -> list[Notifier]:
    """The notifiers of config.yaml's `notifiers:` list (a webhook needs `url`, an email `sender`, `recipients`)."""
    notifiers: list[Notifier] = []
    for config in configs:
        if config.type == "webhook":
            if not config.url:
                raise ValueError(f"notifier {config.name}: a webhook needs a url")
            notifiers.append(
                WebhookNotifier(
                    config.name, config.url, config.min_severity, tuple(config.rules), config.timeout, config.retries
                )
            )
        else:
            if not config.sender or not config.recipients:
                raise ValueError(f"notifier {config.name}: an email notifier needs a sender and recipients")
            password = None
            if config.smtp_password_env:
                password = os.environ.get(config.smtp_password_env)
                if password is None:
                    raise ValueError(
                        f"notifier {config.name}: environment variable {config.smtp_password_env} is not set"
                    )
            notifiers.append(
                EmailNotifier(
                    config.name, config.sender, tuple(config.recipients), config.smtp_host, config.smtp_port,
                    config.min_severity, tuple(config.rules), config.timeout,
                    starttls=config.smtp_starttls, username=config.smtp_username, password=password,
                )
            )
    return notifiers


SessionSource = Store | Callable[[], Any]


def notify_pending(
    store_or_session_factory: SessionSource,
    notifiers: Sequence[Notifier | NotifierConfig],
    now: datetime | None = None,
    max_age: timedelta = DEFAULT_MAX_AGE,
    batch: int = DEFAULT_BATCH,
) -> NotifyResult:
    """Send every alert at or above each notifier's severity that it has not yet received; never raises.

    `store_or_session_factory` is a `storage.Store` or a SQLAlchemy `sessionmaker`. `notifiers` may be the
    config's `NotifierConfig`s as they are. Dismissed alerts are not sent.
    """
    result = NotifyResult()
    try:
        built = [
            n for n in notifiers if not isinstance(n, NotifierConfig)
        ] + build_notifiers([n for n in notifiers if isinstance(n, NotifierConfig)])
    except ValueError as error:
        result.errors.append(str(error))
        log.error("notifications: %s", error)
        return result
    reading, transaction = _transactions(store_or_session_factory)
    for notifier in built:
        try:
            _notify_one(reading, transaction, notifier, now or datetime.now(UTC), max_age, batch, result)
        except Exception as error:  # notifications must never break the run that called them
            message = f"{notifier.name}: {type(error).__name__}: {error}"
            result.errors.append(message)
            log.exception("notifications: %s", message)
    return result


def _transactions(
    source: SessionSource,
) -> tuple[Callable[[], AbstractContextManager[Session]], Callable[[], AbstractContextManager[Session]]]:
    """(read, write) units of work: a Store's own (its reads never wait for SQLite's write lock), or a sessionmaker's."""
    if isinstance(source, Store):
        return source.reading, source.transaction

    @contextmanager
    def begin() -> Iterator[Session]:
        with source() as session, session.begin():
            yield session

    return begin, begin


def _notify_one(
    reading: Callable[[], AbstractContextManager[Session]],
    transaction: Callable[[], AbstractContextManager[Session]],
    notifier: Notifier,
    now: datetime,
    max_age: timedelta,
    batch: int,
    result: NotifyResult,
) -> None:
    with reading() as session:
        pending = _pending(session, notifier, now - max_age, batch)
    for alert_id in pending:
        with transaction() as session:
            if not _claim(session, alert_id, notifier.name, now):
                continue
            detail = get_alert(session, alert_id)
        if _deliver(transaction, notifier, detail, now, result):
            continue
        return  # the notifier is failing: leave the rest for the next call


def _pending(session: Session, notifier: Notifier, cutoff: datetime, batch: int) -> list[int]:
    """Ids of alerts this notifier wants and has not received: untried ones first, then oldest first.

    Untried first, so that one alert the receiver keeps rejecting (a 400 for its payload) cannot hold back
    every later alert behind it: the dispatcher stops a notifier at its first failure in a call.
    """
    wanted = [s for s in SEVERITIES if severity_rank(s) >= severity_rank(notifier.min_severity)]
    query = (
        sa.select(AlertRow.id)
        .outerjoin(
            NotificationRow,
            sa.and_(NotificationRow.alert_id == AlertRow.id, NotificationRow.notifier == notifier.name),
        )
        .where(
            AlertRow.severity.in_(wanted),
            AlertRow.status != "dismissed",
            AlertRow.updated_at >= cutoff,
            NotificationRow.sent_at.is_(None),
        )
        .order_by(sa.func.coalesce(NotificationRow.attempts, 0), AlertRow.id)
        .limit(batch)
    )
    if notifier.rules:
        query = query.where(AlertRow.rule_id.in_(list(notifier.rules)))
    return list(session.scalars(query))


def _claim(session: Session, alert_id: int, notifier: str, now: datetime) -> bool:
    """Take the right to send this alert now: True for exactly one caller while it is unsent and unclaimed.

    A row with `last_error` set is a failed attempt (free to retry); a row with neither `sent_at` nor
    `last_error` but a recent `last_attempt_at` is a send in flight elsewhere.
    """
    table = NotificationRow.__table__
    session.execute(
        insert_ignore(session, table),
        {"alert_id": alert_id, "notifier": notifier, "attempts": 0, "last_attempt_at": None, "last_error": None,
         "sent_at": None},
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
                NotificationRow.last_attempt_at < now - CLAIM_TTL,
            ),
        )
        .values(attempts=NotificationRow.attempts + 1, last_attempt_at=now, last_error=None)
    )
    return claimed.rowcount == 1


def _deliver(
    transaction: Callable[[], AbstractContextManager[Session]],
    notifier: Notifier,
    detail: AlertDetail,
    now: datetime,
    result: NotifyResult,
) -> bool:
    alert_id = detail.alert.id
    try:
        notifier.send(detail)
    except Exception as error:  # noqa: BLE001 - a notifier bug is a failed delivery, not a crashed run
        message = str(error) if isinstance(error, NotifyError) else f"{type(error).__name__}: {error}"
        with transaction() as session:
            _record(session, alert_id, notifier.name, last_error=message[:MAX_ERROR_CHARS] or type(error).__name__)
        result.failed.setdefault(notifier.name, []).append(alert_id)
        log.warning("notifier %s: alert %s not delivered (will retry): %s", notifier.name, alert_id, message)
        return False
    with transaction() as session:
        _record(session, alert_id, notifier.name, sent_at=now)
    result.sent.setdefault(notifier.name, []).append(alert_id)
    log.info("notifier %s: alert %s sent", notifier.name, alert_id)
    return True


def _record(session: Session, alert_id: int, notifier: str, **values: object) -> None:
    session.execute(
        sa.update(NotificationRow)
        .where(NotificationRow.alert_id == alert_id, NotificationRow.notifier == notifier)
        .values(**values)
    )
