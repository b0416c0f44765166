"""An email notifier: one plain-text mail per alert through an SMTP server (smtplib).

A local relay needs only host and port. A submission relay (port 587) takes `smtp_starttls: true` and a login:
`smtp_username` in config.yaml and the password in the environment variable `smtp_password_env` names, so that
a secret never sits in a file analysts edit and commit.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
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
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    tls_context: ssl.SSLContext | None = None  # None: the system's trusted certificates

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
                if self.starttls:
                    smtp.starttls(context=self.tls_context or ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                refused = smtp.send_message(self.message(detail))
        except (OSError, smtplib.SMTPException) as error:
            raise NotifyError(f"SMTP {self.host}:{self.port}: {type(error).__name__}: {error}") from error
        if refused:  # some recipients got it: sending again would duplicate theirs, so report and count it sent
            log.warning(
                "%s: SMTP server refused %s for alert %s", self.name, ", ".join(sorted(refused)), detail.alert.id
            )
