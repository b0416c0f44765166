"""`alerts report` in the terminal: the report as Rich tables."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from alerts.reports.data import Report

#: One colour per severity, shared by the terminal output of the review commands.
SEVERITY_STYLES = {"critical": "bold white on red", "high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}


def severity_text(severity: str) -> Text:
    return Text(severity, style=SEVERITY_STYLES.get(severity, ""))


def trigger_text(sentence: str, span: tuple[int, int] | None, plain: bool) -> Text:
    """The sentence with the trigger words (span relative to it) in reverse video, or in `**...**` when `plain`
    (piped output or no colour), so that the words that fired survive a copy into a ticket."""
    if span is None:
        return Text(sentence)
    a, b = span
    if plain:
        return Text(f"{sentence[:a]}**{sentence[a:b]}**{sentence[b:]}")
    text = Text(sentence)
    text.stylize("bold reverse", a, b)
    return text


def plain_output(console: Console) -> bool:
    return console.color_system is None or not console.is_terminal


def cells(*values: str | Text) -> list[Text]:
    """Table cells as Text, so that '[' in a title, a rule id or a note is shown, never read as Rich markup."""
    return [value if isinstance(value, Text) else Text(value) for value in values]


def print_report(report: Report, console: Console) -> None:
    console.print(Text.assemble(("Alerts report", "bold"), f": {report.period_label}"))
    console.print(f"Dates: {report.date_basis_note}.", highlight=False, style="dim")
    if report.dated_by_fallback:
        console.print(f"{report.dated_by_fallback} alerts had no publication date: dated by ingestion.", style="dim")
    console.print(f"{report.total} alerts; {report.suppressed} matches held back by snoozes.", highlight=False)

    overview = Table(title="By severity and status", title_justify="left")
    overview.add_column("severity")
    overview.add_column("alerts", justify="right")
    overview.add_column("status")
    overview.add_column("alerts", justify="right")
    severities, statuses = list(report.by_severity.items()), list(report.by_status.items())
    for index in range(max(len(severities), len(statuses))):
        severity, count = severities[index] if index < len(severities) else ("", "")
        status, status_count = statuses[index] if index < len(statuses) else ("", "")
        overview.add_row(*cells(severity_text(severity), str(count), status, str(status_count)))
    console.print(overview)

    rules = Table(
        title="By rule (precision = confirmed / (confirmed + false positive); open = no verdict yet)",
        title_justify="left",
    )
    rules.add_column("rule", no_wrap=True)
    for name in ("alerts", "confirmed", "false pos.", "benign", "open", "precision", "snoozed"):
        rules.add_column(name, justify="right", no_wrap=True)
    for rule in report.by_rule:
        precision = "n/a" if rule.precision is None else f"{rule.precision:.0%}"
        counts = (rule.alerts, rule.confirmed, rule.false_positive, rule.benign, rule.unreviewed)
        rules.add_row(*cells(rule.rule_id, *(str(v) for v in counts), precision, str(rule.suppressed)))
    console.print(rules)

    if report.by_state_pair:
        pairs = Table(title="By state pair (arms transfers)", title_justify="left")
        pairs.add_column("supplier → recipient")
        pairs.add_column("alerts", justify="right")
        pairs.add_column("top severity")
        for pair in report.by_state_pair:
            pairs.add_row(*cells(f"{pair.supplier} → {pair.recipient}", str(pair.alerts), severity_text(pair.top_severity)))
        console.print(pairs)

    days = Table(title=f"By day ({report.date_basis} date, UTC; days without alerts left out)", title_justify="left")
    days.add_column("day")
    for severity in report.by_severity:
        days.add_column(severity_text(severity), justify="right")
    days.add_column("total", justify="right")
    for day in (day for day in report.by_day if day.total):
        days.add_row(day.day.isoformat(), *(str(n) if n else "·" for n in day.by_severity.values()), str(day.total))
    console.print(days)

    if report.top_evidence:
        evidence = Table(title="Top evidence", title_justify="left", expand=True)
        evidence.add_column("alert", justify="right")
        evidence.add_column("severity")
        evidence.add_column("evidence", ratio=1)
        for item in report.top_evidence:
            sentence = trigger_text(item.sentence, item.trigger, plain_output(console))
            source = item.article_title or item.article_url or ""
            sentence.append(f"\n{item.rule_id} · {source}", style="dim")
            evidence.add_row(*cells(f"#{item.alert_id}", severity_text(item.severity), sentence))
        console.print(evidence)

    if report.snoozes:
        snoozes = Table(title="Snoozes", title_justify="left")
        for name in ("id", "rule", "key", "set by", "until", "held back", "note"):
            snoozes.add_column(name)
        for s in report.snoozes:
            snoozes.add_row(*cells(str(s.snooze_id), s.rule_id, s.dedupe_key or "(all)", s.created_by,
                                   s.until.strftime("%Y-%m-%d %H:%M"), str(s.suppressed), s.note or ""))
        console.print(snoozes)
