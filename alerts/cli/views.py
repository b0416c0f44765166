"""How the review desk draws stored records: Rich tables for the terminal, plain dicts for JSON and CSV.

Kept apart from the commands (alerts.cli.review) so that every command prints the same record the same way.
Evidence highlighting: on a colour terminal the trigger words are shown in reverse video; when the output is
piped or colour is off they are wrapped in `**...**`, so a pasted alert still shows which words fired.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from alerts.model import Indicator
from alerts.reports.table import cells, plain_output, severity_text, trigger_text
from storage import AlertDetail, AlertRecord, AuditEntry, QuarantineRecord, RunRecord, SnoozeRecord, SuppressionRecord

#: Columns of `alerts list --format csv` (and the keys of each JSON object), in order.
ALERT_FIELDS: tuple[str, ...] = (
    "id", "created_at", "severity", "base_severity", "status", "outcome", "rule_id", "rule_version", "dedupe_key",
    "title", "source_count", "article_count", "first_seen", "last_seen", "updated_at", "tags",
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


def alerts_table(alerts: Sequence[AlertRecord]) -> Table:
    """One row per alert; the title and, under it, the dedupe key share the widest column."""
    table = Table(
        title=f"{len(alerts)} alerts, newest first", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
        expand=True,
    )
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("created (UTC)", min_width=10)
    table.add_column("severity", no_wrap=True)
    table.add_column("status", min_width=8)
    table.add_column("rule", ratio=2, no_wrap=True, overflow="ellipsis")
    table.add_column("alert / key", ratio=3, overflow="fold")
    table.add_column("src", justify="right", no_wrap=True)
    for alert in alerts:
        severity = severity_text(alert.severity)
        if alert.severity != alert.base_severity:
            severity.append(f" ↑{alert.base_severity}", style="dim")
        status = alert.status + (f"\n({alert.outcome})" if alert.outcome else "")
        what = Text(alert.title)
        what.append(f"\n{alert.dedupe_key}", style="dim")
        table.add_row(
            *cells(str(alert.id), when(alert.created_at), severity, status, alert.rule_id, what, str(alert.source_count))
        )
    return table


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
        parts = [f"{fields.get('supplier')} → {fields.get('recipient')}", what]
        parts += [fields.get("quantity") or "", "/".join(fields.get("mode_of_transport") or [])]
        if fields.get("route"):  # the transit and intermediary parties: "via OM"
            parts.append("via " + ", ".join(fields["route"]))
    elif indicator.type == "high_level_visit":
        parts = [f"{fields.get('visitor_state')} → {fields.get('host_state')}", fields.get("visitor") or ""]
    elif indicator.type == "sanctions_reference":
        parts = [", ".join(fields.get("parties") or []), fields.get("kind") or "", fields.get("regime") or ""]
    elif indicator.type == "sanctioned_entity":
        parts = [f"\"{fields.get('name')}\" = {fields.get('matched_name')}",
                 f"{fields.get('entity_type')} on {fields.get('list')} #{fields.get('entity_id')}",
                 fields.get("program") or "", f"role {fields['role']}" if fields.get("role") else "",
                 f"score {fields.get('score')}", ", ".join(fields.get("reasons") or [])]
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
) -> None:
    """`alerts show`: header, evidence per article (trigger words highlighted), snoozes, audit trail.

    Plain lines rather than boxes, so that an analyst can copy a sentence or a URL out of the terminal cleanly.
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
    head.append(f"\nrule: {alert.rule_id} (version {alert.rule_version})   key: {alert.dedupe_key}")
    head.append(f"\nfirst seen: {when(alert.first_seen)} UTC   last seen: {when(alert.last_seen)} UTC")
    head.append(f"\nsources: {alert.source_count}   articles: {alert.article_count}")
    if alert.tags:
        head.append(f"   tags: {', '.join(alert.tags)}")
    for snooze in snoozed:
        scope = "this key" if snooze.dedupe_key else "the whole rule"
        head.append(f"\nsnoozed ({scope}) until {when(snooze.until)} UTC by {snooze.created_by}", style="yellow")
        head.append(f" (snooze #{snooze.id}: {snooze.note or 'no note'})", style="yellow")
    console.print(head)

    for number, article in enumerate(detail.articles, 1):
        console.print()
        console.rule(Text(f"Article {number}: {article.title or article.external_id}"), align="left", style="dim")
        if article.url:
            console.print(Text(article.url, style="underline"), soft_wrap=True)
        dates = f"source: {article.source}   published: {when(article.published_at) or 'unknown'}"
        dates += f"   ingested: {when(article.ingested_at)}"
        if article.event_date:
            dates += f"   event: {when(article.event_date)}"
        console.print(Text(dates, style="dim"))
        for stored in article.indicators:
            indicator = stored.indicator
            evidence = indicator.evidence
            console.print(Text(describe_indicator(indicator), style="italic"))
            sentence = highlighted(
                evidence.sentence, evidence.start, (evidence.trigger_start, evidence.trigger_end), plain_text
            )
            console.print(Text("  “").append_text(sentence).append("”"))

    if suppressions:
        console.rule("Held back by snoozes (same rule and key)", align="left", style="dim")
        console.print(suppressions_table(suppressions))

    trail = Table(title="Audit trail", title_justify="left", expand=True)
    trail.add_column("at (UTC)")
    trail.add_column("who")
    trail.add_column("action")
    trail.add_column("change")
    trail.add_column("note", ratio=1)
    for entry in detail.audit:
        trail.add_row(*cells(when(entry.at), entry.actor, entry.action, change_text(entry), entry.note or ""))
    console.print(trail)


