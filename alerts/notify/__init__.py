"""Notifications for alerts at or above a severity: a webhook POST (JSON) and an email (SMTP), each alert once.

    from alerts.notify import notify_pending
    result = notify_pending(store, config.notifiers)   # after each source run; never raises, never blocks storage

See `alerts.notify.dispatch` for the once-only bookkeeping and the retry behaviour.
"""

from alerts.notify.base import Notifier, NotifyError
from alerts.notify.dispatch import NotifyResult, build_notifiers, notify_pending
from alerts.notify.email import EmailNotifier
from alerts.notify.webhook import WebhookNotifier

__all__ = [
    "EmailNotifier",
    "Notifier",
    "NotifyError",
    "NotifyResult",
    "WebhookNotifier",
    "build_notifiers",
    "notify_pending",
]
