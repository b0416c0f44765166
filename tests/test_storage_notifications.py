"""What notifiers still owe, replay's view of stored matches, and an in-memory SQLite store."""

from __future__ import annotations

from datetime import timedelta

import pytest
from test_storage_factories import T0, article, match, transfer

from alerts.model import Escalation
from storage import Store


@pytest.fixture()
def store(database_url: str):
    with Store(database_url) as opened:
        yield opened


def test_each_alert_is_owed_once_per_notifier(store: Store) -> None:
    row_id, _ = store.ingest(article(1), T0)
    high, low = store.save_analysis(
        row_id, [transfer()], [match("A", severity="high"), match("B", severity="low")], T0
    ).new_alert_ids
    assert [a.id for a in store.pending_notifications("webhook", "medium")] == [high]
    assert [a.id for a in store.pending_notifications("webhook", "low")] == [high, low]
    assert store.pending_notifications("webhook", "medium", rules=["other-rule"]) == []
    assert store.pending_notifications("webhook", "medium", since=T0 + timedelta(seconds=1)) == []

    store.record_notification(high, "webhook", "HTTP 503", now=T0)
    assert [a.id for a in store.pending_notifications("webhook", "medium", max_attempts=3)] == [high]
    assert store.pending_notifications("webhook", "medium", max_attempts=1) == []  # gave up after one try
    store.record_notification(high, "webhook", None, now=T0 + timedelta(minutes=1))
    assert store.pending_notifications("webhook", "medium") == []
    store.record_notification(high, "webhook", "late duplicate failure", now=T0 + timedelta(minutes=2))
    assert store.pending_notifications("webhook", "medium") == []  # sent stays sent
    assert [a.id for a in store.pending_notifications("email", "medium")] == [high]  # other notifier


def test_an_escalated_alert_becomes_owed(store: Store) -> None:
    rule = match(severity="low", escalation=Escalation(2, timedelta(days=1), "critical"))
    first, _ = store.ingest(article(1, source="EFE"), T0)
    store.save_analysis(first, [transfer()], [rule], T0)
    assert store.pending_notifications("email", "high") == []
    second, _ = store.ingest(article(2, source="AP"), T0)
    store.save_analysis(second, [transfer()], [rule], T0 + timedelta(hours=1))
    assert [a.severity for a in store.pending_notifications("email", "high")] == ["critical"]


def test_stored_matches_for_replay(store: Store) -> None:
    store.snooze("arms-to-embargoed", "IR>RU", T0 + timedelta(days=1), "alice", now=T0)
    first, _ = store.ingest(article(1), T0)
    second, _ = store.ingest(article(2), T0 + timedelta(days=2))
    [alert_id] = store.save_analysis(
        first, [transfer(), transfer("IR", "RU")], [match(), match("IR>RU", indexes=(1,))], T0
    ).new_alert_ids
    store.save_analysis(second, [transfer()], [match()], T0 + timedelta(days=2))
    matches = store.stored_matches()
    assert [(m.article_id, m.dedupe_key, m.alert_id, m.suppressed) for m in matches] == [
        (first, "IR>RU", None, True),
        (first, "KP>RU", alert_id, False),
        (second, "KP>RU", alert_id, False),
    ]
    assert matches[1].rule_version == "v1" and matches[1].severity == "high"
    assert [m.article_id for m in store.stored_matches(since=T0 + timedelta(days=1))] == [second]
    assert [m.article_id for m in store.stored_matches(article_ids=[first])] == [first, first]


def test_in_memory_sqlite_store_keeps_its_data() -> None:
    with Store("sqlite://") as store:
        row_id, _ = store.ingest(article(1), T0)
        store.save_analysis(row_id, [transfer()], [match()], T0)
        assert len(store.list_alerts()) == 1
