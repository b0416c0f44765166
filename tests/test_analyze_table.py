"""`alerts analyze --format table` and `alerts show` name an unknown side '?', never 'None'."""

from __future__ import annotations

from rich.console import Console

from alerts.analyzer import Analysis
from alerts.cli import analyze as analyze_cli
from alerts.cli.views import describe_indicator
from alerts.model import Article

from review_data import transfer

TEXT = "Shells shipped\nSatellite images suggest North Korea shipped artillery shells to Russia by rail last month."


def test_the_table_shows_an_unnamed_supplier_as_a_question_mark(monkeypatch):
    indicator = transfer(TEXT, "Satellite images", "shipped", None, "RU")
    recorder = Console(record=True, width=120)
    monkeypatch.setattr(analyze_cli, "console", recorder)
    analyze_cli._print_table(Analysis(Article("a", TEXT, "Shells shipped"), [indicator], []))
    output = recorder.export_text()
    assert "? → RU" in output
    assert "None" not in output


def test_show_describes_an_unnamed_recipient_as_a_question_mark():
    line = describe_indicator(transfer(TEXT, "Satellite images", "shipped", "KP", None))
    assert line.startswith("arms_transfer: KP → ?;")


def test_the_table_cuts_nothing_at_80_columns(monkeypatch):
    categories = ["artillery_ammunition", "military_equipment_unspecified", "anti_tank_missiles"]
    indicator = transfer(
        TEXT,
        "Satellite images",
        "shipped",
        "KP",
        "RU",
        weapon_categories=categories,
        attribution="New York Times",
        modality="speculative",
    )
    recorder = Console(record=True, width=80)
    monkeypatch.setattr(analyze_cli, "console", recorder)
    analyze_cli._print_table(Analysis(Article("a", TEXT, "Shells shipped"), [indicator], []))
    output = recorder.export_text()
    flat = " ".join(output.split())
    assert "…" not in output and max(len(line) for line in output.splitlines()) <= 80
    for value in ("arms_transfer", "speculative", "conf 0.90", "KP → RU", "per: New York Times", *categories):
        assert value in flat, value
