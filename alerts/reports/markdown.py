"""`alerts report --format markdown`: the report as GitHub-flavoured Markdown tables, fit for a wiki or a ticket."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from alerts.party_names import party_label
from alerts.reports.data import EvidenceItem, Report
from alerts.wording import plural


def render(report: Report) -> str:
    lines = [
        "# Sanctions alerts report",
        "",
        f"Period: {report.period_label}. Dates: {report.date_basis_note}.",
        "",
        f"**{plural(report.total, 'alert')}**; {plural(report.suppressed, 'match', 'matches')} held back by snoozes.",
    ]
    if report.dated_by_fallback:
        lines.append(f"{plural(report.dated_by_fallback, 'alert')} had no publication date; dated by ingestion.")
    lines += _section("By severity", ("severity", "alerts"), report.by_severity.items())
    lines += _section("By status", ("status", "alerts"), report.by_status.items())
    lines += _section(
        "By rule",
        ("rule", "title", "alerts", "confirmed", "false positive", "benign", "unreviewed", "precision", "snoozed"),
        (
            (
                f"`{r.rule_id}`",
                r.title,
                r.alerts,
                r.confirmed,
                r.false_positive,
                r.benign,
                r.unreviewed,
                "n/a" if r.precision is None else f"{r.precision:.0%}",
                r.suppressed,
            )
            for r in report.by_rule
        ),
    )
    lines += _section(
        "By state pair (arms transfers, supplier → recipient)",
        ("supplier", "recipient", "alerts", "top severity"),
        ((party_label(p.supplier), party_label(p.recipient), p.alerts, p.top_severity) for p in report.by_state_pair),
    )
    lines += _section(
        "By day",
        ("day", *report.by_severity.keys(), "total"),
        ((d.day.isoformat(), *d.by_severity.values(), d.total) for d in report.by_day),
    )
    lines += _section(
        "Top evidence",
        ("alert", "severity", "rule", "evidence", "article"),
        (
            (f"#{e.alert_id}", e.severity, f"`{e.rule_id}`", _emphasised(e.sentence, e.trigger), _article(e))
            for e in report.top_evidence
        ),
    )
    lines += _section(
        "Snoozes",
        ("id", "rule", "key", "set by", "until", "note", "held back"),
        (
            (
                s.snooze_id,
                f"`{s.rule_id}`",
                s.dedupe_key or "(all keys)",
                s.created_by,
                s.until_text,
                s.note or "",
                s.suppressed,
            )
            for s in report.snoozes
        ),
    )
    return "\n".join(lines) + "\n"


def _section(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    body = ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    if not body:
        return ["", f"## {title}", "", "None."]
    return ["", f"## {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header), *body]


def _cell(value: object) -> str:
    """A table cell: pipes escaped and newlines folded, so no value can break the table."""
    return " ".join(str(value).split()).replace("|", "\\|")


def _emphasised(sentence: str, trigger: tuple[int, int] | None) -> str:
    if trigger is None:
        return sentence
    start, end = trigger
    return f"{sentence[:start]}**{sentence[start:end]}**{sentence[end:]}"


def _article(item: EvidenceItem) -> str:
    label = (item.article_title or item.article_url or "").replace("]", "\\]").replace("[", "\\[")
    if item.article_url:
        return f"[{label}]({item.article_url.replace(')', '%29').replace(' ', '%20')})"
    return label
