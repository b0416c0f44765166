"""`alerts reprocess`: stored articles through the current extractor and rules (or the rules only) again.

The work is the same unit as a storing run's (alerts.batch), in the same place: jobs on the task queue when
the database is PostgreSQL (`alerts worker` processes do them, on as many machines as there are), batches in
this process on SQLite. Either way:
- resumable: each article saved records the reprocess that did it (storage.reprocessing), so running the
  same command again after a stop continues with the articles not done yet;
- history-keeping: new matches become alerts or corroborations as in a run, matches that vanished are marked
  (`vanished_at`), nothing is deleted, and triage (status, outcome, notes, audit) is untouched.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from alerts.batch import BatchAnalyser, Mode
from alerts.config import AppConfig
from alerts.rulebook import RuleBook
from storage import ReprocessRecord, Store

log = logging.getLogger(__name__)

#: How often a queued reprocess looks at its progress in the database.
POLL_SECONDS = 1.0
#: Article ids read (and queued) at a time: an archive of millions is never one list in memory.
PAGE = 10_000


class ReprocessQueue(Protocol):
    def enqueue(self, article_ids: Sequence[int], mode: Mode = "new", reprocess_id: int | None = None) -> int: ...

    def queued_articles(self, reprocess_id: int) -> set[int]: ...

    def waiting(self) -> int: ...


@dataclass(frozen=True, slots=True)
class ReprocessStatus:
    """Where a reprocess stands: articles done and left, the rate since this command started, and the ETA."""

    reprocess: ReprocessRecord
    resumed: bool
    done: int
    remaining: int
    rate: float  # articles per second in this session
    eta_seconds: float | None

    @property
    def finished(self) -> bool:
        return self.remaining == 0

    def line(self) -> str:
        eta = "" if self.eta_seconds is None else f", about {_duration(self.eta_seconds)} left"
        return (
            f"reprocess #{self.reprocess.id} ({self.reprocess.mode}): {self.done} done, {self.remaining} to go"
            f" at {self.rate:.1f} articles/s{eta}"
        )


#: Called with the status after every batch (in process) or poll (queued).
StatusHandler = Callable[[ReprocessStatus], None]


class Reprocessor:
    """Runs one reprocess to completion, through a queue or an in-process `BatchAnalyser`."""

    def __init__(
        self,
        store: Store,
        *,
        analyser: BatchAnalyser | None = None,
        queue: ReprocessQueue | None = None,
        batch_size: int = 32,
        stop_event: threading.Event | None = None,
    ) -> None:
        if (analyser is None) == (queue is None):
            raise ValueError("a reprocess runs either in process (an analyser) or through a queue")
        self.store = store
        self.analyser = analyser
        self.queue = queue
        self.batch_size = max(1, batch_size)
        self.stop_event = stop_event or threading.Event()

    def run(
        self, mode: Mode, since: datetime | None = None, on_status: StatusHandler | None = None, wait: bool = True
    ) -> ReprocessStatus:
        """Start (or resume) the reprocess of `mode` over the articles ingested since `since` (None: all).

        Returns when every article is done, when stopped (SIGINT; run again to resume), or, with a queue and
        `wait=False`, as soon as the jobs are queued.
        """
        if mode == "new":
            raise ValueError("reprocess modes are 'extract' and 'rules'")
        record, created = self.store.start_reprocess(mode, since)
        tracker = _Tracker(record, not created, self.store.reprocess_remaining(record))
        if self.queue is not None:
            return self._through_queue(self.queue, record, tracker, on_status, wait)
        return self._in_process(record, tracker, on_status)

    def _pending_pages(self, record: ReprocessRecord) -> Iterator[list[int]]:
        after = 0
        while page := self.store.reprocess_pending(record, after=after, limit=PAGE):
            yield page
            after = page[-1]

    def _in_process(
        self, record: ReprocessRecord, tracker: _Tracker, on_status: StatusHandler | None
    ) -> ReprocessStatus:
        assert self.analyser is not None
        for page in self._pending_pages(record):
            for start in range(0, len(page), self.batch_size):
                if self.stop_event.is_set():
                    return self._finish_if_done(tracker.status(self.store))
                self.analyser.process(page[start : start + self.batch_size], record.mode, record.id)  # type: ignore[arg-type]
                if on_status:
                    on_status(tracker.status(self.store))
        return self._finish_if_done(tracker.status(self.store))

    def _through_queue(
        self,
        queue: ReprocessQueue,
        record: ReprocessRecord,
        tracker: _Tracker,
        on_status: StatusHandler | None,
        wait: bool,
    ) -> ReprocessStatus:
        queued = queue.queued_articles(record.id)  # a resumed reprocess may still have jobs in the queue
        for page in self._pending_pages(record):
            missing = [article_id for article_id in page if article_id not in queued]
            if missing:
                jobs = queue.enqueue(missing, record.mode, record.id)  # type: ignore[arg-type]
                log.info("reprocess #%d: %d article(s) queued in %d job(s)", record.id, len(missing), jobs)
            if self.stop_event.is_set():
                break
        status = tracker.status(self.store)
        while wait and not status.finished and not self.stop_event.is_set():
            self.stop_event.wait(POLL_SECONDS)
            status = tracker.status(self.store)
            if on_status:
                on_status(status)
            if not status.finished and queue.waiting() == 0:
                status = tracker.status(self.store)  # the last job may have finished after the count
                if status.finished:
                    break
                log.error(
                    "reprocess #%d: the queue is empty but %d article(s) are not done: their jobs failed "
                    "(see the worker logs); run the command again to retry them",
                    record.id,
                    status.remaining,
                )
                break
        return self._finish_if_done(status)

    def _finish_if_done(self, status: ReprocessStatus) -> ReprocessStatus:
        if status.finished and status.reprocess.finished_at is None:
            self.store.finish_reprocess(status.reprocess.id)
        return status


@contextmanager
def open_reprocessor(config: AppConfig, mode: Mode, stop_event: threading.Event | None = None) -> Iterator[Reprocessor]:
    """The Reprocessor for a config: through the task queue on PostgreSQL (unless `queue.enabled: false`),
    in this process on SQLite (spaCy loaded only to re-extract); connections closed when the block ends."""
    from alerts.queue import uses_queue

    size = config.queue.batch_size
    with Store(config.database_url) as store:
        if config.queue.enabled and uses_queue(config.database_url):
            from alerts.queue.enqueue import open_queue

            with open_queue(config) as queue:
                yield Reprocessor(store, queue=queue, batch_size=size, stop_event=stop_event)
            return
        extractor = None
        if mode == "extract":
            from alerts.extract import Extractor  # spaCy takes seconds to load: only when re-extracting
            from alerts.screening import with_screening

            extractor = with_screening(Extractor(config.extraction), config, store)
        analyser = BatchAnalyser(
            store, RuleBook(config.rules_dir), extractor, article_seconds=config.extraction.article_seconds
        )
        yield Reprocessor(store, analyser=analyser, batch_size=size, stop_event=stop_event)


class _Tracker:
    """Progress and ETA from the database's counts, the rate measured from this command's start."""

    def __init__(self, record: ReprocessRecord, resumed: bool, pending: int) -> None:
        self.record = record
        self.resumed = resumed
        self.pending_at_start = pending
        self.started = time.monotonic()

    def status(self, store: Store) -> ReprocessStatus:
        remaining = store.reprocess_remaining(self.record)
        elapsed = time.monotonic() - self.started
        rate = (self.pending_at_start - remaining) / elapsed if elapsed > 0 else 0.0
        eta = remaining / rate if rate > 0 and remaining else None
        return ReprocessStatus(self.record, self.resumed, store.reprocess_done(self.record.id), remaining, rate, eta)


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
