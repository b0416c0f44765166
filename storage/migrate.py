"""Programmatic Alembic: `upgrade(url)` behind `alerts db upgrade`, and the check every Store makes on start.

The migration scripts ship inside the package (storage/migrations), found through this file's location, so
an installed copy migrates its database without an alembic.ini or a working directory.
"""

from __future__ import annotations

import threading
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from storage.engine import READ_ONLY, make_engine
from storage.errors import StorageError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: Alembic's `context` is a module-global proxy, so migrations run one at a time per process; across processes
#: the database serialises them (see migrations/env.py).
_PROCESS_LOCK = threading.Lock()


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations, optionally bound to an open connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the packaged migrations have no head revision"
    return head


def current_revision(engine: sa.Engine) -> str | None:
    """The database's revision, or None for an empty database."""
    with engine.connect().execution_options(**{READ_ONLY: True}) as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_engine(engine: sa.Engine, revision: str = "head") -> str:
    """Bring the database to `revision` (default: the newest). Safe to run repeatedly and concurrently."""
    with _PROCESS_LOCK, engine.connect() as connection:
        try:
            command.upgrade(alembic_config(connection), revision)
        except CommandError as error:
            raise StorageError(
                f"cannot migrate the database: {error} (is it from a newer version of sanctions-alerts?)"
            ) from error
    current = current_revision(engine)
    assert current is not None
    return current


def ensure_schema(engine: sa.Engine) -> None:
    """Upgrade unless the database is already at head: the cheap check a Store makes when it opens."""
    if current_revision(engine) != head_revision():
        upgrade_engine(engine)


def upgrade(url: str, revision: str = "head") -> str:
    """`alerts db upgrade`: migrate the database at `url`; returns the revision it is at afterwards."""
    engine = make_engine(url)
    try:
        return upgrade_engine(engine, revision)
    finally:
        engine.dispose()
