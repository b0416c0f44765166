"""Saving the analyses of a batch of articles in one transaction: the write path of queue jobs and reprocessing.

One transaction per batch rather than per article cuts the round trips and commits that dominate on
PostgreSQL, and keeps a batch all-or-nothing: a worker killed mid-batch leaves nothing half-saved, and the
retried job saves the whole batch again. Each article's save is `storage.analysis.save_analysis`, which is
idempotent, so a batch saved twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from alerts.model import Indicator, RuleMatch
from storage import analysis, reprocessing
from storage.records import AnalysisOutcome
from storage.sql import lock_keys


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
    lock_keys(session, (analysis.lock_key(match) for item in items for match in item.matches))
    total = AnalysisOutcome()
    for item in items:
        total += analysis.save_analysis(session, item.article_id, item.indicators, item.matches, now, item.event_date)
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
