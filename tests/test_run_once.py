"""`alerts run --once` end to end: seeds into a real database, idempotence, quarantine, broken rule files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from alerts.cli import app

runner = CliRunner()
TABLES = ("articles", "indicators", "alerts", "alert_articles", "quarantine")


@pytest.fixture()
def project(tmp_path: Path, repo_root: Path) -> Path:
    """A user's project folder: config.yaml, a copy of the rule pack and the seeds."""
    shutil.copytree(repo_root / "rules", tmp_path / "rules")
    shutil.copytree(repo_root / "seeds", tmp_path / "seeds")
    (tmp_path / "config.yaml").write_text(
        "database_url: sqlite:///alerts.db\nrules_dir: rules\n"
        "sources:\n  - name: seeds\n    type: folder\n    path: seeds\n",
        encoding="utf-8",
    )
    return tmp_path


def invoke(project: Path, *args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, [*args, "--config", str(project / "config.yaml")], env=env)


def counts(url: str) -> dict[str, int]:
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        found = {table: connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one() for table in TABLES}
    engine.dispose()
    return found


def test_second_run_creates_nothing(project: Path) -> None:
    first = invoke(project, "run", "--once")
    assert first.exit_code == 0, first.output
    assert "9 new" in first.stdout
    url = f"sqlite:///{project / 'alerts.db'}"  # relative to the config file, not the working directory
    before = counts(url)
    assert before["articles"] == 9 and before["alerts"] >= 6

    second = invoke(project, "run", "--once")
    assert second.exit_code == 0, second.output
    assert "0 new" in second.stdout  # the folder source reads only new or changed files
    assert counts(url) == before

    seed = project / "seeds" / "lavrov-pyongyang-efe.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # changed file, same article
    third = invoke(project, "run", "--once")
    assert third.exit_code == 0, third.output
    assert "0 new, 1 seen" in third.stdout
    assert counts(url) == before

    listing = invoke(project, "list")
    assert listing.exit_code == 0
    assert "critical" in listing.stdout


def test_unreadable_articles_are_quarantined_and_the_run_completes(project: Path) -> None:
    (project / "seeds" / "empty.txt").write_bytes(b"   \n")
    (project / "seeds" / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (project / "seeds" / "latin1.txt").write_bytes("Caf\xe9 d\xe9livre des armes".encode("latin-1"))
    result = invoke(project, "run", "--once")
    assert result.exit_code == 0, result.output
    assert "2 quarantined" in result.stdout  # the Latin-1 file is decoded, not quarantined
    engine = sa.create_engine(f"sqlite:///{project / 'alerts.db'}")
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT origin, reason FROM quarantine ORDER BY origin")).all()
        articles = connection.execute(sa.text("SELECT count(*) FROM articles")).scalar_one()
    engine.dispose()
    reasons = {Path(origin).name: reason for origin, reason in rows}
    assert "binary" in reasons["binary.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "latin1.txt" not in reasons
    assert articles == len(list((project / "seeds").glob("*.txt"))) - 2  # all but the binary and the empty file
    again = invoke(project, "run", "--once")
    assert counts(f"sqlite:///{project / 'alerts.db'}")["quarantine"] == 2, again.output


def test_broken_rule_file_is_rejected_with_file_and_line_while_the_others_run(project: Path) -> None:
    broken = project / "rules" / "zz-broken.yaml"
    broken.write_text("id: broken\ntitle: [unclosed\nseverity: high\n", encoding="utf-8")
    validate = invoke(project, "rules", "validate", str(project / "rules"))
    assert validate.exit_code == 1
    assert "rules/zz-broken.yaml:3:" in validate.stdout  # file:line:column: reason

    result = invoke(project, "run", "--once")
    assert result.exit_code == 0, result.output
    assert "zz-broken.yaml:" in result.stderr
    assert counts(f"sqlite:///{project / 'alerts.db'}")["alerts"] >= 6


@pytest.mark.postgres
def test_run_once_on_postgres(project: Path, postgres_url: str) -> None:
    env = {"ALERTS_DATABASE_URL": postgres_url}
    assert invoke(project, "db", "upgrade", env=env).exit_code == 0
    first = invoke(project, "run", "--once", env=env)
    assert first.exit_code == 0, first.output
    before = counts(postgres_url)
    assert before["articles"] == 9 and before["alerts"] >= 6
    assert invoke(project, "run", "--once", env=env).exit_code == 0
    assert counts(postgres_url) == before
