"""The figures behind `alerts report`, read in one transaction: counts of the period's alerts by rule,
severity, status, outcome, day and state pair, the few alerts whose evidence the report quotes, and the
snoozes and suppressions of the period. Ranking and rendering happen in alerts.reports.

Every count is a GROUP BY in the database: a month of a busy deployment is tens of thousands of alerts, and
reading each one (with every indicator of every supporting article) into Python took seconds. Evidence is
read only for the alerts the report shows. Queries are SQLAlchemy 2 `select()`s; the two things SQL spells
differently per dialect (the UTC day of a timestamp, membership in a JSON array) are chosen from the
session's dialect, so SQLite and PostgreSQL give the same answer. An alert is dated by its *earliest
supporting article*, by that article's ingestion time or its publication date (articles without one fall
back to ingestion): both earliest dates are kept on the alert itself (`first_ingested_at`, indexed, and
`first_published_at`), so a period is an index range, not a grouping of every link with its article.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from alerts.model import SEVERITIES
from storage.models import AlertArticleRow, AlertRow, ArticleRow, IndicatorRow, SnoozeRow, SuppressionRow

#: How many ranked alerts are read at a time while looking for the report's distinct evidence sentences.
_EVIDENCE_PAGE = 50


@dataclass(frozen=True, slots=True)
class AlertCount:
    """How many alerts of the period share a rule, severity, status and outcome."""

    rule_id: str
    severity: str
    status: str
    outcome: str | None
    #: The UTC day the alerts are dated on.
    day: date
    alerts: int
    #: The lowest alert id among them, for orderings that follow the alerts' own order.
    first_id: int


@dataclass(frozen=True, slots=True)
class PairCount:
    """Alerts resting on an arms-transfer indicator from `supplier` to `recipient`, and the most severe one."""

    supplier: str
    recipient: str
    alerts: int
    top_severity: str


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
    """The first indicator an alert rests on, with the article it comes from."""

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
    counts: list[AlertCount]
    #: Each rule's title, as its first alert (lowest id) in the period gives it.
    rule_titles: dict[str, str]
    pairs: list[PairCount]
    #: The best-ranked alerts with evidence, most severe, best corroborated, most recent first: enough of
    #: them to give `top` distinct evidence sentences (or all there are).
    ranked: list[tuple[ReportAlert, ReportEvidence]]
    #: With the `published` basis: alerts none of whose articles had a publication date.
    dated_by_fallback: int
    suppressions_by_rule: dict[str, int]
    snoozes: list[ReportSnooze]


def report_rows(session: Session, since: datetime | None, until: datetime, date_basis: str, top: int) -> ReportRows:
    """Everything a report of [since, until) on `date_basis` ("ingested" or "published") needs."""
    if session.get_bind().dialect.name == "postgresql":
        # PostgreSQL guesses 100 rows for each link's JSON array of indicator ids (there are one or two), so the
        # state-pair query looks big enough to compile: JIT compilation was most of its 0.82 s over a million
        # alerts (0.87 s of CPU across its workers). The report's queries are index lookups; compiling never pays.
        session.execute(sa.text("SET LOCAL jit = off"))
    period = _period(since, until, date_basis)
    counts, unpublished = _counts(session, period)
    return ReportRows(
        counts=counts,
        rule_titles=_titles(session, counts),
        pairs=_pairs(session, period),
        ranked=_ranked_with_evidence(session, period, top),
        dated_by_fallback=unpublished if date_basis == "published" else 0,
        suppressions_by_rule=_suppressions_by_rule(session, since, until),
        snoozes=_snoozes(session, since, until),
    )


@dataclass(frozen=True, slots=True)
class _Period:
    """The alerts dated in [since, until): the date each is filed under and the condition, over `alerts` itself.

    The dates are the alert's own columns (the earliest of its articles', kept up to date as articles
    corroborate it; migration 0004), so every query filters the alerts table directly: with the ingestion
    basis the period is one range over ix_alerts_report_period, which also holds what the counts group by."""

    dated: sa.ColumnElement[Any]
    unpublished: sa.ColumnElement[bool]
    condition: sa.ColumnElement[bool]


def _period(since: datetime | None, until: datetime, date_basis: str) -> _Period:
    dated: sa.ColumnElement[Any] = (
        AlertRow.first_ingested_at.expression
        if date_basis == "ingested"
        else sa.func.coalesce(AlertRow.first_published_at, AlertRow.first_ingested_at)
    )
    condition = dated < until if since is None else sa.and_(dated >= since, dated < until)
    return _Period(dated, AlertRow.first_published_at.is_(None), condition)


def _severity_rank() -> sa.Case[int]:
    """`info` = 0 up to `critical`, as alerts.model.severity_rank orders them."""
    return sa.case({severity: rank for rank, severity in enumerate(SEVERITIES)}, value=AlertRow.severity, else_=-1)


def _counts(session: Session, period: _Period) -> tuple[list[AlertCount], int]:
    """The period's alerts grouped by rule, severity, status, outcome and day, and how many have no article
    with a publication date, in one grouping pass."""
    day = _utc_day(session, period.dated).label("day")
    columns = (AlertRow.rule_id, AlertRow.severity, AlertRow.status, AlertRow.outcome, day)
    query = (
        sa.select(
            *columns,
            sa.func.count(),
            sa.func.min(AlertRow.id),
            sa.func.sum(sa.case((period.unpublished, 1), else_=0)),
        )
        .where(period.condition)
        .group_by(*columns)
    )
    counts: list[AlertCount] = []
    unpublished = 0
    for rule_id, severity, status, outcome, value, alerts, first_id, undated in session.execute(query):
        day_value = value if isinstance(value, date) else date.fromisoformat(value)
        counts.append(AlertCount(rule_id, severity, status, outcome, day_value, alerts, first_id))
        unpublished += undated
    return counts, unpublished


def _titles(session: Session, counts: list[AlertCount]) -> dict[str, str]:
    """Each rule's title from its first alert in the period (looked up by primary key)."""
    first: dict[str, int] = {}
    for count in counts:
        first[count.rule_id] = min(count.first_id, first.get(count.rule_id, count.first_id))
    if not first:
        return {}
    query = sa.select(AlertRow.rule_id, AlertRow.title).where(AlertRow.id.in_(first.values()))
    return {rule_id: title for rule_id, title in session.execute(query)}


