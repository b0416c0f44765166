"""Dialect-aware statements: insert-or-ignore, upsert and per-key write locks on SQLite and PostgreSQL.

Both dialects spell "insert unless it exists" as `INSERT ... ON CONFLICT DO NOTHING`, but SQLAlchemy builds it
from each dialect's own `insert()`; these helpers pick the right one from the session's bind so that the
rest of the storage code is written once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session


def dialect_name(session: Session) -> str:
    return session.get_bind().dialect.name


def _insert(session: Session, table: sa.Table) -> Any:
    name = dialect_name(session)  # each dialect's module loads with its first statement, not at start-up
    if name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    if name == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(table)
    raise NotImplementedError(f"storage supports SQLite and PostgreSQL, not {name}")


def insert_ignore(session: Session, table: sa.Table) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING (any unique constraint): execute with one row or a list of rows."""
    return _insert(session, table).on_conflict_do_nothing()


def upsert(session: Session, table: sa.Table, index_elements: Sequence[str], update: dict[str, Any]) -> Any:
    """INSERT ... ON CONFLICT (index_elements) DO UPDATE SET update; `update` values may use `excluded`."""
    statement = _insert(session, table)
    values = {key: (value(statement.excluded) if callable(value) else value) for key, value in update.items()}
    return statement.on_conflict_do_update(index_elements=list(index_elements), set_=values)


def table(model: type[Any]) -> sa.Table:
    """The Table of an ORM model (`Model.__table__`, which SQLAlchemy types as a mere FromClause)."""
    return cast(sa.Table, model.__table__)


def rowcount(result: sa.Result[Any]) -> int:
    """Rows an UPDATE, DELETE or INSERT touched (`Session.execute` types its result as a plain Result)."""
    return cast(sa.CursorResult[Any], result).rowcount


def lock_keys(session: Session, keys: Iterable[str]) -> None:
    """Hold a write lock per key until the transaction ends, so two processes never race on one key.

    PostgreSQL: transaction-scoped advisory locks, taken in one round trip and in sorted order (unnest keeps
    the array's order) so that two writers cannot deadlock. SQLite needs nothing: every write transaction
    already begins IMMEDIATE, one writer at a time (storage.engine).
    """
    if dialect_name(session) != "postgresql":
        return
    numbers = sorted(
        {int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big", signed=True) for key in keys}
    )
    if numbers:
        session.execute(_LOCK_ALL, {"keys": numbers})


_LOCK_ALL = sa.text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS BIGINT[])) AS k")
