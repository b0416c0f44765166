"""Send each alert to each notifier once: `notify_pending(store, notifiers)`, called after every source run.

Bookkeeping is the store's (storage.notifications), one record per (alert, notifier):

- *claim*: before sending, the store grants the right to send an alert to exactly one caller while it is
  unsent and nobody else is sending it. Two processes (a scheduler and an analyst's `alerts run --once`)
  therefore never both send the same alert.
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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from alerts.config import NotifierConfig
from alerts.model import SEVERITIES, severity_rank
from alerts.notify.base import Notifier, NotifyError
from alerts.notify.email import EmailNotifier
from alerts.notify.webhook import WebhookNotifier
from storage import AlertDetail, Store

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
                    config.name,
                    config.sender,
                    tuple(config.recipients),
                    config.smtp_host,
                    config.smtp_port,
                    config.min_severity,
                    tuple(config.rules),
                    config.timeout,
                    starttls=config.smtp_starttls,
                    username=config.smtp_username,
                    password=password,
                )
            )
    return notifiers


def notify_pending(
    store: Store,
    notifiers: Sequence[Notifier | NotifierConfig],
    now: datetime | None = None,
    max_age: timedelta = DEFAULT_MAX_AGE,
    batch: int = DEFAULT_BATCH,
) -> NotifyResult:
    """Send every alert at or above each notifier's severity that it has not yet received; never raises.

    `notifiers` may be the config's `NotifierConfig`s as they are. Dismissed alerts are not sent.
    """
    result = NotifyResult()
    try:
        built = [n for n in notifiers if not isinstance(n, NotifierConfig)] + build_notifiers(
            [n for n in notifiers if isinstance(n, NotifierConfig)]
        )
    except ValueError as error:
        result.errors.append(str(error))
        log.error("notifications: %s", error)
        return result
    for notifier in built:
        try:
            _notify_one(store, notifier, now or datetime.now(UTC), max_age, batch, result)
        except Exception as error:  # notifications must never break the run that called them
            message = f"{notifier.name}: {type(error).__name__}: {error}"
            result.errors.append(message)
            log.exception("notifications: %s", message)
    return result


def _notify_one(
    store: Store, notifier: Notifier, now: datetime, max_age: timedelta, batch: int, result: NotifyResult
) -> None:
    wanted = [s for s in SEVERITIES if severity_rank(s) >= severity_rank(notifier.min_severity)]
    for alert_id in store.pending_notifications(notifier.name, wanted, notifier.rules, now - max_age, batch):
        detail = store.claim_notification(alert_id, notifier.name, now, CLAIM_TTL)
        if detail is None:
            continue
        if not _deliver(store, notifier, detail, now, result):
            return  # the notifier is failing: leave the rest for the next call


def _deliver(
    store: Store,
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
        store.record_notification(alert_id, notifier.name, error=message[:MAX_ERROR_CHARS] or type(error).__name__)
        result.failed.setdefault(notifier.name, []).append(alert_id)
        log.warning("notifier %s: alert %s not delivered (will retry): %s", notifier.name, alert_id, message)
        return False
    store.record_notification(alert_id, notifier.name, sent_at=now)
    result.sent.setdefault(notifier.name, []).append(alert_id)
    log.info("notifier %s: alert %s sent", notifier.name, alert_id)
    return True
