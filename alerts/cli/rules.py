"""`alerts rules validate|test|list|replay`: working on the rule pack before it goes live."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from alerts.cli.app import ConfigOption, app, configure, console, err_console, open_store, reports_errors
from alerts.cli.params import duration_option
from alerts.reports.table import cells, desk_table, labelled, print_table, severity_text, stacked
from alerts.wording import plural

if TYPE_CHECKING:
    from alerts.rules import RulePack


class ReplayFormat(str, Enum):
    table = "table"
    json = "json"


rules_app = typer.Typer(help="Validate, test, list and replay the YAML rule pack.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")

RulesDirArgument = Annotated[
    Path | None, typer.Argument(help="Rule folder (default: rules_dir in config.yaml).", show_default=False)
]


def _load_reporting_problems(folder: Path) -> RulePack:
    """Load the pack; its problems go to stderr (the valid rules still load and are used)."""
    from alerts.rules import load_rule_pack

    pack = load_rule_pack(folder)
    for problem in pack.problems:
        err_console.print(f"rule problem: {problem}", highlight=False, markup=False, soft_wrap=True)
    return pack


@rules_app.command("validate")
@reports_errors
def validate(rules_dir: RulesDirArgument = None, config_file: ConfigOption = None) -> None:
    """Check every rule file; print `file:line:column: reason` per problem and exit 1 if there is any."""
    from alerts.rules import load_rule_pack

    folder = rules_dir or configure(config_file).rules_dir
    pack = load_rule_pack(folder)
    for problem in pack.problems:
        console.print(str(problem), highlight=False, markup=False, soft_wrap=True)
    summary = f"{len(pack.rules)} rules and {len(pack.lists)} lists valid, {len(pack.problems)} problems"
    err_console.print(summary, highlight=False)
    if pack.problems:
        raise typer.Exit(1)


@rules_app.command("test")
@reports_errors
def test(
    rule_id: Annotated[str | None, typer.Argument(help="Only this rule's examples.")] = None,
    rules_dir: Annotated[Path | None, typer.Option("--rules", help="Rule folder.")] = None,
    config_file: ConfigOption = None,
) -> None:
    """Run the rules' embedded examples through the real extractor and evaluator; exit 1 on any failure."""
    from alerts.extract import Extractor
    from alerts.rules import run_examples
    from alerts.screening import with_screening

    config = configure(config_file)
    pack = _load_reporting_problems(rules_dir or config.rules_dir)
    try:
        results = run_examples(pack, with_screening(Extractor(config.extraction), config), rule_id)
    except KeyError:
        err_console.print(f"error: no valid rule with id {rule_id!r}", highlight=False)
        raise typer.Exit(2) from None
    for result in results:
        style = "green" if result.passed else "bold red"
        console.print(f"[{style}]{'PASS' if result.passed else 'FAIL'}[/] {result}", highlight=False, soft_wrap=True)
    failed = sum(not result.passed for result in results)
    console.print(f"{len(results) - failed} passed, {failed} failed", highlight=False)
    if failed or pack.problems:
        raise typer.Exit(1)


@rules_app.command("list")
@reports_errors
def list_rules(
    wide: Annotated[bool, typer.Option("--wide", "-w", help="One line per rule, however wide.")] = False,
    config_file: ConfigOption = None,
) -> None:
    """Every valid rule: id, severity, status, enabled, file, and how many alerts it has fired."""
    config = configure(config_file)
    pack = _load_reporting_problems(config.rules_dir)
    with open_store(config, config_file) as store:
        fired = store.alert_counts_by_rule()
    title = f"rule pack {pack.version[:12]}: {plural(len(pack.rules), 'rule')}"
    rules = sorted(pack.rules, key=lambda r: r.id)
    if wide:
        table = desk_table(title)
        for column in ("id", "severity", "status", "enabled", "file", "alerts"):
            table.add_column(column, justify="right" if column == "alerts" else "left", no_wrap=True)
        for rule in rules:
            table.add_row(
                *cells(
                    rule.id,
                    severity_text(rule.severity),
                    rule.status,
                    "yes" if rule.enabled else "no",
                    f"{rule.file}:{rule.line}",
                    str(fired.get(rule.id, 0)),
                )
            )
    else:
        table = desk_table(title, leading=1)
        table.add_column("severity, status", no_wrap=True)
        table.add_column("rule, file, alerts", overflow="fold", ratio=1)
        for rule in rules:
            table.add_row(
                stacked(severity_text(rule.severity), rule.status + ("" if rule.enabled else ", disabled")),
                stacked(
                    Text(rule.id, style="bold"),
                    labelled("file", f"{rule.file}:{rule.line}"),
                    labelled("alerts", str(fired.get(rule.id, 0))),
                ),
            )
    print_table(console, table, wide)


@rules_app.command("replay")
@reports_errors
def replay(
    since: Annotated[str, typer.Option("--since", help="Replay articles ingested within this period.")] = "30d",
    rules_dir: Annotated[Path | None, typer.Option("--rules", help="The edited rule folder.")] = None,
    output_format: Annotated[ReplayFormat, typer.Option("--format", "-f", help="Output format.")] = ReplayFormat.table,
    config_file: ConfigOption = None,
) -> None:
    """Evaluate the (edited) rule pack over stored articles and show what would change; writes nothing."""
    from alerts.replay_stored import replay_stored

    config = configure(config_file)
    pack = _load_reporting_problems(rules_dir or config.rules_dir)
    with open_store(config, config_file) as store:
        report = replay_stored(store, pack, duration_option("--since", since))
    if output_format is ReplayFormat.json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    scope = f"{plural(report.articles, 'article')} ingested in the last {since}"
    if not report.changes:
        console.print(f"no alert would change over {scope}", highlight=False, markup=False)
        return
    table = Table(title=f"replay over {scope}", title_justify="left")
    for column in ("rule", "added", "removed", "severity changed"):
        table.add_column(column, justify="left" if column == "rule" else "right")
    for rule_id, row in report.by_rule().items():
        table.add_row(rule_id, str(row["added"]), str(row["removed"]), str(row["severity"]))
    console.print(table)
    for change in report.changes:
        console.print(
            f"  {change.change:>8}  {change.rule_id}  {change.dedupe_key}  article {change.article_id}: "
            f"{change.before or '-'} -> {change.after or '-'}",
            highlight=False,
            markup=False,
        )
