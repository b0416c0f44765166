"""The review desk through the real CLI (Typer's CliRunner) over a real database built with the Store API."""

from __future__ import annotations

import csv
import getpass
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alerts.cli import app
from alerts.model import Article
from storage import Store

from review_data import MIRROR_TEXT, Fixture, match, populate, transfer


@dataclass
class Desk:
    """A populated database (dates relative to the real clock, as the CLI reads it) and a runner for it."""

    store: Store
    ids: Fixture
    config: Path
    now: datetime

    def run(self, *args: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, [*args, "--config", str(self.config)])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.output


@pytest.fixture()
def desk(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desk]:
    config = tmp_path / "config.yaml"
    config.write_text("database_url: sqlite:///alerts.db\nrules_dir: rules\n", encoding="utf-8")
    monkeypatch.setenv("ALERTS_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "160")  # Rich reads it on every print: a desk terminal, not an 80-column pipe
    now = datetime.now(UTC).replace(microsecond=0)
    with Store(database_url) as store:
        yield Desk(store, populate(store, now=now), config, now)


def test_list_newest_first_with_filters(desk: Desk) -> None:
    ids = desk.ids
    code, out = desk.run("list", "--format", "json")
    assert code == 0
    listed = json.loads(out)
    assert [a["id"] for a in listed] == [ids.tanks, ids.visit, ids.cooperation, ids.sanctions, ids.arms]
    assert listed[-1]["severity"] == "critical" and listed[-1]["dedupe_key"] == "KP>RU"

    def ids_of(*options: str) -> list[int]:
        code, out = desk.run("list", "--format", "json", *options)
        assert code == 0, out
        return [a["id"] for a in json.loads(out)]

    assert ids_of("--severity", "critical") == [ids.arms]
    assert ids_of("--severity", "high", "--severity", "critical") == [ids.sanctions, ids.arms]
    assert ids_of("--min-severity", "medium") == [ids.cooperation, ids.sanctions, ids.arms]
    assert ids_of("--rule", "high-level-visit") == [ids.visit]
    assert ids_of("--since", "36h") == [ids.tanks]  # raised one day ago; the seed's alerts three days ago
    assert ids_of("--since", (desk.now - timedelta(days=2)).date().isoformat()) == [ids.tanks]
    assert ids_of("--limit", "2") == [ids.tanks, ids.visit]
    desk.store.set_status([ids.visit], "acknowledged", "ana")
    assert ids_of("--status", "new", "--min-severity", "low") == [ids.cooperation, ids.sanctions, ids.arms]


def test_list_table_and_csv(desk: Desk) -> None:
    code, out = desk.run("list")
    assert code == 0
    assert "5 alerts, newest first" in out
    for text in ("kp-ru-arms", "KP>RU", "critical", "sanctions-violation", "DE>UA"):
        assert text in out
    code, out = desk.run("list", "--format", "csv", "--min-severity", "high")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["rule_id"], r["severity"], r["source_count"]) for r in rows] == [
        ("sanctions-violation", "high", "1"),
        ("kp-ru-arms", "critical", "2"),
    ]
    code, out = desk.run("list", "--severity", "nope")
    assert code == 2 and "choose from" in out


def test_show_highlights_the_trigger_words_and_lists_articles_and_trail(desk: Desk) -> None:
    code, out = desk.run("show", str(desk.ids.arms))
    assert code == 0
    flat = " ".join(out.split())
    assert "Arms transfer between embargoed states" in flat
    assert "According to the US, North Korea **has shipped** more than 1,000 containers" in flat
    assert "Satellite images suggest North Korea **shipped** artillery shells" in flat
    assert "https://efe.example/lavrov" in flat and "https://wire.example/containers" in flat
    assert "Article 1: Lavrov arrives in Pyongyang" in flat and "Article 2: Containers cross the border" in flat
    assert "publisher: efe.example" in flat and "publisher: wire.example" in flat  # by web domain
    seed_published = (desk.now - timedelta(days=5)).strftime("%Y-%m-%d %H:%M")
    assert f"published: {seed_published}" in flat and "published: unknown" in flat
    assert f"ingested: {(desk.now - timedelta(days=3)).strftime('%Y-%m-%d %H:%M')}" in flat
    assert "2 distinct publishers (by web domain, or source name without a URL), 2 articles" in flat
    assert "arms_transfer: KP → RU" in flat and "per US" in flat
    assert "Audit trail" in flat and "created" in flat and "system" in flat


