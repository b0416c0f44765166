"""`alerts evaluate LABELS.jsonl`: score extraction and the rule pack on an analyst's own labelled articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from alerts.analysis import Analyzer
from alerts.cli.app import ConfigOption, app, configure, console, reports_errors
from alerts.errors import InputError
from alerts.evaluation import load_jsonl, score
from alerts.rulebook import RuleBook
from alerts.sources.files import article_from_record


@app.command()
@reports_errors
def evaluate(
    labels_file: Annotated[Path, typer.Argument(help="Labelled JSONL (id, text, transfers, sanctioned_party, ...).")],
    rules_dir: Annotated[Path | None, typer.Option("--rules", help="Rule folder (default: rules_dir in config).")] = None,
    show_errors: Annotated[bool, typer.Option("--show-errors", help="List every disagreement.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")] = False,
    config_file: ConfigOption = None,
) -> None:
    """Transfer-pair, claim and weapon-category precision/recall/F1 and article alert precision/recall."""
    from alerts.extract import Extractor  # spaCy loads in ~0.5 s: only for the commands that extract

    config = configure(config_file)
    try:
        labels = load_jsonl(labels_file)
    except (OSError, json.JSONDecodeError) as error:
        raise InputError(str(labels_file), f"cannot read labels: {error}") from None
    analyzer = Analyzer(Extractor(config.extraction), RuleBook(rules_dir or config.rules_dir).reload())
    articles = [article_from_record(label, f"{labels_file}:{number}") for number, label in enumerate(labels, 1)]
    predictions = [analysis.to_dict() for analysis in analyzer.analyze_many(articles)]
    scores = score(labels, predictions)
    if as_json:
        console.print_json(data=scores.figures())
    else:
        table = Table(title=f"{scores.articles} labelled articles", title_justify="left")
        table.add_column("figure")
        table.add_column("value", justify="right")
        for name, value in scores.figures().items():
            table.add_row(name, f"{value:.3f}" if isinstance(value, float) else str(value))
        console.print(table)
    if show_errors:
        for mistake in scores.errors:
            console.print(mistake, highlight=False, markup=False)
