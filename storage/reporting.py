"""The rows behind `alerts report`, read in one transaction: alerts dated in a period, their evidence, and
the snoozes and suppressions of the period. The grouping and ranking happen in alerts.reports.

Queries are plain SQLAlchemy 2 `select()`s (no dialect-specific date functions), so SQLite and PostgreSQL
give the same answer. An alert is dated by its *earliest supporting article*, by that article's ingestion
time or its publication date (articles without one fall back to ingestion).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage.models import AlertArticleRow, AlertRow, ArticleRow, IndicatorRow, SnoozeRow, SuppressionRow


@dataclass(slots=True)
class ReportAlert:
    """An alert dated in the period, with the date the report files it under."""

    id: int
    rule_id: str
    title: str
    severity: str
    status: str
    outcome: str | None
    source_count: int
    last_seen: datetime
    dated: datetime


@dataclass(frozen=True, slots=True)
class ReportEvidence:
    """One indicator an alert rests on, with the article it comes from."""

    alert_id: int
    matched_at: datetime
    position: int
    type: str
    supplier: str | None
    recipient: str | None
    data: dict[str, Any]
    article_title: str | None
    article_source: str | None
    article_url: str | None


@dataclass(frozen=True, slots=True)
class ReportSnooze:
    """A snooze whose life overlaps the period, and how many matches it held back within it."""

    id: int
    rule_id: str
    dedupe_key: str | None
    created_by: str
    created_at: datetime
    until: datetime
    note: str | None
    suppressed: int


@dataclass(slots=True)
class ReportRows:
    alerts: list[ReportAlert]
    #: With the `published` basis: alerts none of whose articles had a publication date.
    dated_by_fallback: int
    evidence: dict[int, list[ReportEvidence]]
    suppressions_by_rule: dict[str, int]
    snoozes: list[ReportSnooze]


def report_rows(session: Session, since: datetime | None, until: datetime, date_basis: str) -> ReportRows:
    """Everything a report of [since, until) on `date_basis` ("ingested" or "published") needs."""
    period = _period(since, until, date_basis)
    alerts, fallback = _alerts_in_period(session, period, date_basis)
    return ReportRows(
        alerts, fallback, _evidence(session, period), _suppressions_by_rule(session, since, until),
        _snoozes(session, since, until),
    )


def _period(since: datetime | None, until: datetime, date_basis: str) -> sa.Subquery:
    """(alert_id, dated, unpublished) for the alerts dated in the period, as a subquery to join or filter on."""
    dates = (
        sa.select(
            AlertArticleRow.alert_id.label("alert_id"),
            sa.func.min(ArticleRow.ingested_at).label("ingested"),
            sa.func.min(ArticleRow.published_at).label("published"),
        )
        .join(ArticleRow, ArticleRow.id == AlertArticleRow.article_id)
        .group_by(AlertArticleRow.alert_id)
    )
    if since is not None and date_basis == "ingested":
        # An alert is raised after its first article is stored, so created_at >= that article's ingestion:
        # the indexed created_at bound narrows the grouping to recent alerts without changing the answer.
        dates = dates.where(AlertArticleRow.alert_id.in_(sa.select(AlertRow.id).where(AlertRow.created_at >= since)))
    earliest = dates.subquery()
    dated = (
        earliest.c.ingested if date_basis == "ingested"
        else sa.func.coalesce(earliest.c.published, earliest.c.ingested)
    )
    query = sa.select(
        earliest.c.alert_id, dated.label("dated"), earliest.c.published.is_(None).label("unpublished")
    ).where(dated < until)
    if since is not None:
        query = query.where(dated >= since)
    return query.subquery()


def _alerts_in_period(session: Session, period: sa.Subquery, date_basis: str) -> tuple[list[ReportAlert], int]:
    """The alerts dated in the period (with their date), and how many fell back to the ingestion date."""
    query = (
        sa.select(
            AlertRow.id,
            AlertRow.rule_id,
            AlertRow.title,
            AlertRow.severity,
            AlertRow.status,
            AlertRow.outcome,
            AlertRow.source_count,
            AlertRow.last_seen,
            period.c.dated,
            period.c.unpublished,
        )
        .join(period, period.c.alert_id == AlertRow.id)
        .order_by(AlertRow.id)
    )
    alerts: list[ReportAlert] = []
    fallback = 0
    for row in session.execute(query):
        alerts.append(ReportAlert(*row[:9]))
        fallback += bool(date_basis == "published" and row.unpublished)
    return alerts, fallback


def _evidence(session: Session, period: sa.Subquery) -> dict[int, list[ReportEvidence]]:
    """Each alert's matched indicators, first article first, in indicator order."""
    query = (
        sa.select(
            AlertArticleRow.alert_id,
            AlertArticleRow.indicator_ids,
            AlertArticleRow.matched_at,
            IndicatorRow.id,
            IndicatorRow.position,
            IndicatorRow.type,
            IndicatorRow.supplier,
            IndicatorRow.recipient,
            IndicatorRow.data,
            ArticleRow.title,
            ArticleRow.source,
            ArticleRow.url,
        )
        .join(IndicatorRow, IndicatorRow.article_id == AlertArticleRow.article_id)
        .join(ArticleRow, ArticleRow.id == AlertArticleRow.article_id)
        .where(AlertArticleRow.alert_id.in_(sa.select(period.c.alert_id)))
        .order_by(AlertArticleRow.alert_id, AlertArticleRow.matched_at, AlertArticleRow.id, IndicatorRow.position)
    )
    found: dict[int, list[ReportEvidence]] = defaultdict(list)
    for row in session.execute(query):
        if row.id not in (row.indicator_ids or ()):
            continue
        found[row.alert_id].append(
            ReportEvidence(
                row.alert_id, row.matched_at, row.position, row.type, row.supplier, row.recipient, row.data,
                row.title, row.source, row.url,
            )
        )
    return found


def _suppressions_by_rule(session: Session, since: datetime | None, until: datetime) -> dict[str, int]:
    query = sa.select(SuppressionRow.rule_id, sa.func.count()).where(SuppressionRow.at < until)
    if since is not None:
        query = query.where(SuppressionRow.at >= since)
    return {rule_id: count for rule_id, count in session.execute(query.group_by(SuppressionRow.rule_id))}


def _snoozes(session: Session, since: datetime | None, until: datetime) -> list[ReportSnooze]:
    """Snoozes whose life overlaps the period, with the matches each held back within it."""
    held = sa.select(SuppressionRow.snooze_id, sa.func.count().label("n")).where(SuppressionRow.at < until)
    if since is not None:
        held = held.where(SuppressionRow.at >= since)
    held_sq = held.group_by(SuppressionRow.snooze_id).subquery()
    query = (
        sa.select(SnoozeRow, sa.func.coalesce(held_sq.c.n, 0))
        .outerjoin(held_sq, held_sq.c.snooze_id == SnoozeRow.id)
        .where(SnoozeRow.created_at < until)
        .order_by(SnoozeRow.created_at, SnoozeRow.id)
    )
    if since is not None:
        query = query.where(SnoozeRow.until >= since)
    return [
        ReportSnooze(s.id, s.rule_id, s.dedupe_key, s.created_by, s.created_at, s.until, s.note, count)
        for s, count in session.execute(query)
    ]