def test_show_json_and_unknown_id(desk: Desk) -> None:
    code, out = desk.run("show", str(desk.ids.arms), "--format", "json")
    data = json.loads(out)
    assert data["alert"]["id"] == desk.ids.arms
    evidence = data["articles"][0]["indicators"][0]["evidence"]
    sentence = evidence["sentence"]
    start = evidence["trigger"]["start"] - evidence["start"]
    assert sentence[start : start + len("has shipped")] == "has shipped"
    assert data["audit"][0]["action"] == "created"
    code, out = desk.run("show", "999")
    assert code == 2 and "no alert with id 999" in out


def test_triage_changes_status_and_writes_the_audit_trail(desk: Desk) -> None:
    ids = desk.ids
    code, out = desk.run(
        "ack",
        str(ids.arms),
        str(ids.sanctions),
        "--note",
        "shipment confirmed by imagery",
        "--outcome",
        "confirmed",
        "--by",
        "alice",
    )
    assert code == 0 and f"acknowledged by alice: #{ids.arms}, #{ids.sanctions}" in out
    code, out = desk.run("escalate", str(ids.arms), "--note", "to the desk head", "--by", "alice")
    assert code == 0
    code, out = desk.run("dismiss", str(ids.tanks), "--outcome", "benign", "--note", "not embargoed")
    assert code == 0 and f"dismissed by {getpass.getuser()}" in out
    code, out = desk.run("ack", str(ids.sanctions), "--note", "still watching", "--by", "bob")
    assert code == 0 and f"already so (note added): #{ids.sanctions}" in out

    arms = desk.store.get_alert(ids.arms)
    assert (arms.alert.status, arms.alert.outcome) == ("escalated", "confirmed")
    trail = [(e.actor, e.action, e.old_value, e.new_value, e.note) for e in arms.audit]
    assert trail[1:] == [
        ("alice", "status", "new", "acknowledged", "shipment confirmed by imagery"),
        ("alice", "outcome", None, "confirmed", None),
        ("alice", "status", "acknowledged", "escalated", "to the desk head"),
    ]
    tanks = desk.store.get_alert(ids.tanks).alert
    assert (tanks.status, tanks.outcome) == ("dismissed", "benign")
    assert desk.store.audit_trail(ids.sanctions)[-1].note == "still watching"

    code, out = desk.run("show", str(ids.arms))
    flat = " ".join(out.split())
    assert "status: escalated" in flat and "outcome: confirmed" in flat
    assert "alice" in flat and "new → acknowledged" in flat and "to the desk head" in flat


def test_triage_with_an_unknown_id_changes_nothing(desk: Desk) -> None:
    code, out = desk.run("dismiss", str(desk.ids.arms), "4242", "--by", "carol")
    assert code == 2 and "no alert with id 4242" in out
    assert desk.store.get_alert(desk.ids.arms).alert.status == "new"
    code, out = desk.run("ack", str(desk.ids.arms), "--outcome", "maybe")
    assert code == 2


def test_note(desk: Desk) -> None:
    code, out = desk.run("note", str(desk.ids.visit), "Lavrov visit covered by TASS too", "--by", "dan")
    assert code == 0
    entry = desk.store.audit_trail(desk.ids.visit)[-1]
    assert (entry.actor, entry.action, entry.note) == ("dan", "note", "Lavrov visit covered by TASS too")
    assert desk.store.get_alert(desk.ids.visit).alert.status == "new"


def test_snooze_holds_back_matches_and_show_says_who(desk: Desk) -> None:
    code, out = desk.run(
        "snooze", "kp-ru-arms", "--key", "KP>RU", "--for", "14d", "--note", "known rail route", "--by", "erin"
    )
    assert code == 0 and "silenced until" in out
    later = Article("third", MIRROR_TEXT.replace("last month", "this week"), "More containers", source="Third")
    row_id, _ = desk.store.ingest(later)
    outcome = desk.store.save_analysis(
        row_id,
        [transfer(later.text, "Satellite images", "shipped", "KP", "RU")],
        [match("kp-ru-arms", "critical", "KP>RU", (0,))],
    )
    assert outcome.suppressed == 1 and outcome.alerts_new == 0 and outcome.alerts_corroborated == 0
    assert desk.store.get_alert(desk.ids.arms).alert.article_count == 2

    code, out = desk.run("snoozes")
    flat = " ".join(out.split())
    assert code == 0 and "kp-ru-arms" in flat and "erin" in flat and "known rail route" in flat
    code, out = desk.run("show", str(desk.ids.arms))
    flat = " ".join(out.split())
    assert "Held back by snoozes" in flat and "More containers" in flat and "erin" in flat
    assert "snoozed (this key) until" in flat and "known rail route" in flat

    snooze_id = desk.store.list_snoozes()[0].id
    code, out = desk.run("unsnooze", str(snooze_id))
    assert code == 0 and desk.store.list_snoozes() == []
    code, out = desk.run("snoozes", "--all")
    assert "(ended)" in out


