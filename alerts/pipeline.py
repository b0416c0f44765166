"""A storing run: sources -> ingest -> extract -> evaluate -> store, one source at a time.

Each article is stored first (deduplicated by content hash and URL, in batches of `INGEST_BATCH` per
transaction), then analysed; a batch of analyses is saved with its indicators and alerts in one transaction
that also marks its articles processed. So a crash or a SIGTERM loses at most the batch in hand: the next
run finds the stored-but-unprocessed articles and finishes them, and re-running on the same input changes
nothing because every write is insert-or-ignore.

With a task queue (PostgreSQL deployments, alerts.queue) the run stops after ingesting: it enqueues the new
articles' ids in batches and `alerts worker` processes analyse them, on any machine.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Protocol

from alerts.analyzer import Analyzer, IndicatorExtractor
from alerts.batch import analyse_with_fallback, to_save
from alerts.config import AppConfig, SourceConfig
from alerts.dates import utcnow
from alerts.errors import AlertsError, InputError
from alerts.model import Article
from alerts.notify import notify_pending
from alerts.rulebook import RuleBook
from alerts.sources import StoreSourceState, build_source
from storage import AnalysisOutcome, Store

log = logging.getLogger(__name__)

#: Articles stored per ingest transaction: one commit per article is the slow part of ingesting on PostgreSQL.
INGEST_BATCH = 100
#: Runs still marked `running` on another host after this long are taken to be dead (on this host: when
#: their process is gone).
STALE_RUN_AGE = timedelta(days=1)


class Progress(Protocol):
    """What a run reports while it works; the CLI shows it as a progress bar, the scheduler ignores it."""

    def start(self, description: str, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...

    def stop(self) -> None: ...


class AnalysisQueue(Protocol):
    """Where a run sends the articles it stored when analysis happens elsewhere (alerts.queue)."""

    def enqueue(self, article_ids: Sequence[int]) -> int:
        """Queue analysis jobs for these articles; returns how many jobs."""
        ...

    def is_idle(self) -> bool:
        """No analysis job is waiting or running: an article still unprocessed then was never queued."""
        ...


class _NoProgress:
    def start(self, description: str, total: int) -> None:
        pass

    def advance(self, count: int = 1) -> None:
        pass

    def stop(self) -> None:
        pass


@dataclass(slots=True)
class RunCounts:
    """What one run did; the same numbers go to the `runs` table and the one-line summary."""

    articles_new: int = 0
    articles_seen: int = 0
    quarantined: int = 0
    indicators: int = 0
    alerts_new: int = 0
    alerts_deduplicated: int = 0
    alerts_escalated: int = 0
    suppressed: int = 0

    def __iadd__(self, other: RunCounts) -> RunCounts:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))
        return self

    def record(self, outcome: AnalysisOutcome) -> None:
        """Count what saving one article's analysis changed."""
        self.indicators += outcome.indicators_new
        self.alerts_new += outcome.alerts_new
        self.alerts_deduplicated += outcome.alerts_corroborated
        self.alerts_escalated += outcome.alerts_escalated
        self.suppressed += outcome.suppressed

    def as_dict(self) -> dict[str, int]:
        return {item.name: getattr(self, item.name) for item in fields(self)}

    def summary(self) -> str:
        return (
            f"articles: {self.articles_new} new, {self.articles_seen} seen, {self.quarantined} quarantined; "
            f"indicators: {self.indicators}; alerts: {self.alerts_new} new, "
            f"{self.alerts_deduplicated} deduplicated, {self.alerts_escalated} escalated, "
            f"{self.suppressed} snoozed"
        )


@dataclass(slots=True)
class RunResult:
    source: str
    status: str  # ok | failed | interrupted
    counts: RunCounts = field(default_factory=RunCounts)
    error: str | None = None
    #: Articles handed to the task queue rather than analysed here.
    queued: int = 0


