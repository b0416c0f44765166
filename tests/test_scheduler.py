"""The scheduler for real: APScheduler's BlockingScheduler with one-second intervals over real sources and a
SQLite file, SIGTERM to a scheduler in another process, and the database lease between two schedulers.

Waits poll the database with a generous deadline (a liveness bound, not a speed assertion).
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from pydantic import ValidationError

from alerts.config import AppConfig, Schedule, load_config
from alerts.errors import ConfigError
from alerts.scheduler import LEASE_NAME, SchedulerLeaseError, build_trigger, run_scheduler
from storage import Store

LIVENESS = 120.0  # seconds: only reached if the scheduler is broken


def wait_for(condition: Callable[[], bool], what: str, timeout: float = LIVENESS) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.2)


def make_config(tmp_path: Path, repo_root: Path, sources: str, lease_ttl: str = "2m") -> AppConfig:
    """A config.yaml in tmp_path with its own copy of the rule pack and a SQLite file beside it."""
    shutil.copytree(repo_root / "rules", tmp_path / "rules")
    (tmp_path / "config.yaml").write_text(
        textwrap.dedent(
            f"""\
            database_url: sqlite:///alerts.db
            rules_dir: rules
            schedule: {{interval: 1s}}
            lease_ttl: {lease_ttl}
            sources:
            """
        )
        + textwrap.indent(textwrap.dedent(sources), "  ")
    )
    return load_config(tmp_path / "config.yaml")


def seed_inbox(inbox: Path, repo_root: Path, names: tuple[str, ...]) -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(repo_root / "seeds" / name, inbox / name)


def already_stopped() -> threading.Event:
    """A stop event already set: a scheduler that wrongly gets the lease returns at once instead of running on."""
    stop = threading.Event()
    stop.set()
    return stop


def runs_of(config: AppConfig, source: str | None = None) -> list:
    with Store(config.database_url) as store:
        return list(reversed(store.list_runs(limit=1000, source=source)))  # oldest first


class SchedulerThread:
    """run_scheduler in a thread of this process (signals are the subprocess test's business)."""

    def __init__(self, config: AppConfig, extractor) -> None:
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._main, args=(config, extractor), daemon=True)

    def _main(self, config: AppConfig, extractor) -> None:
        try:
            run_scheduler(config, self.stop, extractor=extractor, handle_signals=False)
        except BaseException as error:  # noqa: BLE001 - handed to the test
            self.error = error

    def __enter__(self) -> SchedulerThread:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop.set()
        self.thread.join(LIVENESS)
        assert not self.thread.is_alive(), "the scheduler did not stop"


def test_interval_jobs_record_runs_and_a_failing_source_does_not_stop_the_others(
    tmp_path: Path, repo_root: Path, extractor
) -> None:
    inbox = tmp_path / "inbox"
    seed_inbox(inbox, repo_root, ("lavrov-pyongyang-efe.txt", "phone-launch.txt"))
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        json.dumps({"id": "d1", "text": (repo_root / "seeds" / "eu-sanctions-myanmar.txt").read_text()}) + "\n"
    )
    config = make_config(
        tmp_path,
        repo_root,
        """\
        - {name: inbox, type: folder, path: inbox}
        - {name: dump, type: jsonl, path: dump.jsonl, schedule: {interval: 2s}}
        - {name: down, type: feed, url: "http://127.0.0.1:9/rss", retries: 0, timeout: 1, allow_private_networks: true}
        - {name: off, type: folder, path: inbox, enabled: false}
        """,
    )

    with SchedulerThread(config, extractor) as scheduler:
        wait_for(lambda: len([r for r in runs_of(config, "inbox") if r.status == "ok"]) >= 3, "three inbox runs")
        (inbox / "late.txt").write_text((repo_root / "seeds" / "iran-drones-houthis.txt").read_text())
        with dump.open("a") as handle:
            handle.write(json.dumps({"id": "d2", "text": "Germany delivered tanks to Ukraine."}) + "\n")
        wait_for(lambda: sum(r.articles_new for r in runs_of(config, "inbox")) == 3, "the late file")
        wait_for(lambda: sum(r.articles_new for r in runs_of(config, "dump")) == 2, "the appended line")
        wait_for(lambda: len(runs_of(config, "down")) >= 2, "a second try of the failing feed")
    assert scheduler.error is None

    inbox_runs = runs_of(config, "inbox")
    assert {run.status for run in inbox_runs} == {"ok"}
    assert inbox_runs[0].articles_new == 2 and inbox_runs[0].alerts_new >= 1
    assert inbox_runs[1].articles_new == 0 and inbox_runs[1].articles_seen == 0  # unchanged files are not read
    assert {run.status for run in runs_of(config, "down")} == {"failed"}
    assert all("source down:" in run.error and "connection failed" in run.error for run in runs_of(config, "down"))
    assert runs_of(config, "off") == []
    with Store(config.database_url) as store:
        assert store.lease_holder(LEASE_NAME) is None  # released on shutdown
        assert len(store.list_articles()) == 5
        assert store.unprocessed_articles() == []


