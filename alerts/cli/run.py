"""`alerts run`: one storing run over the configured sources (or the scheduler without --once)."""

from __future__ import annotations

from typing import Annotated

import typer

from alerts.cli.app import ConfigOption, app, configure, console, err_console, reports_errors


@app.command()
@reports_errors
def run(
    once: Annotated[
        bool, typer.Option("--once", help="Run every source once and exit (else: run on schedule).")
    ] = False,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="Only these sources (by name).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each step to stderr.")] = False,
    config_file: ConfigOption = None,
) -> None:
    """Ingest, extract, evaluate and store; prints a one-line summary per source and a total."""
    from alerts.cli.progress import RichProgress
    from alerts.extract import Extractor  # spaCy loads in ~0.5 s: only for the commands that extract
    from alerts.pipeline import Pipeline, RunCounts
    from alerts.screening import with_screening
    from storage import Store

    config = configure(config_file, verbose)
    if not once:
        from alerts.scheduler import run_scheduler

        run_scheduler(config)  # `alerts run` without --once is `alerts schedule`
        return
    chosen = [s for s in config.sources if s.enabled and (not source or s.name in source)]
    unknown = set(source or ()) - {s.name for s in config.sources}
    if unknown:
        err_console.print(f"error: no source named {', '.join(sorted(unknown))} in the config", highlight=False)
        raise typer.Exit(2)
    total = RunCounts()
    failed = False
    with Store(config.database_url) as store:
        pipeline = Pipeline(config, store, with_screening(Extractor(config.extraction), config, store))
        pipeline.rulebook.reload()
        for problem in pipeline.rulebook.problems:
            err_console.print(f"rule problem: {problem}", highlight=False, markup=False)
        progress = RichProgress(err_console)
        for source_config in chosen:
            result = pipeline.run_source(source_config, progress)
            total += result.counts
            line = f"{result.source}: {result.status}; {result.counts.summary()}"
            if result.error:
                line += f"; error: {result.error}"
                failed = True
            console.print(line, highlight=False, markup=False)
    if len(chosen) > 1:
        console.print(f"total: {total.summary()}", highlight=False, markup=False)
    if failed:
        raise typer.Exit(1)


@app.command()
@reports_errors
def schedule(
    verbose: Annotated[bool, typer.Option("--verbose/--quiet", help="Log each run (default) or only problems.")] = True,
    config_file: ConfigOption = None,
) -> None:
    """Run every source on its schedule until SIGINT/SIGTERM; one scheduler per database (a lease)."""
    from alerts.scheduler import run_scheduler

    run_scheduler(configure(config_file, verbose))
