"""Notifications, all real: a webhook received by an HTTP server on 127.0.0.1, mail by an aiosmtpd SMTP server.

Each alert at or above a notifier's severity is delivered once; a failure is retried on a later call and then
delivered once; a dead endpoint never raises and never touches the stored alerts.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from alerts.config import NotifierConfig
from alerts.model import Article, Escalation
from alerts.notify import EmailNotifier, WebhookNotifier, notify_pending
from storage import Store
from storage.models import NotificationRow

from review_data import MIRROR_TEXT, NOW, match, populate, transfer


class Hook:
    """A webhook receiver: records every request; answers with the queued statuses, then 200."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        self.rejected: set[int] = set()  # alert ids answered with 400 every time
        self.lock = threading.Lock()
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with hook.lock:
                    status = hook.statuses.pop(0) if hook.statuses else 200
                    if json.loads(body)["alert"]["id"] in hook.rejected:
                        status = 400
                    hook.requests.append(
                        {"path": self.path, "headers": dict(self.headers), "body": json.loads(body), "status": status}
                    )
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/alerts"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def delivered(self) -> list[int]:
        """Alert ids of the requests answered with success, in order."""
        return [r["body"]["alert"]["id"] for r in self.requests if r["status"] < 300]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Mailbox:
    """aiosmtpd handler keeping every accepted message."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's naming)
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default_policy)))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def hook() -> Iterator[Hook]:
    server = Hook()
    yield server
    server.close()


@pytest.fixture()
def smtp() -> Iterator[tuple[Mailbox, int]]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield mailbox, controller.port
    controller.stop()


@pytest.fixture()
def store(sqlite_url: str) -> Iterator[Store]:
    with Store(sqlite_url) as opened:
        yield opened


def notifications(store: Store) -> dict[tuple[int, str], NotificationRow]:
    with store.transaction() as session:
        rows = session.scalars(sa.select(NotificationRow)).all()
        return {(row.alert_id, row.notifier): row for row in rows}


def test_webhook_gets_each_alert_at_or_above_its_severity_once(database_url: str, hook: Hook) -> None:
    with Store(database_url) as store:
        ids = populate(store)
        notifier = WebhookNotifier("desk", hook.url, min_severity="high")
        first = notify_pending(store, [notifier], now=NOW)
        again = notify_pending(store, [notifier], now=NOW + timedelta(minutes=10))
        rows = notifications(store)
    assert first.sent == {"desk": [ids.arms, ids.sanctions]}
    assert again.sent_count == 0 and again.failed_count == 0
    assert hook.delivered() == [ids.arms, ids.sanctions]  # critical and high; medium, low and info stay quiet
    body = hook.requests[0]["body"]
    assert body["alert"]["severity"] == "critical"
    assert body["alert"]["dedupe_key"] == "KP>RU"
    assert body["alert"]["source_count"] == 2
    assert [e["trigger"] for e in body["evidence"]] == ["has shipped", "shipped"]
    assert body["evidence"][0]["sentence"].startswith("According to the US, North Korea has shipped")
    assert {a["url"] for a in body["articles"]} == {"https://efe.example/lavrov", "https://wire.example/containers"}
    assert hook.requests[0]["path"] == "/hooks/alerts"
    assert hook.requests[0]["headers"]["Content-Type"] == "application/json"
    assert hook.requests[0]["headers"]["Idempotency-Key"] == f"alert-{ids.arms}-desk"
    assert rows[(ids.arms, "desk")].sent_at == NOW
    assert rows[(ids.arms, "desk")].attempts == 1


def test_failure_is_retried_on_a_later_call_and_then_sent_once(store: Store, hook: Hook) -> None:
    ids = populate(store)
    hook.statuses = [500]
    notifier = WebhookNotifier("desk", hook.url, min_severity="high")

    first = notify_pending(store, [notifier], now=NOW)
    assert first.failed == {"desk": [ids.arms]}
    assert first.sent_count == 0  # a failing endpoint is not hammered with the rest in the same call
    row = notifications(store)[(ids.arms, "desk")]
    assert row.sent_at is None and "HTTP 500" in row.last_error and row.attempts == 1

    second = notify_pending(store, [notifier], now=NOW + timedelta(minutes=1))
    assert second.sent == {"desk": [ids.sanctions, ids.arms]}  # the untried one first
    third = notify_pending(store, [notifier], now=NOW + timedelta(minutes=2))
    assert third.sent_count == 0

    assert [r["status"] for r in hook.requests] == [500, 200, 200]
    assert sorted(hook.delivered()) == [ids.arms, ids.sanctions]
    row = notifications(store)[(ids.arms, "desk")]
    assert row.attempts == 2 and row.last_error is None and row.sent_at == NOW + timedelta(minutes=1)


def test_dead_endpoint_never_raises_and_leaves_alerts_alone(store: Store) -> None:
    ids = populate(store)
    before = store.list_alerts(limit=None)
    dead = WebhookNotifier("dead", f"http://127.0.0.1:{free_port()}/", min_severity="info", timeout=2)
    result = notify_pending(store, [dead], now=NOW)
    assert result.failed == {"dead": [ids.arms]}
    assert "ConnectError" in notifications(store)[(ids.arms, "dead")].last_error
    assert store.list_alerts(limit=None) == before


def test_rule_filter_dismissed_alerts_and_age(store: Store, hook: Hook) -> None:
    ids = populate(store)
    store.set_status([ids.sanctions], "dismissed", "ana", note="old story", now=NOW)
    only_sanctions = WebhookNotifier("sanctions-desk", hook.url, min_severity="info", rules=("sanctions-violation",))
    everything = WebhookNotifier("all", hook.url, min_severity="info")
    assert notify_pending(store, [only_sanctions], now=NOW).sent_count == 0  # its only alert is dismissed
    result = notify_pending(store, [everything], now=NOW, max_age=timedelta(days=2, hours=12))
    # Alerts last updated more than 2.5 days before NOW (the low and medium ones of day 1) are too old.
    assert result.sent == {"all": [ids.arms, ids.tanks]}


def test_a_claim_in_flight_elsewhere_is_respected_until_it_expires(store: Store, hook: Hook) -> None:
    ids = populate(store)
    with store.transaction() as session:  # another process started sending this alert and has not finished
        session.add(NotificationRow(alert_id=ids.arms, notifier="desk", attempts=1, last_attempt_at=NOW))
    notifier = WebhookNotifier("desk", hook.url, min_severity="critical")
    assert notify_pending(store, [notifier], now=NOW + timedelta(minutes=1)).sent_count == 0
    assert notify_pending(store, [notifier], now=NOW + timedelta(minutes=6)).sent == {"desk": [ids.arms]}
    assert hook.delivered() == [ids.arms]


def test_email_is_delivered_by_smtp(store: Store, smtp: tuple[Mailbox, int]) -> None:
    mailbox, port = smtp
    ids = populate(store)
    config = NotifierConfig(
        name="desk-mail",
        type="email",
        smtp_host="127.0.0.1",
        smtp_port=port,
        sender="alerts@example.org",
        recipients=["desk@example.org", "chief@example.org"],
        min_severity="critical",
    )
    result = notify_pending(store, [config], now=NOW)
    assert result.sent == {"desk-mail": [ids.arms]}
    assert notify_pending(store, [config], now=NOW + timedelta(minutes=1)).sent_count == 0
    assert len(mailbox.messages) == 1
    recipients, mail = mailbox.messages[0]
    assert recipients == ["desk@example.org", "chief@example.org"]
    assert mail["Subject"] == f"[CRITICAL] Arms transfer between embargoed states (KP>RU) - alert #{ids.arms}"
    assert mail["X-Alert-Id"] == str(ids.arms)
    body = mail.get_content()
    assert "**has shipped**" in body
    assert "https://efe.example/lavrov" in body
    assert f"alerts show {ids.arms}" in body


def test_email_failure_then_retry_sends_once(store: Store, smtp: tuple[Mailbox, int]) -> None:
    mailbox, port = smtp
    ids = populate(store)
    down = EmailNotifier(
        "mail", "alerts@example.org", ["desk@example.org"], "127.0.0.1", free_port(), min_severity="critical", timeout=2
    )
    failed = notify_pending(store, [down], now=NOW)
    assert failed.failed == {"mail": [ids.arms]} and mailbox.messages == []
    up = EmailNotifier("mail", "alerts@example.org", ["desk@example.org"], "127.0.0.1", port, min_severity="critical")
    assert notify_pending(store, [up], now=NOW + timedelta(minutes=1)).sent == {"mail": [ids.arms]}
    assert notify_pending(store, [up], now=NOW + timedelta(minutes=2)).sent_count == 0
    assert len(mailbox.messages) == 1


def test_notifier_configs_are_accepted_and_a_bad_one_is_reported(store: Store, hook: Hook) -> None:
    ids = populate(store)
    incomplete = NotifierConfig(name="broken", type="webhook")  # no url
    result = notify_pending(store, [incomplete], now=NOW)
    assert result.sent_count == 0 and "needs a url" in result.errors[0]
    config = NotifierConfig(name="hook", type="webhook", url=hook.url, min_severity="critical")
    assert notify_pending(store, [config], now=NOW).sent == {"hook": [ids.arms]}


def test_an_alert_escalated_past_the_threshold_is_sent_then(store: Store, hook: Hook) -> None:
    rule = match("ir-ru-drones", "medium", "IR>RU", (0,), escalation=Escalation(2, timedelta(days=7), "high"))
    notifier = WebhookNotifier("desk", hook.url, min_severity="high")
    alert_id = None
    for number, source in enumerate(("Wire", "Other"), 1):
        text = MIRROR_TEXT.replace("North Korea", "Iran") + f" Report {number}."
        row_id, _ = store.ingest(Article(f"d{number}", text, source=source), now=NOW + timedelta(hours=number))
        outcome = store.save_analysis(
            row_id,
            [transfer(text, "Satellite images", "shipped", "IR", "RU")],
            [rule],
            now=NOW + timedelta(hours=number),
        )
        alert_id = alert_id or outcome.new_alert_ids[0]
        if number == 1:
            assert notify_pending(store, [notifier], now=NOW + timedelta(hours=1)).sent_count == 0  # medium: quiet
    assert store.get_alert(alert_id).alert.severity == "high"
    assert notify_pending(store, [notifier], now=NOW + timedelta(hours=3)).sent == {"desk": [alert_id]}
    assert hook.requests[0]["body"]["alert"]["base_severity"] == "medium"


def test_an_alert_the_receiver_keeps_rejecting_does_not_hold_back_the_others(store: Store, hook: Hook) -> None:
    ids = populate(store)
    hook.rejected = {ids.arms}
    notifier = WebhookNotifier("desk", hook.url, min_severity="high")
    first = notify_pending(store, [notifier], now=NOW)
    assert first.failed == {"desk": [ids.arms]} and first.sent_count == 0
    second = notify_pending(store, [notifier], now=NOW + timedelta(minutes=1))
    assert second.sent == {"desk": [ids.sanctions]} and second.failed == {"desk": [ids.arms]}
    third = notify_pending(store, [notifier], now=NOW + timedelta(minutes=2))
    assert third.sent_count == 0 and third.failed == {"desk": [ids.arms]}
    assert hook.delivered() == [ids.sanctions]
    row = notifications(store)[(ids.arms, "desk")]
    assert row.attempts == 3 and "HTTP 400" in row.last_error
