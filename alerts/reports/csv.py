"""`alerts report --format csv`: every number of the report as one long (tidy) table.

One row per figure: `section, key, metric, value`, e.g. `severity,critical,alerts,3`,
`rule,kp-ru-arms,precision,0.75`, `day,2026-11-27,high,2`, `state_pair,KP>RU,alerts,4`. A spreadsheet pivots
that shape directly, and new figures never shift the columns. The first rows describe the period and the
date basis, so a file read on its own still says what it counts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from alerts.reports.data import Report

COLUMNS = ("section", "key", "metric", "value")


def rows(report: Report) -> Iterator[tuple[str, str, str, object]]:
    yield "period", "since", "value", report.since.isoformat() if report.since else ""
    yield "period", "until", "value", report.until.isoformat()
    yield "period", "date_basis", "value", report.date_basis
    yield "period", "date_basis", "note", report.date_basis_note
    yield "period", "dated_by_fallback", "alerts", report.dated_by_fallback
    yield "total", "", "alerts", report.total
    yield "total", "", "suppressed", report.suppressed
    for severity, count in report.by_severity.items():
        yield "severity", severity, "alerts", count
    for status, count in report.by_status.items():
        yield "status", status, "alerts", count
    for rule in report.by_rule:
        yield "rule", rule.rule_id, "title", rule.title
        for metric in ("alerts", "confirmed", "false_positive", "benign", "unreviewed", "suppressed"):
            yield "rule", rule.rule_id, metric, getattr(rule, metric)
        yield "rule", rule.rule_id, "precision", "" if rule.precision is None else rule.precision
    for pair in report.by_state_pair:
        key = f"{pair.supplier}>{pair.recipient}"
        yield "state_pair", key, "alerts", pair.alerts
        yield "state_pair", key, "top_severity", pair.top_severity
    for day in report.by_day:
        for severity, count in day.by_severity.items():
            yield "day", day.day.isoformat(), severity, count
    for rank, item in enumerate(report.top_evidence, 1):
        key = str(rank)
        yield "evidence", key, "alert_id", item.alert_id
        yield "evidence", key, "rule_id", item.rule_id
        yield "evidence", key, "severity", item.severity
        yield "evidence", key, "sentence", item.sentence
        yield "evidence", key, "article", item.article_title or item.article_url or ""
    for snooze in report.snoozes:
        key = str(snooze.snooze_id)
        yield "snooze", key, "rule_id", snooze.rule_id
        yield "snooze", key, "dedupe_key", snooze.dedupe_key or ""
        yield "snooze", key, "created_by", snooze.created_by
        yield "snooze", key, "until", snooze.until.isoformat()
        yield "snooze", key, "in_force", snooze.in_force
        yield "snooze", key, "suppressed", snooze.suppressed


def render(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(report))
    return buffer.getvalue()
