"""Saving one article's analysis: indicators, then each rule match as a new alert, a corroboration of an open
alert, or a match held back by a snooze; then escalation; all in the caller's single transaction.

Everything here reads its state from the database (never from process memory), so dedupe windows and
escalation counts hold across runs and restarts, and a repeated call for the same article finds every row it
would write already there and changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.orm import Session

from alerts.model import Indicator, RuleMatch, severity_rank
from storage import articles as article_store
from storage.errors import NotFoundError
from storage.models import AlertArticleRow, AlertAuditRow, AlertRow, ArticleRow, IndicatorRow, SnoozeRow, SuppressionRow
from storage.records import AnalysisOutcome
from storage.sql import insert_ignore, lock_keys

SYSTEM_ACTOR = "system"


def save_analysis(
    session: Session,
    article_id: int,
    indicators: Sequence[Indicator],
    matches: Sequence[RuleMatch],
    now: datetime,
    event_date: date | None = None,
) -> AnalysisOutcome:
    """Store the analysis of a stored article and mark it processed. Idempotent; see the module docstring."""
    article = session.scalar(sa.select(ArticleRow).where(ArticleRow.id == article_id).with_for_update())
    if article is None:
        raise NotFoundError(f"no article with id {article_id}")
    # One writer per (rule, key) at a time: two processes must not both open an alert for the same key.
    lock_keys(session, (f"alert:{match.rule_id}\x00{match.dedupe_key}" for match in matches))
    outcome = AnalysisOutcome()
    indicator_ids, outcome.indicators_new = _save_indicators(session, article_id, indicators, now)
    source = article_source(article)
    for match in matches:
        ids = sorted({indicator_ids[i] for i in match.indicator_indexes if 0 <= i < len(indicator_ids)})
        _save_match(session, article_id, source, match, ids, now, outcome)
    article_store.mark_processed(session, article_id, now, event_date)
    return outcome


def article_source(article: ArticleRow) -> str:
    """Who published it, for counting distinct sources: the source name, else the URL's host, else its origin."""
    if article.source:
        return article.source
    host = urlsplit(article.canonical_url or "").hostname
    return host or article.origin or f"article:{article.id}"


def _save_indicators(
    session: Session, article_id: int, indicators: Sequence[Indicator], now: datetime
) -> tuple[list[int], int]:
    """Insert the article's indicators in bulk (ignoring those stored already): (id per position, new count)."""
    fingerprints = [indicator.fingerprint for indicator in indicators]
    existing = set(
        session.scalars(sa.select(IndicatorRow.fingerprint).where(IndicatorRow.article_id == article_id))
    )
    rows, seen = [], set(existing)
    for position, (indicator, fingerprint) in enumerate(zip(indicators, fingerprints, strict=True)):
        if fingerprint in seen:
            continue
        seen.add(fingerprint)
        rows.append(_indicator_row(article_id, position, fingerprint, indicator, now))
    if rows:
        session.execute(insert_ignore(session, IndicatorRow.__table__), rows)
    ids = dict(
        session.execute(
            sa.select(IndicatorRow.fingerprint, IndicatorRow.id).where(IndicatorRow.article_id == article_id)
        ).all()
    )
    return [ids[fingerprint] for fingerprint in fingerprints], len(rows)


def _indicator_row(article_id: int, position: int, fingerprint: str, indicator: Indicator, now: datetime) -> dict:
    return {
        "article_id": article_id,
        "position": position,
        "fingerprint": fingerprint,
        "type": indicator.type,
        "modality": indicator.modality,
        "confidence": float(indicator.confidence),
        "attribution": indicator.attribution,
        "supplier": _state(indicator.fields.get("supplier")),
        "recipient": _state(indicator.fields.get("recipient")),
        "data": indicator.to_dict(),
        "evidence_sentence": indicator.evidence.sentence,
        "evidence_start": indicator.evidence.start,
        "evidence_end": indicator.evidence.end,
        "created_at": now,
    }


