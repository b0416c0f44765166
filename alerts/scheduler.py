"""`alerts schedule`: the foreground service that runs every source on its own schedule, for months.

Design choices, and why:
- APScheduler 3's BlockingScheduler with jobs rebuilt from config.yaml at every start (its job stores do not
  coordinate two processes, so nothing is persisted there). One job per enabled source: the source's own
  `schedule` or the global one, interval or crontab. max_instances=1 and coalesce=True: a source never runs
  twice at once and a backlog of missed runs collapses into one. Interval sources also run once at start.
- One worker thread runs the pipeline, so sources take turns: spaCy and the rule engine are shared and are
  not made for concurrent calls. A second executor renews the lease, so a long run cannot let it lapse.
- A lease in the database (`Store.acquire_lease`) keeps a second scheduler off the same database; it is
  renewed every third of its TTL, released on shutdown, and expires by itself if this process dies. Losing
  it (suspended past its TTL and taken over) stops this scheduler rather than running two.
- SIGINT/SIGTERM only set a `threading.Event` (so does a library caller). The pipeline checks it between
  articles (each article is committed on its own), network back-offs wait on it, and a watcher thread shuts
  the scheduler down, waiting for the running job.
- The rule pack is reloaded before each run by the pipeline's `RuleBook`, which keeps the last good rule
  set when an edit breaks validation.
- On PostgreSQL (unless `queue.enabled: false`) the scheduler only ingests and enqueues analysis jobs
  (alerts.queue); `alerts worker` processes analyse them. It then never loads spaCy.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from types import FrameType
from typing import Any

from apscheduler.events import EVENT_SCHEDULER_STARTED, SchedulerEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from alerts.config import AppConfig, Schedule, SourceConfig
from alerts.durations import parse_duration
from alerts.errors import AlertsError, ConfigError
from alerts.pipeline import STALE_RUN_AGE, Pipeline, RunResult
from storage import Store

log = logging.getLogger(__name__)

LEASE_NAME = "scheduler"
LEASE_EXECUTOR = "lease"


class SchedulerLeaseError(AlertsError):
    """Another scheduler holds this database's lease (or this one lost it)."""


def build_trigger(schedule: Schedule, where: str) -> BaseTrigger:
    """The APScheduler trigger for a `schedule:` entry: `interval` ('15m') or `cron` (crontab, local time)."""
    if schedule.cron:
        try:
            return CronTrigger.from_crontab(schedule.cron)
        except ValueError as error:
            raise ConfigError(f"{where}: cron {schedule.cron!r}: {error}") from None
    if schedule.interval:
        seconds = parse_duration(schedule.interval).total_seconds()
        if seconds <= 0:
            raise ConfigError(f"{where}: interval {schedule.interval!r} must be longer than zero")
        return IntervalTrigger(seconds=seconds)
    raise ConfigError(f"{where}: a schedule needs `interval` or `cron`")


def misfire_grace(trigger: BaseTrigger) -> int:
    """How late a run may start: one period (a run later than that is superseded by the next anyway)."""
    if isinstance(trigger, IntervalTrigger):
        return max(1, int(trigger.interval.total_seconds()))
    return 3600


def describe(result: RunResult, seconds: float) -> str:
    line = f"run {result.source}: {result.status} in {seconds:.1f}s; {result.counts.summary()}"
    if result.queued:
        line += f"; {result.queued} queued for analysis"
    return f"{line}; error: {result.error}" if result.error else line


