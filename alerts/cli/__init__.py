"""The `alerts` command line: a thin Typer layer over the library (alerts.pipeline, alerts.rules, storage).

Each sub-module adds one group of commands to `app`; none of them holds logic the library lacks.
"""

from __future__ import annotations

import sys

import typer

from alerts.cli import analyze, db, evaluate, lists, queue, review, rules, run  # noqa: F401  (registers the commands)
from alerts.cli.app import app, err_console


def main() -> None:
    """Run the CLI. A usage error (an unknown option, a value out of range) is one line on stderr with exit
    status 2, like every other error, rather than Click's usage text in a box."""
    try:
        code = app(standalone_mode=False, prog_name="alerts")
    except typer.TyperException as error:  # Click's usage errors (Typer bundles its own Click)
        context = getattr(error, "ctx", None)  # usage errors carry the command they are about; others do not
        where = f"{context.command_path}: " if context is not None else ""
        err_console.print(f"error: {where}{error.format_message()}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(error.exit_code)
    except typer.Abort:
        err_console.print("aborted", highlight=False)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
