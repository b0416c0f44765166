"""How the review desk draws stored records: Rich tables for the terminal, plain dicts for JSON and CSV.

Kept apart from the commands (alerts.cli.review) so that every command prints the same record the same way.
Evidence highlighting: on a colour terminal the trigger words are shown in reverse video; when the output is
piped or colour is off they are wrapped in `**...**`, so a pasted alert still shows which words fired.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from alerts.model import Indicator
from alerts.reports.table import cells, desk_table, labelled, plain_output, severity_text, stacked, trigger_text
from alerts.textsafe import for_terminal
from alerts.wording import plural

if TYPE_CHECKING:
    from storage import (
        AlertDetail,
        AlertRecord,
        AuditEntry,
        QuarantineRecord,
        RunRecord,
        SnoozeRecord,
        SuppressionRecord,
    )

#: How many supporting articles `alerts show` prints unless told otherwise.
DEFAULT_SHOWN_ARTICLES = 5

#: Columns of `alerts list --format csv` (and the keys of each JSON object), in order.
ALERT_FIELDS: tuple[str, ...] = (
    "id",
    "created_at",
    "severity",
    "base_severity",
    "status",
    "outcome",
    "rule_id",
    "rule_version",
    "dedupe_key",
    "title",
    "source_count",
    "article_count",
    "first_seen",
    "last_seen",
    "updated_at",
    "vanished_at",
    "tags",
)


def when(moment: datetime | date | None) -> str:
    """A timestamp for a table cell: minutes are precise enough to read, UTC to compare across desks."""
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.isoformat()


def plain(value: Any) -> Any:
    """A record value as JSON: ISO dates, lists for tuples, nested dataclass dicts converted too."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def alert_dict(alert: AlertRecord) -> dict[str, Any]:
    data = plain(asdict(alert))
    return {name: data[name] for name in ALERT_FIELDS}


def alert_csv_row(alert: AlertRecord) -> dict[str, Any]:
    row = alert_dict(alert)
    row["tags"] = " ".join(row["tags"])
    return row


def alerts_table(alerts: Sequence[AlertRecord], wide: bool = False) -> Table:
    """The alert list. At terminal width each alert is two cells: what state it is in (id, severity, status,
    sources) and what it is (title, then the rule, the key and the date each on its own line), so that 80
    columns show every value in full. `wide`: one line per alert with a column per value."""
    title = f"{plural(len(alerts), 'alert')}, newest first"
    if wide:
        table = desk_table(title)
        for name in ("id", "raised (UTC)", "severity", "status", "outcome", "publishers", "rule", "key", "title"):
            table.add_column(name, justify="right" if name in ("id", "publishers") else "left", no_wrap=True)
        for alert in alerts:
            table.add_row(
                *cells(
                    str(alert.id),
                    when(alert.created_at),
                    _severity(alert),
                    _status(alert),
                    alert.outcome or "",
                    str(alert.source_count),
                    alert.rule_id,
                    alert.dedupe_key,
                    alert.title,
                )
            )
        return table
    table = desk_table(title, leading=1)
    table.add_column("alert", no_wrap=True)
    table.add_column("title, rule, key, raised", overflow="fold", ratio=1)
    for alert in alerts:
        state = stacked(
            Text(f"#{alert.id}", style="bold"),
            _severity(alert),
            _status(alert),
            f"({alert.outcome})" if alert.outcome else None,
            plural(alert.source_count, "publisher"),
        )
        what = stacked(
            Text(alert.title, style="bold"),
            labelled("rule", alert.rule_id),
            labelled("key", alert.dedupe_key),
            labelled("raised", f"{when(alert.created_at)} UTC"),
            labelled("vanished", f"{when(alert.vanished_at)} UTC") if alert.vanished_at else None,
        )
        table.add_row(state, what)
    return table


def _status(alert: AlertRecord) -> Text:
    """The review status, marked when a reprocess found that no article supports the alert any more."""
    text = Text(alert.status)
    if alert.vanished_at is not None:
        text.append(" vanished", style="yellow")
    return text


def _severity(alert: AlertRecord) -> Text:
    """The severity, with the rule's own one after an arrow when a recurrence escalated it."""
    text = severity_text(alert.severity)
    if alert.severity != alert.base_severity:
        text.append(f" ↑{alert.base_severity}", style="dim")
    return text


def highlighted(sentence: str, start: int, trigger: tuple[int | None, int | None], plain: bool) -> Text:
    """The evidence sentence with its trigger words (offsets into the article) highlighted."""
    t_start, t_end = trigger
    if t_start is None or t_end is None or not start <= t_start < t_end <= start + len(sentence):
        return Text(sentence)
    return trigger_text(sentence, (t_start - start, t_end - start), plain)


