"""`alerts evaluate LABELS.jsonl`: score extraction and the rule pack on an analyst's own labelled articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from alerts.cli.app import ConfigOption, app, configure, console, reports_errors
from alerts.errors import InputError

if TYPE_CHECKING:
    from alerts.heuristic_analysis import HeuristicFigures


@app.command()
@reports_errors
def evaluate(
    labels_file: Annotated[Path, typer.Argument(help="Labelled JSONL (id, text, transfers, sanctioned_party, ...).")],
    rules_dir: Annotated[
        Path | None, typer.Option("--rules", help="Rule folder (default: rules_dir in config).")
    ] = None,
    show_errors: Annotated[bool, typer.Option("--show-errors", help="List every disagreement.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")] = False,
    by_heuristic: Annotated[
        bool,
        typer.Option(
            "--by-heuristic",
            help="Also score every named extraction heuristic on its own (firings, accuracy, errors).",
        ),
    ] = False,
    config_file: ConfigOption = None,
) -> None:
    """Transfer-pair, claim and weapon-category precision/recall/F1 and article alert precision/recall."""
    from alerts.analyzer import Analyzer
    from alerts.extract import Extractor  # spaCy loads in ~0.5 s: only for the commands that extract
    from alerts.heuristic_analysis import analyse_heuristics
    from alerts.rulebook import RuleBook
    from alerts.scoring import load_jsonl, score
    from alerts.sources.files import article_from_record

    config = configure(config_file)
    try:
        labels = load_jsonl(labels_file)
    except (OSError, json.JSONDecodeError) as error:
        raise InputError(str(labels_file), f"cannot read labels: {error}") from None
    analyzer = Analyzer(Extractor(config.extraction), RuleBook(rules_dir or config.rules_dir).reload())
    articles = [article_from_record(label, f"{labels_file}:{number}") for number, label in enumerate(labels, 1)]
    predictions = [analysis.to_dict() for analysis in analyzer.analyze_many(articles)]
    scores = score(labels, predictions)
    heuristics = analyse_heuristics(labels, predictions) if by_heuristic else []
    if as_json:
        data: dict[str, Any] = dict(scores.figures())
        if by_heuristic:
            data = {**data, "heuristics": [entry.to_dict() for entry in heuristics]}
        console.print_json(data=data)
    else:
        table = Table(title=f"{scores.articles} labelled articles", title_justify="left")
        table.add_column("figure")
        table.add_column("value", justify="right")
        for name, value in scores.figures().items():
            table.add_row(name, f"{value:.3f}" if isinstance(value, float) else str(value))
        console.print(table)
        if by_heuristic:
            console.print(_heuristic_table(heuristics))
    if show_errors:
        for mistake in scores.errors:
            console.print(mistake, highlight=False, markup=False)


def _heuristic_table(heuristics: list[HeuristicFigures]) -> Table:
    """Heuristics as rows: how often each fires, how often it is right, and what it alone gets wrong."""
    table = Table(title="Heuristics (most firings first)", title_justify="left")
    for name, justify in (
        ("heuristic", "left"),
        ("cov", "right"),
        ("xfers", "right"),
        ("scored", "right"),
        ("pair acc", "right"),
        ("claim acc", "right"),
        ("sole +", "right"),
        ("sole -", "right"),
        ("false alerts", "right"),
        ("other", "right"),
    ):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for entry in heuristics:
        table.add_row(
            entry.name,
            f"{entry.coverage:.2f}",
            str(entry.transfers),
            str(entry.scorable),
            _share(entry.pair_accuracy),
            _share(entry.claim_accuracy),
            str(entry.sole_hits),
            str(entry.sole_errors),
            str(entry.false_alerts),
            str(entry.other_indicators),
        )
    return table


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
