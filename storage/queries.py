"""Read-only queries behind `alerts list`, `alerts show`, `alerts rules list` and the reports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from alerts.model import Indicator
from storage.errors import NotFoundError
from storage.models import AlertArticleRow, AlertAuditRow, AlertRow, ArticleRow, IndicatorRow, SnoozeRow, SuppressionRow
from storage.records import AlertArticle, AlertDetail, AlertRecord, StoredIndicator, StoredMatch, SuppressionRecord
from storage.triage import to_audit_entry


def to_alert_record(row: Any) -> AlertRecord:
    """From an AlertRow or a Core row of the alerts table (same attribute names)."""
    return AlertRecord(
        id=row.id,
        rule_id=row.rule_id,
        rule_version=row.rule_version,
        title=row.title,
        severity=row.severity,
        base_severity=row.base_severity,
        dedupe_key=row.dedupe_key,
        tags=tuple(row.tags or ()),
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        created_at=row.created_at,
        updated_at=row.updated_at,
        status=row.status,
        outcome=row.outcome,
        source_count=row.source_count,
        article_count=row.article_count,
        vanished_at=row.vanished_at,
    )


def _many(value: str | Sequence[str] | None) -> list[str] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str) else list(value)


def list_alerts(
    session: Session,
    severity: str | Sequence[str] | None = None,
    rule: str | Sequence[str] | None = None,
    since: datetime | None = None,
    status: str | Sequence[str] | None = None,
    limit: int | None = 50,
) -> list[AlertRecord]:
    """Newest first (by creation). `since` filters on created_at; each filter takes one value or several.

    With one severity this is the "(severity, created_at DESC) LIMIT n" shape the composite index serves.
    """
    table = AlertRow.__table__  # Core rows: no ORM identity map for a read-only listing
    query = sa.select(table).order_by(table.c.created_at.desc(), table.c.id.desc()).limit(limit)
    severities, rules, statuses = _many(severity), _many(rule), _many(status)
    if severities:
        query = query.where(AlertRow.severity.in_(severities))
    if rules:
        query = query.where(AlertRow.rule_id.in_(rules))
    if statuses:
        query = query.where(AlertRow.status.in_(statuses))
    if since is not None:
        query = query.where(AlertRow.created_at >= since)
    return [to_alert_record(row) for row in session.execute(query)]


def get_alert(session: Session, alert_id: int) -> AlertDetail:
    alert = session.get(AlertRow, alert_id)
    if alert is None:
        raise NotFoundError(f"no alert with id {alert_id}")
    links = session.execute(
        sa.select(AlertArticleRow, ArticleRow)
        .join(ArticleRow, ArticleRow.id == AlertArticleRow.article_id)
        .where(AlertArticleRow.alert_id == alert_id)
        .order_by(AlertArticleRow.matched_at, AlertArticleRow.id)
    ).all()
    wanted = {indicator_id for link, _ in links for indicator_id in link.indicator_ids}
    indicators = {
        row.id: to_stored_indicator(row)
        for row in session.scalars(sa.select(IndicatorRow).where(IndicatorRow.id.in_(wanted)))
    }
    articles = tuple(
        AlertArticle(
            article_id=article.id,
            external_id=article.external_id,
            title=article.title,
            url=article.url,
            source=link.source,
            origin=article.origin,
            published_at=article.published_at,
            ingested_at=article.ingested_at,
            event_date=article.event_date,
            matched_at=link.matched_at,
            vanished_at=link.vanished_at,
            indicators=tuple(indicators[i] for i in link.indicator_ids if i in indicators),
        )
        for link, article in links
    )
    audit = session.scalars(
        sa.select(AlertAuditRow).where(AlertAuditRow.alert_id == alert_id).order_by(AlertAuditRow.at, AlertAuditRow.id)
    )
    return AlertDetail(to_alert_record(alert), articles, tuple(to_audit_entry(row) for row in audit))


def to_stored_indicator(row: IndicatorRow) -> StoredIndicator:
    return StoredIndicator(
        id=row.id, article_id=row.article_id, position=row.position, indicator=Indicator.from_dict(row.data)
    )


def article_indicators(session: Session, article_id: int) -> list[StoredIndicator]:
    """An article's stored indicators in extraction order (not those a re-extraction no longer found)."""
    rows = session.scalars(
        sa.select(IndicatorRow)
        .where(IndicatorRow.article_id == article_id, IndicatorRow.vanished_at.is_(None))
        .order_by(IndicatorRow.position)
    )
    return [to_stored_indicator(row) for row in rows]


