"""`alerts analyze PATH...`: extract and evaluate without storing (the machine-readable contract of docs/analyze.md)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from alerts.cli.app import ConfigOption, app, configure, console, err_console, reports_errors
from alerts.errors import InputError
from alerts.model import Article
from alerts.reports.table import desk_table, labelled, severity_text, stacked
from alerts.textsafe import for_terminal

if TYPE_CHECKING:
    from alerts.analyzer import Analysis


class AnalyzeFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


def _articles_reporting_errors(paths: list[str]) -> Iterator[Article]:
    """The readable articles, in input order; each unreadable input is one line on stderr and skipped."""
    from alerts.sources.files import read_inputs

    for item in read_inputs(paths):
        if isinstance(item, InputError):
            err_console.print(f"skipped {item}", highlight=False, soft_wrap=True, markup=False)
        else:
            yield item


#: How the table shows a side the text leaves unnamed ("shells were shipped to Russia": no supplier).
UNKNOWN_SIDE = "?"


def _print_table(analysis: Analysis) -> None:
    """One article's indicators and alerts for people, fitted to the terminal: each indicator's type, modality
    and confidence beside a stack of its parties, details and source, so that 80 columns cut nothing."""
    article = analysis.article
    # cleaned before Rich sees it: Rich would drop the BEL that ends an OSC sequence and print the rest
    table = desk_table(for_terminal(f"{article.id}: {article.title or ''}"), leading=1)
    table.add_column("indicator", no_wrap=True)
    table.add_column("parties, details, source", overflow="fold", ratio=1)
    for indicator in analysis.indicators:
        data = indicator.to_dict()
        if indicator.type == "arms_transfer":
            parties = f"{data['supplier'] or UNKNOWN_SIDE} → {data['recipient'] or UNKNOWN_SIDE}"
            details = ", ".join(data["weapon_categories"] or []) or (data["items"] or "")
        elif indicator.type == "high_level_visit":
            parties = f"{data['visitor_state'] or UNKNOWN_SIDE} → {data['host_state'] or UNKNOWN_SIDE}"
            details = data["visitor"] or ""
        elif indicator.type == "sanctioned_entity":
            parties = f"{data['name']} = {data['matched_name']}"
            details = f"{data['list']} #{data['entity_id']} {data['entity_type']}, role {data['role'] or '-'}"
        else:
            parties = ", ".join(data["parties"] or [])
            details = data.get("kind") or ", ".join(data.get("domains") or [])
        table.add_row(
            stacked(Text(indicator.type, style="bold"), indicator.modality, f"conf {indicator.confidence:.2f}"),
            stacked(
                Text(parties),
                details or None,
                labelled("per", indicator.attribution) if indicator.attribution else None,
            ),
        )
    console.print(table)
    for match in analysis.matches:
        console.print(
            Text.assemble(severity_text(match.severity), f"  {match.rule_id}\n    {match.title}\n    "),
            Text(match.dedupe_key, style="dim"),
            sep="",
        )


@app.command()
@reports_errors
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt, .jsonl), folders, or - for JSONL on stdin.")],
    output_format: Annotated[
        AnalyzeFormat, typer.Option("--format", "-f", help="Output format.")
    ] = AnalyzeFormat.jsonl,
    rules_dir: Annotated[
        Path | None, typer.Option("--rules", help="Rule folder (default: rules_dir in config).")
    ] = None,
    config_file: ConfigOption = None,
) -> None:
    """Analyse articles and print their indicators and the alerts they would raise; nothing is stored."""
    from alerts.analyzer import Analyzer
    from alerts.extract import Extractor  # spaCy loads in ~0.5 s: only for the commands that extract
    from alerts.rulebook import RuleBook
    from alerts.screening import with_screening

    config = configure(config_file)
    rulebook = RuleBook(rules_dir or config.rules_dir)
    engine = rulebook.reload()
    for problem in rulebook.problems:
        err_console.print(f"rule problem: {problem}", highlight=False, soft_wrap=True, markup=False)
    analyzer = Analyzer(
        with_screening(Extractor(config.extraction), config), engine, article_seconds=config.extraction.article_seconds
    )
    for analysis in analyzer.analyze_many(_articles_reporting_errors(paths)):
        if analysis.error is not None:
            err_console.print(f"skipped {analysis.error}", highlight=False, soft_wrap=True, markup=False)
            continue
        if output_format is AnalyzeFormat.jsonl:
            sys.stdout.write(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            _print_table(analysis)
