"""`Store`: the one object the pipeline, the scheduler and the CLI use to reach the database.

Each public method is one transaction (commit on success, rollback on any error), so a caller can never leave
half an article or half an analysis behind. Results are plain dataclasses (storage.records), safe to keep
after the call. `now` parameters default to the current UTC time; tests and replays pass their own clock.
Opening a Store brings the schema up to date (Alembic, safe to repeat and to race).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from types import TracebackType
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from alerts.dates import utcnow
from alerts.model import Article, Indicator, RuleMatch
from storage import (
    alert_lifecycle,
    articles,
    batches,
    leases,
    notifications,
    quarantine,
    queries,
    reporting,
    reprocessing,
    runs,
    source_state,
    triage,
)
from storage.batches import ArticleAnalysis
from storage.engine import READ_ONLY, make_engine, sqlite_file
from storage.errors import NoDatabaseError
from storage.migrate import ensure_schema
from storage.records import (
    AlertDetail,
    AlertRecord,
    AnalysisOutcome,
    AuditEntry,
    Lease,
    QuarantineRecord,
    RunRecord,
    SnoozeRecord,
    StoredArticle,
    StoredIndicator,
    StoredMatch,
    SuppressionRecord,
)
from storage.reprocessing import ReprocessRecord
from storage.sql import lock_keys
from storage.types import as_utc


def _now(now: datetime | None) -> datetime:
    return utcnow() if now is None else as_utc(now)


class Store:
    """The SQL store at `url` (a SQLite file or PostgreSQL through psycopg 3); also a context manager."""

    def __init__(self, url: str, *, upgrade: bool = True) -> None:
        self.url = url
        self.engine: sa.Engine = make_engine(url)
        if upgrade:
            try:
                ensure_schema(self.engine)
            except BaseException:
                self.engine.dispose()
                raise
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def existing(cls, url: str) -> Store:
        """The store at `url`, refusing to create a SQLite file that is not there.

        Why: a review command run in the wrong folder would otherwise create an empty database there and
        report "no alerts", which reads as good news. Only the commands that write (a run, `db upgrade`)
        create one; a database server's schema is still brought up to date.
        """
        file = sqlite_file(url)
        if file is not None and not file.exists():
            raise NoDatabaseError(f"no database at {file}")
        return cls(url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work: on SQLite it neither takes nor waits for the write lock."""
        with self._sessions() as session:
            session.connection(execution_options={READ_ONLY: True})
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # -- articles -------------------------------------------------------------------------------------------

    def ingest(self, article: Article, now: datetime | None = None) -> tuple[int, bool]:
        """Store an article unless its content or canonical URL is stored already: (row id, created?)."""
        with self.transaction() as session:
            return articles.ingest(session, article, _now(now))

    def ingest_many(self, items: Sequence[Article], now: datetime | None = None) -> list[tuple[int, bool]]:
        """`ingest` for a batch in one transaction (one commit instead of one per article)."""
        moment = _now(now)
        with self.transaction() as session:
            return articles.ingest_many(session, items, moment)

    def get_article(self, article_id: int) -> StoredArticle:
        with self.reading() as session:
            return articles.get_article(session, article_id)

    def unprocessed_articles(self, limit: int | None = None) -> list[tuple[int, Article]]:
        """(row id, Article) of articles stored but not analysed yet, oldest first: what a run must repair."""
        with self.reading() as session:
            return articles.unprocessed(session, limit)

    def list_articles(
        self, since: datetime | None = None, until: datetime | None = None, limit: int | None = None
    ) -> list[StoredArticle]:
        """Stored articles by ingestion time, oldest first (`alerts rules replay`)."""
        with self.reading() as session:
            return articles.list_articles(
                session, None if since is None else as_utc(since), None if until is None else as_utc(until), limit
            )

    def article_indicators(self, article_id: int) -> list[StoredIndicator]:
        with self.reading() as session:
            return queries.article_indicators(session, article_id)

    def mark_failed(self, article_id: int, reason: str, now: datetime | None = None) -> None:
        """The article could not be analysed (it goes to quarantine): skip it in later runs' repair."""
        with self.transaction() as session:
            articles.mark_failed(session, article_id, reason, _now(now))

    def retry_failed(self, article_ids: Sequence[int]) -> int:
        """Make failed articles pending again (`alerts quarantine retry`); the next run analyses them."""
        with self.transaction() as session:
            return articles.clear_failure(session, article_ids)

    # -- analysis -------------------------------------------------------------------------------------------

    def save_analysis(
        self,
        article_id: int,
        indicators: Sequence[Indicator],
        matches: Sequence[RuleMatch],
        now: datetime | None = None,
        event_date: date | None = None,
    ) -> AnalysisOutcome:
        """Indicators, alerts (new, corroborated, escalated or snoozed) and processed_at, in one transaction.

        Idempotent: saving the same article's analysis again reports zeros and changes nothing.
        """
        with self.transaction() as session:
            return alert_lifecycle.save_analysis(session, article_id, indicators, matches, _now(now), event_date)

    def save_analyses(
        self, items: Sequence[tuple[int, Sequence[Indicator], Sequence[RuleMatch]]], now: datetime | None = None
    ) -> AnalysisOutcome:
        """`save_analysis` for a batch of articles in one transaction (bulk loads, benchmarks)."""
        moment, total = _now(now), AnalysisOutcome()
        with self.transaction() as session:
            # Every key's lock up front, in one sorted pass: taken article by article, two concurrent batches
            # could each hold a key the other waits for.
            lock_keys(session, (alert_lifecycle.lock_key(match) for _, _, matches in items for match in matches))
            for article_id, indicators, matches in items:
                total += alert_lifecycle.save_analysis(session, article_id, indicators, matches, moment)
        return total

    def save_batch(
        self, items: Sequence[ArticleAnalysis], now: datetime | None = None, reprocess_id: int | None = None
    ) -> AnalysisOutcome:
        """Several articles' analyses in one transaction (queue jobs, reprocessing); idempotent like
        `save_analysis`. With `reprocess_id`, what each article no longer has is marked vanished."""
        with self.transaction() as session:
            return batches.save_batch(session, items, _now(now), reprocess_id)

    def articles_by_ids(self, article_ids: Sequence[int], unprocessed_only: bool = False) -> list[tuple[int, Article]]:
        """(row id, Article) of those ids that exist, in id order; optionally only the never-analysed ones."""
        with self.reading() as session:
            return articles.by_ids(session, article_ids, unprocessed_only)

    def current_indicators(self, article_ids: Sequence[int]) -> dict[int, list[Indicator]]:
        """Each article's stored indicators that have not vanished, in extraction order."""
        with self.reading() as session:
            return reprocessing.current_indicators(session, article_ids)

    def stored_matches(
        self, article_ids: Sequence[int] | None = None, since: datetime | None = None
    ) -> list[StoredMatch]:
        """What the stored alerts rest on, per article (`alerts rules replay` diffs an edited pack against it)."""
        with self.reading() as session:
            return queries.stored_matches(session, article_ids, None if since is None else as_utc(since))

    # -- alerts and triage ----------------------------------------------------------------------------------

    def list_alerts(
        self,
        severity: str | Sequence[str] | None = None,
        rule: str | Sequence[str] | None = None,
        since: datetime | None = None,
        status: str | Sequence[str] | None = None,
        limit: int | None = 50,
    ) -> list[AlertRecord]:
        """Newest first; every filter takes one value or several."""
        with self.reading() as session:
            return queries.list_alerts(session, severity, rule, None if since is None else as_utc(since), status, limit)

    def get_alert(self, alert_id: int) -> AlertDetail:
        """The alert with every supporting article, its evidence, and its audit trail."""
        with self.reading() as session:
            return queries.get_alert(session, alert_id)

    def alert_counts_by_rule(self) -> dict[str, int]:
        with self.reading() as session:
            return queries.alert_counts_by_rule(session)

    def dedupe_keys(self, rule_id: str) -> list[str]:
        with self.reading() as session:
            return queries.dedupe_keys(session, rule_id)

    def set_status(
        self,
        alert_ids: Sequence[int],
        status: str | None,
        actor: str,
        note: str | None = None,
        outcome: str | None = None,
        now: datetime | None = None,
    ) -> list[int]:
        """`alerts ack|escalate|dismiss`: new status and/or outcome for every id (all or none), audited."""
        with self.transaction() as session:
            return triage.set_status(session, alert_ids, status, actor, _now(now), note, outcome)

    def add_note(self, alert_id: int, actor: str, note: str, now: datetime | None = None) -> None:
        with self.transaction() as session:
            triage.add_note(session, alert_id, actor, note, _now(now))

    def audit_trail(self, alert_id: int) -> list[AuditEntry]:
        with self.reading() as session:
            return triage.audit_trail(session, alert_id)

    def snooze(
        self,
        rule_id: str,
        key: str | None,
        until: datetime,
        actor: str,
        note: str | None = None,
        now: datetime | None = None,
    ) -> SnoozeRecord:
        """`alerts snooze RULE [--key K] --for D`: hold back the rule's (or key's) matches until `until`."""
        with self.transaction() as session:
            return triage.snooze(session, rule_id, key, as_utc(until), actor, note, _now(now))

    def end_snooze(self, snooze_id: int, now: datetime | None = None) -> None:
        with self.transaction() as session:
            triage.end_snooze(session, snooze_id, _now(now))

    def list_snoozes(self, include_expired: bool = False, now: datetime | None = None) -> list[SnoozeRecord]:
        with self.reading() as session:
            return triage.list_snoozes(session, _now(now), include_expired)

    def list_suppressions(
        self, since: datetime | None = None, rule: str | None = None, limit: int | None = None
    ) -> list[SuppressionRecord]:
        """Matches held back by snoozes, with the snooze and who set it (for `alerts report`)."""
        with self.reading() as session:
            return queries.list_suppressions(session, None if since is None else as_utc(since), rule, limit)

    # -- runs -----------------------------------------------------------------------------------------------

    def start_run(self, source: str, now: datetime | None = None) -> int:
        with self.transaction() as session:
            return runs.start_run(session, source, _now(now))

    def finish_run(
        self,
        run_id: int,
        now: datetime | None = None,
        status: str = "ok",
        counts: Mapping[str, int] | None = None,
        error: str | None = None,
    ) -> None:
        """End a run: status ok|failed|interrupted and its counts (names as storage.runs.COUNT_FIELDS)."""
        with self.transaction() as session:
            runs.finish_run(session, run_id, _now(now), status, counts, error)

    def list_runs(self, limit: int = 50, source: str | None = None) -> list[RunRecord]:
        with self.reading() as session:
            return runs.list_runs(session, limit, source)

    def recover_interrupted_runs(self, older_than: timedelta | None = None, now: datetime | None = None) -> int:
        """Mark runs whose process died as interrupted (call when a scheduler starts)."""
        with self.transaction() as session:
            return runs.recover_interrupted(session, _now(now), older_than)

    # -- reprocessing ----------------------------------------------------------------------------------------

    def start_reprocess(
        self, mode: str, since: datetime | None = None, now: datetime | None = None
    ) -> tuple[ReprocessRecord, bool]:
        """The unfinished reprocess of this mode and selection, resumed (False), else a new one (True)."""
        with self.transaction() as session:
            return reprocessing.start_or_resume(session, mode, None if since is None else as_utc(since), _now(now))

    def get_reprocess(self, reprocess_id: int) -> ReprocessRecord:
        with self.reading() as session:
            return reprocessing.get(session, reprocess_id)

    def reprocess_pending(self, reprocess: ReprocessRecord, after: int = 0, limit: int | None = None) -> list[int]:
        """Ids (above `after`, at most `limit`) of the articles the reprocess still has to do, in id order."""
        with self.reading() as session:
            return reprocessing.pending_ids(session, reprocess, after, limit)

    def reprocess_remaining(self, reprocess: ReprocessRecord) -> int:
        """How many covered articles the reprocess has not saved yet (failed ones drop out: quarantined)."""
        with self.reading() as session:
            return reprocessing.remaining_count(session, reprocess)

    def reprocess_done(self, reprocess_id: int) -> int:
        with self.reading() as session:
            return reprocessing.done_count(session, reprocess_id)

    def finish_reprocess(self, reprocess_id: int, now: datetime | None = None) -> None:
        with self.transaction() as session:
            reprocessing.finish(session, reprocess_id, _now(now))

    def vanished_matches(self, since: datetime | None = None) -> list[tuple[int, str, str]]:
        """(article id, rule id, dedupe key) of the matches a reprocess marked vanished."""
        with self.reading() as session:
            return reprocessing.vanished_matches(session, None if since is None else as_utc(since))

    # -- quarantine -----------------------------------------------------------------------------------------

    def quarantine(
        self,
        origin: str,
        source: str | None,
        reason: str,
        raw: bytes | str | None = None,
        now: datetime | None = None,
    ) -> int:
        """Keep a bad input with its reason (once per origin and content; repeats count attempts)."""
        with self.transaction() as session:
            return quarantine.quarantine(session, origin, source, reason, raw, _now(now))

    def list_quarantine(
        self, include_resolved: bool = False, source: str | None = None, limit: int | None = 100
    ) -> list[QuarantineRecord]:
        with self.reading() as session:
            return quarantine.list_quarantine(session, include_resolved, source, limit)

    def get_quarantine(self, quarantine_id: int) -> QuarantineRecord:
        """One entry with its (capped) raw content, for `alerts quarantine retry`."""
        with self.reading() as session:
            return quarantine.get_quarantine(session, quarantine_id)

    def resolve_quarantine(self, quarantine_id: int, now: datetime | None = None) -> None:
        with self.transaction() as session:
            quarantine.resolve_quarantine(session, quarantine_id, _now(now))

    # -- source state ---------------------------------------------------------------------------------------

    def get_source_state(self, source: str, key: str) -> Any:
        with self.reading() as session:
            return source_state.get(session, source, key)

    def set_source_state(self, source: str, key: str, value: Any, now: datetime | None = None) -> None:
        with self.transaction() as session:
            source_state.set_(session, source, key, value, _now(now))

    def source_states(self, source: str) -> dict[str, Any]:
        with self.reading() as session:
            return source_state.get_all(session, source)

    # -- leases ---------------------------------------------------------------------------------------------

    def acquire_lease(
        self, name: str, holder: str | None = None, ttl: timedelta = timedelta(minutes=10), now: datetime | None = None
    ) -> Lease:
        """Take the named lease (truthy result) or learn who holds it (falsy result with holder, host, pid)."""
        with self.transaction() as session:
            return leases.acquire(session, name, holder or leases.default_holder(), ttl, _now(now))

    def renew_lease(
        self, name: str, holder: str | None = None, ttl: timedelta = timedelta(minutes=10), now: datetime | None = None
    ) -> bool:
        with self.transaction() as session:
            return leases.renew(session, name, holder or leases.default_holder(), ttl, _now(now))

    def release_lease(self, name: str, holder: str | None = None) -> bool:
        with self.transaction() as session:
            return leases.release(session, name, holder or leases.default_holder())

    def lease_holder(self, name: str) -> Lease | None:
        with self.reading() as session:
            return leases.current(session, name)

    # -- reports ----------------------------------------------------------------------------------------------

    def report_rows(self, since: datetime | None, until: datetime, date_basis: str, top: int) -> reporting.ReportRows:
        """A report period's alert counts, its `top` evidence sentences' alerts, snoozes and suppressions,
        read in one transaction."""
        with self.reading() as session:
            return reporting.report_rows(session, since and as_utc(since), as_utc(until), date_basis, top)

    # -- notifications ----------------------------------------------------------------------------------------

    def pending_notifications(
        self, notifier: str, severities: Sequence[str], rules: Sequence[str], since: datetime, batch: int
    ) -> list[int]:
        """Alert ids `notifier` still owes (see storage.notifications.pending), at most `batch`."""
        with self.reading() as session:
            return notifications.pending(session, notifier, severities, rules, since, batch)

    def claim_notification(
        self, alert_id: int, notifier: str, now: datetime, claim_ttl: timedelta
    ) -> AlertDetail | None:
        """The alert to send if this caller won the right to send it now, else None (sent, or in flight)."""
        with self.transaction() as session:
            if not notifications.claim(session, alert_id, notifier, as_utc(now), claim_ttl):
                return None
            return queries.get_alert(session, alert_id)

    def record_notification(
        self, alert_id: int, notifier: str, *, sent_at: datetime | None = None, error: str | None = None
    ) -> None:
        with self.transaction() as session:
            notifications.record(session, alert_id, notifier, sent_at=sent_at and as_utc(sent_at), error=error)
