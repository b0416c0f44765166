"""Storage speed: how fast analyses are saved, and how fast the analyst's most common query answers.

    python benchmarks/storage_speed.py [--articles 2000] [--alerts 1000000] [--report-alerts 1000000]
                                       [--postgres URL | --no-postgres] [--only-report]

Prints, for a fresh SQLite file (and PostgreSQL in a scratch schema when reachable):
- ingest and save_analysis throughput, one transaction per article (what `alerts run` does) and in batches
  (`Store.ingest_many` / `Store.save_analyses`), as articles/s and rows/s (rows = articles + indicators +
  alerts + alert-article links written);
- the "severity, last 7 days, newest 50" query (`Store.list_alerts`) over a generated alerts table, with the
  (severity, created_at) index and, for comparison, after dropping it;
- `alerts report --since 30d` (`build_report` through the library API) over a generated database of
  `--report-alerts` alerts with their articles, indicators and links, spread over a year (about 8% of them
  in the last 30 days), median of 3 runs.
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
from alerts.reports import build_report
from storage import Store
from storage.models import AlertArticleRow, AlertRow, ArticleRow, IndicatorRow

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
                    store.save_analyses([(ids[i], *analyses[i]) for i in range(start, min(start + 200, articles))], NOW)
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


RAW_QUERY = "SELECT * FROM alerts WHERE severity = :severity AND created_at >= :since ORDER BY created_at DESC LIMIT 50"


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
        print(
            f"  'severity=high, last 7 days, newest 50' over {alerts:,} alerts, median ms (SQL alone / Store.list_alerts):"
        )
        raw, through_store = query_ms(store)
        print(f"    indexes as migrated, (severity, created_at) and (created_at): {raw:.2f} / {through_store:.2f}")
        for index, left in (("ix_alerts_severity_created_at", "(created_at) only"), ("ix_alerts_created_at", "none")):
            with store.engine.begin() as connection:
                connection.exec_driver_sql(f"DROP INDEX {index}")
                connection.exec_driver_sql("ANALYZE")
            raw, through_store = query_ms(store, repeats=5)
            print(f"    indexes left: {left + ':':<50} {raw:.2f} / {through_store:.2f}")


def fill_report_database(store: Store, alerts: int) -> None:
    """`alerts` alerts, two per article (an arms transfer resting on two indicators, a sanctions reference on a
    third), with their articles, indicators and links, over the year before NOW; bulk inserts, explicit ids."""
    rng = random.Random(13)
    chunk = 10_000  # articles per transaction
    articles = alerts // 2
    outcomes = [None, None, None, "confirmed", "false_positive", "benign"]
    start = time.perf_counter()
    for offset in range(0, articles, chunk):
        article_rows, indicator_rows, alert_rows, link_rows = [], [], [], []
        for n in range(offset, min(offset + chunk, articles)):
            ingested = NOW - timedelta(seconds=rng.randrange(365 * 86400))
            published = ingested - timedelta(hours=rng.randrange(48)) if n % 5 else None
            supplier, recipient = rng.sample(STATES, 2)
            sentence = f"{supplier} supplied artillery shells to {recipient} in shipment {n}."
            article_rows.append(
                {
                    "id": n + 1,
                    "external_id": f"bench-{n}",
                    "content_hash": f"{n:064d}",
                    "url": f"https://news.example/{n}",
                    "canonical_url": f"https://news.example/{n}",
                    "url_hash": f"u{n:063d}",
                    "title": f"Report {n}",
                    "text": sentence,
                    "source": f"source-{n % 7}",
                    "origin": f"bench:{n}",
                    "published_at": published,
                    "ingested_at": ingested,
                    "word_count": 12,
                    "processed_at": ingested,
                }
            )
            for i, (kind, data) in enumerate(
                (
                    ("arms_transfer", {"supplier": supplier, "recipient": recipient}),
                    ("arms_transfer", {"supplier": recipient, "recipient": supplier}),
                    ("sanctions_reference", {"parties": [supplier, recipient], "regime": "UN"}),
                )
            ):
                evidence = {"sentence": sentence, "start": 0, "end": len(sentence), "trigger": {"start": 3, "end": 11}}
                indicator_rows.append(
                    {
                        "id": 3 * n + i + 1,
                        "article_id": n + 1,
                        "position": i,
                        "fingerprint": f"f{n}-{i}",
                        "type": kind,
                        "modality": "asserted",
                        "confidence": 0.9,
                        "attribution": None,
                        "supplier": data.get("supplier"),
                        "recipient": data.get("recipient"),
                        "data": {**data, "evidence": evidence},
                        "evidence_sentence": sentence,
                        "evidence_start": 0,
                        "evidence_end": len(sentence),
                        "created_at": ingested,
                    }
                )
            for k, (rule, indicator_ids) in enumerate(
                ((f"transfer-{n % 20}", [3 * n + 1, 3 * n + 2]), (f"sanctions-{n % 20}", [3 * n + 3]))
            ):
                alert_id = 2 * n + k + 1
                alert_rows.append(
                    {
                        "id": alert_id,
                        "rule_id": rule,
                        "rule_version": "bench",
                        "title": f"Rule {rule}",
                        "severity": rng.choice(SEVERITIES),
                        "base_severity": "info",
                        "dedupe_key": f"k{alert_id}",
                        "tags": [],
                        "first_seen": ingested,
                        "last_seen": ingested,
                        "created_at": ingested,
                        "updated_at": ingested,
                        "status": "new",
                        "outcome": rng.choice(outcomes),
                        "source_count": 1 + rng.randrange(3),
                        "article_count": 1,
                        "first_ingested_at": ingested,  # the alert's one article
                        "first_published_at": published,
                    }
                )
                link_rows.append(
                    {
                        "id": alert_id,
                        "alert_id": alert_id,
                        "article_id": n + 1,
                        "indicator_ids": indicator_ids,
                        "source": f"source-{n % 7}",
                        "matched_at": ingested,
                    }
                )
        with store.transaction() as session:
            for table, rows in (
                (ArticleRow, article_rows),
                (IndicatorRow, indicator_rows),
                (AlertRow, alert_rows),
                (AlertArticleRow, link_rows),
            ):
                session.execute(sa.insert(table.__table__), rows)
    if store.engine.dialect.name == "postgresql":  # explicit ids leave the sequences behind
        with store.engine.begin() as connection:
            for table in ("articles", "indicators", "alerts", "alert_articles"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
    # As the database would be in use: PostgreSQL's autovacuum analyses and vacuums a table after many inserts
    # (index-only scans, the report's state-pair lookups among them, need the visibility map VACUUM sets). SQLite
    # keeps no statistics unless told to, and the product never tells it: its plans must hold without them.
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    seconds = time.perf_counter() - start
    print(f"  generated {alerts:,} alerts with their articles, indicators and links in {seconds:.0f} s")


def bench_report(url: str, alerts: int) -> None:
    with Store(url) as store:
        fill_report_database(store, alerts)
        since = NOW - timedelta(days=30)
        runs = []
        for _ in range(3):
            seconds, report = timed(lambda: build_report(store, since, NOW, now=NOW))
            runs.append(seconds)
        print(
            f"  report --since 30d over {alerts:,} alerts ({report.total:,} in the period, "
            f"{len(report.by_state_pair)} state pairs): median {statistics.median(runs):.3f} s "
            f"(runs: {', '.join(f'{s:.3f}' for s in runs)})"
        )


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


def run_all(
    label: str, make_url: Callable[[str], str], articles: int, alerts: int, report_alerts: int, only_report: bool
) -> None:
    print(f"{label}:")
    if not only_report:
        bench_writes(make_url("per-article"), articles, batched=False)
        bench_writes(make_url("batched"), articles, batched=True)
        bench_query(make_url("query"), alerts)
    bench_report(make_url("report"), report_alerts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles saved per write benchmark")
    parser.add_argument("--alerts", type=int, default=1_000_000, help="alerts generated for the query benchmark")
    parser.add_argument(
        "--report-alerts", type=int, default=1_000_000, help="alerts generated for the report benchmark"
    )
    parser.add_argument("--only-report", action="store_true", help="only the report benchmark")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="PostgreSQL URL (a scratch schema is used)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        run_all(
            "SQLite (WAL, file)",
            lambda name: f"sqlite:///{folder}/{name}.db",
            args.articles,
            args.alerts,
            args.report_alerts,
            args.only_report,
        )
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

        run_all("PostgreSQL (psycopg 3)", fresh, args.articles, args.alerts, args.report_alerts, args.only_report)


if __name__ == "__main__":
    main()
