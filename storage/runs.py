"""The `runs` table: one row per pipeline run over one source, `running` until it finishes.

A run left `running` by a process that died (killed, power cut) is marked `interrupted` by
`recover_interrupted`, which the scheduler calls on start: on this host it checks the pid is gone; rows of
other hosts are only touched when they are older than a given age.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage.errors import NotFoundError, StorageError
from storage.models import RUN_STATUSES, RunRow
from storage.records import RunRecord
from storage.sql import rowcount

COUNT_FIELDS: tuple[str, ...] = (
    "articles_new",
    "articles_seen",
    "quarantined",
    "indicators",
    "alerts_new",
    "alerts_deduplicated",
    "alerts_escalated",
    "suppressed",
)


def start_run(session: Session, source: str, now: datetime) -> int:
    run = RunRow(
        source=source,
        started_at=now,
        status="running",
        host=socket.gethostname(),
        pid=os.getpid(),
        **dict.fromkeys(COUNT_FIELDS, 0),
    )
    session.add(run)
    session.flush()
    return run.id


def finish_run(
    session: Session,
    run_id: int,
    now: datetime,
    status: str,
    counts: Mapping[str, int] | None = None,
    error: str | None = None,
) -> None:
    """Record how the run ended and what it did; unknown count names are an error, missing ones stay 0."""
    if status not in RUN_STATUSES or status == "running":
        raise StorageError(f"a finished run's status is ok, failed or interrupted, not {status!r}")
    counts = dict(counts or {})
    unknown = set(counts) - set(COUNT_FIELDS)
    if unknown:
        raise StorageError(f"unknown run counts: {', '.join(sorted(unknown))}")
    result = session.execute(
        sa.update(RunRow)
        .where(RunRow.id == run_id)
        .values(finished_at=now, status=status, error=error, **{k: int(v) for k, v in counts.items()})
    )
    if rowcount(result) != 1:
        raise NotFoundError(f"no run with id {run_id}")


def list_runs(session: Session, limit: int = 50, source: str | None = None) -> list[RunRecord]:
    """Newest first."""
    query = sa.select(RunRow).order_by(RunRow.started_at.desc(), RunRow.id.desc()).limit(limit)
    if source is not None:
        query = query.where(RunRow.source == source)
    return [_record(row) for row in session.scalars(query)]


def recover_interrupted(session: Session, now: datetime, older_than: timedelta | None = None) -> int:
    """Mark `running` rows whose process is gone as `interrupted`; returns how many.

    On this host a run is dead when its pid no longer exists; elsewhere, only when it started more than
    `older_than` ago (None: leave other hosts' runs alone).
    """
    host = socket.gethostname()
    dead: list[int] = []
    for row in session.scalars(sa.select(RunRow).where(RunRow.status == "running")):
        if row.host == host:
            if row.pid != os.getpid() and not _pid_alive(row.pid):
                dead.append(row.id)
        elif older_than is not None and row.started_at < now - older_than:
            dead.append(row.id)
    if dead:
        session.execute(
            sa.update(RunRow)
            .where(RunRow.id.in_(dead))
            .values(status="interrupted", finished_at=now, error="the process running it stopped")
        )
    return len(dead)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _record(row: RunRow) -> RunRecord:
    return RunRecord(
        id=row.id,
        source=row.source,
        started_at=row.started_at,
        finished_at=row.finished_at,
        status=row.status,
        host=row.host,
        pid=row.pid,
        error=row.error,
        **{name: getattr(row, name) for name in COUNT_FIELDS},
    )
