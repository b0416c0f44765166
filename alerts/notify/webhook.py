"""A webhook notifier: one HTTP POST with the alert as a JSON body; any non-2xx answer is a failure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from alerts.notify.base import NotifyError
from alerts.notify.message import payload
from storage import AlertDetail

USER_AGENT = "sanctions-alerts-notifier/1"


@dataclass(frozen=True, slots=True)
class WebhookNotifier:
    name: str
    url: str
    min_severity: str = "high"
    rules: Sequence[str] = ()
    timeout: float = 10.0
    #: Connection attempts per send (httpx retries refused/unreachable connections only, never a sent request).
    connect_retries: int = 1

    def send(self, detail: AlertDetail) -> None:
        headers = {"User-Agent": USER_AGENT, "Idempotency-Key": f"alert-{detail.alert.id}-{self.name}"}
        transport = httpx.HTTPTransport(retries=max(0, self.connect_retries - 1))
        try:
            with httpx.Client(timeout=self.timeout, transport=transport, follow_redirects=False) as client:
                response = client.post(self.url, json=payload(detail, self.name), headers=headers)
        except httpx.HTTPError as error:
            raise NotifyError(f"POST {self.url}: {type(error).__name__}: {error}") from error
        if not response.is_success:
            raise NotifyError(f"POST {self.url}: HTTP {response.status_code} {response.reason_phrase}")
