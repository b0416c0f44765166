"""Every kind of bad article, mixed with good ones, through a real storing run (folder and JSONL sources).

Small sizes here (benchmarks/fuzz.py runs them at 5 MB): the promise checked is the same. No traceback, the
run completes, every good article is analysed, every bad one is analysed or quarantined with its reason, and
article text shown in a terminal carries no escape sequence.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alerts.analyzer import Analyzer
from alerts.cli import app
from alerts.config import AppConfig, SourceConfig
from alerts.errors import AnalysisBudgetExceeded
from alerts.model import Article
from alerts.pipeline import Pipeline
from alerts.rulebook import RuleBook
from storage import Store

from hostile_articles import bad_files, bad_lines, check_corpus, write_corpus

SCALE = 0.02  # 100 KB texts, 2,000 levels of nesting: every code path of the full-size kinds, in seconds


@pytest.fixture()
def project(tmp_path: Path, repo_root: Path) -> AppConfig:
    inbox, dump = tmp_path / "inbox", tmp_path / "dump.jsonl"
    write_corpus(inbox, dump, bad_files(SCALE), bad_lines(SCALE))
    return AppConfig(
        database_url=f"sqlite:///{tmp_path / 'alerts.db'}",
        rules_dir=repo_root / "rules",
        base_dir=tmp_path,
        sources=[
            SourceConfig(name="inbox", type="folder", path=inbox),
            SourceConfig(name="dump", type="jsonl", path=dump),
        ],
    )


def test_bad_articles_in_a_storing_run_are_analysed_or_quarantined_and_good_ones_go_on(
    project: AppConfig, extractor, tmp_path: Path
) -> None:
    with Store(project.database_url) as store:
        pipeline = Pipeline(project, store, extractor)
        results = [pipeline.run_source(source) for source in project.sources]
        corpus = check_corpus(store, tmp_path / "inbox", tmp_path / "dump.jsonl", bad_files(SCALE), bad_lines(SCALE))
        again = [pipeline.run_source(source) for source in project.sources]  # idempotent: nothing new
    assert [(r.status, r.error) for r in results] == [("ok", None), ("ok", None)]
    assert corpus.failures == []
    assert "binary" in corpus.results["binary.txt"] and "10,000,000-byte limit" in corpus.results["huge.txt"]
    assert (
        "nested" in corpus.results["jsonl-nested"] and "'url' must be a string" in corpus.results["jsonl-numeric-url"]
    )
    assert sum(r.counts.articles_new for r in again) == 0


def test_no_escape_sequence_from_an_article_reaches_the_terminal(project: AppConfig, extractor, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    for path in inbox.iterdir():  # the escape sequences alone, for speed
        if path.name != "osc-title.txt":
            path.unlink()
    with Store(project.database_url) as store:
        Pipeline(project, store, extractor).run_source(project.sources[0])
        osc = next(s for s in store.list_articles() if s.article.origin.endswith("osc-title.txt"))
        alert_ids = {a.id for a in store.list_alerts(limit=None)}
    config = tmp_path / "config.yaml"
    config.write_text(f"database_url: {project.database_url}\nrules_dir: {project.rules_dir}\n", encoding="utf-8")
    assert "\x1b" in (osc.article.title or "")  # stored as written: only its display is cleaned
    outputs = [
        CliRunner().invoke(app, ["show", str(alert_id), "--config", str(config)]).output for alert_id in alert_ids
    ]
    analysed = CliRunner().invoke(
        app, ["analyze", str(tmp_path / "inbox" / "osc-title.txt"), "--format", "table", "--config", str(config)]
    )
    assert analysed.exit_code == 0 and "Shells" in analysed.output and "owned terminal" not in analysed.output
    assert outputs and all("Shells" in output for output in outputs)  # the title is shown, cleaned
    for output in [*outputs, analysed.output]:
        assert "\x1b]" not in output and "\x1b[2J" not in output and "\x07" not in output


def test_an_article_over_its_time_budget_is_quarantined_and_the_batch_goes_on(extractor, repo_root: Path) -> None:
    analyzer = Analyzer(extractor, RuleBook(repo_root / "rules").reload(), article_seconds=1e-9)
    long = Article(id="long", text="North Korea shipped shells to Russia by rail, officials said. " * 50)
    empty = Article(id="calm", text="The council approved a budget for parks.")
    results = list(analyzer.analyze_many([long, empty]))
    assert isinstance(results[0].error, AnalysisBudgetExceeded)
    assert results[0].error.reason.startswith("exceeded analysis budget") and results[0].indicators == []
    assert results[1].article is empty


def test_chunks_stay_bounded_and_cover_the_article(extractor) -> None:
    from alerts.extract.budget import MAX_TOKEN_CHARS, bounded_chunks
    from alerts.extract.prefilter import Chunk

    text = ("Missiles went to Russia. " * 2_000) + "x" * (MAX_TOKEN_CHARS + 5) + " missiles" + " word" * 3_000
    pieces = list(bounded_chunks(text, [Chunk(0, len(text))], 5_000))
    assert all(0 < piece.end - piece.start <= 5_000 for piece in pieces)
    assert all(a.end <= b.start for a, b in itertools.pairwise(pieces))
    assert "x" * (MAX_TOKEN_CHARS + 1) not in "".join(text[p.start : p.end] for p in pieces)
    covered = sum(piece.end - piece.start for piece in pieces)
    assert covered >= len(text) - (MAX_TOKEN_CHARS + 5) - len(pieces)  # only whitespace at the cuts is left out
