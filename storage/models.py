"""The SQL schema as SQLAlchemy 2 typed models.

The migration in `storage/migrations/versions/` creates exactly these tables (a test compares the two).
Unique constraints carry the store's idempotence: an article is one row per content hash and per
canonical URL, an indicator one row per (article, fingerprint), an article supports an alert once, a snooze
suppresses one match once, a quarantined input is one row per (origin, content hash).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from alerts.vocabulary import ALERT_OUTCOMES, ALERT_STATUSES
from storage.types import CleanString, CleanText, UTCDateTime

#: Deterministic constraint names, so that the migration, the models and both dialects agree.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

RUN_STATUSES: tuple[str, ...] = ("running", "ok", "failed", "interrupted")
#: `extract`: extract again and evaluate; `rules`: evaluate the stored indicators with the current rules.
REPROCESS_MODES: tuple[str, ...] = ("extract", "rules")
#: Dedupe keys are cut to this length when stored (see storage.types.CleanString).
DEDUPE_KEY_LENGTH = 500


#: The task queue's tables (Procrastinate's, created by migration 0003 on PostgreSQL) share our schema.
QUEUE_TABLE_PREFIX = "procrastinate_"


def is_ours(name: str | None, kind: str, _parents: Any) -> bool:
    """Alembic's `include_name`: compare the models with our tables only, not the task queue's."""
    return not (kind == "table" and name is not None and name.startswith(QUEUE_TABLE_PREFIX))


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: sa.JSON(), list[Any]: sa.JSON()}


class ArticleRow(Base):
    """A stored article. `processed_at` stays NULL until its analysis is saved: the next run repairs those.

    `published_at` comes from the source, `ingested_at` is when it was stored, `event_date` is the date the
    text gives for what it reports (when extraction finds one).
    """

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(CleanString(512))
    content_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    url: Mapped[str | None] = mapped_column(CleanText)
    canonical_url: Mapped[str | None] = mapped_column(CleanText)
    #: SHA-256 of the canonical URL: unique, and short enough for a b-tree whatever the URL's length.
    url_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    title: Mapped[str | None] = mapped_column(CleanText)
    text: Mapped[str] = mapped_column(CleanText)
    source: Mapped[str | None] = mapped_column(CleanString(200))
    origin: Mapped[str | None] = mapped_column(CleanText)
    published_at: Mapped[datetime | None]
    ingested_at: Mapped[datetime] = mapped_column(index=True)
    event_date: Mapped[date | None] = mapped_column(sa.Date)
    word_count: Mapped[int]
    processed_at: Mapped[datetime | None] = mapped_column(index=True)
    #: Set when analysis failed (the article is quarantined): not retried by every run, only on request.
    failed_at: Mapped[datetime | None]
    failure: Mapped[str | None] = mapped_column(sa.Text)
    #: The `reprocesses` row that last re-analysed it: a resumed reprocess skips the articles it already did.
    reprocessed_by: Mapped[int | None] = mapped_column(index=True)


class IndicatorRow(Base):
    """One indicator of one article; `data` is the full `Indicator.to_dict()`, the columns are for queries."""

    __tablename__ = "indicators"
    __table_args__ = (
        sa.UniqueConstraint("article_id", "fingerprint"),
        sa.Index(None, "supplier", "recipient"),
        # what the report's state-pair count reads of each indicator it looks up by id, so the lookup never
        # reads the wide row (storage/reporting.py, migration 0005)
        sa.Index("ix_indicators_pair_lookup", "id", "type", "supplier", "recipient"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"))
    position: Mapped[int]  # index in the article's indicator list, as RuleMatch.indicator_indexes use
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    type: Mapped[str] = mapped_column(sa.String(40), index=True)
    modality: Mapped[str] = mapped_column(sa.String(20))
    confidence: Mapped[float]
    attribution: Mapped[str | None] = mapped_column(CleanString(200))
    supplier: Mapped[str | None] = mapped_column(sa.String(64))
    recipient: Mapped[str | None] = mapped_column(sa.String(64))
    data: Mapped[dict[str, Any]]
    evidence_sentence: Mapped[str] = mapped_column(CleanText)
    evidence_start: Mapped[int]
    evidence_end: Mapped[int]
    created_at: Mapped[datetime]
    #: Set when a re-extraction no longer finds it (kept: alerts cite it as evidence), cleared if it returns.
    vanished_at: Mapped[datetime | None]


class AlertRow(Base):
    """A fired rule for one dedupe key within one window; `severity` is current, `base_severity` as fired."""

    __tablename__ = "alerts"
    __table_args__ = (
        sa.Index(None, "severity", "created_at"),
        sa.Index(None, "rule_id", "dedupe_key", "first_seen"),
        # the report's period is a range of first_ingested_at; with the columns it counts by, the counts are
        # read from the index alone (storage/reporting.py)
        sa.Index(
            "ix_alerts_report_period",
            "first_ingested_at",
            "rule_id",
            "severity",
            "status",
            "outcome",
            "first_published_at",
        ),
        sa.CheckConstraint(f"status IN {ALERT_STATUSES!r}", name="status"),
        sa.CheckConstraint(f"outcome IS NULL OR outcome IN {ALERT_OUTCOMES!r}", name="outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[str] = mapped_column(sa.String(200))
    rule_version: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.Text)
    severity: Mapped[str] = mapped_column(sa.String(16))
    base_severity: Mapped[str] = mapped_column(sa.String(16))
    dedupe_key: Mapped[str] = mapped_column(CleanString(DEDUPE_KEY_LENGTH))
    tags: Mapped[list[Any]]
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(index=True)
    updated_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(sa.String(16), index=True)
    outcome: Mapped[str | None] = mapped_column(sa.String(20))
    source_count: Mapped[int]
    article_count: Mapped[int]
    #: Set when a reprocess finds that none of its articles supports it any more; the alert and its triage stay.
    vanished_at: Mapped[datetime | None]
    #: The earliest ingestion time and the earliest publication date (NULL: none has one) of the articles that
    #: support it: the dates `alerts report` files the alert under. Kept here, set with the first article and
    #: lowered by each corroboration, so that a report's period is one index range over alerts rather than a
    #: grouping of every link with its article (storage/reporting.py).
    first_ingested_at: Mapped[datetime | None]
    first_published_at: Mapped[datetime | None]


class AlertArticleRow(Base):
    """An article that supports an alert (the first one, or a later corroboration)."""

    __tablename__ = "alert_articles"
    __table_args__ = (sa.UniqueConstraint("alert_id", "article_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(sa.ForeignKey("alerts.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    indicator_ids: Mapped[list[Any]]
    source: Mapped[str] = mapped_column(CleanString(200))
    matched_at: Mapped[datetime]
    #: Set when a reprocess no longer finds this match in this article (an edited rule, a better extractor).
    vanished_at: Mapped[datetime | None]


class AlertAuditRow(Base):
    """Append-only: every change of status, outcome or severity, and every note, with who and why."""

    __tablename__ = "alert_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(sa.ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(sa.String(200))
    action: Mapped[str] = mapped_column(sa.String(40))
    field: Mapped[str | None] = mapped_column(sa.String(40))
    old_value: Mapped[str | None] = mapped_column(sa.Text)
    new_value: Mapped[str | None] = mapped_column(sa.Text)
    note: Mapped[str | None] = mapped_column(sa.Text)


class SnoozeRow(Base):
    """A rule (or one dedupe key of it) silenced until `until`."""

    __tablename__ = "snoozes"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[str] = mapped_column(sa.String(200), index=True)
    dedupe_key: Mapped[str | None] = mapped_column(CleanString(DEDUPE_KEY_LENGTH))
    until: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_by: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime]


class SuppressionRow(Base):
    """A match a snooze held back: counted and shown, never an alert."""

    __tablename__ = "suppressions"
    __table_args__ = (sa.UniqueConstraint("snooze_id", "article_id", "rule_id", "dedupe_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    snooze_id: Mapped[int] = mapped_column(sa.ForeignKey("snoozes.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(sa.ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[str] = mapped_column(sa.String(200))
    dedupe_key: Mapped[str] = mapped_column(CleanString(DEDUPE_KEY_LENGTH))
    severity: Mapped[str] = mapped_column(sa.String(16))
    at: Mapped[datetime] = mapped_column(index=True)


class RunRow(Base):
    """One pipeline run over one source, with its counts; `running` until finished or found interrupted."""

    __tablename__ = "runs"
    __table_args__ = (sa.CheckConstraint(f"status IN {RUN_STATUSES!r}", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(CleanString(200), index=True)
    started_at: Mapped[datetime] = mapped_column(index=True)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(sa.String(16))
    host: Mapped[str] = mapped_column(sa.String(255))
    pid: Mapped[int]
    articles_new: Mapped[int] = mapped_column(default=0)
    articles_seen: Mapped[int] = mapped_column(default=0)
    quarantined: Mapped[int] = mapped_column(default=0)
    indicators: Mapped[int] = mapped_column(default=0)
    alerts_new: Mapped[int] = mapped_column(default=0)
    alerts_deduplicated: Mapped[int] = mapped_column(default=0)
    alerts_escalated: Mapped[int] = mapped_column(default=0)
    suppressed: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(CleanText)


class ReprocessRow(Base):
    """One `alerts reprocess`: which articles it covers and how; articles point back at it once done."""

    __tablename__ = "reprocesses"
    __table_args__ = (sa.CheckConstraint(f"mode IN {REPROCESS_MODES!r}", name="mode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mode: Mapped[str] = mapped_column(sa.String(16))
    #: Articles ingested at or after this moment; NULL: every stored article.
    since: Mapped[datetime | None]
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    total: Mapped[int]


class QuarantineRow(Base):
    """An input that could not be read or analysed, kept (capped) with its reason so it can be retried."""

    __tablename__ = "quarantine"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: SHA-256 of origin and content hash: one row per input, whatever the origin's length.
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    origin: Mapped[str] = mapped_column(CleanText)
    source: Mapped[str | None] = mapped_column(CleanString(200))
    reason: Mapped[str] = mapped_column(CleanText)
    content: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    content_size: Mapped[int]
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    attempts: Mapped[int]
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)


class SourceStateRow(Base):
    """What a source remembers between runs: a feed's ETag, a folder file's mtime, size and hash."""

    __tablename__ = "source_state"

    source: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(1024), primary_key=True)
    value: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class LeaseRow(Base):
    """A named lease (e.g. the scheduler's): one holder at a time, taken over once it expires."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    holder: Mapped[str] = mapped_column(sa.String(300))
    host: Mapped[str] = mapped_column(sa.String(255))
    pid: Mapped[int]
    acquired_at: Mapped[datetime]
    renewed_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class NotificationRow(Base):
    """One alert sent (or being sent) to one notifier: `sent_at` set once, so an alert is notified once."""

    __tablename__ = "notifications"
    __table_args__ = (sa.UniqueConstraint("alert_id", "notifier"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(sa.ForeignKey("alerts.id", ondelete="CASCADE"))
    notifier: Mapped[str] = mapped_column(sa.String(200))
    attempts: Mapped[int]
    last_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    sent_at: Mapped[datetime | None] = mapped_column(index=True)


class SanctionListVersionRow(Base):
    """One loaded version of an official sanctions list (OFAC SDN, UN, EU, UK...), swapped in whole.

    `published` is the list's own date; `loaded_at` when it was stored. The newest version of a list is the
    one screening uses; the one before it is kept for `alerts lists diff`.
    """

    __tablename__ = "sanction_list_versions"
    __table_args__ = (sa.Index(None, "list_name", "loaded_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_name: Mapped[str] = mapped_column(sa.String(100))
    title: Mapped[str] = mapped_column(sa.String(200))
    published: Mapped[date | None] = mapped_column(sa.Date)
    loaded_at: Mapped[datetime]
    origin: Mapped[str] = mapped_column(CleanText)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    entity_count: Mapped[int]
    name_count: Mapped[int]


class SanctionEntityRow(Base):
    """One designated entity of one list version; its names are in `sanction_names`."""

    __tablename__ = "sanction_entities"
    __table_args__ = (sa.UniqueConstraint("version_id", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("sanction_list_versions.id", ondelete="CASCADE"))
    entity_id: Mapped[str] = mapped_column(sa.String(200))
    entity_type: Mapped[str] = mapped_column(sa.String(20))
    name: Mapped[str] = mapped_column(sa.Text)
    programs: Mapped[list[Any]]
    countries: Mapped[list[Any]]
    imo: Mapped[str | None] = mapped_column(sa.String(20))
    mmsi: Mapped[str | None] = mapped_column(sa.String(20))
    call_sign: Mapped[str | None] = mapped_column(sa.String(50))
    flag: Mapped[str | None] = mapped_column(sa.String(10))


class SanctionNameRow(Base):
    """A name or alias of a listed entity, keyed by the list's own entity id within one version."""

    __tablename__ = "sanction_names"
    __table_args__ = (sa.Index(None, "version_id", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("sanction_list_versions.id", ondelete="CASCADE"))
    entity_id: Mapped[str] = mapped_column(sa.String(200))
    name: Mapped[str] = mapped_column(sa.Text)
    kind: Mapped[str] = mapped_column(sa.String(8))
    weak: Mapped[bool]
