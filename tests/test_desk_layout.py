"""The review desk at the widths analysts use: every value whole at 80 and 120 columns, nothing cut or dropped.

Rendered through the real CLI (Typer's CliRunner) with $COLUMNS set, as Rich renders it in a terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alerts.cli import app
from alerts.model import Article
from storage import Store

from review_data import MIRROR_TEXT, match, populate, transfer

LONG_TITLE = "Arms transfer to or from an embargoed party, reported as possible by an unnamed official"
LONG_RULE = "arms-transfer-embargoed-speculative"
JOIN_RULE = "visit-with-cooperation-embargoed"
JOIN_KEY = "visit.host_state=KP|coop.parties=KP+RU"
NOTE = "Checked against the rail imagery from the second source; consistent with the deliveries seen in October."
SNOOZE_NOTE = "noisy while the panel report is in the news"
ENDED_NOTE = "ended early once the story moved on"


@dataclass
class World:
    config: Path
    now: datetime
    long_id: int
    join_id: int
    many_id: int


@pytest.fixture()
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.delenv("ALERTS_DATABASE_URL", raising=False)
    config = tmp_path / "config.yaml"
    config.write_text("database_url: sqlite:///desk.db\nrules_dir: rules\n", encoding="utf-8")
    (tmp_path / "rules").mkdir()
    now = datetime.now(UTC).replace(microsecond=0)
    with Store(f"sqlite:///{tmp_path / 'desk.db'}") as store:
        populate(store, now=now)
        long_id = _alert(store, "long", LONG_RULE, "supplier=KP|recipient=RU", LONG_TITLE, now - timedelta(hours=5))
        join_id = _alert(store, "join", JOIN_RULE, JOIN_KEY, "Visit with cooperation", now - timedelta(hours=4))
        many_id = 0
        for number in range(7):
            many_id = _alert(
                store,
                f"wire-{number}",
                "kp-ru-wire",
                "supplier=KP|recipient=RU",
                "Wire story",
                now - timedelta(hours=3, minutes=number),
            )
        store.set_status([long_id], "acknowledged", "ann", note=NOTE, outcome="confirmed", now=now)
        store.snooze("sanctions-violation", None, now + timedelta(days=30), "ann", SNOOZE_NOTE, now=now)
        ended = store.snooze(
            LONG_RULE,
            "supplier=IR|recipient=RU",
            now + timedelta(days=2),
            "bob",
            ENDED_NOTE,
            now=now - timedelta(days=1),
        )
        store.end_snooze(ended.id, now=now - timedelta(hours=1))
    return World(config, now, long_id, join_id, many_id)


def _alert(store: Store, name: str, rule: str, key: str, title: str, at: datetime) -> int:
    article = Article(
        name, MIRROR_TEXT + f" ({name})", f"Article {name}", f"https://{name}.example/a", source=name, origin=name
    )
    article_id, _ = store.ingest(article, now=at)
    indicator = transfer(article.text, "Satellite images", "shipped", "KP", "RU")
    outcome = store.save_analysis(article_id, [indicator], [match(rule, "medium", key, (0,), title)], now=at)
    return (outcome.new_alert_ids or outcome.corroborated_alert_ids)[0]


def run(world: World, monkeypatch: pytest.MonkeyPatch, columns: int, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = CliRunner().invoke(app, [*args, "--config", str(world.config)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    if "--wide" not in args:
        assert max(len(line) for line in lines) <= columns, "a line is wider than the terminal"
    assert "…" not in result.output, "a value was cut short"
    return result.output


def column(output: str, header: str) -> str:
    """The text of the table column headed `header` and of every column right of it, whitespace collapsed."""
    lines = output.splitlines()
    top = next(number for number, line in enumerate(lines) if header in line)
    start = lines[top].index(header)
    return " ".join(" ".join(line[start:].split()) for line in lines[top + 1 :] if len(line) > start)


def flat(output: str) -> str:
    return " ".join(output.split())


@pytest.mark.parametrize("columns", [80, 120])
def test_list_shows_every_value_whole(world, monkeypatch, columns):
    output = run(world, monkeypatch, columns, "list")
    right = column(output, "title, rule, key, raised")
    for value in (
        LONG_TITLE,
        f"rule: {LONG_RULE}",
        f"rule: {JOIN_RULE}",
        f"key: {JOIN_KEY}",
        "key: supplier=KP|recipient=RU",
        "rule: arms-transfer-any",
        "key: DE>UA",
    ):
        assert value in right, value
    for value in (
        f"#{world.long_id}",
        "acknowledged",
        "(confirmed)",
        "critical",
        "info",
        "2 publishers",
        "1 publisher",
    ):
        assert re.search(rf"(^|\s){re.escape(value)}(\s|$)", output, re.M), value
    assert "1 publishers" not in output


@pytest.mark.parametrize("columns", [80, 120])
def test_list_wide_is_one_line_per_alert(world, monkeypatch, columns):
    output = run(world, monkeypatch, columns, "list", "--wide")
    line = next(line for line in output.splitlines() if LONG_TITLE in line)
    for value in (LONG_RULE, "supplier=KP|recipient=RU", "acknowledged", "confirmed"):
        assert value in line


@pytest.mark.parametrize("columns", [80, 120])
def test_report_tables_keep_every_header_and_count(world, monkeypatch, columns):
    output = run(world, monkeypatch, columns, "report", "--since", "30d")
    for header in ("alerts", "confirmed", "false pos", "benign", "open", "precision", "snoozed"):
        assert re.search(rf"\s{header}\s", output), header
    if columns == 80:  # too narrow for a long id beside seven counts: numbered rows, named below
        numbered = re.findall(r"^\s+(\d+)\s{2}(\S+)$", output, re.M)
        assert (LONG_RULE in dict(numbered).values()) and (JOIN_RULE in dict(numbered).values())
        label = next(n for n, rule in numbered if rule == LONG_RULE)
    else:  # room for the ids in the table
        label = LONG_RULE
        assert re.search(rf"^\s*{JOIN_RULE}\s+1\s", output, re.M)
    row = next(line.split() for line in output.splitlines() if line.split()[:1] == [label] and len(line.split()) == 8)
    assert row == [label, "1", "1", "0", "0", "0", "100%", "0"]  # the open column keeps its count
    snoozes = column(output, "rule, key, who, until, why")
    assert f"note: {SNOOZE_NOTE}" in snoozes and f"note: {ENDED_NOTE}" in snoozes
    assert re.search(r"until: \d{4}-\d\d-\d\d \d\d:\d\d \(ended\) UTC, set by bob", snoozes)
    assert re.search(r"until: \d{4}-\d\d-\d\d \d\d:\d\d UTC, set by ann", snoozes)


@pytest.mark.parametrize("columns", [80, 120])
def test_snoozes_show_dates_and_notes_whole(world, monkeypatch, columns):
    output = run(world, monkeypatch, columns, "snoozes", "--all")
    right = column(output, "rule, key, until, set by, note")
    until = (world.now + timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
    assert f"until: {until} UTC" in right
    assert f"note: {SNOOZE_NOTE}" in right and f"note: {ENDED_NOTE}" in right
    assert "(ended) UTC" in right and "key: supplier=IR|recipient=RU" in right
    assert output.startswith("2 snoozes")


@pytest.mark.parametrize("columns", [80, 120])
def test_show_keeps_notes_whole_and_limits_articles(world, monkeypatch, columns):
    output = run(world, monkeypatch, columns, "show", str(world.long_id))
    assert NOTE in flat(output)
    assert "key: supplier=KP|recipient=RU" in output and f"rule: {LONG_RULE} (version v1)" in output

    many = run(world, monkeypatch, columns, "show", str(world.many_id))
    assert len(re.findall(r"^Article \d+:", many, re.M)) == 5
    assert f"2 more articles not shown (`alerts show {world.many_id} --articles 0` prints them all)" in many
    assert "7 distinct publishers" in many and "7 articles" in many
    everything = run(world, monkeypatch, columns, "show", str(world.many_id), "--articles", "0")
    assert len(re.findall(r"^Article \d+:", everything, re.M)) == 7


@pytest.mark.parametrize("columns", [80, 120])
def test_rules_list_shows_every_id_and_file_whole(world, monkeypatch, columns, repo_root):
    world.config.write_text(f"database_url: sqlite:///desk.db\nrules_dir: {repo_root / 'rules'}\n", encoding="utf-8")
    output = run(world, monkeypatch, columns, "rules", "list")
    right = column(output, "rule, file, alerts")
    for path in sorted((repo_root / "rules").glob("*.yaml")):
        assert f"{path.stem} file: " in right  # every default rule's id is its file name
        assert f"{path.name}:2" in right


@pytest.mark.parametrize("columns", [80, 120])
def test_runs_and_quarantine_show_every_value_whole(world, monkeypatch, columns):
    error = "HTTP 503 from https://feeds.example.org/world/rss after 4 attempts"
    origin = "https://www.example.org/2026/11/30/a-long-article-address-that-goes-on-and-on"
    with Store(f"sqlite:///{world.config.parent / 'desk.db'}") as store:
        run_id = store.start_run("wire-feed-with-a-long-name", world.now - timedelta(minutes=3))
        store.finish_run(run_id, world.now, "failed", {"articles_new": 2}, error)
        store.quarantine(origin, "pages", "no article text found in the page", b"<html></html>")
    runs = column(run(world, monkeypatch, columns, "runs"), "source, started, counts")
    assert "source: wire-feed-with-a-long-name" in runs and f"error: {error}" in runs
    assert "articles: 2 new, 0 seen, 0 quarantined; 0 indicators" in runs
    entries = column(run(world, monkeypatch, columns, "quarantine", "list"), "origin, reason, seen")
    assert "reason: no article text found in the page" in entries
    assert origin in entries.replace(" ", "") or origin in entries