def test_a_second_alerts_schedule_is_refused_and_sigterm_stops_the_first_cleanly(
    tmp_path: Path, repo_root: Path, extractor
) -> None:
    inbox = tmp_path / "inbox"
    seed_inbox(inbox, repo_root, tuple(path.name for path in (repo_root / "seeds").glob("*.txt")))
    for copy in range(12):  # enough distinct articles that SIGTERM may well land in the middle of a run
        for path in sorted((repo_root / "seeds").glob("*.txt")):
            (inbox / f"copy{copy}-{path.name}").write_text(path.read_text() + f"\n\nEdition {copy}.")
    config = make_config(tmp_path, repo_root, "- {name: inbox, type: folder, path: inbox}\n")
    command = [sys.executable, "-m", "alerts", "schedule", "--config", str(tmp_path / "config.yaml")]
    process = subprocess.Popen(command, cwd=repo_root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: process.poll() is not None or len(runs_of(config, "inbox")) >= 1, "the first run to start")
        assert process.poll() is None, process.communicate()

        second = subprocess.run(command, cwd=repo_root, capture_output=True, text=True, timeout=LIVENESS)
        assert second.returncode == 2, second.stderr
        message = " ".join(second.stderr.split())  # the console may wrap a long line
        assert "another scheduler is running on this database" in message
        assert f"pid {process.pid}" in message and "host " in message

        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=LIVENESS)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert "SIGTERM received" in stderr and "lease released" in stderr

    with Store(config.database_url) as store:
        assert store.lease_holder(LEASE_NAME) is None
        statuses = [run.status for run in store.list_runs()]
        assert "running" not in statuses and set(statuses) <= {"ok", "interrupted"}
        stored = len(store.list_articles())

    # The lease is free: a new scheduler takes over and finishes whatever the interrupted run left.
    with SchedulerThread(config, extractor) as scheduler:
        wait_for(
            lambda: runs_of(config, "inbox")[-1].status == "ok" and len(runs_of(config, "inbox")) > len(statuses),
            "a complete run after the restart",
        )
    assert scheduler.error is None
    with Store(config.database_url) as store:
        assert store.unprocessed_articles() == []
        assert len(store.list_articles()) == len(list((repo_root / "seeds").glob("*.txt"))) * 13 >= stored


def test_a_live_lease_refuses_and_a_stale_one_is_taken_over(
    tmp_path: Path, repo_root: Path, extractor, database_url: str
) -> None:
    """On a SQLite file and on PostgreSQL."""
    seed_inbox(tmp_path / "inbox", repo_root, ("phone-launch.txt",))
    config = make_config(tmp_path, repo_root, "- {name: inbox, type: folder, path: inbox}\n")
    config = config.model_copy(update={"database_url": database_url})
    with Store(config.database_url) as store:
        assert store.acquire_lease(LEASE_NAME, "desk-server:4242", ttl=timedelta(minutes=10))
    with pytest.raises(SchedulerLeaseError, match="host desk-server, pid 4242"):
        run_scheduler(config, already_stopped(), extractor=extractor, handle_signals=False)
    assert runs_of(config) == []

    with Store(config.database_url) as store:
        store.release_lease(LEASE_NAME, "desk-server:4242")
        an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
        assert store.acquire_lease(LEASE_NAME, "crashed-host:7", ttl=timedelta(minutes=10), now=an_hour_ago)
    with SchedulerThread(config, extractor) as scheduler:
        wait_for(lambda: any(run.status == "ok" for run in runs_of(config)), "a run under the taken-over lease")
    assert scheduler.error is None
    with Store(config.database_url) as store:
        assert store.lease_holder(LEASE_NAME) is None


