"""The analyst's review desk: `alerts list|show|ack|escalate|dismiss|note|snooze|snoozes|unsnooze|runs|report`
and `alerts quarantine list|retry` (the retry logic: alerts.quarantine_retry).

Every command is a thin layer over `storage.Store` (and `alerts.reports` for the report); the drawing lives in
`alerts.cli.views`. Times are shown and taken in UTC. Who made a change is the OS user unless `--by` names
someone else, and every change lands in the alert's append-only audit trail.
"""

from __future__ import annotations

import csv
import difflib
import getpass
import json
import os
import sys
from dataclasses import asdict, fields
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from alerts.cli import views
from alerts.cli.app import ConfigOption, app, configure, console, err_console, open_store, reports_errors
from alerts.cli.params import (
    COUNT_RANGE,
    ID_RANGE,
    MAX_ID,
    duration_option,
    moment_option,
    name_param,
    note_param,
    write_output,
)
from alerts.dates import utcnow
from alerts.errors import AlertsError
from alerts.model import SEVERITIES, severity_rank
from alerts.reports import RENDERERS, build_report
from alerts.reports.data import DateBasis
from alerts.reports.table import print_report, print_table
from alerts.vocabulary import ALERT_OUTCOMES, ALERT_STATUSES, AlertOutcome

if TYPE_CHECKING:
    from alerts.analyzer import Analyzer
    from alerts.config import AppConfig
    from alerts.fetch import HttpFetcher
    from storage import Store


class ListFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ShowFormat(str, Enum):
    text = "text"
    json = "json"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"


SeverityOption = Annotated[
    list[str] | None,
    typer.Option("--severity", "-s", help=f"Only this severity (repeatable): {', '.join(SEVERITIES)}."),
]
SinceOption = Annotated[
    str | None,
    typer.Option("--since", help="Only after this: a duration back from now (7d, 12h) or a date (2026-11-01)."),
]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by", help="Who is making the change (default: the OS user).", show_default=False, callback=name_param
    ),
]
NoteOption = Annotated[
    str | None, typer.Option("--note", "-n", help="Why: kept in the audit trail.", callback=note_param)
]
OutcomeOption = Annotated[
    AlertOutcome | None,
    typer.Option("--outcome", help=f"The analyst's verdict: {', '.join(ALERT_OUTCOMES)}."),
]
IdsArgument = Annotated[list[int], typer.Argument(help="Alert ids.", **ID_RANGE)]
WideOption = Annotated[
    bool, typer.Option("--wide", "-w", help="One line per row with a column per value, however wide (for a pager).")
]


def parse_since(text: str, now: datetime, option: str = "--since") -> datetime:
    """`7d` / `12h` (back from now) or an ISO date or datetime (UTC unless it says otherwise), at most a century
    from now: a period reaching year 1 would make the report list 740,000 days."""
    return moment_option(option, text, now)


def actor(by: str | None) -> str:
    """--by, else the OS user (as the audit trail's "who")."""
    if by and by.strip():
        return by.strip()
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        return os.environ.get("USER") or f"uid:{os.getuid()}"


def _severities(values: list[str] | None) -> list[str] | None:
    for value in values or ():
        if value not in SEVERITIES:
            raise AlertsError(f"--severity {value!r}: choose from {', '.join(SEVERITIES)}")
    return values or None


# -- alerts list / show -----------------------------------------------------------------------------------------


@app.command("list")
@reports_errors
def list_alerts(
    severity: SeverityOption = None,
    min_severity: Annotated[
        str | None, typer.Option("--min-severity", help="Only this severity and above (e.g. high: high, critical).")
    ] = None,
    rule: Annotated[
        list[str] | None, typer.Option("--rule", "-r", help="Only this rule id (repeatable).", callback=name_param)
    ] = None,
    since: SinceOption = None,
    status: Annotated[
        list[str] | None, typer.Option("--status", help=f"Only this status (repeatable): {', '.join(ALERT_STATUSES)}.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-l", help="At most this many (0: no limit).", **COUNT_RANGE)] = 50,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
    wide: WideOption = False,
    config_file: ConfigOption = None,
) -> None:
    """Stored alerts, newest first (by when they were raised)."""
    config = configure(config_file)
    severities = _severities(severity)
    if min_severity is not None:
        _severities([min_severity])
        floor = [s for s in SEVERITIES if severity_rank(s) >= severity_rank(min_severity)]
        severities = [s for s in (severities or floor) if s in floor]
    for value in status or ():
        if value not in ALERT_STATUSES:
            raise AlertsError(f"--status {value!r}: choose from {', '.join(ALERT_STATUSES)}")
    moment = parse_since(since, utcnow()) if since else None
    with open_store(config, config_file) as store:
        alerts = (
            []
            if severities == []
            else store.list_alerts(severities, rule or None, moment, status or None, limit or None)
        )
    if output_format is ListFormat.json:
        sys.stdout.write(json.dumps([views.alert_dict(a) for a in alerts], ensure_ascii=False, indent=2) + "\n")
    elif output_format is ListFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=views.ALERT_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(views.alert_csv_row(a) for a in alerts)
    elif alerts:
        print_table(console, views.alerts_table(alerts, wide), wide)
    else:
        console.print("no alerts match", style="dim")


