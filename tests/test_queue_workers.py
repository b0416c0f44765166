"""The task queue for real: PostgreSQL, `alerts worker` processes, one of them SIGKILLed in the middle of a
batch. Its job goes back to the queue, the other worker finishes everything, and the alerts are those of an
uninterrupted in-process run, row by row; a reprocess through the queue then completes and changes nothing."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from alerts.config import AppConfig, QueueConfig, SourceConfig, load_config
from alerts.pipeline import Pipeline
from alerts.queue.enqueue import open_queue
from alerts.reprocess import Reprocessor
from alerts.screening import with_screening
from storage import Store

from queue_corpus import write_articles

pytestmark = pytest.mark.postgres

ARTICLES = 30
STARTED = re.compile(r"Starting job \S+\[(\d+)\]")


def alert_rows(url: str) -> list[tuple]:
    """Every alert as analysts see it, with its supporting articles by external id (no ids, no timestamps)."""
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        links: dict[int, list[str]] = {}
        for alert_id, external_id in connection.execute(
            sa.text("SELECT l.alert_id, a.external_id FROM alert_articles l JOIN articles a ON a.id = l.article_id")
        ):
            links.setdefault(alert_id, []).append(external_id)
        alerts = connection.execute(
            sa.text(
                "SELECT id, rule_id, rule_version, dedupe_key, title, severity, base_severity, status, "
                "source_count, article_count, vanished_at FROM alerts"
            )
        ).all()
        indicators = connection.execute(
            sa.text("SELECT a.external_id, i.fingerprint FROM indicators i JOIN articles a ON a.id = i.article_id")
        ).all()
    engine.dispose()
    rows = [(*row[1:], tuple(sorted(links.get(row[0], [])))) for row in alerts]
    return sorted(rows) + sorted(("indicator", *row) for row in indicators)


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def start_worker(config_file: Path, log: Path) -> subprocess.Popen:
    with log.open("wb") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "alerts", "worker", "--config", str(config_file)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def test_two_workers_one_killed_mid_batch_store_what_an_uninterrupted_run_stores(
    tmp_path: Path, repo_root: Path, postgres_url: str, extractor
) -> None:
    shutil.copytree(repo_root / "rules", tmp_path / "rules")
    wire = write_articles(tmp_path / "wire.jsonl", ARTICLES, padding=12)  # a batch takes a while to kill
    source = SourceConfig(name="wire", type="jsonl", path=wire)

    reference_url = f"sqlite:///{tmp_path / 'reference.db'}"
    reference_config = AppConfig(database_url=reference_url, rules_dir=tmp_path / "rules", sources=[source])
    with Store(reference_url) as store:  # screened, as `alerts run` and the workers screen
        screened = with_screening(extractor, reference_config, store)
        assert Pipeline(reference_config, store, screened).run_source(source).status == "ok"
    reference = alert_rows(reference_url)
    assert len(reference) > 10

    config_file = tmp_path / "config.yaml"
    config_file.write_text(
        f"database_url: '{postgres_url}'\nrules_dir: rules\n"
        "queue: {batch_size: 3, heartbeat_seconds: 0.5, stalled_after_seconds: 3, poll_seconds: 0.5}\n"
        f"sources:\n  - {{name: wire, type: jsonl, path: '{wire}'}}\n",
        encoding="utf-8",
    )
    config = load_config(config_file)
    assert config.queue == QueueConfig(batch_size=3, heartbeat_seconds=0.5, stalled_after_seconds=3, poll_seconds=0.5)
    with Store(postgres_url) as store, open_queue(config) as queue:
        result = Pipeline(config, store, queue=queue).run_source(source)
        assert result.status == "ok" and result.queued == ARTICLES and queue.waiting() == ARTICLES // 3

    logs = {name: tmp_path / f"worker-{name}.log" for name in ("a", "b")}
    workers = {name: start_worker(config_file, log) for name, log in logs.items()}
    engine = sa.create_engine(postgres_url)
    try:
        wait_for(lambda: all("waiting for jobs" in log.read_text() for log in logs.values()), 120, "both workers")

        def status_of(job_id: int) -> str | None:
            with engine.connect() as connection:
                return connection.execute(
                    sa.text("SELECT status FROM procrastinate_jobs WHERE id = :id"), {"id": job_id}
                ).scalar_one_or_none()

        def job_of_a_in_progress() -> int | None:
            started = STARTED.findall(logs["a"].read_text())
            return int(started[-1]) if started and status_of(int(started[-1])) == "doing" else None

        # Freeze worker a while its job is in progress (SIGSTOP, so the job cannot end between the check and
        # the kill), make sure it still is, then kill it.
        while True:
            killed_job = wait_for(job_of_a_in_progress, 120, "a batch in progress on worker a")
            workers["a"].send_signal(signal.SIGSTOP)
            if status_of(killed_job) == "doing":
                break
            workers["a"].send_signal(signal.SIGCONT)  # it ended just before the freeze: the next one
        workers["a"].send_signal(signal.SIGKILL)
        workers["a"].wait(30)

        def all_done() -> bool:
            with engine.connect() as connection:
                pending = connection.execute(
                    sa.text("SELECT count(*) FROM articles WHERE processed_at IS NULL")
                ).scalar_one()
                jobs = connection.execute(
                    sa.text("SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing')")
                ).scalar_one()
            return pending == 0 and jobs == 0

        wait_for(all_done, 180, "every article analysed")
        assert alert_rows(postgres_url) == reference

        # A reprocess through the same queue (the surviving worker does it): complete, and with the same
        # rules it adds and marks nothing.
        with Store(postgres_url) as store, open_queue(config) as queue:
            status = Reprocessor(store, queue=queue, batch_size=config.queue.batch_size).run("rules")
        assert status.finished and status.done == ARTICLES, (status, logs["b"].read_text()[-4000:])
    finally:
        for worker in workers.values():
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(60)
        engine.dispose()

    log_b = logs["b"].read_text()
    assert f"job {killed_job} of a stopped worker is back in the queue" in log_b, log_b
    assert re.search(rf"Starting job \S+\[{killed_job}\]", log_b), log_b  # the other worker did the killed batch
    assert workers["b"].returncode == 0, log_b  # SIGTERM: finished cleanly
    assert alert_rows(postgres_url) == reference


def test_the_scheduler_on_postgresql_stores_and_enqueues_without_loading_spacy(
    tmp_path: Path, repo_root: Path, postgres_url: str
) -> None:
    import threading

    from alerts.config import Schedule
    from alerts.scheduler import SchedulerService

    source = SourceConfig(
        name="wire", type="jsonl", path=write_articles(tmp_path / "wire.jsonl", 6), schedule=Schedule(interval="1s")
    )
    config = AppConfig(
        database_url=postgres_url, rules_dir=repo_root / "rules", sources=[source], queue=QueueConfig(batch_size=4)
    )
    Store(postgres_url).close()  # the schema, so that the polling below can start at once
    stop = threading.Event()
    service = SchedulerService(config, stop_event=stop)
    thread = threading.Thread(target=service.run, daemon=True)
    thread.start()
    engine = sa.create_engine(postgres_url)
    try:

        def runs_done() -> int:
            with engine.connect() as connection:
                return connection.execute(sa.text("SELECT count(*) FROM runs WHERE status = 'ok'")).scalar_one()

        wait_for(lambda: runs_done() >= 2, 60, "two scheduled runs")  # the second finds nothing new to queue
    finally:
        stop.set()
        thread.join(60)
    assert not thread.is_alive()
    assert service.pipeline is not None and service.pipeline.extractor is None and service.pipeline.queue is not None
    with engine.connect() as connection:
        jobs = (
            connection.execute(sa.text("SELECT args FROM procrastinate_jobs WHERE status = 'todo' ORDER BY id"))
            .scalars()
            .all()
        )
        unprocessed = connection.execute(
            sa.text("SELECT count(*) FROM articles WHERE processed_at IS NULL")
        ).scalar_one()
    engine.dispose()
    assert [len(job["article_ids"]) for job in jobs] == [4, 2] and unprocessed == 6  # queued once, analysed by nobody


def test_worker_concurrency_runs_processes_that_stop_together_on_sigterm(tmp_path: Path, postgres_url: str) -> None:
    from alerts.queue.app import ANALYSE_TASK, make_app

    assert make_app(postgres_url, QueueConfig(retries=3)).tasks[ANALYSE_TASK].retry_strategy.max_attempts == 3
    assert make_app(postgres_url, QueueConfig(retries=0)).tasks[ANALYSE_TASK].retry_strategy is None  # not endless
    Store(postgres_url).close()
    config_file = tmp_path / "config.yaml"
    config_file.write_text(f"database_url: '{postgres_url}'\nqueue: {{heartbeat_seconds: 0.5}}\n", encoding="utf-8")
    log = tmp_path / "workers.log"
    with log.open("wb") as output:
        parent = subprocess.Popen(
            [sys.executable, "-m", "alerts", "worker", "--concurrency", "2", "--config", str(config_file)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        engine = sa.create_engine(postgres_url)

        def registered() -> int:
            with engine.connect() as connection:
                return connection.execute(sa.text("SELECT count(*) FROM procrastinate_workers")).scalar_one()

        wait_for(lambda: registered() == 2, 120, "two worker processes registered")
        parent.send_signal(signal.SIGTERM)
        assert parent.wait(60) == 0
        assert registered() == 0  # both unregistered: they stopped cleanly, not killed
        engine.dispose()
    finally:
        if parent.poll() is None:
            parent.kill()