class SchedulerService:
    """The scheduler for one config and one database. `run()` blocks until `stop_event` is set.

    `extractor` may be passed in (tests share a loaded spaCy pipeline); otherwise it is loaded after the
    lease is taken, so a refused second scheduler fails fast.
    """

    def __init__(
        self,
        config: AppConfig,
        *,
        stop_event: threading.Event | None = None,
        extractor: Any = None,
        holder: str | None = None,
    ) -> None:
        self.config = config
        self.stop_event = stop_event or threading.Event()
        self.extractor = extractor
        self.holder = holder
        self.lease_ttl = parse_duration(config.lease_ttl)
        if self.lease_ttl.total_seconds() < 3:
            raise ConfigError(f"lease_ttl {config.lease_ttl!r} is too short: at least 3s")
        self.jobs = self._source_triggers()  # a bad schedule fails here, before the lease is taken
        if not self.jobs:
            log.warning("no enabled source in the config: the scheduler will only hold its lease")
        self.store: Store | None = None
        self.pipeline: Pipeline | None = None
        self.scheduler: BlockingScheduler | None = None

    # -- lifecycle ----------------------------------------------------------------------------------------

    def run(self) -> None:
        """Take the lease, build the jobs, run until stopped, then release everything."""
        with ExitStack() as resources, Store(self.config.database_url) as store:
            self.store = store
            self._acquire_lease()
            try:
                recovered = store.recover_interrupted_runs(older_than=STALE_RUN_AGE)
                if recovered:
                    log.warning("marked %d run(s) of a stopped process as interrupted", recovered)
                if self.stop_event.is_set():
                    return
                self.pipeline = self._make_pipeline(resources)
                if self.stop_event.is_set():
                    return
                self.scheduler = self._build_scheduler()
                log.info(
                    "scheduler started: %d source job(s), lease %s for %s",
                    len(self.scheduler.get_jobs()) - 1,
                    LEASE_NAME,
                    self.lease_ttl,
                )
                self.scheduler.start()  # blocks until the watcher shuts it down
            finally:
                released = store.release_lease(LEASE_NAME, self.holder)
                log.info("scheduler stopped%s", "; lease released" if released else "")

    def _acquire_lease(self) -> None:
        assert self.store is not None
        lease = self.store.acquire_lease(LEASE_NAME, self.holder, ttl=self.lease_ttl)
        if not lease:
            raise SchedulerLeaseError(
                f"another scheduler is running on this database: host {lease.host}, pid {lease.pid} "
                f"(holder {lease.holder}, since {lease.acquired_at:%Y-%m-%d %H:%M:%S} UTC); its lease expires at "
                f"{lease.expires_at:%Y-%m-%d %H:%M:%S} UTC unless renewed"
            )
        self.holder = lease.holder

    def _make_pipeline(self, resources: ExitStack) -> Pipeline:
        assert self.store is not None
        from alerts.queue import uses_queue

        if self.config.queue.enabled and uses_queue(self.config.database_url):
            from alerts.queue.enqueue import open_queue

            queue = resources.enter_context(open_queue(self.config))
            log.info("analysis goes to the task queue: run `alerts worker` processes to do it")
            return Pipeline(self.config, self.store, stop_event=self.stop_event, queue=queue)
        if self.extractor is None:
            from alerts.extract import Extractor  # loading spaCy takes seconds: only once the lease is ours
            from alerts.screening import with_screening

            self.extractor = with_screening(Extractor(self.config.extraction), self.config, self.store)
        pipeline = Pipeline(self.config, self.store, self.extractor, stop_event=self.stop_event)
        pipeline.rulebook.reload()
        for problem in pipeline.rulebook.problems:
            log.warning("rule problem: %s", problem)
        return pipeline

    # -- jobs -----------------------------------------------------------------------------------------------

    def _build_scheduler(self) -> BlockingScheduler:
        scheduler = BlockingScheduler(  # cron expressions are read in the local time zone, as crontab does
            executors={"default": ThreadPoolExecutor(1), LEASE_EXECUTOR: ThreadPoolExecutor(1)},
            job_defaults={"max_instances": 1, "coalesce": True},
        )
        for source, trigger in self.jobs:
            # Interval sources also run at start; cron sources wait for their time (None would pause them).
            first = {"next_run_time": datetime.now(UTC)} if isinstance(trigger, IntervalTrigger) else {}
            scheduler.add_job(
                self._run_source,
                trigger,
                args=[source],
                id=f"source:{source.name}",
                name=f"source {source.name}",
                misfire_grace_time=misfire_grace(trigger),
                **first,
            )
        renew_every = max(1.0, self.lease_ttl.total_seconds() / 3)
        scheduler.add_job(
            self._renew_lease,
            IntervalTrigger(seconds=renew_every),
            id="lease",
            name="lease renewal",
            executor=LEASE_EXECUTOR,
            misfire_grace_time=int(renew_every),
        )
        scheduler.add_listener(self._on_started, EVENT_SCHEDULER_STARTED)
        return scheduler

    def _source_triggers(self) -> list[tuple[SourceConfig, BaseTrigger]]:
        """Each enabled source with its trigger: its own schedule, else the global one."""
        return [
            (source, build_trigger(source.schedule or self.config.schedule, f"source {source.name}"))
            for source in self.config.sources
            if source.enabled
        ]

    def _on_started(self, _event: SchedulerEvent) -> None:
        threading.Thread(target=self._shutdown_when_stopped, name="scheduler-stop", daemon=True).start()

    def _shutdown_when_stopped(self) -> None:
        self.stop_event.wait()
        log.info("stopping: waiting for the running article to finish")
        try:
            assert self.scheduler is not None
            self.scheduler.shutdown(wait=True)
        except SchedulerNotRunningError:
            pass

    def _run_source(self, source: SourceConfig) -> None:
        """One job run: the whole pipeline for one source, logged as one line. Never raises."""
        if self.stop_event.is_set():
            return  # queued behind a run that was stopping: do not start another
        assert self.pipeline is not None
        started = time.monotonic()
        try:
            result = self.pipeline.run_source(source)
        except Exception as error:  # a database outage must not end the service
            log.exception("run %s: crashed: %s: %s", source.name, type(error).__name__, error)
            return
        level = logging.INFO if result.status == "ok" else logging.WARNING
        log.log(level, describe(result, time.monotonic() - started))

    def _renew_lease(self) -> None:
        assert self.store is not None
        try:
            renewed = self.store.renew_lease(LEASE_NAME, self.holder, ttl=self.lease_ttl)
        except Exception as error:  # noqa: BLE001 - a transient database error: the next renewal may work
            log.warning("lease renewal failed (%s); retrying in %ss", error, self.lease_ttl.total_seconds() / 3)
            return
        if not renewed:
            log.error("the scheduler lease was lost (expired and taken over); stopping this scheduler")
            self.stop_event.set()


@contextmanager
def signals_stop(stop_event: threading.Event) -> Iterator[None]:
    """SIGINT and SIGTERM set `stop_event` while the block runs; the previous handlers come back after it.

    Only the main thread may install signal handlers: elsewhere (a test thread) this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handle(signum: int, _frame: FrameType | None) -> None:
        log.warning("%s received: finishing the current article, then stopping", signal.Signals(signum).name)
        stop_event.set()

    previous: dict[int, Callable | int | None] = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, handle)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


def run_scheduler(
    config: AppConfig,
    stop_event: threading.Event | None = None,
    *,
    extractor: Any = None,
    handle_signals: bool = True,
) -> None:
    """Run `alerts schedule` until SIGINT/SIGTERM (or `stop_event`): returns after a clean shutdown.

    Raises SchedulerLeaseError when another scheduler holds the database, ConfigError for a bad schedule.
    """
    service = SchedulerService(config, stop_event=stop_event, extractor=extractor)
    if not handle_signals:
        service.run()
        return
    with signals_stop(service.stop_event):
        service.run()