def describe_indicator(indicator: Indicator) -> str:
    """One line: type, parties, what moved, modality, confidence and who says so."""
    fields = indicator.fields
    if indicator.type == "arms_transfer":
        what = ", ".join(fields.get("weapon_categories") or []) or (fields.get("items") or "")
        parts = [f"{fields.get('supplier') or '?'} → {fields.get('recipient') or '?'}", what]
        parts += [fields.get("quantity") or "", "/".join(fields.get("mode_of_transport") or [])]
        if fields.get("route"):  # the transit and intermediary parties: "via OM"
            parts.append("via " + ", ".join(fields["route"]))
    elif indicator.type == "high_level_visit":
        parts = [
            f"{fields.get('visitor_state') or '?'} → {fields.get('host_state') or '?'}",
            fields.get("visitor") or "",
        ]
    elif indicator.type == "sanctions_reference":
        parts = [", ".join(fields.get("parties") or []), fields.get("kind") or "", fields.get("regime") or ""]
    elif indicator.type == "sanctioned_entity":
        parts = [
            f'"{fields.get("name")}" = {fields.get("matched_name")}',
            f"{fields.get('entity_type')} on {fields.get('list')} #{fields.get('entity_id')}",
            fields.get("program") or "",
            f"role {fields['role']}" if fields.get("role") else "",
            f"score {fields.get('score')}",
            ", ".join(fields.get("reasons") or []),
        ]
    else:
        parts = [", ".join(fields.get("parties") or []), ", ".join(fields.get("domains") or [])]
    detail = "; ".join(part for part in parts if part)
    claim = f"{indicator.modality}, conf {indicator.confidence:.2f}"
    if indicator.attribution:
        claim += f", per {indicator.attribution}"
    return f"{indicator.type}: {detail} ({claim})"


def print_alert(
    detail: AlertDetail,
    suppressions: Sequence[SuppressionRecord],
    snoozed: Sequence[SnoozeRecord],
    console: Console,
    max_articles: int | None = DEFAULT_SHOWN_ARTICLES,
) -> None:
    """`alerts show`: header, evidence per article (trigger words highlighted), snoozes, audit trail.

    Plain lines rather than boxes, so that an analyst can copy a sentence or a URL out of the terminal cleanly.
    Only the first `max_articles` articles are printed (None: all), with a count of the rest: an alert that
    forty articles support would otherwise bury its audit trail under hundreds of lines.
    """
    alert = detail.alert
    plain_text = plain_output(console)
    head = Text()
    head.append(f"#{alert.id} {alert.title}", style="bold")
    head.append("\n")
    head.append_text(severity_text(alert.severity))
    if alert.severity != alert.base_severity:
        head.append(f" (escalated from {alert.base_severity})")
    head.append(f"   status: {alert.status}")
    if alert.outcome:
        head.append(f"   outcome: {alert.outcome}")
    head.append(f"\nrule: {alert.rule_id} (version {alert.rule_version})")
    head.append(f"\nkey: {alert.dedupe_key}")
    head.append(f"\nfirst seen: {when(alert.first_seen)} UTC   last seen: {when(alert.last_seen)} UTC")
    if alert.vanished_at is not None:
        head.append(
            f"\nvanished: {when(alert.vanished_at)} UTC (a reprocess found that none of its articles supports it "
            "any more; the alert and its triage are kept)",
            style="yellow",
        )
    head.append(
        f"\n{plural(alert.source_count, 'distinct publisher')} (by web domain, or source name without a URL), "
        f"{plural(alert.article_count, 'article')}"
    )
    if alert.tags:
        head.append(f"\ntags: {', '.join(alert.tags)}")
    for snooze in snoozed:
        scope = "this key" if snooze.dedupe_key else "the whole rule"
        head.append(f"\nsnoozed ({scope}) until {when(snooze.until)} UTC by {snooze.created_by}", style="yellow")
        head.append(f" (snooze #{snooze.id}: {snooze.note or 'no note'})", style="yellow")
    console.print(head)

    shown = detail.articles if max_articles is None else detail.articles[:max_articles]
    for number, article in enumerate(shown, 1):
        console.print()
        heading = for_terminal(article.title or article.external_id)  # before Rich drops the BEL ending an OSC
        console.rule(Text(f"Article {number}: {heading}"), align="left", style="dim")
        if article.url:
            console.print(Text(article.url, style="underline"), soft_wrap=True)
        dates = f"publisher: {article.source}   published: {when(article.published_at) or 'unknown'}"
        dates += f"   ingested: {when(article.ingested_at)}"
        if article.event_date:
            dates += f"   event: {when(article.event_date)}"
        console.print(Text(dates, style="dim"))
        if article.vanished_at is not None:
            console.print(Text(f"match vanished: {when(article.vanished_at)} UTC (reprocessed)", style="yellow"))
        for stored in article.indicators:
            indicator = stored.indicator
            evidence = indicator.evidence
            console.print(Text(describe_indicator(indicator), style="italic"))
            sentence = highlighted(
                evidence.sentence, evidence.start, (evidence.trigger_start, evidence.trigger_end), plain_text
            )
            console.print(Text("  “").append_text(sentence).append("”"))

    rest = len(detail.articles) - len(shown)
    if rest:
        console.print()
        console.print(
            f"{plural(rest, 'more article')} not shown (`alerts show {alert.id} --articles 0` prints them all)",
            style="dim",
            highlight=False,
            markup=False,
        )

    if suppressions:
        console.print()
        console.rule("Held back by snoozes (same rule and key)", align="left", style="dim")
        console.print(suppressions_table(suppressions))

    console.print()
    console.rule("Audit trail (UTC)", align="left", style="dim")
    for entry in detail.audit:
        line = Text.assemble((when(entry.at), "dim"), "  ", (entry.actor, "bold"), f"  {entry.action}")
        if entry.field is not None:
            line.append(f"  {change_text(entry)}")
        console.print(line)
        if entry.note:
            console.print(Text(entry.note), style="italic", overflow="fold")


