"""Replay's view of stored matches, and an in-memory SQLite store."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage import Store

from storage_factories import T0, article, match, transfer


@pytest.fixture()
def store(database_url: str):
    with Store(database_url) as opened:
        yield opened


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
