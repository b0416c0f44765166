"""Alembic environment: runs the migrations on the connection `storage.migrate` hands over.

The project is pip-installed and run from anywhere, so there is no alembic.ini: `storage.migrate` builds the
Alembic config in code and passes an open connection in `config.attributes["connection"]`. Tables and the
`alembic_version` table are created unqualified, so they land in the connection's current schema (on
PostgreSQL, the first schema of its search_path).

Two processes may upgrade the same database at once (two `alerts` commands on first use): on PostgreSQL a
transaction-scoped advisory lock serialises them, on SQLite BEGIN IMMEDIATE does (see storage.engine); the
second one then finds the database at head and does nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from storage.models import Base, is_ours

LOCK_SQL = sa.text(
    "SELECT pg_advisory_xact_lock(hashtext('sanctions-alerts:migrate:' || coalesce(current_schema(), '')))"
)


def run_migrations(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        transactional_ddl=True,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=is_ours,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(LOCK_SQL)
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through storage.migrate.upgrade(url), which supplies the connection")
run_migrations(connection)
