"""`alerts.reports`: the numbers of a period (on SQLite and PostgreSQL) and each format rendered or parsed back."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest

from alerts.model import Article
from alerts.reports import RENDERERS, build_report
from alerts.reports.data import Report
from storage import Store

from review_data import NOW, match, populate, transfer

WEEK = NOW - timedelta(days=7)
IRAN_TEXT = "Drones to Russia\nIran sent attack drones to Russia by sea, officials said."


def add_iran_alert(store: Store, published: bool = True) -> int:
    """A second alert of rule kp-ru-arms (key IR>RU), ingested on NOW - 12h."""
    article = Article(
        "iran",
        IRAN_TEXT,
        "Drones to Russia",
        "https://news.example/drones",
        published_at=NOW - timedelta(days=1) if published else None,
        source="News",
    )
    row_id, _ = store.ingest(article, now=NOW - timedelta(hours=12))
    outcome = store.save_analysis(
        row_id,
        [transfer(IRAN_TEXT, "Iran sent", "sent", "IR", "RU", weapon_categories=["drones"], items="attack drones")],
        [match("kp-ru-arms", "high", "IR>RU", (0,), "Arms transfer between embargoed states")],
        now=NOW - timedelta(hours=12),
    )
    return outcome.new_alert_ids[0]


def report(store: Store, **options) -> Report:
    return build_report(store, options.pop("since", WEEK), NOW, now=NOW, **options)


@pytest.fixture()
def world(database_url: str):
    with Store(database_url) as store:
        ids = populate(store)
        iran = add_iran_alert(store)
        store.set_status([ids.arms], "acknowledged", "ana", outcome="confirmed", now=NOW)
        store.set_status([iran], "dismissed", "ana", outcome="false_positive", now=NOW)
        store.set_status([ids.visit], "dismissed", "ana", outcome="benign", now=NOW)
        yield store, ids, iran


def test_counts_by_severity_status_rule_pair_and_day(world) -> None:
    store, ids, iran = world
    data = report(store)
    assert data.total == 6
    assert data.by_severity == {"critical": 1, "high": 2, "medium": 1, "low": 1, "info": 1}
    assert data.by_status == {"new": 3, "acknowledged": 1, "escalated": 0, "dismissed": 2}
    rules = {rule.rule_id: rule for rule in data.by_rule}
    arms = rules["kp-ru-arms"]
    assert (arms.alerts, arms.confirmed, arms.false_positive, arms.unreviewed) == (2, 1, 1, 0)
    assert arms.precision == 0.5
    assert rules["high-level-visit"].benign == 1 and rules["high-level-visit"].precision is None
    assert rules["sanctions-violation"].precision is None and rules["sanctions-violation"].unreviewed == 1
    assert data.by_rule[0].rule_id == "kp-ru-arms"  # most alerts first
    pairs = [(p.supplier, p.recipient, p.alerts, p.top_severity) for p in data.by_state_pair]
    assert pairs == [("KP", "RU", 1, "critical"), ("IR", "RU", 1, "high"), ("DE", "UA", 1, "info")]
    days = {day.day.isoformat(): day for day in data.by_day}
    assert len(data.by_day) == 8  # every day of the week, empty ones too
    assert days["2026-11-17"].by_severity == {"critical": 1, "high": 1, "medium": 1, "low": 1, "info": 0}
    assert days["2026-11-19"].by_severity["info"] == 1  # DE -> UA
    assert days["2026-11-20"].by_severity["high"] == 1  # IR -> RU, ingested at 00:00 UTC
    assert days["2026-11-18"].total == 0  # the KP -> RU corroboration is not a new alert
    assert sum(day.total for day in data.by_day) == data.total


def test_top_evidence_is_most_severe_first_with_trigger_offsets(world) -> None:
    store, ids, _ = world
    top = report(store, top=3).top_evidence
    assert top[0].alert_id == ids.arms
    assert [item.severity for item in top] == ["critical", "high", "high"]
    first = top[0]
    assert first.sentence[first.trigger[0] : first.trigger[1]] == "has shipped"
    assert first.article_title == "Lavrov arrives in Pyongyang" and first.article_source == "EFE"


def test_date_basis_published_moves_alerts_to_their_publication_day(world) -> None:
    store, ids, _ = world
    since = NOW - timedelta(days=4)  # the seed article was published five days before NOW, ingested three
    assert report(store, since=since, date_basis="ingested").total == 6
    published = report(store, since=since, date_basis="published")
    assert published.total == 2  # DE -> UA (published NOW - 1d) and IR -> RU (NOW - 1d)
    assert published.date_basis == "published" and "publication date" in published.date_basis_note
    assert report(store, since=None, date_basis="published").total == 6


def test_articles_without_publication_date_fall_back_and_are_counted(database_url: str) -> None:
    with Store(database_url) as store:
        add_iran_alert(store, published=False)
        data = report(store, date_basis="published")
    assert data.total == 1 and data.dated_by_fallback == 1
    assert [(day.day.isoformat(), day.total) for day in data.by_day if day.total] == [("2026-11-20", 1)]


def test_snoozed_matches_are_counted_with_who_set_the_snooze(world) -> None:
    store, ids, _ = world
    snooze = store.snooze("kp-ru-arms", "KP>RU", NOW + timedelta(days=14), "bob", "known shipment", now=NOW)
    later = Article("again", IRAN_TEXT.replace("Iran", "North Korea"), "Again", source="Other")
    row_id, _ = store.ingest(later, now=NOW + timedelta(hours=1))
    outcome = store.save_analysis(
        row_id,
        [transfer(later.text, "North Korea sent", "sent", "KP", "RU")],
        [match("kp-ru-arms", "critical", "KP>RU", (0,))],
        now=NOW + timedelta(hours=1),
    )
    assert outcome.suppressed == 1
    data = build_report(store, WEEK, NOW + timedelta(hours=2), now=NOW + timedelta(hours=2))
    assert data.suppressed == 1
    assert {rule.rule_id: rule.suppressed for rule in data.by_rule}["kp-ru-arms"] == 1
    assert [(s.snooze_id, s.created_by, s.dedupe_key, s.suppressed) for s in data.snoozes] == [
        (snooze.id, "bob", "KP>RU", 1)
    ]


def test_json_round_trips(world) -> None:
    store, ids, _ = world
    parsed = json.loads(RENDERERS["json"](report(store)))
    assert parsed["total"] == 6
    assert parsed["period"]["date_basis"] == "ingested"
    assert "ingestion time" in parsed["period"]["date_basis_note"]
    assert parsed["by_severity"]["high"] == 2
    assert {r["rule_id"]: r["precision"] for r in parsed["by_rule"]}["kp-ru-arms"] == 0.5
    assert parsed["by_state_pair"][0] == {"supplier": "KP", "recipient": "RU", "alerts": 1, "top_severity": "critical"}
    assert parsed["top_evidence"][0]["alert_id"] == ids.arms
    assert sum(day["total"] for day in parsed["by_day"]) == 6


def test_csv_parses_back_into_the_same_figures(world) -> None:
    store, _, _ = world
    rows = list(csv.DictReader(io.StringIO(RENDERERS["csv"](report(store)))))
    figure = {(r["section"], r["key"], r["metric"]): r["value"] for r in rows}
    assert figure[("total", "", "alerts")] == "6"
    assert figure[("severity", "high", "alerts")] == "2"
    assert figure[("rule", "kp-ru-arms", "precision")] == "0.5"
    assert figure[("rule", "sanctions-violation", "precision")] == ""
    assert figure[("state_pair", "KP>RU", "alerts")] == "1"
    assert figure[("day", "2026-11-17", "critical")] == "1"
    assert figure[("period", "date_basis", "value")] == "ingested"
    assert figure[("evidence", "1", "sentence")].startswith("According to the US")
    assert sum(int(r["value"]) for r in rows if r["section"] == "day") == 6


def test_markdown_has_the_tables(world) -> None:
    store, _, _ = world
    text = RENDERERS["markdown"](report(store))
    assert "| severity | alerts |" in text
    assert "| critical | 1 |" in text
    assert "| `kp-ru-arms` | Arms transfer between embargoed states | 2 | 1 | 1 | 0 | 0 | 50% | 0 |" in text
    assert "| KP (North Korea) | RU (Russia) | 1 | critical |" in text
    assert "North Korea **has shipped** more than 1,000 containers" in text
    assert "Dates: alerts are dated by the ingestion time" in text


def test_html_is_self_contained_with_a_chart_of_days_by_severity(world) -> None:
    store, ids, _ = world
    data = report(store)
    page = RENDERERS["html"](data)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert "src=" not in page  # no external image, script or frame
    assert set(re.findall(r'href="([^"]*)"', page)) == {"https://efe.example/lavrov", "https://news.example/drones"}
    svg = page[page.index("<svg") : page.index("</svg>") + len("</svg>")]
    chart = ElementTree.fromstring(svg)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    bars = [rect for rect in chart.iter(f"{ns}rect") if rect.find(f"{ns}title") is not None]
    bar_titles = sorted(rect.find(f"{ns}title").text for rect in bars)
    assert bar_titles == [
        "2026-11-17: 1 critical",
        "2026-11-17: 1 high",
        "2026-11-17: 1 low",
        "2026-11-17: 1 medium",
        "2026-11-19: 1 info",
        "2026-11-20: 1 high",
    ]
    assert "<mark>has shipped</mark>" in page
    assert ">50%<" in page
    assert "ingestion time of their earliest supporting article" in page
    assert '<b style="color:#a50026">1</b>critical' in page


def test_html_escapes_text_from_articles(database_url: str) -> None:
    with Store(database_url) as store:
        article = Article("x", IRAN_TEXT, "<script>alert(1)</script>", "javascript:alert(1)", source="<b>")
        row_id, _ = store.ingest(article, now=NOW - timedelta(hours=1))
        store.save_analysis(
            row_id,
            [transfer(IRAN_TEXT, "Iran sent", "sent", "IR", "RU")],
            [match("kp-ru-arms", "high", "IR>RU", (0,), "<i>title</i>")],
            now=NOW - timedelta(hours=1),
        )
        page = RENDERERS["html"](report(store))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page


def test_empty_period(database_url: str) -> None:
    with Store(database_url) as store:
        data = report(store)
    assert data.total == 0 and data.by_rule == [] and data.top_evidence == []
    assert len(data.by_day) == 8 and all(day.total == 0 for day in data.by_day)
    assert "no alerts" not in RENDERERS["html"](data)  # empty days still draw an axis
    assert json.loads(RENDERERS["json"](data))["total"] == 0
