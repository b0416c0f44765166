"""Shared fixtures: the real spaCy pipeline (loaded once), and real databases (a SQLite file, PostgreSQL).

PostgreSQL: `ALERTS_TEST_POSTGRES_URL` (default: the local server on 127.0.0.1:5432, database `test`). Each
test session works in a schema of its own, dropped at the end. Outside CI an unreachable server skips the
PostgreSQL tests; in CI (`CI` set) it fails them, so a missing server can never pass silently.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import settings

from alerts.config import ExtractionConfig

# CI explores the same examples on every run, so a landing never depends on the draw; local runs keep
# drawing new ones (and hypothesis's database replays any failure they find).
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO_ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("ALERTS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def extractor():
    """The real extractor on the default spaCy model; loading it once keeps the suite fast."""
    from alerts.extract import Extractor

    return Extractor(ExtractionConfig())


@pytest.fixture(scope="session")
def screener():
    """The screener over the shipped OFAC SDN snapshot (read from the package, as `alerts analyze` does)."""
    from alerts.config import ScreeningConfig
    from alerts.screening import load_screener

    return load_screener(ScreeningConfig())


@pytest.fixture(scope="session")
def screened_extractor(extractor, screener):
    """The real extractor with screening, as every `alerts` command that extracts uses it."""
    from alerts.screening import ScreeningExtractor

    return ScreeningExtractor(extractor, screener)


@pytest.fixture()
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'alerts.db'}"


@pytest.fixture(scope="session")
def postgres_schema_url() -> Iterator[str]:
    """A URL whose connections use a fresh schema, created for this test session and dropped after it."""
    engine = sa.create_engine(POSTGRES_URL)
    try:
        with engine.connect():
            pass
    except sa.exc.OperationalError as error:
        engine.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but unreachable at {POSTGRES_URL}: {error}")
        pytest.skip(f"PostgreSQL unreachable at {POSTGRES_URL}")
    schema = f"alerts_test_{uuid.uuid4().hex[:10]}"
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture()
def postgres_url(postgres_schema_url: str) -> str:
    """The session's PostgreSQL schema, emptied for this test."""
    engine = sa.create_engine(postgres_schema_url)
    with engine.begin() as connection:
        schema = connection.execute(sa.text("SELECT current_schema()")).scalar_one()
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return postgres_schema_url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Run a storage test once on a fresh SQLite file and once on PostgreSQL (a clean schema per test)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'alerts.db'}"
    return request.getfixturevalue("postgres_url")
