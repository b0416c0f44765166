"""The review desk in storage: status, outcome, notes and the append-only audit trail; alert queries."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage import NotFoundError, StorageError, Store

from storage_factories import T0, article, match, transfer


@pytest.fixture()
def store(database_url: str):
    with Store(database_url) as opened:
        yield opened


def _alerts(store: Store, count: int) -> list[int]:
    ids = []
    for n in range(count):
        row_id, _ = store.ingest(article(n), T0)
        outcome = store.save_analysis(row_id, [transfer()], [match(f"K{n}")], T0 + timedelta(minutes=n))
        ids += outcome.new_alert_ids
    return ids


def test_status_changes_are_audited_with_who_when_and_why(store: Store) -> None:
    first, second = _alerts(store, 2)
    later = T0 + timedelta(days=1)
    assert store.set_status([first, second], "acknowledged", "alice", "looking into it", now=later) == [first, second]
    assert store.set_status([first], "dismissed", "bob", "old news", outcome="benign", now=later) == [first]
    assert store.set_status([second], "acknowledged", "bob", "still looking", now=later) == []  # no change...
    store.add_note(second, "carol", "asked the desk in Seoul", now=later)

    first_trail = store.audit_trail(first)
    assert [(e.action, e.actor, e.old_value, e.new_value, e.note) for e in first_trail] == [
        ("created", "system", None, "high", "rule arms-to-embargoed version v1"),
        ("status", "alice", "new", "acknowledged", "looking into it"),
        ("status", "bob", "acknowledged", "dismissed", "old news"),
        ("outcome", "bob", None, "benign", None),
    ]
    assert first_trail[1].at == later
    second_trail = store.audit_trail(second)
    assert [(e.action, e.note) for e in second_trail[-2:]] == [  # ...but the note is kept
        ("note", "still looking"),
        ("note", "asked the desk in Seoul"),
    ]
    detail = store.get_alert(first)
    assert (detail.alert.status, detail.alert.outcome, detail.alert.updated_at) == ("dismissed", "benign", later)
    assert detail.audit == tuple(first_trail)


def test_outcome_alone_and_escalate_status(store: Store) -> None:
    [alert] = _alerts(store, 1)
    assert store.set_status([alert], None, "alice", outcome="confirmed") == [alert]
    assert store.set_status([alert], "escalated", "alice", "to the sanctions desk") == [alert]
    record = store.get_alert(alert).alert
    assert (record.status, record.outcome) == ("escalated", "confirmed")


def test_triage_is_all_or_nothing_and_validated(store: Store) -> None:
    [alert] = _alerts(store, 1)
    with pytest.raises(NotFoundError, match="999"):
        store.set_status([alert, 999], "acknowledged", "alice")
    assert store.get_alert(alert).alert.status == "new"
    with pytest.raises(StorageError):
        store.set_status([alert], "closed", "alice")
    with pytest.raises(StorageError):
        store.set_status([alert], None, "alice", outcome="maybe")
    with pytest.raises(NotFoundError):
        store.add_note(999, "alice", "hello")
    with pytest.raises(NotFoundError):
        store.audit_trail(999)


def test_list_alerts_filters_newest_first(store: Store) -> None:
    ids = _alerts(store, 3)
    row_id, _ = store.ingest(article(10), T0)
    critical = store.save_analysis(
        row_id, [transfer()], [match("C", rule="other", severity="critical")], T0 + timedelta(hours=1)
    ).new_alert_ids[0]
    assert [a.id for a in store.list_alerts()] == [critical, *reversed(ids)]
    assert [a.id for a in store.list_alerts(severity="critical")] == [critical]
    assert [a.id for a in store.list_alerts(severity=["high", "critical"], limit=2)] == [critical, ids[2]]
    assert [a.id for a in store.list_alerts(rule="arms-to-embargoed", since=T0 + timedelta(minutes=1))] == [
        ids[2],
        ids[1],
    ]
    store.set_status([ids[0]], "dismissed", "alice")
    assert [a.id for a in store.list_alerts(status="dismissed")] == [ids[0]]
    assert store.alert_counts_by_rule() == {"arms-to-embargoed": 3, "other": 1}
    assert all(a.created_at.tzinfo is not None for a in store.list_alerts())


def test_snooze_validation_and_ending(store: Store) -> None:
    with pytest.raises(StorageError):
        store.snooze("rule", None, T0, "alice", now=T0)
    snooze = store.snooze("rule", "KP>RU", T0 + timedelta(days=14), "alice", "known", now=T0)
    assert [s.id for s in store.list_snoozes(now=T0)] == [snooze.id]
    store.end_snooze(snooze.id, now=T0 + timedelta(days=1))
    assert store.list_snoozes(now=T0 + timedelta(days=1)) == []
    [ended] = store.list_snoozes(include_expired=True, now=T0 + timedelta(days=1))
    assert ended.until == T0 + timedelta(days=1)
    with pytest.raises(NotFoundError):
        store.end_snooze(999)
