"""Storage speed: how fast analyses are saved, and how fast the analyst's most common query answers.

    python benchmarks/storage_speed.py [--articles 2000] [--alerts 1000000] [--postgres URL | --no-postgres]

Prints, for a fresh SQLite file (and PostgreSQL in a scratch schema when reachable):
- ingest and save_analysis throughput, one transaction per article (what `alerts run` does) and in batches
  (`Store.ingest_many` / `Store.save_analyses`), as articles/s and rows/s (rows = articles + indicators +
  alerts + alert-article links written);
- the "severity, last 7 days, newest 50" query (`Store.list_alerts`) over a generated alerts table, with the
  (severity, created_at) index and, for comparison, after dropping it.
Nothing is asserted: the figures are for reading.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alerts.model import SEVERITIES, Article, Escalation, Evidence, Indicator, RuleMatch
from storage import Store
from storage.models import AlertRow

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
NOW = datetime(2026, 6, 1, tzinfo=UTC)
STATES = ["KP", "RU", "IR", "SY", "BY", "MM", "CN", "VE"]


def make_article(n: int) -> Article:
    text = (
        f"Report {n}. Officials said the shipment of {n % 900 + 100} containers left the port. "
        "North Korea supplied artillery shells and missiles to Russia by rail, according to the US. "
        "That would violate international sanctions, the statement said."
    )
    return Article(id=f"bench-{n}", text=text, title=f"Report {n}", source=f"source-{n % 7}", origin=f"bench:{n}")


def make_analysis(n: int, rng: random.Random) -> tuple[list[Indicator], list[RuleMatch]]:
    supplier, recipient = rng.sample(STATES, 2)
    sentence = f"{supplier} supplied artillery shells to {recipient}."
    indicators = [
        Indicator(
            "arms_transfer",
            0.9,
            "asserted",
            Evidence(sentence, 60 + i, 60 + i + len(sentence)),
            "US",
            {"supplier": supplier, "recipient": recipient, "weapon_categories": ["artillery_ammunition"]},
        )
        for i in range(2)
    ]
    indicators.append(
        Indicator(
            "sanctions_reference",
            0.8,
            "asserted",
            Evidence("That would violate international sanctions.", 150, 193),
            None,
            {"parties": [supplier, recipient], "regime": "UN", "kind": "violation"},
        )
    )
    matches = [
        RuleMatch(
            "arms-transfer-embargoed",
            "bench",
            f"Arms transfer {supplier} -> {recipient}",
            "high",
            f"{supplier}>{recipient}",
            (0, 1),
            timedelta(days=7),
            Escalation(3, timedelta(days=7), "critical"),
        ),
        RuleMatch("sanctions-violation", "bench", "Sanctions violation", "high", f"n{n}", (2,), timedelta(days=7)),
    ]
    return indicators, matches


def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def bench_writes(url: str, articles: int, batched: bool) -> None:
    rng = random.Random(7)
    items = [make_article(n) for n in range(articles)]
    analyses = [make_analysis(n, rng) for n in range(articles)]
    with Store(url) as store:
        if batched:
            seconds_in, ids = timed(lambda: [row_id for row_id, _ in store.ingest_many(items, NOW)])
            seconds_an, outcome = timed(
                lambda: [
                    store.save_analyses(
                        [(ids[i], *analyses[i]) for i in range(start, min(start + 200, articles))], NOW
                    )
                    for start in range(0, articles, 200)
                ]
            )
            outcomes = outcome
        else:
            seconds_in, ids = timed(lambda: [store.ingest(item, NOW)[0] for item in items])
            seconds_an, outcomes = timed(
                lambda: [store.save_analysis(ids[i], *analyses[i], NOW) for i in range(articles)]
            )
    indicators = sum(o.indicators_new for o in outcomes)
    alerts = sum(o.alerts_new for o in outcomes)
    links = alerts + sum(o.alerts_corroborated for o in outcomes)
    rows = articles + indicators + alerts + links
    mode = "batches of 200" if batched else "one transaction per article"
    print(f"  ingest ({mode}): {articles / seconds_in:,.0f} articles/s")
    print(
        f"  save_analysis ({mode}): {articles / seconds_an:,.0f} articles/s, "
        f"{(indicators + alerts + links) / seconds_an:,.0f} rows/s "
        f"({indicators} indicators, {alerts} alerts, {links} links)"
    )
    print(f"  ingest + save_analysis overall: {rows / (seconds_in + seconds_an):,.0f} rows/s")


def fill_alerts(store: Store, count: int) -> None:
    """`count` alerts spread over a year before NOW, inserted in bulk (the way bulk inserts reach ~38,000 rows/s)."""
    rng = random.Random(11)
    table = AlertRow.__table__
    chunk = 20_000
    start = time.perf_counter()
    for offset in range(0, count, chunk):
        rows = []
        for n in range(offset, min(offset + chunk, count)):
            created = NOW - timedelta(seconds=rng.randrange(365 * 86400))
            rows.append(
                {
                    "rule_id": f"rule-{n % 40}",
                    "rule_version": "bench",
                    "title": "Generated alert",
                    "severity": rng.choice(SEVERITIES),
                    "base_severity": "info",
                    "dedupe_key": f"k{n}",
                    "tags": [],
                    "first_seen": created,
                    "last_seen": created,
                    "created_at": created,
                    "updated_at": created,
                    "status": "new",
                    "outcome": None,
                    "source_count": 1,
                    "article_count": 1,
                }
            )
        with store.transaction() as session:
            session.execute(sa.insert(table), rows)
    seconds = time.perf_counter() - start
    print(f"  generated {count:,} alerts with bulk insert: {count / seconds:,.0f} rows/s")
    with store.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")


RAW_QUERY = (
    "SELECT * FROM alerts WHERE severity = :severity AND created_at >= :since ORDER BY created_at DESC LIMIT 50"
)


def query_ms(store: Store, repeats: int = 30) -> tuple[float, float]:
    """Median milliseconds of the query as SQL alone, and through `Store.list_alerts` (records included)."""
    since = NOW - timedelta(days=7)
    store.list_alerts(severity="high", since=since, limit=50)  # warm the caches
    through_store, raw = [], []
    # The raw query needs the same parameter format as stored values (naive UTC text on SQLite).
    raw_since = since.replace(tzinfo=None) if store.engine.dialect.name == "sqlite" else since
    with store.engine.connect() as connection:
        for _ in range(repeats):
            seconds, rows = timed(
                lambda: connection.execute(sa.text(RAW_QUERY), {"severity": "high", "since": raw_since}).all()
            )
            raw.append(seconds * 1000)
    for _ in range(repeats):
        seconds, result = timed(lambda: store.list_alerts(severity="high", since=since, limit=50))
        through_store.append(seconds * 1000)
    return statistics.median(raw), statistics.median(through_store)


def bench_query(url: str, alerts: int) -> None:
    with Store(url) as store:
        fill_alerts(store, alerts)
        print(f"  'severity=high, last 7 days, newest 50' over {alerts:,} alerts, median ms (SQL alone / Store.list_alerts):")
        raw, through_store = query_ms(store)
        print(f"    indexes as migrated, (severity, created_at) and (created_at): {raw:.2f} / {through_store:.2f}")
        for index, left in (("ix_alerts_severity_created_at", "(created_at) only"), ("ix_alerts_created_at", "none")):
            with store.engine.begin() as connection:
                connection.exec_driver_sql(f"DROP INDEX {index}")
                connection.exec_driver_sql("ANALYZE")
            raw, through_store = query_ms(store, repeats=5)
            print(f"    indexes left: {left + ':':<50} {raw:.2f} / {through_store:.2f}")


@contextmanager
def postgres_schema(base: str) -> Iterator[str | None]:
    engine = sa.create_engine(base)
    schema = f"alerts_bench_{uuid.uuid4().hex[:8]}"
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except sa.exc.OperationalError as error:
        print(f"PostgreSQL: skipped, unreachable at {base} ({str(error).splitlines()[0]})")
        engine.dispose()
        yield None
        return
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        engine.dispose()


def run_all(label: str, make_url: Callable[[str], str], articles: int, alerts: int) -> None:
    print(f"{label}:")
    bench_writes(make_url("per-article"), articles, batched=False)
    bench_writes(make_url("batched"), articles, batched=True)
    bench_query(make_url("query"), alerts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles saved per write benchmark")
    parser.add_argument("--alerts", type=int, default=1_000_000, help="alerts generated for the query benchmark")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="PostgreSQL URL (a scratch schema is used)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        run_all("SQLite (WAL, file)", lambda name: f"sqlite:///{folder}/{name}.db", args.articles, args.alerts)
    if args.no_postgres:
        return
    with postgres_schema(args.postgres) as url:
        if url is None:
            return

        def fresh(_: str) -> str:
            # One scratch schema, emptied between the benchmarks.
            engine = sa.create_engine(url)
            with engine.begin() as connection:
                schema = connection.execute(sa.text("SELECT current_schema()")).scalar_one()
                connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
                connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
            engine.dispose()
            return url

        run_all("PostgreSQL (psycopg 3)", fresh, args.articles, args.alerts)


if __name__ == "__main__":
    main()