def change_text(entry: AuditEntry) -> str:
    if entry.field is None:
        return ""
    return f"{entry.field}: {entry.old_value or '-'} → {entry.new_value or '-'}"


def alert_detail_dict(
    detail: AlertDetail, suppressions: Sequence[SuppressionRecord], snoozed: Sequence[SnoozeRecord]
) -> dict[str, Any]:
    """`alerts show --format json`: the alert, its articles with indicators (SPEC shape), audit, snoozes."""
    articles = []
    for article in detail.articles:
        data = plain({k: v for k, v in asdict(article).items() if k != "indicators"})
        data["indicators"] = [
            {"id": stored.id, "position": stored.position, **stored.indicator.to_dict()} for stored in article.indicators
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
    table = Table(expand=True)
    table.add_column("held back at")
    table.add_column("severity")
    table.add_column("article", ratio=1)
    table.add_column("snooze")
    table.add_column("set by")
    table.add_column("until")
    table.add_column("note")
    for item in suppressions:
        table.add_row(
            *cells(
                when(item.at), severity_text(item.severity), item.article_title or f"article {item.article_id}",
                f"#{item.snooze_id}", item.snoozed_by, when(item.snoozed_until), item.snooze_note or "",
            )
        )
    return table


def snoozes_table(snoozes: Sequence[SnoozeRecord], now: datetime) -> Table:
    table = Table(title=f"{len(snoozes)} snoozes", title_justify="left")
    for name in ("id", "rule", "key", "until (UTC)", "set by", "set at", "held back", "note"):
        table.add_column(name, justify="right" if name in ("id", "held back") else "left")
    for snooze in snoozes:
        until = when(snooze.until) + (" (ended)" if snooze.until <= now else "")
        table.add_row(
            *cells(
                str(snooze.id), snooze.rule_id, snooze.dedupe_key or "(all keys)", until, snooze.created_by,
                when(snooze.created_at), str(snooze.suppressed), snooze.note or "",
            )
        )
    return table


def runs_table(runs: Sequence[RunRecord]) -> Table:
    table = Table(
        title=f"{len(runs)} runs, newest first (articles: new/seen/quarantined; alerts: new/deduplicated/"
        "escalated/snoozed)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for name in ("id", "source", "started (UTC)", "took", "status", "articles", "indicators", "alerts", "error"):
        table.add_column(name, justify="right" if name in ("id", "indicators") else "left")
    for run in runs:
        took = "" if run.finished_at is None else _duration((run.finished_at - run.started_at).total_seconds())
        status = Text(run.status, style={"failed": "bold red", "interrupted": "yellow", "running": "cyan"}.get(
            run.status, "green"))
        table.add_row(
            *cells(
                str(run.id), run.source, when(run.started_at), took, status,
                f"{run.articles_new}/{run.articles_seen}/{run.quarantined}", str(run.indicators),
                f"{run.alerts_new}/{run.alerts_deduplicated}/{run.alerts_escalated}/{run.suppressed}", run.error or "",
            )
        )
    return table


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{seconds:02d}s"


def quarantine_table(entries: Sequence[QuarantineRecord]) -> Table:
    table = Table(title=f"{len(entries)} quarantined inputs", title_justify="left")
    for name in ("id", "origin", "source", "reason", "size", "attempts", "first seen", "last seen", "resolved"):
        table.add_column(name, justify="right" if name in ("id", "size", "attempts") else "left")
    for entry in entries:
        table.add_row(
            *cells(
                str(entry.id), entry.origin, entry.source or "", entry.reason, f"{entry.content_size:,}",
                str(entry.attempts), when(entry.first_seen), when(entry.last_seen), when(entry.resolved_at),
            )
        )
    return table
