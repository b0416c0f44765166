"""Engines configured for how this project uses each database.

SQLite: WAL (readers never block the writer), foreign keys on, a generous busy timeout, and every
transaction that may write opened with BEGIN IMMEDIATE (reads use a plain BEGIN). The last point matters with several processes (a scheduler and an
analyst's CLI): a deferred transaction that reads and then writes fails at once with "database is locked"
when another process wrote meanwhile, whereas BEGIN IMMEDIATE waits its turn. It also makes DDL
transactional, so a migration either happens completely or not at all.

PostgreSQL: psycopg 3. `postgresql://` and `postgres://` URLs are read as `postgresql+psycopg://`, since
SQLAlchemy's default PostgreSQL driver (psycopg2) is not a dependency.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

SQLITE_BUSY_TIMEOUT_MS = 30_000


def normalise_url(url: str | URL) -> URL:
    """The URL with the psycopg 3 driver chosen for a bare PostgreSQL URL."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def sqlite_file(url: str | URL) -> Path | None:
    """The file of a SQLite URL; None for a memory database or another server."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    if parsed.database.startswith("file:"):
        return Path(parsed.database[len("file:") :].split("?", 1)[0]).expanduser()
    return Path(parsed.database).expanduser()


def make_engine(url: str | URL) -> sa.Engine:
    """An engine for `url` (SQLite file, `sqlite://` memory, or PostgreSQL through psycopg 3)."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(parsed, pool_pre_ping=True)
    connect_args: dict[str, Any] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    if not parsed.database or parsed.database == ":memory:":
        # A memory database lives as long as its connection: share one, or every checkout sees an empty one.
        engine = sa.create_engine(
            parsed, connect_args={**connect_args, "check_same_thread": False}, poolclass=sa.pool.StaticPool
        )
    else:
        if not parsed.database.startswith("file:"):
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, connect_args=connect_args)
    sa.event.listen(engine, "connect", _configure_sqlite_connection)
    sa.event.listen(engine, "begin", _begin_immediate)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the sqlite3 module so that "begin" below decides how to begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        _use_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: a process crash loses nothing committed
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _use_wal(cursor: Any) -> None:
    """Put the file in WAL mode (once per file; later connections find it so). Switching needs an exclusive
    lock, and SQLite answers "database is locked" at once, without waiting the busy timeout, while another
    connection holds a shared one: a report opening a new file that the scheduler is still creating. So the
    switch is retried until the busy timeout has passed."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


#: Execution option for a read-only unit of work: a deferred BEGIN, which in WAL mode never waits for a writer.
READ_ONLY = "alerts_read_only"


def _begin_immediate(connection: sa.Connection) -> None:
    deferred = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")
