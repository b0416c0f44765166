"""An email notifier: one plain-text mail per alert through an SMTP server (smtplib).

The config has host, port, sender and recipients only: a relay that needs STARTTLS or a login is not supported
yet (use a local relay such as the host's MTA).
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from alerts.notify.base import NotifyError
from alerts.notify.message import subject, text_body
from storage import AlertDetail

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EmailNotifier:
    name: str
    sender: str
    recipients: Sequence[str]
    host: str = "localhost"
    port: int = 25
    min_severity: str = "high"
    rules: Sequence[str] = ()
    timeout: float = 10.0

    def message(self, detail: AlertDetail) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = ", ".join(self.recipients)
        mail["Subject"] = subject(detail)
        mail["Message-ID"] = make_msgid(f"alert-{detail.alert.id}")
        mail["X-Alert-Id"] = str(detail.alert.id)
        mail["X-Alert-Severity"] = detail.alert.severity
        mail.set_content(text_body(detail))
        return mail

    def send(self, detail: AlertDetail) -> None:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                refused = smtp.send_message(self.message(detail))
        except (OSError, smtplib.SMTPException) as error:
            raise NotifyError(f"SMTP {self.host}:{self.port}: {type(error).__name__}: {error}") from error
        if refused:  # some recipients got it: sending again would duplicate theirs, so report and count it sent
            log.warning("%s: SMTP server refused %s for alert %s", self.name, ", ".join(sorted(refused)), detail.alert.id)
