"""Commands that read or triage never create a database: only `alerts run` and `alerts db upgrade` do."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from alerts.cli import app

READING_COMMANDS = [
    ["list"],
    ["show", "1"],
    ["snoozes"],
    ["runs"],
    ["report"],
    ["quarantine", "list"],
    ["rules", "list"],
    ["ack", "1"],
    ["note", "1", "seen"],
    ["lists"],
    ["lists", "diff"],
]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=lambda c: " ".join(c))
def test_a_reading_command_in_a_folder_without_config_or_database_refuses(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ALERTS_CONFIG", raising=False)
    monkeypatch.delenv("ALERTS_DATABASE_URL", raising=False)
    (tmp_path / "rules").mkdir()
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 2
    assert f"no database at {tmp_path / 'alerts.db'}" in result.output
    assert "no config.yaml here" in result.output and "alerts run --once" in result.output
    assert not (tmp_path / "alerts.db").exists()


def test_a_config_naming_a_missing_database_says_so(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("ALERTS_DATABASE_URL", raising=False)
    config = tmp_path / "config.yaml"
    config.write_text("database_url: sqlite:///data/desk.db\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["list", "--config", str(config)])
    assert result.exit_code == 2
    assert f"no database at {tmp_path / 'data' / 'desk.db'} ({config} names it)" in result.output
    assert not (tmp_path / "data" / "desk.db").exists()


def test_db_upgrade_creates_it_and_then_list_reads_it(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ALERTS_CONFIG", raising=False)
    monkeypatch.delenv("ALERTS_DATABASE_URL", raising=False)
    assert CliRunner().invoke(app, ["db", "upgrade"]).exit_code == 0
    assert (tmp_path / "alerts.db").exists()
    result = CliRunner().invoke(app, ["list"])
    assert result.exit_code == 0 and "no alerts match" in result.output
