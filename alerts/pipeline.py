"""A storing run: sources -> ingest -> extract -> evaluate -> store, one source at a time.

Each article is stored first (deduplicated by content hash and URL), then analysed and saved with its
indicators and alerts in one transaction that also marks it processed. So a crash or a SIGTERM between two
articles loses nothing: the next run finds the stored-but-unprocessed articles and finishes them, and
re-running on the same input changes nothing because every write is insert-or-ignore.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Protocol

from alerts.analysis import Analysis, Analyzer, IndicatorExtractor
from alerts.config import AppConfig, SourceConfig
from alerts.dates import event_date
from alerts.errors import AlertsError, InputError
from alerts.model import Article
from alerts.notify import notify_pending
from alerts.rulebook import RuleBook
from alerts.sources import StoreSourceState, build_source
from storage import AnalysisOutcome, Store

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Progress(Protocol):
    """What a run reports while it works; the CLI shows it as a progress bar, the scheduler ignores it."""

    def start(self, description: str, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...

    def stop(self) -> None: ...


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


class Pipeline:
    """Runs sources through the whole pipeline into a `Store`. The library API behind `alerts run`."""

    def __init__(
        self,
        config: AppConfig,
        store: Store,
        extractor: IndicatorExtractor,
        rulebook: RuleBook | None = None,
        stop_event: threading.Event | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.config = config
        self.store = store
        self.extractor = extractor
        self.rulebook = rulebook or RuleBook(config.rules_dir)
        self.stop_event = stop_event or threading.Event()
        self.clock = clock

    def run_all(self, progress: Progress | None = None) -> list[RunResult]:
        """One run of every enabled source in config order."""
        return [self.run_source(source, progress) for source in self.config.sources if source.enabled]

    def run_source(self, source_config: SourceConfig, progress: Progress | None = None) -> RunResult:
        """Fetch, store and analyse one source. A source that fails (an AlertsError: feed down, bad XML) is
        recorded as failed and returned, so the other sources go on; so is an unexpected crash, logged with its
        traceback: whatever one source's input holds, it never stops the sources after it."""
        progress = progress or _NoProgress()
        result = RunResult(source=source_config.name, status="ok")
        run_id = self.store.start_run(source_config.name, self.clock())
        try:
            analyzer = Analyzer(
                self.extractor, self.rulebook.reload(), article_seconds=self.config.extraction.article_seconds
            )
            pending = self._ingest(source_config, result.counts)
            pending += self._unfinished(exclude={row_id for row_id, _ in pending})
            progress.start(f"analysing {source_config.name}", len(pending))
            for row_id, analysis in self._analyse(analyzer, pending, source_config.name, result.counts):
                now = self.clock()
                happened = event_date(analysis.article.text, analysis.article.published_at)
                outcome = self.store.save_analysis(row_id, analysis.indicators, analysis.matches, now, happened)
                result.counts.record(outcome)
                progress.advance()
                if self.stop_event.is_set():
                    result.status = "interrupted"
                    break
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

    def _ingest(self, source_config: SourceConfig, counts: RunCounts) -> list[tuple[int, Article]]:
        """Store every readable article, quarantine the rest; return the new articles to analyse."""
        source = build_source(source_config, self.stop_event)
        state = StoreSourceState(self.store, source_config.name)
        new: list[tuple[int, Article]] = []
        for item in source.fetch(state):
            if self.stop_event.is_set():
                break
            if isinstance(item, InputError):
                self._quarantine(item, source_config.name, counts)
                continue
            item.source = item.source or source_config.name
            row_id, created = self.store.ingest(item, self.clock())
            if created:
                counts.articles_new += 1
                new.append((row_id, item))
            else:
                counts.articles_seen += 1
        return new

    def _unfinished(self, exclude: set[int]) -> list[tuple[int, Article]]:
        """Articles a crashed or interrupted earlier run stored but did not analyse."""
        return [(row_id, article) for row_id, article in self.store.unprocessed_articles() if row_id not in exclude]

    def _analyse(
        self, analyzer: Analyzer, pending: Sequence[tuple[int, Article]], source: str, counts: RunCounts
    ) -> Iterator[tuple[int, Analysis]]:
        """Analyse in spaCy batches; when a batch fails, redo it one by one and quarantine the culprit. An article
        over its time budget is quarantined too: one article never stops the others."""
        size = max(1, self.config.extraction.batch_size)
        for start in range(0, len(pending), size):
            batch = pending[start : start + size]
            try:
                analyses = list(analyzer.analyze_many(article for _, article in batch))
            except Exception:  # noqa: BLE001 - one bad article must not stop the run
                analyses = []
                for row_id, article in batch:
                    try:
                        analyses.append(analyzer.analyze(article))
                    except Exception as error:  # noqa: BLE001
                        reason = f"extractor error: {type(error).__name__}: {error}"
                        self._fail(row_id, InputError(article.origin or article.id, reason, article.text), source,
                                   counts)
            rows = {id(article): row_id for row_id, article in batch}
            for analysis in analyses:
                row_id = rows[id(analysis.article)]
                if analysis.error is not None:
                    analysis.error.raw = analysis.article.text
                    self._fail(row_id, analysis.error, source, counts)
                else:
                    yield row_id, analysis
            if self.stop_event.is_set():
                return

    def _fail(self, row_id: int, error: InputError, source: str, counts: RunCounts) -> None:
        """Quarantine a stored article that could not be analysed, and mark it so no later run loops on it."""
        self._quarantine(error, source, counts)
        self.store.mark_failed(row_id, error.reason)

    def _quarantine(self, error: InputError, source: str, counts: RunCounts) -> None:
        log.warning("quarantined %s", error)
        self.store.quarantine(error.origin, source, error.reason, error.raw, self.clock())
        counts.quarantined += 1
