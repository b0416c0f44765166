"""`alerts worker` and `alerts reprocess`: the task-queue commands (library: alerts.queue, alerts.reprocess)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from alerts.cli.app import ConfigOption, app, configure, console, err_console, reports_errors
from alerts.errors import AlertsError

if TYPE_CHECKING:
    from alerts.reprocess import ReprocessStatus

#: Without a terminal (a log file, systemd), a reprocess prints its progress this often.
STATUS_EVERY_SECONDS = 10.0


@app.command()
@reports_errors
def worker(
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-n", min=1, help="Worker processes to run (one job at a time each).")
    ] = 1,
    verbose: Annotated[bool, typer.Option("--verbose/--quiet", help="Log each job (default) or only problems.")] = True,
    config_file: ConfigOption = None,
) -> None:
    """Run analysis jobs from the task queue (PostgreSQL) until SIGINT/SIGTERM; start as many as you like."""
    from alerts.queue import uses_queue

    config = configure(config_file, verbose)
    if not uses_queue(config.database_url):
        raise AlertsError("`alerts worker` needs a PostgreSQL database_url: SQLite runs analyse in process")
    from alerts.queue.worker import run_workers

    run_workers(config, concurrency)


@app.command()
@reports_errors
def reprocess(
    since: Annotated[
        str | None, typer.Option("--since", help="Articles ingested on or after this date (2026-01-31).")
    ] = None,
    all_articles: Annotated[bool, typer.Option("--all", help="Every stored article.")] = False,
    rules_only: Annotated[
        bool, typer.Option("--rules-only", help="Only evaluate the current rules over the stored indicators.")
    ] = False,
    wait: Annotated[
        bool, typer.Option("--wait/--no-wait", help="With the task queue: follow progress until done (default).")
    ] = True,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each step to stderr.")] = False,
    config_file: ConfigOption = None,
) -> None:
    """Extract and evaluate stored articles again (or only evaluate, with --rules-only).

    New matches are added, vanished ones marked, nothing deleted; triage is kept.
    Stopped, the same command resumes where it was.
    On PostgreSQL, `alerts worker` processes do the work."""
    if (since is None) == (not all_articles):
        raise AlertsError("give either --since DATE or --all")
    start = parse_date(since) if since else None
    config = configure(config_file, verbose)
    from alerts.batch import Mode
    from alerts.reprocess import open_reprocessor
    from alerts.scheduler import signals_stop

    mode: Mode = "rules" if rules_only else "extract"
    stop_event = threading.Event()
    with signals_stop(stop_event), open_reprocessor(config, mode, stop_event) as reprocessor:
        status = reprocessor.run(mode, start, on_status=_StatusPrinter(), wait=wait)
    verb = "resumed" if status.resumed else "started"
    console.print(f"{status.line()} ({verb})", highlight=False, markup=False)
    if not status.finished and wait:
        raise typer.Exit(1)


def parse_date(text: str) -> datetime:
    """A date or an ISO date-time; without a zone, UTC."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise AlertsError(f"--since {text!r}: give a date like 2026-01-31") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class _StatusPrinter:
    """Progress on stderr: a line after each update on a terminal (overwritten), else every few seconds."""

    def __init__(self) -> None:
        self.last = 0.0

    def __call__(self, status: ReprocessStatus) -> None:
        now = time.monotonic()
        if err_console.is_terminal:
            err_console.print(status.line(), end="\r", highlight=False, markup=False)
        elif now - self.last >= STATUS_EVERY_SECONDS or status.finished:
            err_console.print(status.line(), highlight=False, markup=False)
        else:
            return
        self.last = now