def _utc_day(session: Session, moment: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """The UTC calendar day of a stored timestamp (SQLite keeps naive UTC text; PostgreSQL a timestamptz)."""
    if session.get_bind().dialect.name == "postgresql":
        return sa.cast(sa.func.timezone("UTC", moment), sa.Date)
    return sa.func.date(moment)


def _listed_indicator_ids(session: Session) -> tuple[sa.TableValuedAlias, sa.ColumnElement[int]]:
    """The ids in each alert-article link's JSON array of matched indicators, one row per id (to join on)."""
    if session.get_bind().dialect.name == "postgresql":
        listed = sa.func.json_array_elements_text(AlertArticleRow.indicator_ids).table_valued("value")
        return listed, sa.cast(listed.c.value, sa.Integer)
    listed = sa.func.json_each(AlertArticleRow.indicator_ids).table_valued("value")
    return listed, listed.c.value


def _pairs(session: Session, period: _Period) -> list[PairCount]:
    """Arms-transfer pairs among the indicators the period's alerts matched, with alert counts.

    Driven by the matched ids (a primary-key lookup each), not by every indicator of every article. Indicators
    are grouped by type as well, and other types and empty sides dropped here rather than in a WHERE: given a
    condition on `indicators.type`, SQLite without statistics (the product never runs ANALYZE) drove the join
    from the type index over every transfer indicator, once per matched link, and ran for minutes."""
    rank = _severity_rank()
    listed, indicator_id = _listed_indicator_ids(session)
    query = (
        sa.select(
            IndicatorRow.type,
            IndicatorRow.supplier,
            IndicatorRow.recipient,
            sa.func.count(sa.distinct(AlertArticleRow.alert_id)),
            sa.func.max(rank),
        )
        .select_from(AlertRow)
        .join(AlertArticleRow, AlertArticleRow.alert_id == AlertRow.id)
        .join(listed, sa.true())
        # by primary key alone: the ids a link lists are its article's indicators (storage/alert_lifecycle.py),
        # and an article_id condition here let SQLite drive the join from every indicator instead (3.5 s)
        .join(IndicatorRow, IndicatorRow.id == indicator_id)
        .where(period.condition)
        .group_by(IndicatorRow.type, IndicatorRow.supplier, IndicatorRow.recipient)
    )
    return [
        PairCount(supplier, recipient, count, SEVERITIES[top_rank])
        for kind, supplier, recipient, count, top_rank in session.execute(query)
        if kind == "arms_transfer" and supplier and recipient
    ]


def _ranked_with_evidence(session: Session, period: _Period, top: int) -> list[tuple[ReportAlert, ReportEvidence]]:
    """The best-ranked alerts and their first evidence, page by page until `top` distinct sentences are in."""
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
            period.dated,
        )
        .where(period.condition)
        .order_by(_severity_rank().desc(), AlertRow.source_count.desc(), AlertRow.last_seen.desc(), AlertRow.id)
    )
    ranked: list[tuple[ReportAlert, ReportEvidence]] = []
    sentences: set[str] = set()
    offset = 0
    while len(sentences) < top:
        page = [ReportAlert(*row) for row in session.execute(query.offset(offset).limit(_EVIDENCE_PAGE))]
        evidence = _first_evidence(session, [alert.id for alert in page])
        for alert in page:
            first = evidence.get(alert.id)
            if first is None:
                continue
            ranked.append((alert, first))
            sentence = (first.data.get("evidence") or {}).get("sentence")
            if sentence:
                sentences.add(sentence)
                if len(sentences) >= top:
                    break
        if len(page) < _EVIDENCE_PAGE:
            break
        offset += _EVIDENCE_PAGE
    return ranked


def _first_evidence(session: Session, alert_ids: list[int]) -> dict[int, ReportEvidence]:
    """Each alert's first matched indicator: first article first, then in indicator order."""
    if not alert_ids:
        return {}
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
        .where(AlertArticleRow.alert_id.in_(alert_ids))
        .order_by(AlertArticleRow.alert_id, AlertArticleRow.matched_at, AlertArticleRow.id, IndicatorRow.position)
    )
    found: dict[int, ReportEvidence] = {}
    for row in session.execute(query):
        if row.alert_id in found or row.id not in (row.indicator_ids or ()):
            continue
        found[row.alert_id] = ReportEvidence(
            row.alert_id,
            row.matched_at,
            row.position,
            row.type,
            row.supplier,
            row.recipient,
            row.data,
            row.title,
            row.source,
            row.url,
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
