"""`alerts quarantine retry`: quarantined bytes read again; what reads is stored and analysed (real spaCy, real rules)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alerts.analyzer import Analyzer
from alerts.cli import app
from alerts.model import Article
from alerts.quarantine_retry import retry_quarantined
from storage import Store

from review_data import SEED_TEXT


def no_analyzer() -> Analyzer:
    raise AssertionError("nothing read, so the spaCy pipeline must not be loaded")


@pytest.fixture()
def store(sqlite_url: str):
    with Store(sqlite_url) as opened:
        yield opened


def entries(store: Store) -> list:
    return [store.get_quarantine(e.id) for e in store.list_quarantine(include_resolved=True, limit=None)]


def test_still_unreadable_inputs_stay_with_one_more_attempt(store: Store) -> None:
    bad_json = store.quarantine("dump.jsonl:7", "dump", "invalid JSON (Expecting value, column 1)", '{"id": 1, text}')
    binary = store.quarantine("seeds/photo.txt", "seeds", "binary content (NUL bytes), not a text article", b"\x00\x01")
    feed = store.quarantine("https://wire.example/rss [k1]", "wire", "feed entry has no title and no text", "{}")
    outcomes = retry_quarantined(store, [store.get_quarantine(i) for i in (bad_json, binary, feed)], no_analyzer)
    assert [o.resolved for o in outcomes] == [False, False, False]
    assert "invalid JSON" in outcomes[0].detail
    assert "binary content" in outcomes[1].detail
    assert "its feed's next run" in outcomes[2].detail
    assert {e.id: e.attempts for e in entries(store)} == {bad_json: 2, binary: 2, feed: 2}
    assert store.list_alerts(limit=None) == []


def test_content_already_stored_and_analysed_resolves_without_spacy(store: Store) -> None:
    row_id, _ = store.ingest(Article("a", "Title\nSome text that was read fine later.", origin="seeds/a.txt"))
    store.save_analysis(row_id, [], [])
    entry = store.quarantine("seeds/a.txt", "seeds", "empty article", b"Title\nSome text that was read fine later.")
    [outcome] = retry_quarantined(store, [store.get_quarantine(entry)], no_analyzer)
    assert outcome.resolved and f"article {row_id}" in outcome.detail
    assert store.list_quarantine() == []


def test_truncated_content_is_not_guessed_at(store: Store) -> None:
    entry = store.quarantine("seeds/huge.txt", "seeds", "article is too big", b"x" * 1_000_050)
    [outcome] = retry_quarantined(store, [store.get_quarantine(entry)], no_analyzer)
    assert not outcome.resolved and "were kept" in outcome.detail


def test_a_failed_analysis_is_redone_with_the_real_pipeline(store: Store, extractor, repo_root: Path) -> None:
    from alerts.rulebook import RuleBook

    seed = Article("lavrov", SEED_TEXT, "Lavrov arrives in Pyongyang", origin="seeds/lavrov.txt", source="seeds")
    row_id, _ = store.ingest(seed)
    store.mark_failed(row_id, "extractor error: MemoryError")
    entry = store.quarantine("seeds/lavrov.txt", "seeds", "extractor error: MemoryError", SEED_TEXT)
    line = json.dumps({"id": "dump-1", "text": SEED_TEXT.replace("Wednesday", "Thursday"), "source": "dump"})
    jsonl = store.quarantine("dump.jsonl:3", "dump", "invalid JSON (truncated by a crash)", line)

    outcomes = retry_quarantined(
        store,
        [store.get_quarantine(entry), store.get_quarantine(jsonl)],
        lambda: Analyzer(extractor, RuleBook(repo_root / "rules").reload()),
    )
    assert [o.resolved for o in outcomes] == [True, True]
    assert outcomes[0].alerts_new > 0
    assert store.get_article(row_id).processed_at is not None and store.get_article(row_id).failed_at is None
    assert store.list_quarantine() == []
    severities = {alert.severity for alert in store.list_alerts(limit=None)}
    assert "critical" in severities  # KP -> RU arms transfer, asserted
    assert store.unprocessed_articles() == []


def test_cli_retry_reports_each_entry_and_exits_1_when_some_still_fail(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALERTS_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("COLUMNS", "160")
    config = tmp_path / "config.yaml"
    config.write_text("rules_dir: rules\n", encoding="utf-8")
    with Store(sqlite_url) as store:
        bad = store.quarantine("dump.jsonl:9", "dump", "invalid JSON", "{oops")
        row_id, _ = store.ingest(Article("done", "Done\nAlready analysed text.", origin="x.txt"))
        store.save_analysis(row_id, [], [])
        fine = store.quarantine("x.txt", "files", "extractor error: boom", "Done\nAlready analysed text.")
    runner = CliRunner()
    result = runner.invoke(app, ["quarantine", "retry", "--config", str(config)])
    assert result.exit_code == 2 and "--all" in result.output
    result = runner.invoke(app, ["quarantine", "retry", "--all", "--config", str(config)])
    assert result.exit_code == 1
    assert f"#{bad} dump.jsonl:9: still quarantined: still unreadable: invalid JSON" in result.output
    assert f"#{fine} x.txt: resolved: already stored and analysed" in result.output
    result = runner.invoke(app, ["quarantine", "list", "--config", str(config)])
    assert "dump.jsonl:9" in result.output and "x.txt" not in result.output
