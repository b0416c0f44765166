"""Saving one article's analysis: indicators, then each rule match as a new alert, a corroboration of an open
alert, or a match held back by a snooze; then escalation; all in the caller's single transaction.

Everything here reads its state from the database (never from process memory), so dedupe windows and
escalation counts hold across runs and restarts, and a repeated call for the same article finds every row it
would write already there and changes nothing.

This is the pipeline's write path, so it is written in Core with statements built once (bind parameters, no
ORM unit of work): per article a handful of round trips, whatever the number of indicators.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from alerts.model import Indicator, RuleMatch, severity_rank
from storage.errors import NotFoundError
from storage.models import (
    DEDUPE_KEY_LENGTH,
    AlertArticleRow,
    AlertAuditRow,
    AlertRow,
    ArticleRow,
    IndicatorRow,
    SnoozeRow,
    SuppressionRow,
)
from storage.records import AnalysisOutcome
from storage.sql import insert_ignore, lock_keys, table
from storage.types import UTCDateTime

SYSTEM_ACTOR = "system"
#: The beginning of time, for a rule without a dedupe window (one alert per key for good).
_EVER = datetime.min.replace(tzinfo=UTC)
#: Typed timestamp parameters, so that SQLite gets them as naive UTC like every stored timestamp.
_NOW = sa.bindparam("now", type_=UTCDateTime())
_SINCE = sa.bindparam("since", type_=UTCDateTime())

_articles, _indicators, _alerts = table(ArticleRow), table(IndicatorRow), table(AlertRow)
_links, _audit, _snoozes, _suppressions = (
    table(AlertArticleRow),
    table(AlertAuditRow),
    table(SnoozeRow),
    table(SuppressionRow),
)

_ARTICLE = (
    sa.select(
        _articles.c.id,
        _articles.c.source,
        _articles.c.canonical_url,
        _articles.c.origin,
        _articles.c.processed_at,
        _articles.c.event_date,
        _articles.c.ingested_at,
        _articles.c.published_at,
    )
    .where(_articles.c.id == sa.bindparam("article_id"))
    .with_for_update()
)
_FINGERPRINTS = sa.select(_indicators.c.fingerprint, _indicators.c.id).where(
    _indicators.c.article_id == sa.bindparam("article_id")
)
_ARTICLE_LINKS = (
    sa.select(_alerts.c.rule_id, _alerts.c.dedupe_key, _links.c.id, _links.c.indicator_ids)
    .join(_alerts, _alerts.c.id == _links.c.alert_id)
    .where(_links.c.article_id == sa.bindparam("article_id"))
)
_ARTICLE_SUPPRESSIONS = sa.select(_suppressions.c.rule_id, _suppressions.c.dedupe_key).where(
    _suppressions.c.article_id == sa.bindparam("article_id")
)
_ACTIVE_SNOOZES = (
    sa.select(_snoozes.c.id, _snoozes.c.rule_id, _snoozes.c.dedupe_key)
    .where(_snoozes.c.rule_id.in_(sa.bindparam("rule_ids", expanding=True)), _snoozes.c.until > _NOW)
    .order_by(_snoozes.c.until.desc(), _snoozes.c.id)
)
_OPEN_ALERT = (
    sa.select(_alerts.c.id, _alerts.c.severity)
    .where(
        _alerts.c.rule_id == sa.bindparam("rule_id"),
        _alerts.c.dedupe_key == sa.bindparam("dedupe_key"),
        _alerts.c.first_seen >= sa.bindparam("window_start", type_=UTCDateTime()),
    )
    .order_by(_alerts.c.first_seen.desc(), _alerts.c.id.desc())
    .limit(1)
)
_INSERT_ALERT = sa.insert(_alerts).returning(_alerts.c.id)


def _earliest(column: sa.ColumnElement[datetime], parameter: str) -> sa.Case[datetime]:
    """The earlier of a stored date and a new article's (the stored one may be NULL): alerts' report dates."""
    new = sa.bindparam(parameter, type_=UTCDateTime())
    return sa.case((sa.or_(column.is_(None), column > new), new), else_=column)


_INSERT_LINK = sa.insert(_links)
_UPDATE_LINK = sa.update(_links).where(_links.c.id == sa.bindparam("link_id")).values(indicator_ids=sa.bindparam("ids"))
_alert_links = _links.alias("counted")
_CORROBORATE = (
    sa.update(_alerts)
    .where(_alerts.c.id == sa.bindparam("alert_id"))
    .values(
        article_count=_alerts.c.article_count + 1,
        source_count=sa.select(sa.func.count(sa.distinct(_alert_links.c.source)))
        .where(_alert_links.c.alert_id == sa.bindparam("alert_id"))
        .scalar_subquery(),
        last_seen=sa.case((_alerts.c.last_seen < _NOW, _NOW), else_=_alerts.c.last_seen),
        updated_at=_NOW,
        first_ingested_at=_earliest(_alerts.c.first_ingested_at, "ingested"),
    )
)
#: Run only for an article with a publication date: a NULL parameter of unknown type is one PostgreSQL refuses.
_CORROBORATE_PUBLISHED = (
    sa.update(_alerts)
    .where(_alerts.c.id == sa.bindparam("alert_id"))
    .values(first_published_at=_earliest(_alerts.c.first_published_at, "published"))
)
_SOURCES_SINCE = sa.select(sa.func.count(sa.distinct(_links.c.source))).where(
    _links.c.alert_id == sa.bindparam("alert_id"), _links.c.matched_at >= _SINCE
)
_SET_SEVERITY = (
    sa.update(_alerts)
    .where(_alerts.c.id == sa.bindparam("alert_id"))
    .values(severity=sa.bindparam("severity"), updated_at=_NOW)
)
_MARK_PROCESSED = (
    sa.update(_articles)
    .where(_articles.c.id == sa.bindparam("article_id"))
    .values(
        processed_at=sa.bindparam("processed_at"),
        event_date=sa.bindparam("event_date"),
        failed_at=None,
        failure=None,
    )
)


def save_analysis(
    session: Session,
    article_id: int,
    indicators: Sequence[Indicator],
    matches: Sequence[RuleMatch],
    now: datetime,
    event_date: date | None = None,
) -> AnalysisOutcome:
    """Store the analysis of a stored article and mark it processed. Idempotent; see the module docstring."""
    article = session.execute(_ARTICLE, {"article_id": article_id}).one_or_none()
    if article is None:
        raise NotFoundError(f"no article with id {article_id}")
    # One writer per (rule, key) at a time: two processes must not both open an alert for the same key.
    lock_keys(session, (lock_key(match) for match in matches))
    saver = _Saver(session, article_id, article_source(article), now, article.ingested_at, article.published_at)
    fresh = article.processed_at is None  # never saved: nothing of it can be in the database yet
    indicator_ids = saver.save_indicators(indicators, fresh)
    if matches:
        saver.load_state(matches, fresh)
        for match in matches:
            ids = sorted({indicator_ids[i] for i in match.indicator_indexes if 0 <= i < len(indicator_ids)})
            saver.save_match(match, ids)
    saver.flush_audit()
    session.execute(
        _MARK_PROCESSED,
        {
            "article_id": article_id,
            "processed_at": article.processed_at or now,
            "event_date": article.event_date or event_date,
        },
    )
    return saver.outcome


def lock_key(match: RuleMatch) -> str:
    """The write lock a match needs: its rule and dedupe key."""
    return f"alert:{match.rule_id}\x00{match.dedupe_key}"


def article_source(article: Any) -> str:
    """Who published it, for counting distinct sources (alerts.publishers): the URL's registered domain, else
    the source name, else its origin."""
    from alerts.publishers import publisher  # tldextract and requests: only for the commands that save matches

    return publisher(article.canonical_url, article.source, article.origin or f"article:{article.id}")


@dataclass
class _Saver:
    """The state of one article's save: what it already has in the database, and what this call did."""

    session: Session
    article_id: int
    source: str
    now: datetime
    #: The article's dates, which its alerts' report dates (first_ingested_at, first_published_at) take in.
    ingested_at: datetime
    published_at: datetime | None
    outcome: AnalysisOutcome = field(default_factory=AnalysisOutcome)
    links: dict[tuple[str, str], tuple[int, list[int]]] = field(default_factory=dict)
    suppressed: set[tuple[str, str]] = field(default_factory=set)
    snoozes: list[Any] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)

    def save_indicators(self, indicators: Sequence[Indicator], fresh: bool) -> list[int]:
        """Insert the article's indicators in bulk, skipping those stored already; their ids by position.

        `fresh`: the article was never processed, so it cannot have indicators yet (saving is atomic).
        """
        fingerprints = [indicator.fingerprint for indicator in indicators]
        if not fingerprints:
            return []
        ids = {} if fresh else dict(self.session.execute(_FINGERPRINTS, {"article_id": self.article_id}).all())
        rows, seen = [], set(ids)
        for position, (indicator, fingerprint) in enumerate(zip(indicators, fingerprints, strict=True)):
            if fingerprint not in seen:
                seen.add(fingerprint)
                rows.append(_indicator_row(self.article_id, position, fingerprint, indicator, self.now))
        if rows:
            statement = insert_ignore(self.session, _indicators).returning(_indicators.c.fingerprint, _indicators.c.id)
            ids.update(self.session.execute(statement, rows).all())
            self.outcome.indicators_new = len(rows)
        return [ids[fingerprint] for fingerprint in fingerprints]

    def load_state(self, matches: Sequence[RuleMatch], fresh: bool) -> None:
        """What this article already supports or had held back (nothing, if `fresh`), and the snoozes."""
        rule_ids = sorted({match.rule_id for match in matches})
        self.snoozes = list(self.session.execute(_ACTIVE_SNOOZES, {"rule_ids": rule_ids, "now": self.now}))
        if fresh:
            return
        params = {"article_id": self.article_id}
        for rule_id, key, link_id, ids in self.session.execute(_ARTICLE_LINKS, params):
            self.links[(rule_id, key)] = (link_id, list(ids))
        self.suppressed = {(rule_id, key) for rule_id, key in self.session.execute(_ARTICLE_SUPPRESSIONS, params)}

    def save_match(self, match: RuleMatch, indicator_ids: list[int]) -> None:
        identity = (match.rule_id, _stored_key(match))
        if identity in self.links:
            # Saved before (a repeated call), or a second match of the same rule and key in this article:
            # its indicators join the existing link; it is not another corroboration.
            link_id, ids = self.links[identity]
            merged = sorted(set(ids) | set(indicator_ids))
            if merged != sorted(ids):
                self.session.execute(_UPDATE_LINK, {"link_id": link_id, "ids": merged})
                self.links[identity] = (link_id, merged)
            return
        if identity in self.suppressed:
            return
        snooze_id = self._active_snooze(match)
        if snooze_id is not None:
            self.session.execute(
                insert_ignore(self.session, _suppressions),
                {
                    "snooze_id": snooze_id,
                    "article_id": self.article_id,
                    "rule_id": match.rule_id,
                    "dedupe_key": match.dedupe_key,
                    "severity": match.severity,
                    "at": self.now,
                },
            )
            self.suppressed.add(identity)
            self.outcome.suppressed += 1
            return
        alert_id, severity, created = self._open_alert(match)
        link_id = self.session.execute(
            _INSERT_LINK.returning(_links.c.id),
            {
                "alert_id": alert_id,
                "article_id": self.article_id,
                "indicator_ids": indicator_ids,
                "source": self.source,
                "matched_at": self.now,
            },
        ).scalar_one()
        self.links[identity] = (link_id, indicator_ids)
        if not created:
            self.session.execute(_CORROBORATE, {"alert_id": alert_id, "now": self.now, "ingested": self.ingested_at})
            if self.published_at is not None:
                self.session.execute(_CORROBORATE_PUBLISHED, {"alert_id": alert_id, "published": self.published_at})
            self.outcome.alerts_corroborated += 1
            self.outcome.corroborated_alert_ids.append(alert_id)
        if match.escalation is not None and self._escalate(alert_id, severity, match):
            self.outcome.alerts_escalated += 1
            self.outcome.escalated_alert_ids.append(alert_id)

    def flush_audit(self) -> None:
        if self.audit:
            self.session.execute(sa.insert(_audit), self.audit)
            self.audit.clear()

    def _active_snooze(self, match: RuleMatch) -> int | None:
        """A snooze on the key itself before one on the whole rule; the longest-running first."""
        on_rule = [s for s in self.snoozes if s.rule_id == match.rule_id]
        for snooze in on_rule:
            if snooze.dedupe_key == _stored_key(match):
                return snooze.id
        for snooze in on_rule:
            if snooze.dedupe_key is None:
                return snooze.id
        return None

    def _open_alert(self, match: RuleMatch) -> tuple[int, str, bool]:
        """(id, severity, created?) of the newest alert for this rule and key whose window (from its first
        sighting) covers now, else of a new alert.

        A rule without a window keeps one alert per key for good. Any review status counts: a dismissed alert
        still collects its corroborations rather than being reopened as a new alert.
        """
        window_start = self.now - match.dedupe_window if match.dedupe_window is not None else _EVER
        found = self.session.execute(
            _OPEN_ALERT, {"rule_id": match.rule_id, "dedupe_key": match.dedupe_key, "window_start": window_start}
        ).one_or_none()
        if found is not None:
            return found.id, found.severity, False
        alert_id = self.session.execute(
            _INSERT_ALERT,
            {
                "rule_id": match.rule_id,
                "rule_version": match.rule_version,
                "title": match.title,
                "severity": match.severity,
                "base_severity": match.severity,
                "dedupe_key": match.dedupe_key,
                "tags": list(match.tags),
                "first_seen": self.now,
                "last_seen": self.now,
                "created_at": self.now,
                "updated_at": self.now,
                "status": "new",
                "outcome": None,
                "source_count": 1,
                "article_count": 1,
                "first_ingested_at": self.ingested_at,
                "first_published_at": self.published_at,
            },
        ).scalar_one()
        self._add_audit(alert_id, "created", None, match.severity, f"rule {match.rule_id} version {match.rule_version}")
        self.outcome.alerts_new += 1
        self.outcome.new_alert_ids.append(alert_id)
        return alert_id, match.severity, True

    def _escalate(self, alert_id: int, severity: str, match: RuleMatch) -> bool:
        """Raise the severity once `count` distinct sources support the alert within the escalation window."""
        escalation = match.escalation
        assert escalation is not None
        if severity_rank(escalation.to_severity) <= severity_rank(severity):
            return False
        sources = self.session.scalar(_SOURCES_SINCE, {"alert_id": alert_id, "since": self.now - escalation.window})
        if (sources or 0) < escalation.count:
            return False
        self.session.execute(_SET_SEVERITY, {"alert_id": alert_id, "severity": escalation.to_severity, "now": self.now})
        self._add_audit(
            alert_id,
            "escalate",
            severity,
            escalation.to_severity,
            f"{sources} distinct sources within {escalation.window} (threshold {escalation.count})",
        )
        return True

    def _add_audit(self, alert_id: int, action: str, old: str | None, new: str, note: str) -> None:
        self.audit.append(
            {
                "alert_id": alert_id,
                "at": self.now,
                "actor": SYSTEM_ACTOR,
                "action": action,
                "field": "severity",
                "old_value": old,
                "new_value": new,
                "note": note,
            }
        )


def _indicator_row(
    article_id: int, position: int, fingerprint: str, indicator: Indicator, now: datetime
) -> dict[str, Any]:
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


def _stored_key(match: RuleMatch) -> str:
    """The dedupe key as the database keeps it, to compare with keys read back."""
    return match.dedupe_key[:DEDUPE_KEY_LENGTH]


def _state(value: object) -> str | None:
    return value if isinstance(value, str) else None
