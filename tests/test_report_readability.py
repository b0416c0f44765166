"""Reports a reader outside the desk can follow: state names beside codes, linked articles, an honest empty
period, and snoozes that ended shown as ended."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rich.console import Console

from alerts.party_names import party_label, party_name
from alerts.reports import RENDERERS, build_report
from alerts.reports.table import print_report
from storage import Store

from review_data import NOW, populate

WEEK = NOW - timedelta(days=7)


@pytest.fixture()
def store(sqlite_url: str):
    with Store(sqlite_url) as opened:
        yield opened


def test_party_names():
    assert party_name("KP") == "North Korea" and party_label("RU") == "RU (Russia)"
    assert party_name("houthis") is None and party_label("houthis") == "houthis"


def test_html_names_the_states_and_links_the_article(store):
    populate(store)
    html = RENDERERS["html"](build_report(store, WEEK, NOW, now=NOW))
    assert 'KP <small style="color:#555">North Korea</small>' in html
    assert 'RU <small style="color:#555">Russia</small>' in html
    assert '<a href="https://efe.example/lavrov">Lavrov arrives in Pyongyang</a>' in html
    assert "No alerts in this period" not in html and "<svg" in html
    assert "KP (North Korea) | RU (Russia)" in RENDERERS["markdown"](build_report(store, WEEK, NOW, now=NOW))


def test_an_empty_period_says_so_instead_of_drawing_an_empty_chart(store):
    populate(store)
    empty = build_report(store, NOW + timedelta(days=1), NOW + timedelta(days=2), now=NOW + timedelta(days=2))
    html = RENDERERS["html"](empty)
    assert "No alerts in this period." in html and "<svg" not in html
    console = Console(record=True, width=100)
    print_report(empty, console)
    assert "No alerts in this period." in console.export_text()


def test_a_snooze_that_ended_is_reported_as_ended(store):
    populate(store)
    held = store.snooze("kp-ru-arms", None, NOW + timedelta(days=1), "ann", "noisy", now=NOW - timedelta(days=2))
    store.end_snooze(held.id, now=NOW - timedelta(days=1))
    store.snooze("high-level-visit", None, NOW + timedelta(days=3), "ann", "routine", now=NOW - timedelta(hours=1))
    report = build_report(store, WEEK, NOW, now=NOW)
    assert [(s.rule_id, s.in_force) for s in report.snoozes] == [("kp-ru-arms", False), ("high-level-visit", True)]
    html = RENDERERS["html"](report)
    assert f"{(NOW - timedelta(days=1)):%Y-%m-%d %H:%M} (ended)" in html
    assert f"{(NOW + timedelta(days=3)):%Y-%m-%d %H:%M}</td>" in html
    assert "(ended)" in RENDERERS["markdown"](report)
