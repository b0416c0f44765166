"""The numbers behind `alerts report`: one read-only pass over the stored alerts of a period.

Every output format renders the same `Report`, so the terminal table, the CSV and the HTML mail can never
disagree. The figures come from the store in one read (storage.reporting): the counts by rule, severity,
status, day and state pair are GROUP BYs in the database, and evidence is read only for the alerts quoted.
Filling in the empty days, ranking and choosing the evidence sentences happen here.

Dates: an alert belongs to the period and to the day of its *earliest supporting article*, by that article's
ingestion time (the default: when the engine stored it) or its publication date (as the source gives it;
articles without one fall back to ingestion, and the report counts how many did). Days are UTC days.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from alerts.model import SEVERITIES, severity_rank
from alerts.vocabulary import ALERT_OUTCOMES, ALERT_STATUSES

if TYPE_CHECKING:  # the storage layer (SQLAlchemy) loads with the Store a caller passes in
    from storage import Store
    from storage.reporting import AlertCount, PairCount, ReportAlert, ReportEvidence

DateBasis = Literal["ingested", "published"]
DATE_BASES: tuple[str, ...] = ("ingested", "published")
DATE_BASIS_NOTES: dict[str, str] = {
    "ingested": "alerts are dated by the ingestion time of their earliest supporting article (UTC)",
    "published": "alerts are dated by the publication date of their earliest supporting article (UTC); "
    "articles without one use their ingestion time",
}
#: Highest first: the order every section and chart legend uses.
SEVERITIES_DESC: tuple[str, ...] = tuple(reversed(SEVERITIES))
DEFAULT_TOP_EVIDENCE = 10


@dataclass(slots=True)
class RuleSummary:
    """One rule over the period; `precision` = confirmed / (confirmed + false_positive), None before any verdict."""

    rule_id: str
    title: str
    alerts: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    confirmed: int = 0
    false_positive: int = 0
    benign: int = 0
    unreviewed: int = 0
    suppressed: int = 0

    @property
    def precision(self) -> float | None:
        judged = self.confirmed + self.false_positive
        return round(self.confirmed / judged, 3) if judged else None


@dataclass(frozen=True, slots=True)
class StatePair:
    """Arms-transfer alerts for one supplier -> recipient pair (a join alert may count for several pairs)."""

    supplier: str
    recipient: str
    alerts: int
    top_severity: str


@dataclass(frozen=True, slots=True)
class DaySummary:
    day: date
    by_severity: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """An alert's first evidence sentence; `trigger` is (start, end) inside `sentence` when known."""

    alert_id: int
    rule_id: str
    severity: str
    status: str
    source_count: int
    sentence: str
    trigger: tuple[int, int] | None
    article_title: str | None
    article_source: str | None
    article_url: str | None
    dated: datetime


@dataclass(frozen=True, slots=True)
class SnoozeSummary:
    """A snooze that was active during the period, and how many matches it held back within it."""

    snooze_id: int
    rule_id: str
    dedupe_key: str | None
    created_by: str
    created_at: datetime
    until: datetime
    note: str | None
    suppressed: int
    #: Whether it still holds when the report is made; an ended snooze is listed for what it held back.
    in_force: bool = True

    @property
    def until_text(self) -> str:
        """'2026-11-28 09:00' for a snooze in force, '2026-11-28 09:00 (ended)' for one that no longer holds."""
        return _minutes(self.until) + ("" if self.in_force else " (ended)")


