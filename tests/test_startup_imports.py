"""`alerts --help` and the review commands start without the heavy libraries the analysis commands need.

Each check runs in a fresh interpreter, since this test process has long since imported everything. How fast
that makes start-up is measured by benchmarks/startup.py, not asserted here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("spacy", "durable", "alembic", "procrastinate", "followthemoney", "apscheduler", "tldextract", "requests")


def _imported_after(code: str, cwd: Path) -> set[str]:
    """The top-level packages among HEAVY that are loaded once `code` has run in a new interpreter."""
    probe = (
        "import sys, json\n"
        f"{code}\n"
        f"print(json.dumps(sorted({{name.split('.')[0] for name in sys.modules}} & set({list(HEAVY)!r}))))\n"
    )
    env = {name: value for name, value in os.environ.items() if not name.startswith("ALERTS_")}
    done = subprocess.run([sys.executable, "-c", probe], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.stdout, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_help_loads_none_of_the_heavy_libraries(tmp_path: Path) -> None:
    code = "from alerts.cli import app\ntry:\n    app(['--help'], prog_name='alerts')\nexcept SystemExit:\n    pass\n"
    assert _imported_after(code, tmp_path) == set()


def test_a_command_help_loads_none_of_the_heavy_libraries(tmp_path: Path) -> None:
    code = (
        "from alerts.cli import app\n"
        "try:\n"
        "    app(['report', '--help'], prog_name='alerts')\n"
        "except SystemExit:\n"
        "    pass\n"
    )
    assert _imported_after(code, tmp_path) == set()


def test_listing_an_up_to_date_database_does_not_load_alembic_or_the_extractor(tmp_path: Path) -> None:
    from storage import upgrade

    upgrade(f"sqlite:///{tmp_path / 'alerts.db'}")
    (tmp_path / "config.yaml").write_text("database_url: sqlite:///alerts.db\n", encoding="utf-8")
    code = (
        "from alerts.cli import app\n"
        "try:\n"
        "    app(['list'], prog_name='alerts')\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
    )
    assert _imported_after(code, tmp_path) == set()
