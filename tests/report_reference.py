"""The report as it used to be computed: every alert of the period and every matched indicator read into Python
and counted there. Slow, but plainly right; tests/test_report_sql.py checks the SQL aggregation against it."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from alerts.model import SEVERITIES, severity_rank
from alerts.reports.data import SEVERITIES_DESC, RuleSummary, _trigger_in_sentence
from alerts.vocabulary import ALERT_OUTCOMES, ALERT_STATUSES
from storage import Store
from storage.models import AlertArticleRow, AlertRow, ArticleRow, IndicatorRow


@dataclass
class Alert:
    id: int
    rule_id: str
    title: str
    severity: str
    status: str
    outcome: str | None
    source_count: int
    last_seen: datetime
    dated: datetime


def _period(since: datetime | None, until: datetime, date_basis: str) -> sa.Subquery:
    """(alert_id, dated, unpublished) from the links and their articles, as the report dated alerts before the
    dates were stored on them: so the check covers the stored dates too."""
    earliest = (
        sa.select(
            AlertArticleRow.alert_id.label("alert_id"),
            sa.func.min(ArticleRow.ingested_at).label("ingested"),
            sa.func.min(ArticleRow.published_at).label("published"),
        )
        .join(ArticleRow, ArticleRow.id == AlertArticleRow.article_id)
        .group_by(AlertArticleRow.alert_id)
        .subquery()
    )
    dated = (
        earliest.c.ingested if date_basis == "ingested" else sa.func.coalesce(earliest.c.published, earliest.c.ingested)
    )
    query = sa.select(
        earliest.c.alert_id, dated.label("dated"), earliest.c.published.is_(None).label("unpublished")
    ).where(dated < until)
    if since is not None:
        query = query.where(dated >= since)
    return query.subquery()


def reference_figures(
    store: Store, since: datetime | None, until: datetime, date_basis: str, top: int
) -> dict[str, Any]:
    """The figures of `Report.to_dict()` that come from the alerts (not the snoozes or generated_at)."""
    with store.reading() as session:
        period = _period(since, until, date_basis)
        rows = session.execute(
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
        ).all()
        alerts = [Alert(*row[:9]) for row in rows]
        fallback = sum(bool(date_basis == "published" and row.unpublished) for row in rows)
        evidence: dict[int, list[Any]] = defaultdict(list)
        query = (
            sa.select(
                AlertArticleRow.alert_id,
                AlertArticleRow.indicator_ids,
                IndicatorRow.id,
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
        for row in session.execute(query):
            if row.id in (row.indicator_ids or ()):
                evidence[row.alert_id].append(row)

    by_severity = dict.fromkeys(SEVERITIES_DESC, 0)
    by_status = dict.fromkeys(ALERT_STATUSES, 0)
    rules: dict[str, RuleSummary] = {}
    for alert in alerts:
        by_severity[alert.severity] += 1
        by_status[alert.status] += 1
        rule = rules.setdefault(alert.rule_id, RuleSummary(alert.rule_id, alert.title))
        rule.alerts += 1
        rule.by_severity[alert.severity] = rule.by_severity.get(alert.severity, 0) + 1
        if alert.outcome in ALERT_OUTCOMES:
            setattr(rule, alert.outcome, getattr(rule, alert.outcome) + 1)
        else:
            rule.unreviewed += 1

    pairs: Counter[tuple[str, str]] = Counter()
    top_severity: dict[tuple[str, str], str] = {}
    for alert in alerts:
        for pair in {
            (e.supplier, e.recipient)
            for e in evidence[alert.id]
            if e.type == "arms_transfer" and e.supplier and e.recipient
        }:
            pairs[pair] += 1
            if pair not in top_severity or severity_rank(alert.severity) > severity_rank(top_severity[pair]):
                top_severity[pair] = alert.severity
    ordered = sorted(pairs.items(), key=lambda item: (-item[1], -severity_rank(top_severity[item[0]]), item[0]))

    days: dict[date, Counter[str]] = defaultdict(Counter)
    for alert in alerts:
        days[alert.dated.astimezone(UTC).date()][alert.severity] += 1

    ranked = sorted(alerts, key=lambda a: (-severity_rank(a.severity), -a.source_count, -a.last_seen.timestamp(), a.id))
    top_evidence: list[dict[str, Any]] = []
    seen: set[str] = set()
    for alert in ranked:
        if len(top_evidence) >= top:
            break
        first = next(iter(evidence.get(alert.id, ())), None)
        found = (first.data.get("evidence") or {}) if first is not None else {}
        sentence = found.get("sentence") or ""
        if not sentence or sentence in seen:
            continue
        seen.add(sentence)
        trigger = _trigger_in_sentence(found)
        top_evidence.append(
            {
                "alert_id": alert.id,
                "rule_id": alert.rule_id,
                "severity": alert.severity,
                "status": alert.status,
                "source_count": alert.source_count,
                "sentence": sentence,
                "trigger": list(trigger) if trigger else None,
                "article_title": first.title,
                "article_source": first.source,
                "article_url": first.url,
                "dated": alert.dated.isoformat(),
            }
        )

    first_day = since.astimezone(UTC).date() if since else (min(days) if days else None)
    all_days = []
    if first_day is not None:
        last = max([(until - timedelta(microseconds=1)).astimezone(UTC).date(), *days])
        day = first_day
        while day <= last:
            counts = {severity: days[day][severity] for severity in SEVERITIES_DESC}
            all_days.append({"day": day.isoformat(), "total": sum(counts.values()), "by_severity": counts})
            day += timedelta(days=1)
    assert set(SEVERITIES) == set(by_severity)
    return {
        "total": len(alerts),
        "dated_by_fallback": fallback,
        "by_severity": by_severity,
        "by_status": by_status,
        "by_rule": [
            {
                "rule_id": r.rule_id,
                "title": r.title,
                "alerts": r.alerts,
                "by_severity": r.by_severity,
                "confirmed": r.confirmed,
                "false_positive": r.false_positive,
                "benign": r.benign,
                "unreviewed": r.unreviewed,
                "suppressed": 0,
                "precision": r.precision,
            }
            for r in sorted(rules.values(), key=lambda r: (-r.alerts, r.rule_id))
        ],
        "by_state_pair": [
            {"supplier": s, "recipient": r, "alerts": n, "top_severity": top_severity[(s, r)]} for (s, r), n in ordered
        ],
        "by_day": all_days,
        "top_evidence": top_evidence,
    }
