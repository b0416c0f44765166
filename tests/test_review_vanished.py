"""`alerts list` and `alerts show` say when a reprocess found an alert's match gone (`vanished_at`), in every
format: the alert and its triage stay, and the analyst must see that nothing supports it any more."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alerts.cli import app
from storage import Store
from storage.batches import ArticleAnalysis

from review_data import Fixture, populate


@dataclass
class Desk:
    store: Store
    ids: Fixture
    config: Path

    def run(self, *args: str) -> str:
        result = CliRunner().invoke(app, [*args, "--config", str(self.config)])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == 0, result.output
        return result.output


@pytest.fixture()
def desk(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desk]:
    config = tmp_path / "config.yaml"
    config.write_text("database_url: sqlite:///alerts.db\nrules_dir: rules\n", encoding="utf-8")
    monkeypatch.setenv("ALERTS_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "160")
    with Store(database_url) as store:
        yield Desk(store, populate(store, now=datetime.now(UTC).replace(microsecond=0)), config)


def _reprocess_without_matches(store: Store, article_id: int) -> None:
    """Save the article again in a rules-only reprocess in which no rule matches it any more."""
    reprocess, _ = store.start_reprocess("rules")
    indicators = store.article_indicators(article_id)
    store.save_batch(
        [ArticleAnalysis(article_id, [stored.indicator for stored in indicators], [])], reprocess_id=reprocess.id
    )


def _listed(desk: Desk) -> dict[int, dict[str, str]]:
    return {int(row["id"]): row for row in csv.DictReader(io.StringIO(desk.run("list", "--format", "csv")))}


def test_a_match_gone_from_one_article_is_marked_on_that_article_only(desk: Desk) -> None:
    """The critical KP>RU alert rests on two articles; the second no longer supports it."""
    _reprocess_without_matches(desk.store, desk.ids.mirror_article)
    shown = json.loads(desk.run("show", str(desk.ids.arms), "--format", "json"))
    assert shown["alert"]["vanished_at"] is None  # the first article still supports it
    first, second = shown["articles"]
    assert first["vanished_at"] is None and second["vanished_at"] is not None
    text = desk.run("show", str(desk.ids.arms), "--articles", "0")
    assert text.count("match vanished:") == 1
    assert "\nvanished:" not in text
    assert _listed(desk)[desk.ids.arms]["vanished_at"] == ""


def test_an_alert_no_article_supports_is_vanished_in_list_and_show(desk: Desk) -> None:
    _reprocess_without_matches(desk.store, desk.ids.mirror_article)
    _reprocess_without_matches(desk.store, desk.ids.seed_article)
    listed = json.loads(desk.run("list", "--format", "json"))
    vanished = {alert["id"]: alert["vanished_at"] for alert in listed}
    assert vanished[desk.ids.arms] is not None and vanished[desk.ids.tanks] is None
    assert datetime.fromisoformat(vanished[desk.ids.arms]).tzinfo is not None
    assert _listed(desk)[desk.ids.arms]["vanished_at"] == vanished[desk.ids.arms]
    assert _listed(desk)[desk.ids.tanks]["vanished_at"] == ""
    table = desk.run("list")
    assert table.count("vanished") == 2 * 4  # the seed's four alerts: marked by their status and dated
    assert "vanished" in desk.run("list", "--wide")
    shown = desk.run("show", str(desk.ids.arms))
    assert "vanished: " in shown and "none of its articles supports it" in shown
    detail = json.loads(desk.run("show", str(desk.ids.arms), "--format", "json"))
    assert detail["alert"]["vanished_at"] == vanished[desk.ids.arms]
    assert detail["alert"]["status"] == "new"  # triage untouched
