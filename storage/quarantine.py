"""Quarantine: inputs that could not be read or analysed, kept with their reason so they can be retried.

One row per (origin, content): seeing the same bad input again bumps `attempts` and `last_seen` rather than
adding a row, and re-opens it if it had been resolved. The raw content is kept up to `MAX_CONTENT_BYTES`
(a 2 GB file must not land in the database); `content_size` says how big it really was.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage.errors import NotFoundError
from storage.models import QuarantineRow
from storage.records import QuarantineRecord
from storage.sql import rowcount, table, upsert

MAX_CONTENT_BYTES = 1_000_000


def _as_bytes(raw: bytes | str | None) -> bytes:
    if raw is None:
        return b""
    if isinstance(raw, str):
        return raw.encode("utf-8", errors="surrogateescape")
    return bytes(raw)


def quarantine(
    session: Session, origin: str, source: str | None, reason: str, raw: bytes | str | None, now: datetime
) -> int:
    """Record (or re-record) a bad input; returns its quarantine id."""
    data = _as_bytes(raw)
    content_hash = hashlib.sha256(data).hexdigest()
    key = hashlib.sha256(f"{origin}\x00{content_hash}".encode("utf-8", errors="surrogateescape")).hexdigest()
    rows = table(QuarantineRow)
    statement = upsert(
        session,
        rows,
        ["key"],
        {
            "last_seen": lambda excluded: excluded.last_seen,
            "reason": lambda excluded: excluded.reason,
            "attempts": rows.c.attempts + 1,
            "resolved_at": None,
        },
    )
    session.execute(
        statement,
        {
            "key": key,
            "origin": origin,
            "source": source,
            "reason": reason,
            "content": None if raw is None else data[:MAX_CONTENT_BYTES],
            "content_size": len(data),
            "content_hash": content_hash,
            "first_seen": now,
            "last_seen": now,
            "attempts": 1,
            "resolved_at": None,
        },
    )
    return session.scalars(sa.select(QuarantineRow.id).where(QuarantineRow.key == key)).one()


def list_quarantine(
    session: Session, include_resolved: bool = False, source: str | None = None, limit: int | None = 100
) -> list[QuarantineRecord]:
    """Newest first, without the content (see `get_quarantine`)."""
    query = sa.select(QuarantineRow).order_by(QuarantineRow.last_seen.desc(), QuarantineRow.id.desc()).limit(limit)
    query = query.options(sa.orm.defer(QuarantineRow.content))
    if not include_resolved:
        query = query.where(QuarantineRow.resolved_at.is_(None))
    if source is not None:
        query = query.where(QuarantineRow.source == source)
    return [_record(row, with_content=False) for row in session.scalars(query)]


def get_quarantine(session: Session, quarantine_id: int) -> QuarantineRecord:
    row = session.get(QuarantineRow, quarantine_id)
    if row is None:
        raise NotFoundError(f"no quarantine entry with id {quarantine_id}")
    return _record(row, with_content=True)


def resolve_quarantine(session: Session, quarantine_id: int, now: datetime) -> None:
    result = session.execute(sa.update(QuarantineRow).where(QuarantineRow.id == quarantine_id).values(resolved_at=now))
    if rowcount(result) != 1:
        raise NotFoundError(f"no quarantine entry with id {quarantine_id}")


def _record(row: QuarantineRow, with_content: bool) -> QuarantineRecord:
    return QuarantineRecord(
        id=row.id,
        origin=row.origin,
        source=row.source,
        reason=row.reason,
        content_size=row.content_size,
        content_hash=row.content_hash,
        first_seen=row.first_seen,
        last_seen=row.last_seen,
        attempts=row.attempts,
        resolved_at=row.resolved_at,
        content=row.content if with_content else None,
    )