class Pipeline:
    """Runs sources through the whole pipeline into a `Store`. The library API behind `alerts run`.

    Without a `queue` it analyses in this process (it needs the `extractor`); with one it only ingests and
    enqueues, and needs no extractor.
    """

    def __init__(
        self,
        config: AppConfig,
        store: Store,
        extractor: IndicatorExtractor | None = None,
        rulebook: RuleBook | None = None,
        stop_event: threading.Event | None = None,
        clock: Callable[[], datetime] = utcnow,
        queue: AnalysisQueue | None = None,
    ) -> None:
        if extractor is None and queue is None:
            raise ValueError("a pipeline analyses in process (an extractor) or through a task queue")
        self.config = config
        self.store = store
        self.extractor = extractor
        self.rulebook = rulebook or RuleBook(config.rules_dir)
        self.stop_event = stop_event or threading.Event()
        self.clock = clock
        self.queue = queue

    def run_all(self, progress: Progress | None = None) -> list[RunResult]:
        """One run of every enabled source in config order."""
        return [self.run_source(source, progress) for source in self.config.sources if source.enabled]

    def run_source(self, source_config: SourceConfig, progress: Progress | None = None) -> RunResult:
        """Fetch, store and analyse (or enqueue) one source. A source that fails (an AlertsError: feed down,
        bad XML) is recorded as failed and returned, so the other sources go on; so is an unexpected crash,
        logged with its traceback: whatever one source's input holds, it never stops the sources after it. A run
        an earlier, killed process left `running` is marked interrupted first."""
        progress = progress or _NoProgress()
        result = RunResult(source=source_config.name, status="ok")
        recovered = self.store.recover_interrupted_runs(older_than=STALE_RUN_AGE, now=self.clock())
        if recovered:
            log.warning("marked %d run(s) of a stopped process as interrupted", recovered)
        run_id = self.store.start_run(source_config.name, self.clock())
        try:
            if self.queue is not None:
                self._ingest_and_enqueue(self.queue, source_config, result)
            else:
                self._ingest_and_analyse(source_config, result, progress)
        except AlertsError as error:
            result.status, result.error = "failed", str(error)
            log.error("source %s failed: %s", source_config.name, error)
        except Exception as error:
            result.status, result.error = "failed", f"{type(error).__name__}: {error}"
            log.exception("source %s crashed", source_config.name)
        finally:
            progress.stop()
            self.store.finish_run(run_id, self.clock(), result.status, result.counts.as_dict(), result.error)
        if self.config.notifiers:
            notify_pending(self.store, self.config.notifiers, self.clock())
        return result

    def _ingest_and_analyse(self, source_config: SourceConfig, result: RunResult, progress: Progress) -> None:
        assert self.extractor is not None
        analyzer = Analyzer(
            self.extractor, self.rulebook.reload(), article_seconds=self.config.extraction.article_seconds
        )
        pending = self._ingest(source_config, result.counts)
        pending += self._unfinished(exclude={row_id for row_id, _ in pending})
        progress.start(f"analysing {source_config.name}", len(pending))
        size = max(1, self.config.extraction.batch_size)
        for start in range(0, len(pending), size):
            batch = pending[start : start + size]
            analysed = analyse_with_fallback(analyzer, batch, self._failure_handler(source_config.name, result.counts))
            now = self.clock()
            items = [to_save(row_id, analysis) for row_id, analysis in analysed]
            if items:
                result.counts.record(self.store.save_batch(items, now))
            progress.advance(len(batch))
            if self.stop_event.is_set():
                result.status = "interrupted"
                return

    def _ingest_and_enqueue(self, queue: AnalysisQueue, source_config: SourceConfig, result: RunResult) -> None:
        """Enqueue each ingested batch as soon as it is stored, so workers start while the source is read."""
        orphans = []
        if queue.is_idle():  # nothing queued or running, so an unprocessed article was lost before queueing
            orphans = [row_id for row_id, _ in self.store.unprocessed_articles()]

        def enqueue(ids: list[int]) -> None:
            if ids:
                queue.enqueue(ids)
                result.queued += len(ids)

        enqueue(orphans)
        self._ingest(source_config, result.counts, on_stored=lambda stored: enqueue([row_id for row_id, _ in stored]))
        if self.stop_event.is_set():
            result.status = "interrupted"

    def _ingest(
        self,
        source_config: SourceConfig,
        counts: RunCounts,
        on_stored: Callable[[list[tuple[int, Article]]], None] | None = None,
    ) -> list[tuple[int, Article]]:
        """Store every readable article (a transaction per `INGEST_BATCH`), quarantine the rest; return the
        new articles to analyse, and pass each transaction's new ones to `on_stored`."""
        source = build_source(source_config, self.stop_event)
        state = StoreSourceState(self.store, source_config.name)
        new: list[tuple[int, Article]] = []
        waiting: list[Article] = []

        def flush() -> None:
            stored = []
            for article, (row_id, created) in zip(waiting, self.store.ingest_many(waiting, self.clock()), strict=True):
                if created:
                    counts.articles_new += 1
                    stored.append((row_id, article))
                else:
                    counts.articles_seen += 1
            waiting.clear()
            new.extend(stored)
            if on_stored is not None:
                on_stored(stored)

        for item in source.fetch(state):
            if self.stop_event.is_set():
                break
            if isinstance(item, InputError):
                self._quarantine(item, source_config.name, counts)
                continue
            item.source = item.source or source_config.name
            waiting.append(item)
            if len(waiting) >= INGEST_BATCH:
                flush()
        flush()
        return new

    def _unfinished(self, exclude: set[int]) -> list[tuple[int, Article]]:
        """Articles a crashed or interrupted earlier run stored but did not analyse."""
        return [(row_id, article) for row_id, article in self.store.unprocessed_articles() if row_id not in exclude]

    def _failure_handler(self, source: str, counts: RunCounts) -> Callable[[int, Article, str], None]:
        def failed(row_id: int, article: Article, reason: str) -> None:
            self._quarantine(InputError(article.origin or article.id, reason, article.text), source, counts)
            self.store.mark_failed(row_id, reason)

        return failed

    def _quarantine(self, error: InputError, source: str, counts: RunCounts) -> None:
        log.warning("quarantined %s", error)
        self.store.quarantine(error.origin, source, error.reason, error.raw, self.clock())
        counts.quarantined += 1