def test_snooze_needs_a_duration_and_a_reason(desk: Desk) -> None:
    code, out = desk.run("snooze", "kp-ru-arms", "--for", "fortnight", "--note", "x")
    assert code == 2 and "duration" in out
    code, out = desk.run("snooze", "kp-ru-arms", "--for", "14d")
    assert code == 2  # --note is required
    code, out = desk.run("snooze", "kp-ru-arm", "--for", "14d", "--note", "typo")
    assert code == 2 and "did you mean kp-ru-arms?" in out
    assert desk.store.list_snoozes() == []


def test_runs_and_quarantine_list(desk: Desk) -> None:
    run_id = desk.store.start_run("seeds", desk.now - timedelta(minutes=5))
    desk.store.finish_run(run_id, desk.now, "ok", {"articles_new": 3, "alerts_new": 5, "quarantined": 1})
    failed = desk.store.start_run("wire-feed", desk.now - timedelta(minutes=1))
    desk.store.finish_run(failed, desk.now, "failed", {}, "HTTP 500 from https://wire.example/rss")
    code, out = desk.run("runs")
    flat = " ".join(out.split())
    assert code == 0 and "source: seeds" in flat and "HTTP 500 from https://wire.example/rss" in flat
    assert "articles: 3 new, 0 seen, 1 quarantined; 0 indicators" in flat
    assert "alerts: 5 new, 0 deduplicated, 0 escalated, 0 snoozed" in flat
    code, out = desk.run("runs", "--wide")
    line = next(line for line in out.splitlines() if " seeds " in line)
    assert "3/0/1" in line and "5/0/0/0" in line
    rows = json.loads(desk.run("runs", "--format", "json")[1])
    assert [(r["source"], r["status"]) for r in rows] == [("wire-feed", "failed"), ("seeds", "ok")]

    desk.store.quarantine("seeds/broken.txt", "seeds", "not UTF-8 text (invalid start byte at byte 3)", b"ab\xffcd")
    code, out = desk.run("quarantine", "list")
    flat = " ".join(out.split())
    assert code == 0 and "seeds/broken.txt" in flat and "not UTF-8 text" in flat


def test_report_command_formats(desk: Desk, tmp_path: Path) -> None:
    desk.store.set_status([desk.ids.arms], "acknowledged", "ana", outcome="confirmed")
    code, out = desk.run("report", "--since", "7d", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["total"] == 5 and data["by_severity"]["critical"] == 1
    assert {r["rule_id"]: r["precision"] for r in data["by_rule"]}["kp-ru-arms"] == 1.0
    code, out = desk.run("report", "--since", "2d", "--format", "csv", "--date", "published")
    rows = list(csv.DictReader(io.StringIO(out)))
    figures = {(r["section"], r["key"], r["metric"]): r["value"] for r in rows}
    assert figures[("period", "date_basis", "value")] == "published"
    assert figures[("total", "", "alerts")] == "1"  # only DE -> UA was published in the last two days
    target = tmp_path / "weekly.html"
    code, out = desk.run("report", "--format", "html", "--output", str(target))
    assert code == 0 and target.read_text(encoding="utf-8").count("<svg") == 1
    code, out = desk.run("report")
    flat = " ".join(out.split())
    assert code == 0 and "By rule" in flat and "KP (North Korea) → RU (Russia)" in flat and "ingestion time" in flat
    assert "North Korea **has shipped** more than" in flat
    code, out = desk.run("report", "--since", "1d", "--until", "3d")
    assert code == 2 and "--since must be before --until" in out


def test_text_from_articles_and_analysts_is_printed_literally(desk: Desk) -> None:
    text = "[Video] Drones [/b]\nIran sent attack drones to Russia, officials said."
    row_id, _ = desk.store.ingest(Article("markup", text, "[Video] Drones [/b]", source="[red]wire"))
    outcome = desk.store.save_analysis(
        row_id,
        [transfer(text, "Iran sent", "sent", "IR", "RU")],
        [match("ir-ru-arms", "high", "IR>RU", (0,), "Drones [/b] to [bold]Russia")],
    )
    [alert_id] = outcome.new_alert_ids
    code, out = desk.run("note", str(alert_id), "check [/i] this", "--by", "[ops]")
    assert code == 0 and "by [ops]" in out
    code, out = desk.run("list")
    assert code == 0 and "Drones [/b] to [bold]Russia" in out
    code, out = desk.run("show", str(alert_id))
    assert code == 0
    assert "Article 1: [Video] Drones [/b]" in out and "publisher: [red]wire" in out and "check [/i] this" in out
    code, out = desk.run("report")
    assert code == 0 and "ir-ru-arms" in out
