"""Screening names against the shipped OFAC SDN snapshot: matching, corroboration, roles, the labelled set,
and the seed article end to end (`alerts run --once`, then `alerts show`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alerts.cli import app
from alerts.model import Article, Indicator
from alerts.screening.candidates import find_candidates, sentences
from alerts.screening.evaluation import load_cases, score_screening

KOMID, ANGARA = "9345", "37059"


def screened(screener, text: str) -> dict[str, Indicator]:
    return {i.fields["entity_id"]: i for i in screener.screen(Article("t", text))}


def test_the_labelled_set_meets_the_precision_and_recall_targets(screener, repo_root) -> None:
    cases = load_cases(repo_root / "tests" / "data" / "screening_cases.jsonl")
    assert len(cases) >= 150
    result = score_screening(screener, cases)
    assert result.total.precision >= 0.95, result.errors
    assert result.total.recall >= 0.90, result.errors


def test_an_imo_number_on_its_own_matches_its_vessel_exactly(screener) -> None:
    found = screened(screener, "Tracking data for IMO 9179842 showed a stop in Tartus.")
    assert found[ANGARA].fields["reasons"] == ["imo number"]
    assert screened(screener, "Tracking data for IMO 9179843 showed a stop in Tartus.") == {}


def test_a_vessel_name_needs_a_vessel_cue(screener) -> None:
    assert ANGARA in screened(screener, "The tanker Angara was seen at Rajin.")
    assert ANGARA in screened(screener, "MV Angara was seen at Rajin.")
    assert screened(screener, "The Angara River freezes in winter.") == {}


def test_the_indicator_carries_what_an_analyst_needs(screener) -> None:
    text = "Analysts said the Korea Mining Development Trading Corporation (KOMID) is still active."
    [indicator] = screener.screen(Article("t", text))
    data = indicator.to_dict()
    assert data["type"] == "sanctioned_entity" and data["list"] == "OFAC SDN"
    assert data["name"] == "Korea Mining Development Trading Corporation"
    assert data["matched_name"] == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    assert (data["entity_id"], data["entity_type"], data["program"]) == (KOMID, "organization", "NPWMD; DPRK2")
    assert data["score"] >= 0.9 and data["reasons"] and data["role"] is None
    assert text[indicator.evidence.trigger_start : indicator.evidence.trigger_end] == data["name"]
    assert text[indicator.evidence.start : indicator.evidence.end] == data["evidence"]["sentence"]
    assert data["heuristics"] == ["screening.organization"]


def test_roles_come_from_the_transfer_in_the_same_sentence(screened_extractor) -> None:
    text = (
        "Korea Mining Development Trading Corporation shipped rocket launchers to Syria. "
        "The cargo ship Angara carried artillery shells to the port of Dunai."
    )
    found = {
        i.fields["entity_id"]: i
        for i in screened_extractor.extract(Article("t", text))
        if i.type == "sanctioned_entity"
    }
    assert found[KOMID].fields["role"] == "supplier"
    assert found[ANGARA].fields["role"] == "carrier"


def test_sentences_do_not_end_after_abbreviations() -> None:
    text = "The U.S. Treasury named Mr. Kim. He denied it.\n\nA new paragraph"
    assert [text[s.start : s.end] for s in sentences(text)] == [
        "The U.S. Treasury named Mr. Kim.",
        "He denied it.",
        "A new paragraph",
    ]


def test_candidates_are_name_runs_vessels_and_imo_numbers() -> None:
    found = find_candidates("Viktor Vekselberg's Renova group met Bashar al-Assad. The tanker Sky (IMO 9179842) left.")
    assert [(c.text, c.cue, c.imo) for c in found if c.text not in ("The", "IMO")] == [
        ("Viktor Vekselberg", None, None),
        ("Renova", None, None),
        ("Bashar al-Assad", None, None),
        ("Sky", "vessel", "9179842"),
        ("IMO 9179842", "imo", "9179842"),
    ]


def test_the_seed_article_raises_an_alert_that_shows_the_vessel_and_the_company(tmp_path: Path, repo_root) -> None:
    shutil.copytree(repo_root / "rules", tmp_path / "rules")
    (tmp_path / "seeds").mkdir()
    shutil.copy(repo_root / "seeds" / "sanctioned-ship-komid.txt", tmp_path / "seeds")
    config = tmp_path / "config.yaml"
    config.write_text(
        "database_url: sqlite:///alerts.db\nsources:\n  - {name: seeds, type: folder, path: seeds}\n", encoding="utf-8"
    )
    runner = CliRunner()
    run = runner.invoke(app, ["run", "--once", "--config", str(config)])
    assert run.exit_code == 0, run.output
    listing = runner.invoke(
        app, ["list", "--rule", "sanctioned-vessel-and-company", "--format", "json", "--config", str(config)]
    )
    assert listing.exit_code == 0, listing.output
    [alert] = json.loads(listing.stdout)
    shown = runner.invoke(app, ["show", str(alert["id"]), "--config", str(config)])
    assert shown.exit_code == 0, shown.output
    flat = " ".join(shown.stdout.split())
    assert '"Angara" = ANGARA' in flat and "vessel on OFAC SDN #37059" in flat and "role carrier" in flat
    assert "KOREA MINING DEVELOPMENT TRADING CORPORATION" in flat and "organization on OFAC SDN #9345" in flat


@pytest.mark.parametrize("enabled", [True, False])
def test_screening_can_be_switched_off(tmp_path: Path, enabled: bool) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Title\nThe tanker Angara was seen at Rajin.", encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(f"screening:\n  enabled: {str(enabled).lower()}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(article), "--config", str(config)])
    assert result.exit_code == 0, result.output
    types = [i["type"] for i in json.loads(result.stdout)["indicators"]]
    assert ("sanctioned_entity" in types) is enabled