def change_text(entry: AuditEntry) -> str:
    if entry.field is None:
        return ""
    return f"{entry.field}: {entry.old_value or '-'} → {entry.new_value or '-'}"


def alert_detail_dict(
    detail: AlertDetail, suppressions: Sequence[SuppressionRecord], snoozed: Sequence[SnoozeRecord]
) -> dict[str, Any]:
    """`alerts show --format json`: the alert, its articles with indicators (docs/indicators.md), audit, snoozes."""
    articles = []
    for article in detail.articles:
        data = plain({k: v for k, v in asdict(article).items() if k != "indicators"})
        data["indicators"] = [
            {"id": stored.id, "position": stored.position, **stored.indicator.to_dict()}
            for stored in article.indicators
        ]
        articles.append(data)
    return {
        "alert": alert_dict(detail.alert),
        "articles": articles,
        "audit": [plain(asdict(entry)) for entry in detail.audit],
        "suppressions": [plain(asdict(item)) for item in suppressions],
        "snoozed_by": [plain(asdict(snooze)) for snooze in snoozed],
    }


def suppressions_table(suppressions: Sequence[SuppressionRecord]) -> Table:
    table = desk_table(leading=1)
    table.add_column("held back (UTC)", no_wrap=True)
    table.add_column("article, snooze", overflow="fold", ratio=1)
    for item in suppressions:
        table.add_row(
            stacked(when(item.at), severity_text(item.severity)),
            stacked(
                item.article_title or f"article {item.article_id}",
                labelled("snooze", f"#{item.snooze_id} by {item.snoozed_by} until {when(item.snoozed_until)} UTC"),
                labelled("note", item.snooze_note) if item.snooze_note else None,
            ),
        )
    return table


def snoozes_table(snoozes: Sequence[SnoozeRecord], now: datetime, wide: bool = False) -> Table:
    """Snoozes: at terminal width the id and count beside a stack of rule, key, dates and note (each whole);
    `wide`: a column per value."""
    title = plural(len(snoozes), "snooze")
    if wide:
        table = desk_table(title)
        for name in ("id", "rule", "key", "until (UTC)", "set by", "set at (UTC)", "held back", "note"):
            table.add_column(name, justify="right" if name in ("id", "held back") else "left", no_wrap=True)
        for snooze in snoozes:
            table.add_row(
                *cells(
                    str(snooze.id),
                    snooze.rule_id,
                    snooze.dedupe_key or "(all keys)",
                    _until(snooze, now),
                    snooze.created_by,
                    when(snooze.created_at),
                    str(snooze.suppressed),
                    snooze.note or "",
                )
            )
        return table
    table = desk_table(title, leading=1)
    table.add_column("snooze", no_wrap=True)
    table.add_column("rule, key, until, set by, note", overflow="fold", ratio=1)
    for snooze in snoozes:
        table.add_row(
            stacked(Text(f"#{snooze.id}", style="bold"), f"held back {snooze.suppressed}"),
            stacked(
                labelled("rule", snooze.rule_id),
                labelled("key", snooze.dedupe_key or "(all keys)"),
                labelled("until", f"{_until(snooze, now)} UTC"),
                labelled("set", f"{when(snooze.created_at)} UTC by {snooze.created_by}"),
                labelled("note", snooze.note or ""),
            ),
        )
    return table


