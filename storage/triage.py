"""The analyst's review desk: status and outcome changes, notes, snoozes; every change in the audit trail.

The audit table is append-only: nothing here updates or deletes an audit row. A status change that changes
nothing (acknowledging an acknowledged alert) writes no status row, but its note is still kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from alerts.vocabulary import ALERT_OUTCOMES, ALERT_STATUSES
from storage.errors import DuplicateSnoozeError, NotFoundError, StorageError
from storage.models import AlertAuditRow, AlertRow, SnoozeRow, SuppressionRow
from storage.records import AuditEntry, SnoozeRecord
from storage.sql import rowcount
from storage.types import as_utc

#: A new snooze ending no later than this after one in force on the same rule and key adds nothing: the same
#: command typed twice (a few seconds apart) is refused rather than stored twice.
SAME_SNOOZE_SLACK = timedelta(minutes=1)


def _audit(
    session: Session,
    alert_id: int,
    now: datetime,
    actor: str,
    action: str,
    field: str | None = None,
    old: str | None = None,
    new: str | None = None,
    note: str | None = None,
) -> None:
    session.add(
        AlertAuditRow(
            alert_id=alert_id, at=now, actor=actor, action=action, field=field, old_value=old, new_value=new, note=note
        )
    )


def _alerts(session: Session, alert_ids: Sequence[int]) -> list[AlertRow]:
    wanted = list(dict.fromkeys(alert_ids))
    rows = {
        row.id: row for row in session.scalars(sa.select(AlertRow).where(AlertRow.id.in_(wanted)).with_for_update())
    }
    missing = [str(alert_id) for alert_id in wanted if alert_id not in rows]
    if missing:
        raise NotFoundError(f"no alert with id {', '.join(missing)}")
    return [rows[alert_id] for alert_id in wanted]


def set_status(
    session: Session,
    alert_ids: Sequence[int],
    status: str | None,
    actor: str,
    now: datetime,
    note: str | None = None,
    outcome: str | None = None,
) -> list[int]:
    """Change status (and/or the analyst's outcome) of several alerts; all or none. Returns the ids changed.

    Unknown ids fail the whole call before anything is written, so a typo cannot half-apply a batch.
    """
    if status is not None and status not in ALERT_STATUSES:
        raise StorageError(f"status must be one of {', '.join(ALERT_STATUSES)}, not {status!r}")
    if outcome is not None and outcome not in ALERT_OUTCOMES:
        raise StorageError(f"outcome must be one of {', '.join(ALERT_OUTCOMES)}, not {outcome!r}")
    changed: list[int] = []
    for alert in _alerts(session, alert_ids):
        wrote = False
        if status is not None and status != alert.status:
            _audit(session, alert.id, now, actor, "status", "status", alert.status, status, note)
            alert.status, wrote = status, True
        if outcome is not None and outcome != alert.outcome:
            _audit(session, alert.id, now, actor, "outcome", "outcome", alert.outcome, outcome, None if wrote else note)
            alert.outcome, wrote = outcome, True
        if wrote:
            alert.updated_at = now
            changed.append(alert.id)
        elif note:
            _audit(session, alert.id, now, actor, "note", note=note)
    return changed


def add_note(session: Session, alert_id: int, actor: str, note: str, now: datetime) -> None:
    _alerts(session, [alert_id])
    _audit(session, alert_id, now, actor, "note", note=note)


def audit_trail(session: Session, alert_id: int) -> list[AuditEntry]:
    """Oldest first."""
    if session.get(AlertRow, alert_id) is None:
        raise NotFoundError(f"no alert with id {alert_id}")
    rows = session.scalars(
        sa.select(AlertAuditRow).where(AlertAuditRow.alert_id == alert_id).order_by(AlertAuditRow.at, AlertAuditRow.id)
    )
    return [to_audit_entry(row) for row in rows]


def to_audit_entry(row: AlertAuditRow) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        alert_id=row.alert_id,
        at=row.at,
        actor=row.actor,
        action=row.action,
        field=row.field,
        old_value=row.old_value,
        new_value=row.new_value,
        note=row.note,
    )


def snooze(
    session: Session, rule_id: str, key: str | None, until: datetime, actor: str, note: str | None, now: datetime
) -> SnoozeRecord:
    """Silence a rule (or one dedupe key of it) until `until`; matches meanwhile are counted, not alerted."""
    if until <= now:
        raise StorageError("a snooze must end in the future")
    same = session.execute(
        sa.select(SnoozeRow.id, SnoozeRow.until)
        .where(SnoozeRow.rule_id == rule_id, SnoozeRow.until >= until - SAME_SNOOZE_SLACK)
        .where(SnoozeRow.dedupe_key.is_(None) if key is None else SnoozeRow.dedupe_key == key)
        .order_by(SnoozeRow.until.desc())
    ).first()
    if same is not None:
        scope = f"{rule_id} key {key}" if key else f"{rule_id} (all keys)"
        raise DuplicateSnoozeError(
            f"{scope} is already snoozed until {as_utc(same.until):%Y-%m-%d %H:%M} UTC (snooze #{same.id}); "
            f"`alerts unsnooze {same.id}` first to set a shorter one"
        )
    row = SnoozeRow(rule_id=rule_id, dedupe_key=key, until=until, note=note, created_by=actor, created_at=now)
    session.add(row)
    session.flush()
    return _snooze_record(row, 0)


def end_snooze(session: Session, snooze_id: int, now: datetime) -> None:
    """Stop a snooze now (the row stays, so what it held back remains explained)."""
    result = session.execute(
        sa.update(SnoozeRow).where(SnoozeRow.id == snooze_id, SnoozeRow.until > now).values(until=now)
    )
    if rowcount(result) != 1 and session.get(SnoozeRow, snooze_id) is None:
        raise NotFoundError(f"no snooze with id {snooze_id}")


def list_snoozes(session: Session, now: datetime, include_expired: bool = False) -> list[SnoozeRecord]:
    """Snoozes with how many matches each held back, latest-ending first."""
    counts = (
        sa.select(SuppressionRow.snooze_id, sa.func.count().label("n")).group_by(SuppressionRow.snooze_id).subquery()
    )
    query = (
        sa.select(SnoozeRow, sa.func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.snooze_id == SnoozeRow.id)
        .order_by(SnoozeRow.until.desc(), SnoozeRow.id.desc())
    )
    if not include_expired:
        query = query.where(SnoozeRow.until > now)
    return [_snooze_record(row, count) for row, count in session.execute(query)]


def _snooze_record(row: SnoozeRow, suppressed: int) -> SnoozeRecord:
    return SnoozeRecord(
        id=row.id,
        rule_id=row.rule_id,
        dedupe_key=row.dedupe_key,
        until=row.until,
        note=row.note,
        created_by=row.created_by,
        created_at=row.created_at,
        suppressed=suppressed,
    )
