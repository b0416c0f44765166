"""Named leases in the database: at most one live holder per name (e.g. one scheduler per database).

A lease expires unless renewed, so a holder that died without releasing it (kill -9, power cut) blocks the
next one for at most one TTL. Every decision happens inside one transaction that locks the lease row
(SELECT ... FOR UPDATE on PostgreSQL; BEGIN IMMEDIATE on SQLite), so two contenders can never both win.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage.models import LeaseRow
from storage.records import Lease
from storage.sql import insert_ignore, rowcount, table


def default_holder() -> str:
    """This process, as `host:pid`."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _host_pid(holder: str) -> tuple[str, int]:
    host, _, pid = holder.rpartition(":")
    return (host, int(pid)) if host and pid.isdigit() else (socket.gethostname(), os.getpid())


def acquire(session: Session, name: str, holder: str, ttl: timedelta, now: datetime) -> Lease:
    """Take the lease if it is free, expired, or already ours (then it is renewed); else report who holds it."""
    host, pid = _host_pid(holder)
    session.execute(
        insert_ignore(session, table(LeaseRow)),
        {
            "name": name,
            "holder": holder,
            "host": host,
            "pid": pid,
            "acquired_at": now,
            "renewed_at": now,
            "expires_at": now + ttl,
        },
    )
    row = session.scalars(sa.select(LeaseRow).where(LeaseRow.name == name).with_for_update()).one()
    if row.holder == holder or row.expires_at <= now:
        if row.holder != holder:
            row.holder, row.host, row.pid, row.acquired_at = holder, host, pid, now
        row.renewed_at, row.expires_at = now, now + ttl
        session.flush()
        return _lease(row, acquired=True)
    return _lease(row, acquired=False)


def renew(session: Session, name: str, holder: str, ttl: timedelta, now: datetime) -> bool:
    """Extend our lease; False when it is no longer ours (it expired and someone else took it)."""
    result = session.execute(
        sa.update(LeaseRow)
        .where(LeaseRow.name == name, LeaseRow.holder == holder)
        .values(renewed_at=now, expires_at=now + ttl)
    )
    return rowcount(result) == 1


def release(session: Session, name: str, holder: str) -> bool:
    """Give the lease up if it is ours; True when it was."""
    result = session.execute(sa.delete(LeaseRow).where(LeaseRow.name == name, LeaseRow.holder == holder))
    return rowcount(result) == 1


def current(session: Session, name: str) -> Lease | None:
    """Who holds the lease (possibly expired), or None if nobody ever took it or it was released."""
    row = session.get(LeaseRow, name)
    return None if row is None else _lease(row, acquired=False)


def _lease(row: LeaseRow, acquired: bool) -> Lease:
    return Lease(
        name=row.name,
        acquired=acquired,
        holder=row.holder,
        host=row.host,
        pid=row.pid,
        acquired_at=row.acquired_at,
        expires_at=row.expires_at,
    )