def _state(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _save_match(
    session: Session,
    article_id: int,
    source: str,
    match: RuleMatch,
    indicator_ids: list[int],
    now: datetime,
    outcome: AnalysisOutcome,
) -> None:
    if _already_saved(session, article_id, match, indicator_ids):
        return
    snooze_id = _active_snooze(session, match, now)
    if snooze_id is not None:
        session.execute(
            insert_ignore(session, SuppressionRow.__table__),
            {
                "snooze_id": snooze_id,
                "article_id": article_id,
                "rule_id": match.rule_id,
                "dedupe_key": match.dedupe_key,
                "severity": match.severity,
                "at": now,
            },
        )
        outcome.suppressed += 1
        return
    alert = _open_alert(session, match, now)
    if alert is None:
        alert = _create_alert(session, match, now)
        outcome.alerts_new += 1
        outcome.new_alert_ids.append(alert.id)
    else:
        outcome.alerts_corroborated += 1
        outcome.corroborated_alert_ids.append(alert.id)
    session.add(
        AlertArticleRow(
            alert_id=alert.id, article_id=article_id, indicator_ids=indicator_ids, source=source, matched_at=now
        )
    )
    session.flush()
    _refresh_counts(session, alert, now)
    if match.escalation is not None and _escalate(session, alert, match, now):
        outcome.alerts_escalated += 1
        outcome.escalated_alert_ids.append(alert.id)


def _already_saved(session: Session, article_id: int, match: RuleMatch, indicator_ids: list[int]) -> bool:
    """True when this article already supports an alert of this rule and key (or a snooze held it back).

    A second match of the same rule and key in one article (two indicators, one key) adds its indicators to
    the existing link instead of counting as a corroboration.
    """
    link = session.scalar(
        sa.select(AlertArticleRow)
        .join(AlertRow, AlertRow.id == AlertArticleRow.alert_id)
        .where(
            AlertArticleRow.article_id == article_id,
            AlertRow.rule_id == match.rule_id,
            AlertRow.dedupe_key == match.dedupe_key,
        )
        .limit(1)
    )
    if link is not None:
        merged = sorted(set(link.indicator_ids) | set(indicator_ids))
        if merged != sorted(link.indicator_ids):
            link.indicator_ids = merged
        return True
    suppressed = session.scalar(
        sa.select(SuppressionRow.id)
        .where(
            SuppressionRow.article_id == article_id,
            SuppressionRow.rule_id == match.rule_id,
            SuppressionRow.dedupe_key == match.dedupe_key,
        )
        .limit(1)
    )
    return suppressed is not None


def _active_snooze(session: Session, match: RuleMatch, now: datetime) -> int | None:
    """The snooze holding this match back: one on the key itself before one on the whole rule."""
    return session.scalar(
        sa.select(SnoozeRow.id)
        .where(
            SnoozeRow.rule_id == match.rule_id,
            sa.or_(SnoozeRow.dedupe_key.is_(None), SnoozeRow.dedupe_key == match.dedupe_key),
            SnoozeRow.until > now,
        )
        .order_by(SnoozeRow.dedupe_key.is_(None), SnoozeRow.until.desc(), SnoozeRow.id)
        .limit(1)
    )


def _open_alert(session: Session, match: RuleMatch, now: datetime) -> AlertRow | None:
    """The newest alert for this rule and key whose dedupe window (from its first sighting) covers `now`.

    A rule without a window keeps one alert per key for good. Any review status counts: a dismissed alert
    still collects its corroborations rather than being reopened as a new alert.
    """
    query = (
        sa.select(AlertRow)
        .where(AlertRow.rule_id == match.rule_id, AlertRow.dedupe_key == match.dedupe_key)
        .order_by(AlertRow.first_seen.desc(), AlertRow.id.desc())
        .limit(1)
    )
    if match.dedupe_window is not None:
        query = query.where(AlertRow.first_seen >= now - match.dedupe_window)
    return session.scalar(query)


def _create_alert(session: Session, match: RuleMatch, now: datetime) -> AlertRow:
    alert = AlertRow(
        rule_id=match.rule_id,
        rule_version=match.rule_version,
        title=match.title,
        severity=match.severity,
        base_severity=match.severity,
        dedupe_key=match.dedupe_key,
        tags=list(match.tags),
        first_seen=now,
        last_seen=now,
        created_at=now,
        updated_at=now,
        status="new",
        outcome=None,
        source_count=0,
        article_count=0,
    )
    session.add(alert)
    session.flush()
    session.add(
        AlertAuditRow(
            alert_id=alert.id,
            at=now,
            actor=SYSTEM_ACTOR,
            action="created",
            field="severity",
            old_value=None,
            new_value=match.severity,
            note=f"rule {match.rule_id} version {match.rule_version}",
        )
    )
    return alert


def _refresh_counts(session: Session, alert: AlertRow, now: datetime) -> None:
    links = sa.select(sa.func.count(), sa.func.count(sa.distinct(AlertArticleRow.source))).where(
        AlertArticleRow.alert_id == alert.id
    )
    article_count, source_count = session.execute(links).one()
    alert.article_count = article_count
    alert.source_count = source_count
    alert.last_seen = max(alert.last_seen, now)
    alert.updated_at = now


def _escalate(session: Session, alert: AlertRow, match: RuleMatch, now: datetime) -> bool:
    """Raise the severity once `count` distinct sources support the alert within the escalation window."""
    escalation = match.escalation
    assert escalation is not None
    if severity_rank(escalation.to_severity) <= severity_rank(alert.severity):
        return False
    sources = session.scalar(
        sa.select(sa.func.count(sa.distinct(AlertArticleRow.source))).where(
            AlertArticleRow.alert_id == alert.id, AlertArticleRow.matched_at >= now - escalation.window
        )
    )
    if (sources or 0) < escalation.count:
        return False
    session.add(
        AlertAuditRow(
            alert_id=alert.id,
            at=now,
            actor=SYSTEM_ACTOR,
            action="escalate",
            field="severity",
            old_value=alert.severity,
            new_value=escalation.to_severity,
            note=f"{sources} distinct sources within {escalation.window} (threshold {escalation.count})",
        )
    )
    alert.severity = escalation.to_severity
    alert.updated_at = now
    return True
