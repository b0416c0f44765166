"""`alerts worker`: processes that run analysis jobs from the queue, on any machine that reaches the database.

Analysis is CPU-bound Python (spaCy, the rule engine), so `--concurrency N` means N processes, each running
one job at a time, not N threads of one process. Each loads spaCy once and keeps it for every job.

A worker that dies (SIGKILL, a lost machine) stops sending heartbeats; every worker looks for jobs left
`doing` by a worker silent for `queue.stalled_after_seconds` and puts them back in the queue, where another
worker takes them. Jobs are idempotent (alerts.queue.tasks), so a batch the dead worker had half done, or
even saved, is simply done again.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import socket
import time
from datetime import UTC, datetime
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from types import FrameType

import procrastinate

from alerts.batch import BatchAnalyser
from alerts.config import AppConfig, QueueConfig
from alerts.queue.app import ANALYSIS_QUEUE, make_app
from alerts.queue.tasks import ANALYSER, NOTIFIERS
from alerts.rulebook import RuleBook
from storage import Store

log = logging.getLogger(__name__)

#: A child that dies this soon after its start is not restarted in a loop: something is wrong with the set-up.
MIN_UPTIME_SECONDS = 10.0


def run_worker(config: AppConfig, name: str | None = None) -> None:
    """One worker process: load spaCy, then run jobs until SIGINT/SIGTERM (it finishes the job in hand)."""
    from alerts.extract import Extractor  # spaCy: seconds to load, so once per process
    from alerts.screening import with_screening

    name = name or f"{socket.gethostname()}-{os.getpid()}"
    with Store(config.database_url) as store:
        extractor = with_screening(Extractor(config.extraction), config, store)
        analyser = BatchAnalyser(
            store, RuleBook(config.rules_dir), extractor, article_seconds=config.extraction.article_seconds
        )
        analyser.rulebook.reload()
        for problem in analyser.rulebook.problems:
            log.warning("rule problem: %s", problem)
        context = {ANALYSER: analyser, NOTIFIERS: list(config.notifiers)}
        asyncio.run(_serve(make_app(config.database_url, config.queue), context, config.queue, name))


async def _serve(app: procrastinate.App, context: dict[str, object], settings: QueueConfig, name: str) -> None:
    async with app.open_async():
        log.info("worker %s waiting for jobs on queue %r", name, ANALYSIS_QUEUE)
        worker = asyncio.create_task(
            app.run_worker_async(
                queues=[ANALYSIS_QUEUE],
                name=name,
                concurrency=1,
                additional_context=context,
                update_heartbeat_interval=settings.heartbeat_seconds,
                stalled_worker_timeout=settings.stalled_after_seconds,
                fetch_job_polling_interval=settings.poll_seconds,
                delete_jobs="successful",
                install_signal_handlers=False,
            )
        )
        # Our handlers, not Procrastinate's: it installs its own only after registering the worker, and a
        # SIGTERM in between killed the process with its row left registered. Cancelling the worker task is
        # Procrastinate's graceful stop (the job in hand finishes, the worker unregisters); a second signal
        # cancels the wait for that job too.
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, worker.cancel)
        rescuer = asyncio.create_task(_requeue_stalled_jobs(app, settings))
        try:
            await worker
        except asyncio.CancelledError:
            log.info("worker %s stopped", name)
        finally:
            rescuer.cancel()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)


async def _requeue_stalled_jobs(app: procrastinate.App, settings: QueueConfig) -> None:
    """Every heartbeat, put the jobs of workers silent for `stalled_after_seconds` back in the queue."""
    while True:
        await asyncio.sleep(settings.heartbeat_seconds)
        try:
            stalled = await app.job_manager.get_stalled_jobs(
                queue=ANALYSIS_QUEUE, seconds_since_heartbeat=settings.stalled_after_seconds
            )
            for job in stalled:
                if job.id is None:  # only a job not yet deferred has no id
                    continue
                # Another worker may requeue the same job at the same moment: only one of the two succeeds.
                try:
                    await app.job_manager.retry_job_by_id_async(job.id, retry_at=datetime.now(UTC))
                except procrastinate.exceptions.ConnectorException:
                    continue
                log.warning("job %s of a stopped worker is back in the queue", job.id)
        except Exception as error:  # noqa: BLE001 - a database hiccup must not end the worker
            log.warning("looking for stalled jobs failed (%s); trying again", error)


def _child_worker(config: AppConfig) -> None:
    """A worker of `run_workers`, in a process group of its own: a terminal's Ctrl-C reaches only the parent,
    which passes one SIGTERM on (a second signal would make Procrastinate abandon the job in hand)."""
    os.setpgrp()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(processName)s %(name)s: %(message)s")
    run_worker(config)


def run_workers(config: AppConfig, concurrency: int) -> None:
    """`alerts worker --concurrency N`: N worker processes, restarted if one dies, all stopped on SIGTERM."""
    if concurrency <= 1:
        run_worker(config)
        return
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no inherited locks or threads
    stopping = False
    children: dict[int, tuple[BaseProcess, float]] = {}

    def start(slot: int) -> None:
        child = context.Process(target=_child_worker, args=(config,), name=f"alerts-worker-{slot}")
        child.start()
        children[slot] = (child, time.monotonic())

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for child, _ in children.values():
            if child.pid is not None and child.is_alive():
                os.kill(child.pid, signal.SIGTERM)  # each finishes its job in hand, then exits

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for slot in range(concurrency):
            start(slot)
        while children:
            wait([child.sentinel for child, _ in children.values()])
            for slot, (child, started) in list(children.items()):
                if child.is_alive():
                    continue
                del children[slot]
                if stopping:
                    continue
                if time.monotonic() - started < MIN_UPTIME_SECONDS:
                    log.error(
                        "worker %s exited with %s right after starting; not restarting it", child.name, child.exitcode
                    )
                    continue
                log.warning("worker %s exited with %s; starting another", child.name, child.exitcode)
                start(slot)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
