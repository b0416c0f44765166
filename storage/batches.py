"""Saving the analyses of a batch of articles in one transaction: the write path of queue jobs and reprocessing.

One transaction per batch rather than per article cuts the round trips and commits that dominate on
PostgreSQL, and keeps a batch all-or-nothing: a worker killed mid-batch leaves nothing half-saved, and the
retried job saves the whole batch again. Each article's save is `storage.alert_lifecycle.save_analysis`, which is
idempotent, so a batch saved twice changes nothing the second time.

Most articles yield nothing (95% of ordinary wire copy). Saving those is only the processed mark, so a
first save of such articles is one executemany UPDATE for the whole batch (one round trip in psycopg's
pipeline mode) rather than a locking read and an update per article; it leaves an article exactly as
`save_analysis` would (processed_at and event_date kept if already set, any failure cleared).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from alerts.model import Indicator, RuleMatch
from storage import alert_lifecycle, reprocessing
from storage.errors import NotFoundError
from storage.models import ArticleRow
from storage.records import AnalysisOutcome
from storage.sql import lock_keys, rowcount, table
from storage.types import UTCDateTime

_articles = table(ArticleRow)
_MARK_EMPTY = (
    sa.update(_articles)
    .where(_articles.c.id == sa.bindparam("article_id"))
    .values(
        processed_at=sa.func.coalesce(_articles.c.processed_at, sa.bindparam("now", type_=UTCDateTime())),
        event_date=sa.func.coalesce(_articles.c.event_date, sa.bindparam("found_date", type_=sa.Date())),
        failed_at=None,
        failure=None,
    )
)


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    """What to save for one stored article: its indicators and the rule matches over them."""

    article_id: int
    indicators: Sequence[Indicator]
    matches: Sequence[RuleMatch]
    event_date: date | None = None


def save_batch(
    session: Session, items: Sequence[ArticleAnalysis], now: datetime, reprocess_id: int | None = None
) -> AnalysisOutcome:
    """Save every item in the caller's transaction; with `reprocess_id`, also mark what vanished from each."""
    # Every key's lock up front, in one sorted pass: taken article by article, two concurrent batches could
    # each hold a key the other waits for.
    lock_keys(session, (alert_lifecycle.lock_key(match) for item in items for match in item.matches))
    total = AnalysisOutcome()
    if reprocess_id is None:  # a reprocess must mark what vanished from empty articles too: no shortcut
        empty = [item for item in items if not item.indicators and not item.matches]
        _mark_empty(session, empty, now)
        items = [item for item in items if item.indicators or item.matches]
    for item in items:
        total += alert_lifecycle.save_analysis(
            session, item.article_id, item.indicators, item.matches, now, item.event_date
        )
        if reprocess_id is not None:
            reprocessing.mark_reprocessed(
                session,
                item.article_id,
                reprocess_id,
                {indicator.fingerprint for indicator in item.indicators},
                {(match.rule_id, match.dedupe_key) for match in item.matches},
                now,
            )
    return total


def _mark_empty(session: Session, items: Sequence[ArticleAnalysis], now: datetime) -> None:
    """The processed mark of articles that yielded nothing, in one executemany."""
    if not items:
        return
    params = [{"article_id": item.article_id, "now": now, "found_date": item.event_date} for item in items]
    result = session.execute(_MARK_EMPTY, params)
    if rowcount(result) != len(items):  # psycopg and sqlite3 both sum an executemany's row counts
        raise NotFoundError("an analysed article is no longer stored")