def test_a_scheduler_that_loses_its_lease_stops(tmp_path: Path, repo_root: Path, extractor) -> None:
    seed_inbox(tmp_path / "inbox", repo_root, ("phone-launch.txt",))
    config = make_config(tmp_path, repo_root, "- {name: inbox, type: folder, path: inbox}\n", lease_ttl="3s")
    with SchedulerThread(config, extractor) as scheduler:
        wait_for(lambda: any(run.status == "ok" for run in runs_of(config)), "a first run")
        with Store(config.database_url) as store:
            holder = store.lease_holder(LEASE_NAME).holder
            store.release_lease(LEASE_NAME, holder)  # as if it had expired and been taken over
            assert store.acquire_lease(LEASE_NAME, "usurper:1", ttl=timedelta(minutes=10))
        scheduler.thread.join(LIVENESS)
        assert not scheduler.thread.is_alive(), "the scheduler kept running without its lease"
    with Store(config.database_url) as store:
        assert store.lease_holder(LEASE_NAME).holder == "usurper:1"  # not released by the loser


def test_triggers_from_the_config() -> None:
    interval = build_trigger(Schedule(interval="15m"), "source x")
    assert isinstance(interval, IntervalTrigger) and interval.interval == timedelta(minutes=15)
    assert isinstance(build_trigger(Schedule(cron="*/5 6-18 * * mon-fri"), "source x"), CronTrigger)
    with pytest.raises(ValidationError, match="cron '61 \\* \\* \\* \\*'"):
        Schedule(cron="61 * * * *")
    with pytest.raises(ValidationError, match="needs `interval` or `cron`"):
        Schedule()


def test_a_bad_cron_fails_when_the_config_loads(tmp_path: Path, repo_root: Path) -> None:
    seed_inbox(tmp_path / "inbox", repo_root, ("phone-launch.txt",))
    with pytest.raises(ConfigError, match=r"config.yaml:\d+:\d+: sources\[0\].schedule.cron: cron '0 25 \* \* \*'"):
        make_config(tmp_path, repo_root, "- {name: inbox, type: folder, path: inbox, schedule: {cron: '0 25 * * *'}}\n")


def test_rules_are_reloaded_before_each_run_and_a_broken_edit_keeps_the_last_good_set(
    tmp_path: Path, repo_root: Path, extractor
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = make_config(tmp_path, repo_root, "- {name: inbox, type: folder, path: inbox}\n")
    rule_file = tmp_path / "rules" / "high-level-visit-embargoed.yaml"
    good = rule_file.read_text()

    def visit_alerts() -> dict[str, tuple[str, str]]:
        with Store(config.database_url) as store:
            found = store.list_alerts(rule="high-level-visit-embargoed", limit=None)
        return {alert.dedupe_key: (alert.severity, alert.rule_version) for alert in found}

    def drop(name: str, text: str) -> None:
        (inbox / f".{name}").write_text(text)
        (inbox / f".{name}").rename(inbox / name)  # written aside, then renamed: never read half-written

    with SchedulerThread(config, extractor) as scheduler:
        wait_for(lambda: any(run.status == "ok" for run in runs_of(config)), "a first run")

        rule_file.write_text("id: high-level-visit-embargoed\ntitle: [unclosed\nseverity: low\n")
        drop(
            "iran.txt",
            "Iranian Foreign Minister Hossein Amir-Abdollahian arrived in Pyongyang for talks with "
            "North Korean officials.",
        )
        wait_for(lambda: len(visit_alerts()) == 1, "the visit alert under the last good rule set")
        ((severity, first_version),) = visit_alerts().values()
        assert severity == "low"

        rule_file.write_text(good.replace("severity: low", "severity: medium"))
        drop(
            "china.txt", "Chinese Foreign Minister Wang Yi arrived in Pyongyang for talks with North Korean officials."
        )
        wait_for(lambda: len(visit_alerts()) == 2, "the visit alert under the edited rule")
    assert scheduler.error is None

    by_severity = {severity: version for severity, version in visit_alerts().values()}
    assert by_severity["low"] == first_version
    assert "medium" in by_severity and by_severity["medium"] != first_version
    assert {run.status for run in runs_of(config)} == {"ok"}
