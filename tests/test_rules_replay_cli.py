"""`alerts rules replay`: an edited rule pack diffed against the alerts stored by the live one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alerts.cli import app

runner = CliRunner()


@pytest.fixture()
def project(tmp_path: Path, repo_root: Path) -> Path:
    shutil.copytree(repo_root / "rules", tmp_path / "rules")
    (tmp_path / "seeds").mkdir()
    shutil.copy(repo_root / "seeds" / "lavrov-pyongyang-efe.txt", tmp_path / "seeds")
    (tmp_path / "config.yaml").write_text(
        "sources:\n  - name: seeds\n    type: folder\n    path: seeds\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["run", "--once", "--config", str(tmp_path / "config.yaml")])
    assert result.exit_code == 0, result.output
    return tmp_path


def replay(project: Path, rules: Path, *options: str) -> str:
    result = runner.invoke(
        app,
        ["rules", "replay", "--since", "1d", "--rules", str(rules), "--config", str(project / "config.yaml"), *options],
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_unchanged_pack_replays_to_no_difference(project: Path) -> None:
    output = replay(project, project / "rules")
    assert output == "no alert would change over 1 article ingested in the last 1d\n"  # no empty table
    assert json.loads(replay(project, project / "rules", "--format", "json")) == {
        "articles": 1,
        "by_rule": {},
        "changes": [],
    }


def test_edits_show_as_severity_changes_and_removals(project: Path, tmp_path: Path) -> None:
    edited = tmp_path / "edited"
    shutil.copytree(project / "rules", edited)
    visit = edited / "high-level-visit-embargoed.yaml"
    visit.write_text(visit.read_text(encoding="utf-8").replace("severity: low", "severity: medium"), encoding="utf-8")
    violation = edited / "sanctions-violation-embargoed.yaml"
    violation.write_text(
        violation.read_text(encoding="utf-8").replace("\nstatus: stable", "\nenabled: false\nstatus: stable"),
        encoding="utf-8",
    )

    output = replay(project, edited)
    assert "severity  high-level-visit-embargoed" in output and "low -> medium" in output
    assert "removed  sanctions-violation-embargoed" in output and "high -> -" in output
    data = json.loads(replay(project, edited, "--format", "json"))
    assert data["by_rule"]["high-level-visit-embargoed"] == {"added": 0, "removed": 0, "severity": 1}
    assert {(c["change"], c["rule_id"], c["before"], c["after"]) for c in data["changes"]} >= {
        ("severity", "high-level-visit-embargoed", "low", "medium"),
        ("removed", "sanctions-violation-embargoed", "high", None),
    }

    listing = runner.invoke(
        app, ["list", "--rule", "sanctions-violation-embargoed", "--config", str(project / "config.yaml")]
    )
    assert "sanctions-violation" in listing.stdout  # replay wrote nothing
