"""`alerts report` in the terminal: the report as Rich tables."""

from __future__ import annotations

from typing import Literal, cast

from rich import box
from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from alerts.party_names import party_label
from alerts.reports.data import Report
from alerts.wording import plural

ColorSystemName = Literal["auto", "standard", "256", "truecolor", "windows"]

#: One colour per severity, shared by the terminal output of the review commands.
SEVERITY_STYLES = {
    "critical": "bold white on red",
    "high": "bold red",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
}


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


def stacked(*lines: str | Text | None) -> Text:
    """Several short values in one cell, one per line, so that a narrow terminal wraps none of them."""
    text = Text()
    for line in (line for line in lines if line):
        if text:
            text.append("\n")
        text.append_text(line if isinstance(line, Text) else Text(line))
    return text


def labelled(label: str, value: str, style: str = "dim") -> Text:
    """'rule: arms-transfer-other' with the label dimmed, the value as it is."""
    return Text.assemble((f"{label}: ", style), value)


def print_table(console: Console, table: RenderableType, wide: bool = False) -> None:
    """Print a table; `wide` gives it all the columns it wants (one line per row), wider than the terminal
    if need be, for a pager or a file rather than an 80-column window."""
    if not wide:
        console.print(table)
        return
    unbounded = console.options.update(max_width=10_000)
    width = max(Measurement.get(console, unbounded, table).maximum, console.width)
    colours = cast(ColorSystemName | None, console.color_system)  # the terminal console's, or None
    roomy = Console(
        file=console.file,
        width=width,
        color_system=colours,
        force_terminal=console.is_terminal,
        no_color=console.no_color,
    )
    roomy.print(table)


def desk_table(title: str | None = None, **options: object) -> Table:
    """The review desk's table style: a rule under the header, no side borders, a blank line between rows
    that wrap, so that every cell can take the width it needs at 80 columns."""
    return Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        **options,  # type: ignore[arg-type]
    )


def print_report(report: Report, console: Console, wide: bool = False) -> None:
    console.print(Text.assemble(("Alerts report", "bold"), f": {report.period_label}"))
    console.print(f"Dates: {report.date_basis_note}.", highlight=False, style="dim")
    if report.dated_by_fallback:
        console.print(
            f"{plural(report.dated_by_fallback, 'alert')} had no publication date: dated by ingestion.", style="dim"
        )
    console.print(
        f"{plural(report.total, 'alert')}; {plural(report.suppressed, 'match', 'matches')} held back by snoozes.",
        highlight=False,
    )

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

    inline = wide or max((len(rule.rule_id) for rule in report.by_rule), default=0) + COUNTS_WIDTH <= console.width
    print_table(console, rules_table(report, inline), wide)
    if not inline:
        for number, rule in enumerate(report.by_rule, 1):
            console.print(Text.assemble((f"{number:>3}  ", "bold"), rule.rule_id), soft_wrap=True)

    if report.by_state_pair:
        pairs = Table(title="By state pair (arms transfers)", title_justify="left")
        pairs.add_column("supplier → recipient")
        pairs.add_column("alerts", justify="right")
        pairs.add_column("top severity")
        for pair in report.by_state_pair:
            pairs.add_row(
                *cells(
                    f"{party_label(pair.supplier)} → {party_label(pair.recipient)}",
                    str(pair.alerts),
                    severity_text(pair.top_severity),
                )
            )
        console.print(pairs)

    if not report.total:
        console.print("No alerts in this period.", style="dim")
    else:
        days = Table(
            title=f"By day ({report.date_basis} date, UTC; days without alerts left out)", title_justify="left"
        )
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
        snoozes = desk_table("Snoozes of the period", leading=0 if wide else 1)
        if wide:
            for name in ("id", "rule", "key", "set by", "until (UTC)", "held back", "note"):
                snoozes.add_column(name, justify="right" if name in ("id", "held back") else "left", no_wrap=True)
            for s in report.snoozes:
                snoozes.add_row(
                    *cells(
                        str(s.snooze_id),
                        s.rule_id,
                        s.dedupe_key or "(all keys)",
                        s.created_by,
                        s.until_text,
                        str(s.suppressed),
                        s.note or "",
                    )
                )
        else:
            snoozes.add_column("snooze", no_wrap=True)
            snoozes.add_column("rule, key, who, until, why", overflow="fold")
            for s in report.snoozes:
                snoozes.add_row(
                    stacked(f"#{s.snooze_id}", f"held back {s.suppressed}"),
                    stacked(
                        labelled("rule", s.rule_id),
                        labelled("key", s.dedupe_key or "(all keys)"),
                        labelled("until", f"{s.until_text} UTC, set by {s.created_by}"),
                        labelled("note", s.note or ""),
                    ),
                )
        print_table(console, snoozes, wide)


RULE_COUNT_COLUMNS = ("alerts", "confirmed", "false pos", "benign", "open", "precision", "snoozed")
#: The width the count columns take, with their padding: what is left over is the rule id's.
COUNTS_WIDTH = sum(len(name) + 3 for name in RULE_COUNT_COLUMNS) + 3


def rules_table(report: Report, inline: bool) -> Table:
    """Counts per rule, with the rule ids in the first column when they fit (`inline`); otherwise the rules
    are numbered and the caller names them in full below, since a long id beside seven counts would leave
    80 columns too narrow for either."""
    rules = desk_table("By rule (precision = confirmed / (confirmed + false pos); open = no verdict yet)")
    rules.add_column("rule" if inline else "#", no_wrap=True, justify="left" if inline else "right")
    for name in RULE_COUNT_COLUMNS:
        rules.add_column(name, justify="right", no_wrap=True, min_width=len(name))
    for number, rule in enumerate(report.by_rule, 1):
        precision = "n/a" if rule.precision is None else f"{rule.precision:.0%}"
        counts = (rule.alerts, rule.confirmed, rule.false_positive, rule.benign, rule.unreviewed)
        label = rule.rule_id if inline else str(number)
        rules.add_row(*cells(label, *(str(v) for v in counts), precision, str(rule.suppressed)))
    return rules
