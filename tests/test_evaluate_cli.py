"""`alerts evaluate`: an analyst's labelled set scored through the real extractor and rule pack."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from alerts.cli import app

runner = CliRunner()


def write_labels(path: Path) -> Path:
    records = [
        {
            "id": "e1",
            "text": "North Korea has shipped artillery shells to Russia by rail, the United States said.",
            "arms_transfer": True,
            "sanctions_mentioned": False,
            "sanctioned_party": True,
            "transfers": [
                {"supplier": "KP", "recipient": "RU", "weapon_categories": ["artillery_ammunition"], "mode": "asserted"}
            ],
        },
        {
            "id": "e2",
            "text": "The company shipped its new phone to stores in Spain.",
            "arms_transfer": False,
            "sanctions_mentioned": False,
            "sanctioned_party": False,
            "transfers": [],
        },
    ]
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def test_evaluate_scores_a_labelled_set(repo_root: Path, tmp_path: Path) -> None:
    labels = write_labels(tmp_path / "labels.jsonl")
    result = runner.invoke(app, ["evaluate", str(labels), "--json", "--config", str(repo_root / "config.yaml")])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["articles"] == 2
    assert figures["transfer_f1"] == 1.0
    assert figures["category_f1"] == 1.0
    assert figures["alert_precision"] == 1.0 and figures["alert_recall"] == 1.0


def test_evaluate_reports_an_unreadable_label_file_in_one_line(repo_root: Path, tmp_path: Path) -> None:
    bad = tmp_path / "labels.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(bad), "--config", str(repo_root / "config.yaml")])
    assert result.exit_code == 2
    assert str(bad) in result.stderr and "cannot read labels" in result.stderr


def test_evaluate_by_heuristic_lists_each_named_heuristic(repo_root: Path, tmp_path: Path) -> None:
    labels = write_labels(tmp_path / "labels.jsonl")
    result = runner.invoke(
        app, ["evaluate", str(labels), "--json", "--by-heuristic", "--config", str(repo_root / "config.yaml")]
    )
    assert result.exit_code == 0, result.output
    heuristics = json.loads(result.stdout)["heuristics"]
    assert heuristics, "the extractor's transfer must be credited to at least one heuristic"
    assert sum(entry["transfers"] for entry in heuristics) >= 1
    assert all(entry["pair_accuracy"] in (None, 1.0) for entry in heuristics)