def _until(snooze: SnoozeRecord, now: datetime) -> str:
    return when(snooze.until) + (" (ended)" if snooze.until <= now else "")


def runs_table(runs: Sequence[RunRecord], wide: bool = False) -> Table:
    """Recorded runs: at terminal width the run's state beside a stack of its source, start and counts;
    `wide`: a column per value."""
    title = f"{plural(len(runs), 'run')}, newest first"
    if wide:
        table = desk_table(title + " (articles: new/seen/quarantined; alerts: new/deduplicated/escalated/snoozed)")
        for name in ("id", "source", "started (UTC)", "took", "status", "articles", "indicators", "alerts", "error"):
            table.add_column(name, justify="right" if name in ("id", "indicators") else "left", no_wrap=True)
        for run in runs:
            table.add_row(
                *cells(
                    str(run.id),
                    run.source,
                    when(run.started_at),
                    _took(run),
                    _run_status(run),
                    f"{run.articles_new}/{run.articles_seen}/{run.quarantined}",
                    str(run.indicators),
                    f"{run.alerts_new}/{run.alerts_deduplicated}/{run.alerts_escalated}/{run.suppressed}",
                    run.error or "",
                )
            )
        return table
    table = desk_table(title, leading=1)
    table.add_column("run", no_wrap=True)
    table.add_column("source, started, counts", overflow="fold", ratio=1)
    for run in runs:
        counts = (
            f"{run.articles_new} new, {run.articles_seen} seen, {run.quarantined} quarantined; "
            f"{plural(run.indicators, 'indicator')}"
        )
        alerts = (
            f"{run.alerts_new} new, {run.alerts_deduplicated} deduplicated, {run.alerts_escalated} escalated, "
            f"{run.suppressed} snoozed"
        )
        table.add_row(
            stacked(Text(f"#{run.id}", style="bold"), _run_status(run), _took(run)),
            stacked(
                labelled("source", run.source),
                labelled("started", f"{when(run.started_at)} UTC"),
                labelled("articles", counts),
                labelled("alerts", alerts),
                labelled("error", run.error, style="bold red") if run.error else None,
            ),
        )
    return table


def _took(run: RunRecord) -> str:
    return "" if run.finished_at is None else _duration((run.finished_at - run.started_at).total_seconds())


def _run_status(run: RunRecord) -> Text:
    styles = {"failed": "bold red", "interrupted": "yellow", "running": "cyan"}
    return Text(run.status, style=styles.get(run.status, "green"))


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{seconds:02d}s"


def quarantine_table(entries: Sequence[QuarantineRecord], wide: bool = False) -> Table:
    """Quarantined inputs: at terminal width the id and attempts beside a stack of origin, reason and dates;
    `wide`: a column per value."""
    title = plural(len(entries), "quarantined input")
    if wide:
        table = desk_table(title)
        for name in ("id", "origin", "source", "reason", "size", "attempts", "first seen", "last seen", "resolved"):
            table.add_column(name, justify="right" if name in ("id", "size", "attempts") else "left", no_wrap=True)
        for entry in entries:
            table.add_row(
                *cells(
                    str(entry.id),
                    entry.origin,
                    entry.source or "",
                    entry.reason,
                    f"{entry.content_size:,}",
                    str(entry.attempts),
                    when(entry.first_seen),
                    when(entry.last_seen),
                    when(entry.resolved_at),
                )
            )
        return table
    table = desk_table(title, leading=1)
    table.add_column("entry", no_wrap=True)
    table.add_column("origin, reason, seen", overflow="fold", ratio=1)
    for entry in entries:
        table.add_row(
            stacked(
                Text(f"#{entry.id}", style="bold"), plural(entry.attempts, "attempt"), f"{entry.content_size:,} bytes"
            ),
            stacked(
                Text(entry.origin, style="bold"),
                labelled("source", entry.source or "-"),
                labelled("reason", entry.reason),
                labelled("seen", f"{when(entry.first_seen)} to {when(entry.last_seen)} UTC"),
                labelled("resolved", f"{when(entry.resolved_at)} UTC") if entry.resolved_at else None,
            ),
        )
    return table
