"""The Typer application, the options every command shares, and one-line error reporting."""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from alerts.cli.console import SafeConsole
from alerts.config import AppConfig, load_config
from alerts.errors import AlertsError

app = typer.Typer(
    name="alerts",
    help="Sanctions-relevance alerting: extract arms-transfer and sanctions indicators from news, "
    "evaluate YAML rules, store and review alerts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
#: Piped or redirected output (a file, a mail, `less`) gets 120 columns rather than Rich's 80, so that the
#: wide review tables do not fold every cell; a terminal keeps its own width (or $COLUMNS).
PIPED_WIDTH = 120
console = SafeConsole(width=None if sys.stdout.isatty() or os.environ.get("COLUMNS") else PIPED_WIDTH)
err_console = SafeConsole(stderr=True)

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
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    return load_config(config_file)