def alert_counts_by_rule(session: Session) -> dict[str, int]:
    """How many alerts each rule has fired (for `alerts rules list`)."""
    rows = session.execute(sa.select(AlertRow.rule_id, sa.func.count()).group_by(AlertRow.rule_id)).all()
    return dict(rows)


def dedupe_keys(session: Session, rule_id: str, limit: int = 200) -> list[str]:
    """The keys a rule has alerted on, most recent first (what a snooze on one of its keys can name)."""
    latest = sa.func.max(AlertRow.last_seen)
    query = (
        sa.select(AlertRow.dedupe_key)
        .where(AlertRow.rule_id == rule_id)
        .group_by(AlertRow.dedupe_key)
        .order_by(latest.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def list_suppressions(
    session: Session, since: datetime | None = None, rule: str | None = None, limit: int | None = None
) -> list[SuppressionRecord]:
    """Matches snoozes held back, newest first, each with the snooze that did it and who set it."""
    query = (
        sa.select(SuppressionRow, SnoozeRow, ArticleRow.title)
        .join(SnoozeRow, SnoozeRow.id == SuppressionRow.snooze_id)
        .join(ArticleRow, ArticleRow.id == SuppressionRow.article_id)
        .order_by(SuppressionRow.at.desc(), SuppressionRow.id.desc())
        .limit(limit)
    )
    if since is not None:
        query = query.where(SuppressionRow.at >= since)
    if rule is not None:
        query = query.where(SuppressionRow.rule_id == rule)
    return [
        SuppressionRecord(
            id=suppression.id,
            at=suppression.at,
            rule_id=suppression.rule_id,
            dedupe_key=suppression.dedupe_key,
            severity=suppression.severity,
            article_id=suppression.article_id,
            article_title=title,
            snooze_id=snooze.id,
            snoozed_by=snooze.created_by,
            snooze_note=snooze.note,
            snoozed_until=snooze.until,
        )
        for suppression, snooze, title in session.execute(query)
    ]


def stored_matches(
    session: Session, article_ids: Sequence[int] | None = None, since: datetime | None = None
) -> list[StoredMatch]:
    """The matches behind the stored alerts (and snoozed matches), for the given articles or those ingested
    since `since`; ordered by article, rule and key."""
    links = (
        sa.select(
            AlertArticleRow.article_id,
            AlertRow.rule_id,
            AlertRow.dedupe_key,
            AlertRow.severity,
            AlertRow.base_severity,
            AlertRow.rule_version,
            AlertRow.id,
        )
        .join(AlertRow, AlertRow.id == AlertArticleRow.alert_id)
        .join(ArticleRow, ArticleRow.id == AlertArticleRow.article_id)
        .where(AlertArticleRow.vanished_at.is_(None))  # a reprocess found the match gone: not live any more
    )
    held = sa.select(
        SuppressionRow.article_id, SuppressionRow.rule_id, SuppressionRow.dedupe_key, SuppressionRow.severity
    ).join(ArticleRow, ArticleRow.id == SuppressionRow.article_id)
    if article_ids is not None:
        links = links.where(ArticleRow.id.in_(list(article_ids)))
        held = held.where(ArticleRow.id.in_(list(article_ids)))
    if since is not None:
        links = links.where(ArticleRow.ingested_at >= since)
        held = held.where(ArticleRow.ingested_at >= since)
    found = [
        StoredMatch(article_id, rule_id, key, severity, base, version, alert_id, False)
        for article_id, rule_id, key, severity, base, version, alert_id in session.execute(links)
    ]
    found += [
        StoredMatch(article_id, rule_id, key, severity, severity, None, None, True)
        for article_id, rule_id, key, severity in session.execute(held)
    ]
    return sorted(found, key=lambda m: (m.article_id, m.rule_id, m.dedupe_key, m.suppressed))
