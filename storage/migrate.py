"""Programmatic Alembic: `upgrade(url)` behind `alerts db upgrade`, and the check every Store makes on start.

The migration scripts ship inside the package (storage/migrations), found through this file's location, so
an installed copy migrates its database without an alembic.ini or a working directory.

Alembic (and Mako, which it brings) takes a third of a second to import, longer than a review command's
whole query. The check every Store makes therefore reads the database's revision and the scripts' head
without Alembic, and loads it only when there is something to migrate (see docs/deployment.md).
"""

from __future__ import annotations

import ast
import functools
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from storage.engine import READ_ONLY, make_engine
from storage.errors import StorageError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
#: Alembic's own bookkeeping table (its default name, which migrations/env.py keeps).
VERSION_TABLE = "alembic_version"
#: Alembic's `context` is a module-global proxy, so migrations run one at a time per process; across processes
#: the database serialises them (see migrations/env.py).
_PROCESS_LOCK = threading.Lock()


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations, optionally bound to an open connection."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


@functools.cache
def head_revision() -> str:
    """The newest packaged revision: the one no script names as its `down_revision`.

    Read from the scripts' assignments rather than through Alembic's ScriptDirectory (which imports every
    script and Mako); tests/test_storage_migrations.py checks that both agree.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        names = _string_assignments(script)
        revisions.update(names["revision"])
        parents.update(names.get("down_revision", ()))
    heads = revisions - parents
    if len(heads) != 1:
        raise StorageError(f"the packaged migrations have {len(heads)} head revisions, not one: {sorted(heads)}")
    return heads.pop()


def _string_assignments(script: Path) -> dict[str, tuple[str, ...]]:
    """A migration script's top-level `name = "value"` (or tuple of values) assignments, by name."""
    found: dict[str, tuple[str, ...]] = {}
    for node in ast.parse(script.read_text(encoding="utf-8"), str(script)).body:
        if isinstance(node, ast.AnnAssign | ast.Assign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = [target.id for target in targets if isinstance(target, ast.Name)]
            if not set(names) & {"revision", "down_revision"}:
                continue
            value = ast.literal_eval(node.value)
            for name in names:
                found[name] = (value,) if isinstance(value, str) else tuple(value or ())
    if "revision" not in found:
        raise StorageError(f"{script}: a migration script without a `revision`")
    return found


def current_revision(engine: sa.Engine) -> str | None:
    """The database's revision, or None for an empty database (one without Alembic's version table)."""
    with engine.connect().execution_options(**{READ_ONLY: True}) as connection:
        if not sa.inspect(connection).has_table(VERSION_TABLE):
            return None
        versions = sa.table(VERSION_TABLE, sa.column("version_num"))
        return connection.execute(sa.select(versions.c.version_num)).scalar()


def upgrade_engine(engine: sa.Engine, revision: str = "head") -> str:
    """Bring the database to `revision` (default: the newest). Safe to run repeatedly and concurrently."""
    from alembic import command
    from alembic.util import CommandError

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