@dataclass(slots=True)
class Report:
    generated_at: datetime
    since: datetime | None
    until: datetime
    date_basis: str
    total: int
    by_severity: dict[str, int]
    by_status: dict[str, int]
    by_rule: list[RuleSummary]
    by_state_pair: list[StatePair]
    by_day: list[DaySummary]
    top_evidence: list[EvidenceItem]
    snoozes: list[SnoozeSummary]
    suppressed: int
    #: With the `published` basis: alerts none of whose articles had a publication date.
    dated_by_fallback: int = 0

    @property
    def date_basis_note(self) -> str:
        return DATE_BASIS_NOTES[self.date_basis]

    @property
    def period_label(self) -> str:
        """'2026-11-21 09:00 to 2026-11-28 09:00 UTC' (or 'everything before ...')."""
        until = _minutes(self.until)
        return f"{_minutes(self.since)} to {until} UTC" if self.since else f"everything before {until} UTC"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (ISO dates); the shape `--format json` prints."""
        return {
            "generated_at": self.generated_at.isoformat(),
            "period": {
                "since": self.since.isoformat() if self.since else None,
                "until": self.until.isoformat(),
                "date_basis": self.date_basis,
                "date_basis_note": self.date_basis_note,
                "dated_by_fallback": self.dated_by_fallback,
            },
            "total": self.total,
            "suppressed": self.suppressed,
            "by_severity": self.by_severity,
            "by_status": self.by_status,
            "by_rule": [{**asdict(rule), "precision": rule.precision} for rule in self.by_rule],
            "by_state_pair": [asdict(pair) for pair in self.by_state_pair],
            "by_day": [
                {"day": day.day.isoformat(), "total": day.total, "by_severity": day.by_severity} for day in self.by_day
            ],
            "top_evidence": [
                {
                    **asdict(item),
                    "trigger": list(item.trigger) if item.trigger else None,
                    "dated": item.dated.isoformat(),
                }
                for item in self.top_evidence
            ],
            "snoozes": [
                {**asdict(s), "created_at": s.created_at.isoformat(), "until": s.until.isoformat()}
                for s in self.snoozes
            ],
        }


def _minutes(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def build_report(
    store: Store,
    since: datetime | None,
    until: datetime | None = None,
    date_basis: str = "ingested",
    top: int = DEFAULT_TOP_EVIDENCE,
    now: datetime | None = None,
) -> Report:
    """Summarise the alerts dated in [since, until) (`since=None`: from the beginning) on `date_basis`."""
    if date_basis not in DATE_BASES:
        raise ValueError(f"date basis must be one of {', '.join(DATE_BASES)}, not {date_basis!r}")
    now = now or datetime.now(UTC)
    until = until or now
    rows = store.report_rows(since, until, date_basis, top)
    suppressions = rows.suppressions_by_rule

    by_severity = dict.fromkeys(SEVERITIES_DESC, 0)
    by_status = dict.fromkeys(ALERT_STATUSES, 0)
    rules: dict[str, RuleSummary] = {}
    for count in sorted(rows.counts, key=lambda c: c.first_id):  # each rule's severities in order of first alert
        by_severity[count.severity] += count.alerts
        by_status[count.status] += count.alerts
        rule = rules.setdefault(count.rule_id, RuleSummary(count.rule_id, rows.rule_titles[count.rule_id]))
        rule.alerts += count.alerts
        rule.by_severity[count.severity] = rule.by_severity.get(count.severity, 0) + count.alerts
        if count.outcome in ALERT_OUTCOMES:
            setattr(rule, count.outcome, getattr(rule, count.outcome) + count.alerts)
        else:
            rule.unreviewed += count.alerts
    for rule_id, held in suppressions.items():
        rules.setdefault(rule_id, RuleSummary(rule_id, rule_id)).suppressed = held

    return Report(
        generated_at=now,
        since=since,
        until=until,
        date_basis=date_basis,
        total=sum(count.alerts for count in rows.counts),
        by_severity=by_severity,
        by_status=by_status,
        by_rule=sorted(rules.values(), key=lambda r: (-r.alerts, -r.suppressed, r.rule_id)),
        by_state_pair=_state_pairs(rows.pairs),
        by_day=_days(rows.counts, since, until),
        top_evidence=_top_evidence(rows.ranked, top),
        snoozes=[
            SnoozeSummary(
                s.id, s.rule_id, s.dedupe_key, s.created_by, s.created_at, s.until, s.note, s.suppressed, s.until > now
            )
            for s in rows.snoozes
        ],
        suppressed=sum(suppressions.values()),
        dated_by_fallback=rows.dated_by_fallback,
    )


def _state_pairs(pairs: Iterable[PairCount]) -> list[StatePair]:
    """Most alerts first, then the most severe, then by name."""
    ordered = sorted(pairs, key=lambda p: (-p.alerts, -severity_rank(p.top_severity), (p.supplier, p.recipient)))
    return [StatePair(p.supplier, p.recipient, p.alerts, p.top_severity) for p in ordered]


def _days(day_counts: Iterable[AlertCount], since: datetime | None, until: datetime) -> list[DaySummary]:
    """Every UTC day of the period (empty days too, so a chart shows the gaps), oldest first."""
    counts: dict[date, Counter[str]] = defaultdict(Counter)
    for count in day_counts:
        counts[count.day][count.severity] += count.alerts
    if since is not None:
        first = since.astimezone(UTC).date()
    elif counts:
        first = min(counts)
    else:
        return []
    last = (until - timedelta(microseconds=1)).astimezone(UTC).date()
    if counts:
        last = max(last, max(counts))
    days = []
    day = first
    while day <= last:
        days.append(DaySummary(day, {severity: counts[day][severity] for severity in SEVERITIES_DESC}))
        day += timedelta(days=1)
    return days


def _top_evidence(ranked: Iterable[tuple[ReportAlert, ReportEvidence]], top: int) -> list[EvidenceItem]:
    """The most severe, best corroborated, most recent alerts' first evidence sentences, each sentence once
    (the store ranks them and reads evidence for only as many as this needs)."""
    items: list[EvidenceItem] = []
    seen: set[str] = set()
    for alert, first in ranked:
        if len(items) >= top:
            break
        found = first.data.get("evidence") or {}
        sentence = found.get("sentence") or ""
        if not sentence or sentence in seen:
            continue
        seen.add(sentence)
        items.append(
            EvidenceItem(
                alert.id,
                alert.rule_id,
                alert.severity,
                alert.status,
                alert.source_count,
                sentence,
                _trigger_in_sentence(found),
                first.article_title,
                first.article_source,
                first.article_url,
                alert.dated,
            )
        )
    return items


def _trigger_in_sentence(evidence: dict[str, Any]) -> tuple[int, int] | None:
    """The trigger span relative to the sentence (evidence offsets are into the article text)."""
    trigger = evidence.get("trigger") or {}
    start, end, base = trigger.get("start"), trigger.get("end"), evidence.get("start")
    if start is None or end is None or base is None:
        return None
    relative = (start - base, end - base)
    if not 0 <= relative[0] < relative[1] <= len(evidence.get("sentence") or ""):
        return None
    return relative
