"""The report's figures, now counted by GROUP BY in the database, equal the ones counted in Python over every
alert and indicator (tests/report_reference.py) on a generated database, SQLite and PostgreSQL."""

from __future__ import annotations

import json
import random
from datetime import timedelta

import pytest
import sqlalchemy as sa
from report_reference import reference_figures

from alerts.model import SEVERITIES, Article, Evidence, Indicator, RuleMatch
from alerts.reports import build_report
from storage import Store

from review_data import NOW

STATES = ["KP", "RU", "IR", "SY", "BY", "MM"]
COMPARED = ("total", "by_severity", "by_status", "by_rule", "by_state_pair", "by_day", "top_evidence")


def _indicator(kind: str, text: str, sentence: str, data: dict) -> Indicator:
    start = text.index(sentence)
    trigger = start + sentence.index(" ") + 1
    return Indicator(
        kind, 0.9, "asserted", Evidence(sentence, start, start + len(sentence), trigger, trigger + 4), None, data
    )


def _generated_world(store: Store, articles: int = 70, seed: int = 5) -> None:
    """Articles over three weeks, each raising alerts that often corroborate earlier ones (same rule and key),
    with repeated sentences, arms transfers not every alert matched, missing publication dates and triage."""
    rng = random.Random(seed)
    alert_ids: list[int] = []
    for n in range(articles):
        moment = NOW - timedelta(hours=rng.randrange(21 * 24))
        pairs = [tuple(rng.sample(STATES, 2)) for _ in range(rng.randrange(1, 4))]
        sentences = [f"{s} sent rockets to {r} in lot {rng.randrange(6)}." for s, r in pairs]
        text = f"Report {n}\n" + " ".join(sentences) + " Such deliveries would breach sanctions."
        indicators = [
            _indicator("arms_transfer", text, sentence, {"supplier": s, "recipient": r})
            for sentence, (s, r) in zip(sentences, pairs, strict=True)
        ]
        indicators.append(
            _indicator(
                "sanctions_reference",
                text,
                "Such deliveries would breach sanctions.",
                {"parties": list(pairs[0]), "regime": "UN"},
            )
        )
        matches = []
        for i, (supplier, recipient) in enumerate(pairs):
            if rng.random() < 0.8:  # some transfers raise no alert: their pair must not be counted
                rule = rng.choice(["arms-a", "arms-b", "arms-c"])
                matches.append(
                    RuleMatch(
                        rule,
                        "v1",
                        f"{rule} {supplier}>{recipient}",
                        rng.choice(SEVERITIES),
                        f"{supplier}>{recipient}",
                        (i,),
                        timedelta(days=30),
                    )
                )
        matches.append(
            RuleMatch(
                "sanctions",
                "v1",
                "Sanctions reference",
                rng.choice(SEVERITIES),
                f"s{n % 9}",
                (len(indicators) - 1,),
                timedelta(days=30),
            )
        )
        published = moment - timedelta(hours=rng.randrange(72)) if rng.random() < 0.7 else None
        article = Article(
            f"a{n}",
            text,
            f"Report {n}",
            f"https://news{n % 4}.example/{n}",
            published_at=published,
            source=f"wire-{n % 4}",
        )
        row_id, _ = store.ingest(article, now=moment)
        alert_ids += store.save_analysis(row_id, indicators, matches, now=moment).new_alert_ids
    for alert_id in rng.sample(alert_ids, len(alert_ids) // 3):
        status, outcome = rng.choice(
            [
                ("acknowledged", "confirmed"),
                ("dismissed", "false_positive"),
                ("dismissed", "benign"),
                ("escalated", None),
            ]
        )
        store.set_status([alert_id], status, "ana", outcome=outcome, now=NOW)


@pytest.fixture()
def generated(database_url: str):
    with Store(database_url) as store:
        _generated_world(store)
        yield store


@pytest.mark.parametrize("basis", ["ingested", "published"])
@pytest.mark.parametrize(("days", "top"), [(7, 5), (14, 40), (None, 10)])
def test_sql_figures_equal_the_python_ones(generated: Store, basis: str, days: int | None, top: int) -> None:
    since = NOW - timedelta(days=days) if days else None
    report = build_report(generated, since, NOW, date_basis=basis, top=top, now=NOW).to_dict()
    expected = reference_figures(generated, since, NOW, basis, top)
    assert report["total"] > 0 and report["by_state_pair"] and report["top_evidence"]
    for key in COMPARED:
        assert json.dumps(report[key]) == json.dumps(expected[key]), key
    assert report["period"]["dated_by_fallback"] == expected["dated_by_fallback"]


def test_state_pairs_look_indicators_up_by_key_on_sqlite_without_statistics(sqlite_url: str) -> None:
    """The product never runs ANALYZE, so SQLite plans the report's queries without statistics. Given a condition
    on the indicator's type, it once drove the state-pair join from the type index, over every transfer indicator
    for each matched link (minutes over 300,000 alerts); each matched indicator must be one lookup by key."""
    statements: list[tuple[str, object]] = []
    with Store(sqlite_url) as store:
        _generated_world(store, articles=10)

        def capture(_conn, _cursor, statement: str, parameters: object, _context, _many) -> None:
            if "count(DISTINCT alert_articles.alert_id)" in statement:
                statements.append((statement, parameters))

        sa.event.listen(store.engine, "before_cursor_execute", capture)
        build_report(store, NOW - timedelta(days=30), NOW, now=NOW)
        sa.event.remove(store.engine, "before_cursor_execute", capture)
        assert len(statements) == 1
        with store.engine.connect() as connection:
            assert (
                connection.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").scalar()
                == 0
            )
            plan = [
                row[-1]
                for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statements[0][0], statements[0][1])
            ]
    indicator_steps = [step for step in plan if " indicators " in f" {step} "]
    assert indicator_steps, plan
    assert all("PRIMARY KEY" in step or "ix_indicators_pair_lookup" in step for step in indicator_steps), plan
