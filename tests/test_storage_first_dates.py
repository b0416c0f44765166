"""The report dates stored on each alert (migration 0004): kept up to date by corroborations, and filled from
the alert-article links by the upgrade from 0003; SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import command

from alerts.model import Article, Evidence, Indicator, RuleMatch
from storage import Store, head_revision, upgrade
from storage.engine import make_engine
from storage.migrate import alembic_config, current_revision

START = datetime(2026, 3, 1, 12, tzinfo=UTC)
SENTENCE = "Ruritania sent rockets to Freedonia."
#: (hours after START it is stored, hours before that it was published or None); all corroborate one alert,
#: stored out of order: the second is older than the first, the third has no publication date.
STORIES = [(48, 2), (10, 30), (70, None), (5, None)]
#: The earliest of the SQL's own answer from the links: what both columns must hold.
EARLIEST = (
    "SELECT alerts.id, min(articles.ingested_at), min(articles.published_at) FROM alerts "
    "JOIN alert_articles ON alert_articles.alert_id = alerts.id "
    "JOIN articles ON articles.id = alert_articles.article_id GROUP BY alerts.id ORDER BY alerts.id"
)
STORED = "SELECT id, first_ingested_at, first_published_at FROM alerts ORDER BY id"


def _save_stories(store: Store) -> None:
    text = f"Wire report. {SENTENCE}"
    start = text.index(SENTENCE)
    indicator = Indicator(
        "arms_transfer",
        0.9,
        "asserted",
        Evidence(SENTENCE, start, start + len(SENTENCE), start + 10, start + 14),
        None,
        {"supplier": "RU", "recipient": "FR"},
    )
    match = RuleMatch("arms", "v1", "Arms", "high", "RU>FR", (0,), None)
    for n, (stored, published) in enumerate(STORIES):
        moment = START + timedelta(hours=stored)
        article = Article(
            f"s{n}",
            f"{text} ({n})",
            f"Story {n}",
            f"https://wire{n}.example/{n}",
            published_at=moment - timedelta(hours=published) if published is not None else None,
            source=f"wire-{n}",
        )
        row_id, _ = store.ingest(article, now=moment)
        store.save_analysis(row_id, [indicator], [match], now=moment)
    # an article whose alert's only article has no publication date
    lone = Article("lone", f"{text} (lone)", "Lone", "https://other.example/1", source="other")
    row_id, _ = store.ingest(lone, now=START)
    store.save_analysis(row_id, [indicator], [RuleMatch("other", "v1", "Other", "low", "k", (0,), None)], now=START)


def _as_utc(value: object) -> datetime | None:
    """A timestamp as SQLite (naive UTC text) or PostgreSQL (aware) returns it, as an aware datetime."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    assert isinstance(moment, datetime)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _rows(engine: sa.Engine, query: str) -> list[tuple[int, datetime | None, datetime | None]]:
    with engine.connect() as connection:
        return [(row[0], _as_utc(row[1]), _as_utc(row[2])) for row in connection.execute(sa.text(query))]


def test_each_corroboration_keeps_the_earliest_dates_on_the_alert(database_url: str) -> None:
    with Store(database_url) as store:
        _save_stories(store)
        stored, expected = _rows(store.engine, STORED), _rows(store.engine, EARLIEST)
    assert stored == expected
    (_, ingested, published), (_, lone_ingested, lone_published) = stored
    assert ingested == START + timedelta(hours=5)  # the last story stored was ingested first
    assert published == START + timedelta(hours=10 - 30)  # lowered by the second story, out of order
    assert (lone_ingested, lone_published) == (START, None)


def test_the_upgrade_from_0003_fills_the_dates_from_the_links(database_url: str) -> None:
    with Store(database_url) as store:
        _save_stories(store)
        expected = _rows(store.engine, EARLIEST)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            command.downgrade(alembic_config(connection), "0003")
            connection.commit()
        assert current_revision(engine) == "0003"
        columns = {column["name"] for column in sa.inspect(engine).get_columns("alerts")}
        assert not columns & {"first_ingested_at", "first_published_at"}
        assert upgrade(database_url) == head_revision()
        assert _rows(engine, STORED) == expected
        indexes = {index["name"] for index in sa.inspect(engine).get_indexes("alerts")}
        assert "ix_alerts_report_period" in indexes
    finally:
        engine.dispose()
