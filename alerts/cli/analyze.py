"""`alerts analyze PATH...`: extract and evaluate without storing (the SPEC's machine-readable contract)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from alerts.analysis import Analysis, Analyzer
from alerts.cli.app import ConfigOption, app, configure, console, err_console, reports_errors
from alerts.errors import InputError
from alerts.model import Article
from alerts.rulebook import RuleBook
from alerts.sources.files import read_inputs


class AnalyzeFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


def _articles_reporting_errors(paths: list[str]) -> Iterator[Article]:
    """The readable articles, in input order; each unreadable input is one line on stderr and skipped."""
    for item in read_inputs(paths):
        if isinstance(item, InputError):
            err_console.print(f"skipped {item}", highlight=False, soft_wrap=True, markup=False)
        else:
            yield item


def _print_table(analysis: Analysis) -> None:
    article = analysis.article
    table = Table(title=f"{article.id}: {article.title or ''}", title_justify="left", expand=True)
    table.add_column("type")
    table.add_column("parties")
    table.add_column("details")
    table.add_column("modality")
    table.add_column("by")
    table.add_column("conf", justify="right")
    for indicator in analysis.indicators:
        data = indicator.to_dict()
        if indicator.type == "arms_transfer":
            parties = f"{data['supplier']} → {data['recipient']}"
            details = ", ".join(data["weapon_categories"] or []) or (data["items"] or "")
        elif indicator.type == "high_level_visit":
            parties = f"{data['visitor_state']} → {data['host_state']}"
            details = data["visitor"] or ""
        elif indicator.type == "sanctioned_entity":
            parties = f"{data['name']} = {data['matched_name']}"
            details = f"{data['list']} #{data['entity_id']} {data['entity_type']}, role {data['role'] or '-'}"
        else:
            parties = ", ".join(data["parties"] or [])
            details = data.get("kind") or ", ".join(data.get("domains") or [])
        table.add_row(
            indicator.type, parties, details, indicator.modality, indicator.attribution or "", f"{indicator.confidence:.2f}"
        )
    console.print(table)
    for match in analysis.matches:
        console.print(f"  [bold]{match.severity:>8}[/]  {match.rule_id}: {match.title}  [dim]({match.dedupe_key})[/]")


@app.command()
@reports_errors
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt, .jsonl), folders, or - for JSONL on stdin.")],
    output_format: Annotated[AnalyzeFormat, typer.Option("--format", "-f", help="Output format.")] = AnalyzeFormat.jsonl,
    rules_dir: Annotated[Path | None, typer.Option("--rules", help="Rule folder (default: rules_dir in config).")] = None,
    config_file: ConfigOption = None,
) -> None:
    """Analyse articles and print their indicators and the alerts they would raise; nothing is stored."""
    from alerts.extract import Extractor  # spaCy loads in ~0.5 s: only for the commands that extract
    from alerts.screening import with_screening

    config = configure(config_file)
    rulebook = RuleBook(rules_dir or config.rules_dir)
    engine = rulebook.reload()
    for problem in rulebook.problems:
        err_console.print(f"rule problem: {problem}", highlight=False, soft_wrap=True, markup=False)
    analyzer = Analyzer(with_screening(Extractor(config.extraction), config), engine,
                        article_seconds=config.extraction.article_seconds)
    for analysis in analyzer.analyze_many(_articles_reporting_errors(paths)):
        if analysis.error is not None:
            err_console.print(f"skipped {analysis.error}", highlight=False, soft_wrap=True, markup=False)
            continue
        if output_format is AnalyzeFormat.jsonl:
            sys.stdout.write(json.dumps(analysis.to_dict(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            _print_table(analysis)
