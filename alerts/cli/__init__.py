"""The `alerts` command line: a thin Typer layer over the library (alerts.pipeline, alerts.rules, storage).

Each sub-module adds one group of commands to `app`; none of them holds logic the library lacks.
"""

from __future__ import annotations

from alerts.cli.app import app
from alerts.cli import analyze, db, evaluate, lists, review, rules, run  # noqa: F401  (registers the commands)


def main() -> None:
    app()
