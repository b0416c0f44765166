"""Hostile arguments through the real CLI, on SQLite and PostgreSQL: a clean message and exit 0, 1 or 2, never
a traceback, and no value the database or datetime cannot hold ever reaches them."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alerts.cli import app
from storage import Store

from review_data import populate

HUGE = ["0", "-1", str(2**31), str(2**63), str(10**30), "abc", "1e3", "1 OR 1=1", "'; DROP TABLE alerts; --"]
PERIODS = [
    "1000000000d",
    "99999999999999999999w",
    "-1d",
    "bogus",
    "",
    "99999-01-01",
    "0001-01-01",
    "9999-12-31T23:59:59",
    "7d; DROP TABLE alerts",
    "\x1b]0;x\x07",
]
TEXTS = ["' OR 1=1 --", "\x00nul", "\x1b[2J\x1b]0;pwned\x07", "\u202e", "x" * 100_000]


def argument_sets(output_dir: Path, database_only: bool = False) -> list[list[str]]:
    """Every hostile argument set; `database_only`: those whose values reach the database (ids, counts, text)."""
    sets: list[list[str]] = []
    for value in HUGE:
        sets += [
            ["show", value],
            ["ack", value],
            ["dismiss", value, "--note", "n"],
            ["escalate", value],
            ["note", value, "text"],
            ["unsnooze", value],
            ["quarantine", "retry", value],
            ["list", "--limit", value],
            ["runs", "--limit", value],
            ["quarantine", "list", "--limit", value],
            ["report", "--top", value, "--format", "json"],
        ]
    for text in TEXTS:
        sets += [
            ["list", "--rule", text],
            ["list", "--severity", text],
            ["list", "--status", text],
            ["note", "1", text],
            ["ack", "1", "--note", text, "--by", text],
            ["runs", "--source", text],
            ["snooze", text, "--for", "1d", "--note", text],
            ["quarantine", "list", "--source", text],
        ]
    if database_only:
        return sets
    for period in PERIODS:
        sets += [
            ["list", "--since", period],
            ["report", "--since", period, "--format", "json"],
            ["report", "--until", period, "--format", "json"],
            ["snooze", "kp-ru-arms", "--for", period, "--note", "n"],
            ["rules", "replay", "--since", period],
        ]
    for target in (output_dir / "missing" / "r.json", output_dir, Path("/dev/full")):
        sets.append(["report", "--format", "json", "--output", str(target)])
    return sets


@pytest.fixture()
def desk(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo_root: Path) -> Path:
    config = tmp_path / "config.yaml"
    config.write_text(f"database_url: sqlite:///alerts.db\nrules_dir: {repo_root / 'rules'}\n", encoding="utf-8")
    monkeypatch.setenv("ALERTS_DATABASE_URL", database_url)
    with Store(database_url) as store:
        populate(store, now=datetime.now(UTC).replace(microsecond=0))
    return config


def test_hostile_arguments_end_in_a_clean_message_never_a_traceback(
    desk: Path, tmp_path: Path, database_url: str
) -> None:
    """All sets on SQLite; on PostgreSQL (32-bit integers, no NUL in text) those that reach the database."""
    crashes = []
    for args in argument_sets(tmp_path, database_only=database_url.startswith("postgres")):
        result = CliRunner().invoke(app, [*args, "--config", str(desk)])
        if result.exit_code not in (0, 1, 2) or (result.exception and not isinstance(result.exception, SystemExit)):
            crashes.append(f"{args!r:.120}: exit {result.exit_code}: {result.exception!r:.200}")
        elif result.exit_code == 2:
            assert "Traceback" not in result.output
    assert crashes == []


def test_a_usage_error_is_one_line_with_exit_status_2(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "from alerts.cli import main; main()", "show", str(2**63)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: alerts show: Invalid value for 'alert_id': Input should be less than or equal to 2147483647"
    ]
