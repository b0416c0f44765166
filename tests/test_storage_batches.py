"""`Store.save_batch`: a batch of analyses in one transaction, idempotent, with the bulk path for articles
that yielded nothing leaving them exactly as a one-by-one save would."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from storage import ArticleAnalysis, NotFoundError, Store

from storage_factories import article, match, transfer

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def rows(store: Store) -> dict[str, list[tuple]]:
    with store.engine.connect() as connection:
        return {
            table: sorted(tuple(row) for row in connection.execute(sa.text(f"SELECT * FROM {table}")))
            for table in ("articles", "indicators", "alerts", "alert_articles", "alert_audit")
        }


def test_a_batch_saved_twice_changes_nothing_and_empty_articles_are_marked_like_one_by_one(database_url: str) -> None:
    with Store(database_url) as store:
        ids = [store.ingest(article(n), NOW)[0] for n in range(4)]
        indicator = transfer()
        batch = [
            ArticleAnalysis(ids[0], [], [], date(2026, 5, 30)),
            ArticleAnalysis(ids[1], [indicator], [match()], date(2026, 5, 31)),
            ArticleAnalysis(ids[2], [], []),
        ]
        outcome = store.save_batch(batch, NOW)
        assert outcome.indicators_new == 1 and outcome.alerts_new == 1
        first = rows(store)
        assert store.save_batch(batch, NOW + timedelta(hours=1)).alerts_new == 0
        assert rows(store) == first  # processed_at and event_date kept from the first save

        one_by_one = store.save_analysis(ids[3], [], [], NOW, date(2026, 5, 30))
        assert one_by_one.indicators_new == 0
        articles = {row.id: row for row in (store.get_article(i) for i in ids)}
        assert articles[ids[0]].processed_at == articles[ids[3]].processed_at == NOW
        assert articles[ids[0]].event_date == articles[ids[3]].event_date == date(2026, 5, 30)
        assert articles[ids[2]].processed_at == NOW and articles[ids[2]].event_date is None

        before = rows(store)
        with pytest.raises(NotFoundError):
            store.save_batch(
                [ArticleAnalysis(ids[2], [], [], date(2026, 1, 1)), ArticleAnalysis(max(ids) + 100, [], [])], NOW
            )
        assert rows(store) == before  # one transaction: the batch is rolled back whole
