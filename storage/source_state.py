"""Per-source memory between runs (a feed's ETag and Last-Modified, a folder file's mtime, size and hash)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from storage.models import SourceStateRow
from storage.sql import table, upsert


def get(session: Session, source: str, key: str) -> Any:
    """The stored JSON value, or None."""
    return session.scalar(
        sa.select(SourceStateRow.value).where(SourceStateRow.source == source, SourceStateRow.key == key)
    )


def set_(session: Session, source: str, key: str, value: Any, now: datetime) -> None:
    statement = upsert(
        session,
        table(SourceStateRow),
        ["source", "key"],
        {"value": lambda excluded: excluded.value, "updated_at": lambda excluded: excluded.updated_at},
    )
    session.execute(statement, {"source": source, "key": key, "value": value, "updated_at": now})


def get_all(session: Session, source: str) -> dict[str, Any]:
    rows = session.execute(
        sa.select(SourceStateRow.key, SourceStateRow.value).where(SourceStateRow.source == source)
    ).all()
    return dict(rows)
