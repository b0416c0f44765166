"""What the Store returns: plain, frozen dataclasses that outlive the session that read them.

ORM objects are never handed out: a detached instance breaks on the first lazy attribute once its session
has closed, and callers (CLI, reports, the scheduler) hold results far longer than a transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from alerts.model import Article, Indicator


@dataclass(slots=True)
class AnalysisOutcome:
    """What one `save_analysis` changed. A repeated call for the same article reports all zeros."""

    indicators_new: int = 0
    alerts_new: int = 0
    alerts_corroborated: int = 0
    alerts_escalated: int = 0
    suppressed: int = 0
    new_alert_ids: list[int] = field(default_factory=list)
    corroborated_alert_ids: list[int] = field(default_factory=list)
    escalated_alert_ids: list[int] = field(default_factory=list)

    def __iadd__(self, other: AnalysisOutcome) -> AnalysisOutcome:
        self.indicators_new += other.indicators_new
        self.alerts_new += other.alerts_new
        self.alerts_corroborated += other.alerts_corroborated
        self.alerts_escalated += other.alerts_escalated
        self.suppressed += other.suppressed
        self.new_alert_ids += other.new_alert_ids
        self.corroborated_alert_ids += other.corroborated_alert_ids
        self.escalated_alert_ids += other.escalated_alert_ids
        return self


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article row: the domain Article plus what storage knows about it."""

    id: int
    article: Article
    content_hash: str
    canonical_url: str | None
    ingested_at: datetime
    event_date: date | None
    word_count: int
    processed_at: datetime | None
    failed_at: datetime | None
    failure: str | None


@dataclass(frozen=True, slots=True)
class StoredIndicator:
    id: int
    article_id: int
    position: int
    indicator: Indicator


@dataclass(frozen=True, slots=True)
class AlertRecord:
    id: int
    rule_id: str
    rule_version: str
    title: str
    severity: str
    base_severity: str
    dedupe_key: str
    tags: tuple[str, ...]
    first_seen: datetime
    last_seen: datetime
    created_at: datetime
    updated_at: datetime
    status: str
    outcome: str | None
    source_count: int
    article_count: int
    #: When a reprocess found that none of its articles supports it any more (None: it stands); kept, with its
    #: triage, for the history.
    vanished_at: datetime | None


@dataclass(frozen=True, slots=True)
class AlertArticle:
    """An article behind an alert, with the three dates and the indicators (evidence) the rule matched."""

    article_id: int
    external_id: str
    title: str | None
    url: str | None
    source: str
    origin: str | None
    published_at: datetime | None
    ingested_at: datetime
    event_date: date | None
    matched_at: datetime
    #: When a reprocess stopped finding this match in this article (None: it still does).
    vanished_at: datetime | None
    indicators: tuple[StoredIndicator, ...]


@dataclass(frozen=True, slots=True)
class StoredMatch:
    """A rule match the stored alerts rest on: this article supports `alert_id`, or a snooze held it back.

    `alerts rules replay` compares these with what an edited rule pack would fire on the same articles.
    """

    article_id: int
    rule_id: str
    dedupe_key: str
    severity: str  # the alert's current severity (or the held-back match's)
    base_severity: str  # as the rule fired it
    rule_version: str | None
    alert_id: int | None
    suppressed: bool


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    alert_id: int
    at: datetime
    actor: str
    action: str  # created | status | outcome | escalate | note
    field: str | None
    old_value: str | None
    new_value: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class AlertDetail:
    """`alerts show`: the alert, every article that supports it (oldest first), and its audit trail."""

    alert: AlertRecord
    articles: tuple[AlertArticle, ...]
    audit: tuple[AuditEntry, ...]


@dataclass(frozen=True, slots=True)
class SnoozeRecord:
    id: int
    rule_id: str
    dedupe_key: str | None
    until: datetime
    note: str | None
    created_by: str
    created_at: datetime
    suppressed: int  # matches held back so far


@dataclass(frozen=True, slots=True)
class SuppressionRecord:
    """A match a snooze held back, with the snooze that did it and who set it."""

    id: int
    at: datetime
    rule_id: str
    dedupe_key: str
    severity: str
    article_id: int
    article_title: str | None
    snooze_id: int
    snoozed_by: str
    snooze_note: str | None
    snoozed_until: datetime


@dataclass(frozen=True, slots=True)
class RunRecord:
    id: int
    source: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    host: str
    pid: int
    articles_new: int
    articles_seen: int
    quarantined: int
    indicators: int
    alerts_new: int
    alerts_deduplicated: int
    alerts_escalated: int
    suppressed: int
    error: str | None


@dataclass(frozen=True, slots=True)
class QuarantineRecord:
    """A quarantined input; `content` (capped) is only loaded by `get_quarantine`, not by listings."""

    id: int
    origin: str
    source: str | None
    reason: str
    content_size: int
    content_hash: str
    first_seen: datetime
    last_seen: datetime
    attempts: int
    resolved_at: datetime | None
    content: bytes | None = None

    @property
    def truncated(self) -> bool:
        return self.content is not None and len(self.content) < self.content_size


@dataclass(frozen=True, slots=True)
class Lease:
    """The outcome of asking for a lease: `acquired`, and in any case who holds it now and until when.

    Truthy when acquired, so `if not store.acquire_lease(...)` reads naturally.
    """

    name: str
    acquired: bool
    holder: str
    host: str
    pid: int
    acquired_at: datetime
    expires_at: datetime

    def __bool__(self) -> bool:
        return self.acquired
