"""Storage on a real SQLite file and a real PostgreSQL schema: ingest, analysis, dedupe and escalation."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest

from alerts.model import Escalation
from storage import NotFoundError, Store

from storage_factories import T0, article, match, sanctions, transfer


@pytest.fixture()
def store(database_url: str):
    with Store(database_url) as opened:
        yield opened


def test_ingest_is_idempotent_by_content(store: Store) -> None:
    first = store.ingest(article(1), T0)
    again = store.ingest(article(1), T0 + timedelta(hours=1))
    assert first[1] is True
    assert again == (first[0], False)
    # Whitespace and case do not make a different article.
    same_words = article(1, text=article(1).text.upper().replace(" ", "  "))
    assert store.ingest(same_words, T0) == (first[0], False)


def test_ingest_dedupes_by_canonical_url(store: Store) -> None:
    row_id, created = store.ingest(article(1, url="https://News.Example.com/story/?utm_source=rss#top"), T0)
    assert created
    updated = article(2, url="HTTPS://news.example.com/story?utm_medium=feed")  # other text, same page
    assert store.ingest(updated, T0) == (row_id, False)
    assert store.ingest(article(3, url="https://news.example.com/other"), T0)[1] is True
    assert store.get_article(row_id).canonical_url == "https://news.example.com/story"


def test_ingest_many_dedupes_within_the_batch_and_against_the_store(store: Store) -> None:
    """One batch, a few statements: each article's id and created flag are what ingesting them one by one in
    order gives, duplicates inside the batch included."""
    stored, _ = store.ingest(article(1, url="https://example.com/old"), T0)
    batch = [
        article(2, url="https://example.com/new"),  # new
        article(1),  # the stored article's content
        article(3, url="https://EXAMPLE.com/old?utm_source=rss"),  # the stored article's page, other text
        article(2),  # the batch's first article again
        article(4, url="https://example.com/new#comments"),  # the batch's first page again, other text
        article(5),  # new, no URL
    ]
    results = store.ingest_many(batch, T0)
    first, fifth = results[0][0], results[5][0]
    assert results == [(first, True), (stored, False), (stored, False), (first, False), (first, False), (fifth, True)]
    assert len({stored, first, fifth}) == 3
    assert store.ingest_many(batch, T0) == [(row_id, False) for row_id, _ in results]  # the same batch again


def test_article_round_trip_keeps_dates_in_utc(store: Store) -> None:
    original = article(1, url="https://example.com/a")
    original.published_at = T0.astimezone(UTC).replace(tzinfo=None)  # naive input is taken as UTC
    row_id, _ = store.ingest(original, T0)
    stored = store.get_article(row_id)
    assert stored.article.published_at == T0
    assert stored.article.published_at.tzinfo is not None
    assert stored.ingested_at == T0
    assert stored.article.text == original.text
    assert stored.processed_at is None


def test_unprocessed_articles_are_repaired_once_saved(store: Store) -> None:
    first, _ = store.ingest(article(1), T0)
    second, _ = store.ingest(article(2), T0)
    assert [row_id for row_id, _ in store.unprocessed_articles()] == [first, second]
    assert store.unprocessed_articles()[0][1].text == article(1).text
    store.save_analysis(first, [], [], T0)
    store.mark_failed(second, "extractor error: boom", T0)
    assert store.unprocessed_articles() == []
    assert store.retry_failed([second]) == 1
    assert [row_id for row_id, _ in store.unprocessed_articles()] == [second]


def test_save_analysis_creates_and_is_idempotent(store: Store) -> None:
    row_id, _ = store.ingest(article(1), T0)
    indicators = [transfer(), sanctions()]
    matches = [match(indexes=(0,)), match("KP,RU", rule="sanctions-violation", indexes=(1,))]
    outcome = store.save_analysis(row_id, indicators, matches, T0)
    assert (outcome.indicators_new, outcome.alerts_new, outcome.alerts_corroborated) == (2, 2, 0)
    again = store.save_analysis(row_id, indicators, matches, T0 + timedelta(days=30))
    assert (again.indicators_new, again.alerts_new, again.alerts_corroborated, again.suppressed) == (0, 0, 0, 0)
    alerts = store.list_alerts(limit=None)
    assert len(alerts) == 2
    assert all(alert.article_count == 1 and alert.source_count == 1 for alert in alerts)
    assert store.get_article(row_id).processed_at == T0
    assert [s.indicator.to_dict() for s in store.article_indicators(row_id)] == [i.to_dict() for i in indicators]


def test_alert_detail_has_evidence_and_article(store: Store) -> None:
    row_id, _ = store.ingest(article(1, url="https://example.com/a"), T0)
    outcome = store.save_analysis(row_id, [transfer(), sanctions()], [match(indexes=(0, 1))], T0)
    detail = store.get_alert(outcome.new_alert_ids[0])
    assert detail.alert.rule_id == "arms-to-embargoed"
    assert detail.alert.rule_version == "v1"
    assert detail.alert.dedupe_key == "KP>RU"
    assert detail.alert.tags == ("regime.un.dprk",)
    assert detail.alert.status == "new"
    [supporting] = detail.articles
    assert supporting.article_id == row_id
    assert supporting.url == "https://example.com/a"
    assert [stored.indicator.type for stored in supporting.indicators] == ["arms_transfer", "sanctions_reference"]
    evidence = supporting.indicators[0].indicator.evidence
    assert evidence.sentence == "KP shipped munitions to RU."
    assert (evidence.trigger_start, evidence.trigger_end) == (3, 10)
    assert detail.audit[0].action == "created"
    with pytest.raises(NotFoundError):
        store.get_alert(999)


def test_two_matches_of_one_key_in_one_article_make_one_alert(store: Store) -> None:
    row_id, _ = store.ingest(article(1), T0)
    outcome = store.save_analysis(
        row_id, [transfer(), transfer(start=40, items="shells")], [match(indexes=(0,)), match(indexes=(1,))], T0
    )
    assert (outcome.alerts_new, outcome.alerts_corroborated) == (1, 0)
    [supporting] = store.get_alert(outcome.new_alert_ids[0]).articles
    assert len(supporting.indicators) == 2


def test_dedupe_window_corroborates_inside_and_opens_new_alert_outside(store: Store) -> None:
    first, _ = store.ingest(article(1, source="EFE"), T0)
    created = store.save_analysis(first, [transfer()], [match()], T0)
    second, _ = store.ingest(article(2, source="Reuters"), T0)
    inside = store.save_analysis(second, [transfer()], [match()], T0 + timedelta(days=6))
    assert (inside.alerts_new, inside.alerts_corroborated) == (0, 1)
    assert inside.corroborated_alert_ids == created.new_alert_ids
    alert = store.get_alert(created.new_alert_ids[0])
    assert (alert.alert.article_count, alert.alert.source_count) == (2, 2)
    assert alert.alert.last_seen == T0 + timedelta(days=6)
    assert [a.source for a in alert.articles] == ["EFE", "Reuters"]

    third, _ = store.ingest(article(3), T0)
    outside = store.save_analysis(third, [transfer()], [match()], T0 + timedelta(days=8))
    assert (outside.alerts_new, outside.alerts_corroborated) == (1, 0)
    assert outside.new_alert_ids != created.new_alert_ids
    # Another key of the same rule is another alert.
    fourth, _ = store.ingest(article(4), T0)
    other = store.save_analysis(fourth, [transfer("IR", "RU")], [match("IR>RU")], T0 + timedelta(days=8))
    assert other.alerts_new == 1


def test_a_rule_without_window_keeps_one_alert_per_key(store: Store) -> None:
    ids = set()
    for n, days in enumerate((0, 100, 400)):
        row_id, _ = store.ingest(article(n), T0)
        outcome = store.save_analysis(row_id, [transfer()], [match(window=None)], T0 + timedelta(days=days))
        ids.update(outcome.new_alert_ids + outcome.corroborated_alert_ids)
    [alert] = store.list_alerts()
    assert ids == {alert.id}
    assert (alert.article_count, alert.first_seen, alert.last_seen) == (3, T0, T0 + timedelta(days=400))


def test_escalation_counts_distinct_sources_across_restarts(database_url: str) -> None:
    rule = match(severity="medium", escalation=Escalation(count=3, window=timedelta(days=3), to_severity="critical"))
    with Store(database_url) as store:
        first, _ = store.ingest(article(1, source="EFE"), T0)
        alert_id = store.save_analysis(first, [transfer()], [rule], T0).new_alert_ids[0]
        second, _ = store.ingest(article(2, source="EFE"), T0)  # same source again: no new voice
        assert store.save_analysis(second, [transfer()], [rule], T0 + timedelta(hours=1)).alerts_escalated == 0
    with Store(database_url) as store:  # a new process: nothing is remembered but the database
        third, _ = store.ingest(article(3, source="Reuters"), T0)
        assert store.save_analysis(third, [transfer()], [rule], T0 + timedelta(hours=2)).alerts_escalated == 0
        assert store.get_alert(alert_id).alert.severity == "medium"
    with Store(database_url) as store:
        fourth, _ = store.ingest(article(4, source="Yonhap"), T0)
        outcome = store.save_analysis(fourth, [transfer()], [rule], T0 + timedelta(hours=3))
        assert (outcome.alerts_corroborated, outcome.alerts_escalated) == (1, 1)
        assert outcome.escalated_alert_ids == [alert_id]
        detail = store.get_alert(alert_id)
        assert (detail.alert.severity, detail.alert.base_severity, detail.alert.source_count) == (
            "critical",
            "medium",
            3,
        )
        escalation = detail.audit[-1]
        assert (escalation.actor, escalation.action, escalation.old_value, escalation.new_value) == (
            "system",
            "escalate",
            "medium",
            "critical",
        )
        fifth, _ = store.ingest(article(5, source="AP"), T0)  # already critical: no second escalation
        assert store.save_analysis(fifth, [transfer()], [rule], T0 + timedelta(hours=4)).alerts_escalated == 0


def test_escalation_window_ignores_old_sources(store: Store) -> None:
    rule = match(window=timedelta(days=30), escalation=Escalation(2, timedelta(days=1), "critical"))
    first, _ = store.ingest(article(1, source="EFE"), T0)
    store.save_analysis(first, [transfer()], [rule], T0)
    second, _ = store.ingest(article(2, source="Reuters"), T0)
    late = store.save_analysis(second, [transfer()], [rule], T0 + timedelta(days=5))
    assert (late.alerts_corroborated, late.alerts_escalated) == (1, 0)


def test_snooze_suppresses_and_counts_matches(store: Store) -> None:
    snooze = store.snooze("arms-to-embargoed", "KP>RU", T0 + timedelta(days=14), "analyst", "known story", now=T0)
    first, _ = store.ingest(article(1), T0)
    outcome = store.save_analysis(
        first, [transfer(), transfer("IR", "RU")], [match(), match("IR>RU", indexes=(1,))], T0
    )
    assert (outcome.suppressed, outcome.alerts_new) == (1, 1)
    assert store.save_analysis(first, [transfer()], [match()], T0).suppressed == 0  # counted once
    [held] = store.list_suppressions()
    assert (held.rule_id, held.dedupe_key, held.snooze_id, held.snoozed_by) == (
        "arms-to-embargoed",
        "KP>RU",
        snooze.id,
        "analyst",
    )
    assert [s.suppressed for s in store.list_snoozes(now=T0)] == [1]
    # After it expires, the key alerts again.
    second, _ = store.ingest(article(2), T0)
    later = store.save_analysis(second, [transfer()], [match()], T0 + timedelta(days=15))
    assert (later.suppressed, later.alerts_new) == (0, 1)
    assert store.list_snoozes(now=T0 + timedelta(days=15)) == []


def test_rule_wide_snooze(store: Store) -> None:
    store.snooze("arms-to-embargoed", None, T0 + timedelta(days=1), "analyst", now=T0)
    row_id, _ = store.ingest(article(1), T0)
    outcome = store.save_analysis(
        row_id, [transfer(), transfer("IR", "RU")], [match(), match("IR>RU", indexes=(1,))], T0
    )
    assert (outcome.suppressed, outcome.alerts_new) == (2, 0)


def test_save_analysis_of_unknown_article_fails(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.save_analysis(42, [], [], T0)


def test_nul_characters_and_overlong_values_store_alike_on_both_databases(store: Store) -> None:
    text = "Bad\x00byte. KP shipped munitions to RU."
    row_id, _ = store.ingest(article(1, text=text, source="S" * 300), T0)  # source also names the link
    stored = store.get_article(row_id)
    assert stored.article.text == text.replace("\x00", "\ufffd")  # same length: evidence offsets still hold
    assert stored.article.source == "S" * 200
    long_key = "K" * 600
    first = store.save_analysis(row_id, [transfer(start=11)], [match(long_key)], T0)
    second_id, _ = store.ingest(article(2), T0)
    again = store.save_analysis(second_id, [transfer()], [match(long_key)], T0)
    assert again.corroborated_alert_ids == first.new_alert_ids
    repeated = store.save_analysis(second_id, [transfer()], [match(long_key)], T0)  # still idempotent
    assert (repeated.alerts_new, repeated.alerts_corroborated) == (0, 0)
    store.snooze("arms-to-embargoed", long_key, T0 + timedelta(days=1), "alice", now=T0)
    third_id, _ = store.ingest(article(3), T0)
    assert store.save_analysis(third_id, [transfer()], [match(long_key)], T0).suppressed == 1


def test_a_failure_mid_save_leaves_nothing_half_stored(store: Store) -> None:
    """The crash-safety promise: indicators written before the failing match are rolled back with it."""
    row_id, _ = store.ingest(article(1), T0)
    broken = match(None)  # type: ignore[arg-type]  # a NULL dedupe key fails at the alerts insert
    with pytest.raises(Exception):  # noqa: B017 - whichever driver error the database raises
        store.save_analysis(row_id, [transfer(), sanctions()], [match(), broken], T0)
    assert store.article_indicators(row_id) == []
    assert store.list_alerts() == []
    assert [pending for pending, _ in store.unprocessed_articles()] == [row_id]  # the next run repairs it
    repaired = store.save_analysis(row_id, [transfer(), sanctions()], [match()], T0)
    assert (repaired.indicators_new, repaired.alerts_new) == (2, 1)


def test_save_analyses_in_one_batch(store: Store) -> None:
    first, _ = store.ingest(article(1, source="EFE"), T0)
    second, _ = store.ingest(article(2, source="AP"), T0)
    total = store.save_analyses([(first, [transfer()], [match()]), (second, [transfer()], [match()])], T0)
    assert (total.indicators_new, total.alerts_new, total.alerts_corroborated) == (2, 1, 1)
    assert store.unprocessed_articles() == []
