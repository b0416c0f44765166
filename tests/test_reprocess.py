"""`alerts reprocess` in process (SQLite and PostgreSQL): it adds and marks exactly what `rules replay`
predicted, keeps triage, changes nothing when repeated, and resumes after a stop; a killed run's `running`
row is marked interrupted by the next run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from alerts.batch import BatchAnalyser
from alerts.config import AppConfig, SourceConfig
from alerts.pipeline import Pipeline
from alerts.replay_stored import replay_stored
from alerts.reprocess import Reprocessor
from alerts.rulebook import RuleBook
from alerts.rules import load_rule_pack
from storage import Store

from queue_corpus import write_articles

UKRAINE_RULE = """\
id: ukraine-deliveries
title: Arms delivered to Ukraine
description: Deliveries to Ukraine, watched by this test's analysts.
severity: medium
tags: [indicator.arms_transfer]
when:
  type: arms_transfer
  recipient: UA
dedupe:
  key: [supplier, recipient]
  window: 7d
"""


@pytest.fixture()
def stored(tmp_path: Path, repo_root: Path, database_url: str, extractor):
    """A database after one storing run over 16 small articles, with its own copy of the rule pack."""
    shutil.copytree(repo_root / "rules", tmp_path / "rules")
    source = SourceConfig(name="wire", type="jsonl", path=write_articles(tmp_path / "wire.jsonl", 16))
    config = AppConfig(database_url=database_url, rules_dir=tmp_path / "rules", sources=[source])
    with Store(database_url) as store:
        result = Pipeline(config, store, extractor).run_source(source)
        assert result.status == "ok" and result.counts.articles_new == 16
        yield config, store


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Every row that a reprocess could touch, ids and all."""
    with store.engine.connect() as connection:
        return {
            table: sorted(tuple(row) for row in connection.execute(sa.text(f"SELECT * FROM {table}")))
            for table in ("indicators", "alerts", "alert_articles", "alert_audit", "suppressions")
        }


def live_matches(store: Store) -> set[tuple[str, str, str]]:
    """(article's external id, rule, key) of every match the stored alerts rest on and that has not vanished."""
    external = {stored.id: stored.article.id for stored in store.list_articles()}
    return {(external[m.article_id], m.rule_id, m.dedupe_key) for m in store.stored_matches() if not m.suppressed}


def test_a_rules_only_reprocess_adds_and_marks_what_replay_predicted_and_keeps_triage(stored) -> None:
    config, store = stored
    visit = next(alert for alert in store.list_alerts(limit=None) if alert.rule_id == "high-level-visit-embargoed")
    store.set_status([visit.id], "acknowledged", actor="ana", note="seen; a routine visit")
    before_matches, audit_before = live_matches(store), store.audit_trail(visit.id)

    (config.rules_dir / "high-level-visit-embargoed.yaml").unlink()
    (config.rules_dir / "ukraine-deliveries.yaml").write_text(UKRAINE_RULE, encoding="utf-8")
    prediction = replay_stored(store, load_rule_pack(config.rules_dir), since=timedelta(days=1))
    predicted_added = {(c.article_id, c.rule_id, c.dedupe_key) for c in prediction.changes if c.change == "added"}
    predicted_removed = {(c.article_id, c.rule_id, c.dedupe_key) for c in prediction.changes if c.change == "removed"}
    assert predicted_added and predicted_removed  # the edit matters, or this test would prove nothing

    started = datetime.now(UTC)
    analyser = BatchAnalyser(store, RuleBook(config.rules_dir))  # no extractor: --rules-only needs no spaCy
    status = Reprocessor(store, analyser=analyser, batch_size=5).run("rules")
    assert status.finished and not status.resumed and status.done == 16
    after_matches = live_matches(store)
    assert after_matches - before_matches == predicted_added
    assert before_matches - after_matches == predicted_removed
    external = {s.id: s.article.id for s in store.list_articles()}
    assert {(external[a], rule, key) for a, rule, key in store.vanished_matches(since=started)} == predicted_removed

    kept = store.get_alert(visit.id)
    assert kept.alert.status == "acknowledged"  # triage untouched, history kept (nothing deleted)
    assert store.audit_trail(visit.id) == audit_before
    with store.engine.connect() as connection:
        vanished = connection.execute(sa.text("SELECT vanished_at FROM alerts WHERE id = :id"), {"id": visit.id})
        assert vanished.scalar_one() is not None

    # The same batch saved again (a job run twice) and a second full reprocess change nothing.
    frozen = snapshot(store)
    reprocess_id = status.reprocess.id
    analyser.process([s.id for s in store.list_articles()], "rules", reprocess_id)
    assert snapshot(store) == frozen
    again = Reprocessor(store, analyser=analyser, batch_size=5).run("rules")
    assert again.reprocess.id != reprocess_id and again.finished
    assert snapshot(store) == frozen


