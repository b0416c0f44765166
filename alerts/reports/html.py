"""`alerts report --format html`: one self-contained HTML file to mail to a manager.

No script, no web font, no CDN, no external image: the styles are inline in a `<style>` block and the chart of
alerts per day by severity is an inline SVG (stacked bars). Every number in the chart is also in the
"By day" table below it, for mail clients that do not draw SVG. All text from the database is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from alerts.party_names import party_name
from alerts.reports.data import EvidenceItem, Report
from alerts.wording import plural

#: Severity colours, highest first (ColorBrewer RdYlBu-like; readable on white and in greyscale print).
COLOURS = {"critical": "#a50026", "high": "#f46d43", "medium": "#fdae61", "low": "#74add1", "info": "#bababa"}

_STYLE = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#222;max-width:960px;margin:24px auto;
padding:0 16px;line-height:1.4}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}
p.meta{color:#555;margin:2px 0}table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}
td.n{text-align:right;font-variant-numeric:tabular-nums}mark{background:#ffe08a;padding:0 1px}
.sev{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px}
.kpi{display:inline-block;margin:8px 24px 8px 0}.kpi b{font-size:22px;display:block}
""".strip()


def render(report: Report) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Sanctions alerts report, {escape(report.period_label)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>Sanctions alerts report</h1>",
        f'<p class="meta">Period: {escape(report.period_label)}. Generated '
        f"{escape(report.generated_at.strftime('%Y-%m-%d %H:%M UTC'))}.</p>",
        f'<p class="meta">Dates: {escape(report.date_basis_note)}.</p>',
    ]
    if report.dated_by_fallback:
        parts.append(
            f'<p class="meta">{plural(report.dated_by_fallback, "alert")} had no publication date; dated by '
            "ingestion.</p>"
        )
    parts.append("<div>")
    parts.append(f'<span class="kpi"><b>{report.total}</b>alerts</span>')
    for severity, count in report.by_severity.items():
        parts.append(f'<span class="kpi"><b style="color:{COLOURS[severity]}">{count}</b>{severity}</span>')
    parts.append(f'<span class="kpi"><b>{report.suppressed}</b>held back by snoozes</span>')
    parts.append("</div>")

    parts.append("<h2>Alerts per day by severity</h2>")
    parts.append(chart(report) if report.total else '<p class="meta">No alerts in this period.</p>')
    parts += _table(
        "By rule",
        ("rule", "title", "alerts", "confirmed", "false positive", "benign", "unreviewed", "precision", "snoozed"),
        (
            (
                r.rule_id,
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
        note="Precision is confirmed / (confirmed + false positive), from the analysts' outcomes.",
    )
    parts += _table(
        "By state pair (arms transfers, supplier → recipient)",
        ("supplier", "recipient", "alerts", "top severity"),
        ((_Party(p.supplier), _Party(p.recipient), p.alerts, _Badge(p.top_severity)) for p in report.by_state_pair),
    )
    parts += _table("By status", ("status", "alerts"), report.by_status.items())
    parts += _table(
        "Top evidence",
        ("alert", "severity", "evidence", "article"),
        (
            (f"#{e.alert_id}", _Badge(e.severity), _Marked(e.sentence, e.trigger, e.rule_id), _Link(e))
            for e in report.top_evidence
        ),
    )
    parts += _table(
        "Snoozes",
        ("id", "rule", "key", "set by", "until", "note", "held back"),
        (
            (
                s.snooze_id,
                s.rule_id,
                s.dedupe_key or "(all keys)",
                s.created_by,
                s.until_text,
                s.note or "",
                s.suppressed,
            )
            for s in report.snoozes
        ),
    )
    parts += _table(
        f"By day ({report.date_basis} date, UTC)",
        ("day", *report.by_severity.keys(), "total"),
        ((d.day.isoformat(), *d.by_severity.values(), d.total) for d in report.by_day),
    )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def chart(report: Report, width: int = 900, height: int = 260) -> str:
    """Stacked bars of alerts per day, highest severity on top, with a y axis, day labels and a legend."""
    days = report.by_day
    left, right, top, bottom = 40, 10, 10, 48
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((day.total for day in days), default=0)
    step = _tick_step(peak)
    ceiling = max(step, -(-peak // step) * step)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="Helvetica,Arial,sans-serif" font-size="11">',
        f"<title>Alerts per day by severity, {escape(report.period_label)}</title>",
    ]
    for tick in range(0, ceiling + 1, step):
        y = top + plot_h - plot_h * tick / ceiling
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{tick}</text>')
    if days:
        slot = plot_w / len(days)
        bar = max(1.0, slot * 0.7)
        label_every = max(1, round(len(days) / 15))
        for index, day in enumerate(days):
            x = left + index * slot + (slot - bar) / 2
            y = top + plot_h
            for severity in reversed(list(day.by_severity)):  # lowest severity at the bottom
                count = day.by_severity[severity]
                if not count:
                    continue
                h = plot_h * count / ceiling
                y -= h
                out.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{COLOURS[severity]}">'
                    f"<title>{day.day.isoformat()}: {count} {severity}</title></rect>"
                )
            if day.total:
                out.append(
                    f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" fill="#333">{day.total}</text>'
                )
            if index % label_every == 0:
                out.append(
                    f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 14}" text-anchor="middle" fill="#555">'
                    f"{day.day.strftime('%m-%d')}</text>"
                )
    else:
        out.append(f'<text x="{left + plot_w / 2}" y="{top + plot_h / 2}" text-anchor="middle">no alerts</text>')
    out.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#888"/>')
    x = left
    for severity, colour in COLOURS.items():
        out.append(f'<rect x="{x}" y="{height - 16}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{x + 14}" y="{height - 7}" fill="#333">{severity}</text>')
        x += 80
    out.append("</svg>")
    return "\n".join(out)


def _tick_step(peak: int) -> int:
    """A round step giving at most about five gridlines."""
    step = 1
    while peak / step > 5:
        for factor in (2, 5, 10):
            if peak / (step * factor) <= 5:
                return step * factor
        step *= 10
    return step


class _Party:
    """A party code with the state's name beside it (`KP North Korea`); a group slug as it is."""

    def __init__(self, code: str) -> None:
        self.code = code

    def __html__(self) -> str:
        name = party_name(self.code)
        suffix = f' <small style="color:#555">{escape(name)}</small>' if name else ""
        return escape(self.code) + suffix


class _Badge:
    def __init__(self, severity: str) -> None:
        self.severity = severity

    def __html__(self) -> str:
        colour = COLOURS.get(self.severity, "#777")
        return f'<span class="sev" style="background:{colour}">{escape(self.severity)}</span>'


class _Marked:
    """An evidence sentence with the trigger words in <mark>, and the rule id under it."""

    def __init__(self, sentence: str, trigger: tuple[int, int] | None, rule_id: str) -> None:
        self.sentence, self.trigger, self.rule_id = sentence, trigger, rule_id

    def __html__(self) -> str:
        text = escape(self.sentence)
        if self.trigger:
            start, end = self.trigger
            s = self.sentence
            text = f"{escape(s[:start])}<mark>{escape(s[start:end])}</mark>{escape(s[end:])}"
        return f'{text}<br><small style="color:#777">{escape(self.rule_id)}</small>'


class _Link:
    def __init__(self, item: EvidenceItem) -> None:
        self.label = item.article_title or item.article_url or ""
        self.url = item.article_url
        self.source = item.article_source

    def __html__(self) -> str:
        label = escape(self.label)
        if self.url and self.url.lower().startswith(("http://", "https://")):
            label = f'<a href="{escape(self.url, quote=True)}">{label}</a>'
        return label + (f'<br><small style="color:#777">{escape(self.source)}</small>' if self.source else "")


def _table(title: str, header: Sequence[str], rows: Iterable[Sequence[object]], note: str | None = None) -> list[str]:
    out = [f"<h2>{escape(title)}</h2>"]
    if note:
        out.append(f'<p class="meta">{escape(note)}</p>')
    body = [
        "<tr>"
        + "".join(
            f'<td class="n">{value}</td>' if isinstance(value, int) else f"<td>{_html(value)}</td>" for value in row
        )
        + "</tr>"
        for row in rows
    ]
    if not body:
        return [*out, "<p>None.</p>"]
    head = "<tr>" + "".join(f"<th>{escape(name)}</th>" for name in header) + "</tr>"
    return [*out, "<table>", head, *body, "</table>"]


def _html(value: object) -> str:
    html = getattr(value, "__html__", None)
    return html() if callable(html) else escape(str(value))
