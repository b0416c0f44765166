"""The Alembic migration: creates the models' schema exactly, is safe to repeat, and lands in the URL's schema."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from storage import Store, head_revision, upgrade
from storage.engine import make_engine
from storage.models import Base, is_ours


def test_upgrade_twice_is_harmless(database_url: str) -> None:
    assert upgrade(database_url) == head_revision()
    assert upgrade(database_url) == head_revision()
    with Store(database_url) as store:  # opening a Store on an upgraded database changes nothing either
        store.start_run("seeds")
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    finally:
        engine.dispose()


def test_migration_matches_the_models(database_url: str) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": is_ours})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_tables_land_in_the_urls_schema(database_url: str) -> None:
    Store(database_url).close()
    engine = make_engine(database_url)
    try:
        inspector = sa.inspect(engine)
        tables = set(inspector.get_table_names())  # the default (search_path) schema only
        assert {"alembic_version", "articles", "indicators", "alerts", "alert_articles", "alert_audit"} <= tables
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                schema = connection.execute(sa.text("SELECT current_schema()")).scalar_one()
            assert schema.startswith("alerts_test_")
        indexes = {index["name"] for index in inspector.get_indexes("alerts")}
        assert "ix_alerts_severity_created_at" in indexes
    finally:
        engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url: str) -> None:
    with Store(sqlite_url) as store:
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1


def test_sqlite_readers_do_not_wait_for_an_open_write_transaction(sqlite_url: str) -> None:
    """WAL plus a deferred BEGIN for reads: the CLI can list alerts while the scheduler is mid-article."""
    with Store(sqlite_url) as writer, Store(sqlite_url) as reader:
        run_id = writer.start_run("seeds")
        with writer.transaction() as session:  # holds the write lock until the block ends
            session.execute(sa.text("UPDATE runs SET status = 'ok' WHERE id = :id"), {"id": run_id})
            assert [run.status for run in reader.list_runs()] == ["running"]  # the committed state, at once
        assert [run.status for run in reader.list_runs()] == ["ok"]


def test_a_database_from_a_newer_version_is_refused_clearly(database_url: str) -> None:
    import pytest

    from storage import StorageError

    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    finally:
        engine.dispose()
    with pytest.raises(StorageError, match="newer version"):
        Store(database_url)


def test_bare_postgresql_urls_use_psycopg_3() -> None:
    from storage.engine import normalise_url

    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("sqlite:///x.db").drivername == "sqlite"


def test_the_reprocess_and_queue_migration_downgrades_cleanly_and_upgrades_again(database_url: str) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config, current_revision

    before = ScriptDirectory.from_config(alembic_config()).get_revision("0003").down_revision
    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            command.downgrade(alembic_config(connection), before)
            connection.commit()
        assert current_revision(engine) == before
        inspector = sa.inspect(engine)
        assert not [name for name in inspector.get_table_names() if name.startswith("procrastinate_")]
        assert "reprocesses" not in inspector.get_table_names()
        assert "vanished_at" not in {column["name"] for column in inspector.get_columns("alerts")}
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                leftovers = connection.execute(
                    sa.text(
                        "SELECT count(*) FROM pg_proc WHERE proname LIKE 'procrastinate%' "
                        "AND pronamespace = current_schema()::regnamespace"
                    )
                ).scalar_one()
            assert leftovers == 0
    finally:
        engine.dispose()
    assert upgrade(database_url) == head_revision()


def test_the_cheap_head_check_agrees_with_alembic() -> None:
    """A Store reads the head from the scripts without Alembic (start-up time); it must be Alembic's head."""
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_an_empty_database_has_no_revision_and_opening_a_store_migrates_it(database_url: str) -> None:
    from storage.migrate import current_revision

    engine = make_engine(database_url)
    try:
        assert current_revision(engine) is None
        with Store(database_url):
            pass
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