@app.command("show")
@reports_errors
def show_alert(
    alert_id: Annotated[int, typer.Argument(help="Alert id (see `alerts list`).", **ID_RANGE)],
    output_format: Annotated[ShowFormat, typer.Option("--format", "-f", help="Output format.")] = ShowFormat.text,
    articles: Annotated[
        int,
        typer.Option(
            "--articles",
            "-a",
            min=0,
            help="Print at most this many supporting articles (0: all); the JSON format always has all.",
        ),
    ] = views.DEFAULT_SHOWN_ARTICLES,
    config_file: ConfigOption = None,
) -> None:
    """One alert: its evidence with the trigger words highlighted, its articles, snoozed matches, audit trail."""
    config = configure(config_file)
    with open_store(config, config_file) as store:
        detail = store.get_alert(alert_id)
        alert = detail.alert
        suppressions = [
            item for item in store.list_suppressions(rule=alert.rule_id) if item.dedupe_key == alert.dedupe_key
        ]
        snoozed = [
            snooze
            for snooze in store.list_snoozes()
            if snooze.rule_id == alert.rule_id and snooze.dedupe_key in (None, alert.dedupe_key)
        ]
    if output_format is ShowFormat.json:
        payload = views.alert_detail_dict(detail, suppressions, snoozed)
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        views.print_alert(detail, suppressions, snoozed, console, max_articles=articles or None)


# -- triage -------------------------------------------------------------------------------------------------------


def _triage(
    status: str | None,
    verb: str,
    ids: list[int],
    note: str | None,
    outcome: AlertOutcome | None,
    by: str | None,
    config_file: Path | None,
) -> None:
    config = configure(config_file)
    who = actor(by)
    with open_store(config, config_file) as store:
        changed = store.set_status(ids, status, who, note=note, outcome=outcome)
    unchanged = [i for i in dict.fromkeys(ids) if i not in changed]
    if changed:
        console.print(f"{verb} by {who}: {', '.join(f'#{i}' for i in changed)}", highlight=False, markup=False)
    if unchanged:
        detail = "note added" if note else "nothing to change"
        console.print(f"already so ({detail}): {', '.join(f'#{i}' for i in unchanged)}", highlight=False, markup=False)