def test_a_stopped_re_extraction_resumes_where_it_stopped(stored, extractor) -> None:
    config, store = stored
    frozen = snapshot(store)
    stop = threading.Event()
    seen: list[int] = []

    def stop_after_first_batch(status) -> None:
        seen.append(status.done)
        stop.set()

    analyser = BatchAnalyser(store, RuleBook(config.rules_dir), extractor)
    first = Reprocessor(store, analyser=analyser, batch_size=4, stop_event=stop).run(
        "extract", on_status=stop_after_first_batch
    )
    assert not first.finished and first.done == 4 and seen == [4]

    second = Reprocessor(store, analyser=analyser, batch_size=4).run("extract")
    assert second.resumed and second.reprocess.id == first.reprocess.id
    assert second.finished and second.done == 16
    assert store.get_reprocess(first.reprocess.id).finished_at is not None
    assert snapshot(store) == frozen  # same extractor, same rules: re-extraction finds exactly what was stored


def test_a_run_left_running_by_a_killed_process_is_marked_interrupted_by_the_next_run(
    tmp_path: Path, database_url: str, extractor
) -> None:
    script = (
        "import os, signal, sys\n"
        "from storage import Store\n"
        "store = Store(sys.argv[1])\n"
        "store.start_run('wire')\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    killed = subprocess.run([sys.executable, "-c", script, database_url], timeout=60)
    assert killed.returncode == -signal.SIGKILL
    with Store(database_url) as store:
        assert [run.status for run in store.list_runs()] == ["running"]
        source = SourceConfig(name="wire", type="jsonl", path=write_articles(tmp_path / "wire.jsonl", 2))
        config = AppConfig(database_url=database_url, sources=[source], rules_dir=tmp_path / "no-rules")
        Pipeline(config, store, extractor).run_source(source)
        runs = store.list_runs()
    assert [run.status for run in runs] == ["ok", "interrupted"]
    assert runs[1].error == "the process running it stopped" and runs[1].pid != os.getpid()


def test_the_reprocess_and_worker_commands_on_sqlite(
    tmp_path: Path, repo_root: Path, sqlite_url: str, extractor
) -> None:
    from typer.testing import CliRunner

    from alerts.cli import app

    shutil.copytree(repo_root / "rules", tmp_path / "rules")
    source = SourceConfig(name="wire", type="jsonl", path=write_articles(tmp_path / "wire.jsonl", 6))
    with Store(sqlite_url) as store:
        Pipeline(
            AppConfig(database_url=sqlite_url, rules_dir=tmp_path / "rules", sources=[source]), store, extractor
        ).run_source(source)
    config_file = tmp_path / "config.yaml"
    config_file.write_text(f"database_url: '{sqlite_url}'\nrules_dir: rules\n", encoding="utf-8")
    runner = CliRunner()

    done = runner.invoke(app, ["reprocess", "--all", "--rules-only", "--config", str(config_file)])
    assert done.exit_code == 0, done.output
    assert "reprocess #1 (rules): 6 done, 0 to go" in done.stdout and "(started)" in done.stdout
    since = runner.invoke(app, ["reprocess", "--since", "2000-01-01", "--rules-only", "--config", str(config_file)])
    assert since.exit_code == 0 and "reprocess #2 (rules): 6 done, 0 to go" in since.stdout

    neither = runner.invoke(app, ["reprocess", "--config", str(config_file)])
    assert neither.exit_code == 2 and "give either --since DATE or --all" in neither.output
    bad_date = runner.invoke(app, ["reprocess", "--since", "last week", "--config", str(config_file)])
    assert bad_date.exit_code == 2 and "--since 'last week': give a date like 2026-01-31" in bad_date.output
    worker = runner.invoke(app, ["worker", "--config", str(config_file)])
    assert worker.exit_code == 2 and "`alerts worker` needs a PostgreSQL database_url" in worker.output


def test_a_re_extraction_marks_indicators_and_alerts_the_extractor_no_longer_finds(stored, extractor) -> None:
    from storage_factories import match, transfer

    config, store = stored
    harvest = next(s for s in store.list_articles() if s.article.id == "wire-0003")  # yields nothing
    invented = transfer("KP", "SY")  # as an older, worse extractor might have found
    outcome = store.save_analysis(harvest.id, [invented], [match("KP>SY")])
    assert outcome.indicators_new == 1 and outcome.alerts_new == 1
    alert_id = outcome.new_alert_ids[0]
    store.set_status([alert_id], "dismissed", actor="ana", outcome="false_positive", note="no such shipment")

    analyser = BatchAnalyser(store, RuleBook(config.rules_dir), extractor)
    assert Reprocessor(store, analyser=analyser, batch_size=8).run("extract").finished

    assert store.article_indicators(harvest.id) == []  # the invented indicator is no longer current...
    with store.engine.connect() as connection:
        marks = connection.execute(
            sa.text(
                "SELECT i.vanished_at, l.vanished_at, a.vanished_at, a.status FROM indicators i "
                "JOIN alert_articles l ON l.article_id = i.article_id JOIN alerts a ON a.id = l.alert_id "
                "WHERE i.article_id = :id"
            ),
            {"id": harvest.id},
        ).one()
    assert None not in marks[:3] and marks[3] == "dismissed"  # ...but kept, marked, and triage untouched
    assert store.vanished_matches() == [(harvest.id, "arms-to-embargoed", "KP>SY")]
