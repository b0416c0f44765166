"""The Typer application, the options every command shares, and one-line error reporting."""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TypeVar

import typer

from alerts.cli.console import SafeConsole
from alerts.errors import AlertsError

if TYPE_CHECKING:  # loaded by the commands that use them, so that `--help` starts in a fraction of a second
    from alerts.config import AppConfig
    from storage import Store

app = typer.Typer(
    name="alerts",
    help="Sanctions-relevance alerting: extract arms-transfer and sanctions indicators from news, "
    "evaluate YAML rules, store and review alerts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
#: Piped or redirected output (a file, a mail, `less`) gets 120 columns rather than Rich's 80, so that the
#: review tables use the room a file has; a terminal keeps its own width (or $COLUMNS).
PIPED_WIDTH = 120
console = SafeConsole()
err_console = SafeConsole(stderr=True)


@app.callback()
def fit_output() -> None:
    """Size the output for this invocation's terminal: its own width, $COLUMNS, or PIPED_WIDTH when piped.

    Decided per invocation rather than at import, so that a process (or a test) running several commands
    under different widths gets each one right.
    """
    console.width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else PIPED_WIDTH  # type: ignore[assignment]


ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="config.yaml to use (default: $ALERTS_CONFIG, else ./config.yaml).",
        envvar="ALERTS_CONFIG",
        show_default=False,
    ),
]

P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn an AlertsError into its one-line message on stderr and exit status 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except AlertsError as error:
            err_console.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None

    return wrapper


def configure(config_file: Path | None, verbose: bool = False) -> AppConfig:
    """Load the config and set up logging to stderr (warnings by default, info with --verbose)."""
    from alerts.config import load_config

    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    return load_config(config_file)


def open_store(config: AppConfig, config_file: Path | None) -> Store:
    """The configured database for a command that reads or triages: it must exist already.

    Only `alerts run` and `alerts db upgrade` create one, so that a command run in the wrong folder says so
    instead of answering from a new, empty database.
    """
    from alerts.config import config_path
    from storage import NoDatabaseError, Store

    try:
        return Store.existing(config.database_url)
    except NoDatabaseError as error:
        file = config_path(config_file)
        where = f"{file} names it" if file.exists() else f"no {file} here either, so the default was used"
        raise AlertsError(
            f"{error} ({where}): run `alerts run --once` or `alerts db upgrade` to create it, "
            "or name your config with --config"
        ) from None