@app.command("ack")
@reports_errors
def ack(
    ids: IdsArgument,
    note: NoteOption = None,
    outcome: OutcomeOption = None,
    by: ByOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Acknowledge alerts: seen and being handled."""
    _triage("acknowledged", "acknowledged", ids, note, outcome, by, config_file)


@app.command("escalate")
@reports_errors
def escalate(
    ids: IdsArgument,
    note: NoteOption = None,
    outcome: OutcomeOption = None,
    by: ByOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Escalate alerts: they need someone else's attention."""
    _triage("escalated", "escalated", ids, note, outcome, by, config_file)


@app.command("dismiss")
@reports_errors
def dismiss(
    ids: IdsArgument,
    note: NoteOption = None,
    outcome: OutcomeOption = None,
    by: ByOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Dismiss alerts: nothing to act on (say why with --note, and --outcome false_positive or benign)."""
    _triage("dismissed", "dismissed", ids, note, outcome, by, config_file)


@app.command("note")
@reports_errors
def note(
    alert_id: Annotated[int, typer.Argument(help="Alert id.", **ID_RANGE)],
    text: Annotated[str, typer.Argument(help="The note.", callback=note_param)],
    by: ByOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Add a note to an alert's audit trail without changing it."""
    if not text.strip():
        raise AlertsError("the note is empty")
    config = configure(config_file)
    who = actor(by)
    with open_store(config, config_file) as store:
        store.add_note(alert_id, who, text.strip())
    console.print(f"note added to #{alert_id} by {who}", highlight=False, markup=False)


# -- snoozes ------------------------------------------------------------------------------------------------------


@app.command("snooze")
@reports_errors
def snooze(
    rule: Annotated[str, typer.Argument(help="Rule id to silence.", callback=name_param)],
    duration: Annotated[str, typer.Option("--for", help="How long: 30m, 12h, 14d, 2w.")],
    note: Annotated[
        str, typer.Option("--note", "-n", help="Why (kept with the snooze and shown in reports).", callback=note_param)
    ],
    key: Annotated[
        str | None,
        typer.Option(
            "--key",
            "-k",
            help="Only this dedupe key of the rule, as `list` shows it (e.g. supplier=KP|recipient=RU).",
            callback=name_param,
        ),
    ] = None,
    by: ByOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Silence a rule (or one key of it) for a while: matches are counted and shown, but raise no alert."""
    length = duration_option("--for", duration)
    if not note.strip():
        raise AlertsError("--note: say why the rule is snoozed")
    config = configure(config_file)
    now = utcnow()
    with open_store(config, config_file) as store:
        _check_rule_and_key(rule, key, config, store)
        record = store.snooze(rule, key, now + length, actor(by), note.strip(), now=now)
    scope = f"{rule} key {key}" if key else f"{rule} (all keys)"
    console.print(
        f"snooze #{record.id}: {scope} silenced until {views.when(record.until)} UTC by {record.created_by}",
        highlight=False,
        markup=False,
    )


def _check_rule_and_key(rule_id: str, key: str | None, config: AppConfig, store: Store) -> None:
    """A snooze on a mistyped rule id or key would silence nothing: refuse ids neither the pack nor any alert
    has, and keys that cannot be a key of that rule."""
    from alerts.rules import load_rule_pack
    from alerts.rules.matches import key_problem

    rules = {r.id: r for r in load_rule_pack(config.rules_dir).rules}
    known = set(rules) | set(store.alert_counts_by_rule())
    if rule_id not in known:
        close = difflib.get_close_matches(rule_id, sorted(known), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise AlertsError(f"no rule {rule_id!r} in {config.rules_dir} and no alert from it{hint}")
    if key is None:
        return
    stored = store.dedupe_keys(rule_id)
    if key in stored:
        return
    rule = rules.get(rule_id)
    problem = key_problem(rule, key, stored) if rule is not None else None
    if problem:
        raise AlertsError(f"--key: {problem}")


@app.command("snoozes")
@reports_errors
def snoozes(
    include_ended: Annotated[bool, typer.Option("--all", help="Include snoozes that have ended.")] = False,
    wide: WideOption = False,
    config_file: ConfigOption = None,
) -> None:
    """Snoozes in force (or all of them), with how many matches each held back."""
    config = configure(config_file)
    now = utcnow()
    with open_store(config, config_file) as store:
        records = store.list_snoozes(include_expired=include_ended, now=now)
    if records:
        print_table(console, views.snoozes_table(records, now, wide), wide)
    else:
        console.print("no snoozes" + ("" if include_ended else " in force"), style="dim")


@app.command("unsnooze")
@reports_errors
def unsnooze(
    snooze_id: Annotated[int, typer.Argument(help="Snooze id (see `alerts snoozes`).", **ID_RANGE)],
    config_file: ConfigOption = None,
) -> None:
    """End a snooze now; what it held back stays recorded."""
    config = configure(config_file)
    with open_store(config, config_file) as store:
        store.end_snooze(snooze_id)
    console.print(f"snooze #{snooze_id} ended", highlight=False)


# -- runs ---------------------------------------------------------------------------------------------------------


@app.command("runs")
@reports_errors
def runs(
    source: Annotated[str | None, typer.Option("--source", help="Only this source.", callback=name_param)] = None,
    limit: Annotated[int, typer.Option("--limit", "-l", help="At most this many.", min=1, max=MAX_ID)] = 30,
    output_format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = ListFormat.table,
    wide: WideOption = False,
    config_file: ConfigOption = None,
) -> None:
    """The recorded pipeline runs, newest first: source, times, counts, errors."""
    from storage import RunRecord

    config = configure(config_file)
    with open_store(config, config_file) as store:
        records = store.list_runs(limit, source)
    rows = [views.plain(asdict(record)) for record in records]
    if output_format is ListFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif output_format is ListFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=[f.name for f in fields(RunRecord)], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    elif records:
        print_table(console, views.runs_table(records, wide), wide)
    else:
        console.print("no runs recorded", style="dim")


# -- report -------------------------------------------------------------------------------------------------------


@app.command("report")
@reports_errors
def report(
    since: Annotated[
        str, typer.Option("--since", help="Period start: a duration back from now (7d) or a date; 'all' for all.")
    ] = "7d",
    until: Annotated[str | None, typer.Option("--until", help="Period end (default: now), same forms.")] = None,
    output_format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.table,
    date_basis: Annotated[
        DateBasis, typer.Option("--date", help="Date alerts by their articles' ingestion or publication date.")
    ] = "ingested",
    top: Annotated[int, typer.Option("--top", help="How many evidence sentences to show.", **COUNT_RANGE)] = 10,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of standard output.")
    ] = None,
    wide: WideOption = False,
    config_file: ConfigOption = None,
) -> None:
    """Alerts of a period by severity, rule (with precision from analysts' outcomes), state pair and day."""
    config = configure(config_file)
    now = utcnow()
    start = None if since == "all" else parse_since(since, now)
    end = parse_since(until, now, "--until") if until else now
    if start is not None and start >= end:
        raise AlertsError("--since must be before --until")
    with open_store(config, config_file) as store:
        data = build_report(store, start, end, date_basis, top, now)
    if output_format is ReportFormat.table:
        if output is not None:
            raise AlertsError("--output needs a file format: json, csv, markdown or html")
        print_report(data, console, wide)
        return
    text = RENDERERS[output_format.value](data)
    if output is None:
        sys.stdout.write(text)
    else:
        write_output("--output", output, text)
        err_console.print(f"report written to {output}", highlight=False, markup=False)


# -- quarantine ---------------------------------------------------------------------------------------------------

quarantine_app = typer.Typer(help="Inputs that could not be read or analysed.", no_args_is_help=True)
app.add_typer(quarantine_app, name="quarantine")


@quarantine_app.command("list")
@reports_errors
def quarantine_list(
    include_resolved: Annotated[bool, typer.Option("--all", help="Include resolved entries.")] = False,
    source: Annotated[str | None, typer.Option("--source", help="Only this source.", callback=name_param)] = None,
    limit: Annotated[int, typer.Option("--limit", "-l", help="At most this many.", min=1, max=MAX_ID)] = 100,
    wide: WideOption = False,
    config_file: ConfigOption = None,
) -> None:
    """Quarantined inputs, newest first, with the reason each was held back."""
    config = configure(config_file)
    with open_store(config, config_file) as store:
        entries = store.list_quarantine(include_resolved, source, limit)
    if entries:
        print_table(console, views.quarantine_table(entries, wide), wide)
    else:
        console.print("quarantine is empty", style="dim")


@quarantine_app.command("retry")
@reports_errors
def quarantine_retry(
    ids: Annotated[
        list[int] | None, typer.Argument(help="Quarantine ids (see `alerts quarantine list`).", **ID_RANGE)
    ] = None,
    retry_all: Annotated[bool, typer.Option("--all", help="Every unresolved entry.")] = False,
    source: Annotated[
        str | None, typer.Option("--source", help="With --all: only this source's entries.", callback=name_param)
    ] = None,
    config_file: ConfigOption = None,
) -> None:
    """Read quarantined inputs again; store and analyse those that now read. Exit 1 if any still fails."""
    from alerts.quarantine_retry import retry_quarantined

    if not ids and not retry_all:
        raise AlertsError("name the quarantine ids to retry, or use --all")
    config = configure(config_file)
    with open_store(config, config_file) as store:
        listed = (
            [e.id for e in store.list_quarantine(False, source, None)] if retry_all else list(dict.fromkeys(ids or ()))
        )
        entries = [store.get_quarantine(entry_id) for entry_id in listed]
        outcomes = retry_quarantined(store, entries, lambda: _analyzer(config), lambda name: _fetcher(config, name))
    for outcome in outcomes:
        mark = "[green]resolved[/]" if outcome.resolved else "[red]still quarantined[/]"
        console.print(
            f"#{outcome.entry_id} {escape(outcome.origin)}: {mark}: {escape(outcome.detail)}", highlight=False
        )
    if not outcomes:
        console.print("nothing to retry", style="dim")
    if any(not outcome.resolved for outcome in outcomes):
        raise typer.Exit(1)


def _fetcher(config: AppConfig, source_name: str | None) -> HttpFetcher:
    """A fetcher with the network permissions and limits of the source that quarantined the page."""
    from alerts.fetch import HttpFetcher

    source = next((s for s in config.sources if s.name == source_name), None)
    if source is None:
        return HttpFetcher()
    return HttpFetcher(
        timeout=source.timeout,
        max_bytes=source.max_bytes,
        retries=source.retries,
        allow_private_networks=source.allow_private_networks,
    )


def _analyzer(config: AppConfig) -> Analyzer:
    """The extractor and the current rule pack; imported here so that only a retry that needs spaCy loads it."""
    from alerts.analyzer import Analyzer
    from alerts.extract import Extractor
    from alerts.rulebook import RuleBook

    rulebook = RuleBook(config.rules_dir)
    engine = rulebook.reload()
    for problem in rulebook.problems:
        err_console.print(f"rule problem: {problem}", highlight=False, markup=False)
    return Analyzer(Extractor(config.extraction), engine, article_seconds=config.extraction.article_seconds)
