"""`alerts rules replay`: an edited rule pack against the alerts already stored, nothing written.

The stored side is what the live pack actually produced (every article an alert rests on, and every match
a snooze held back, at the severity the rule fired with); the edited side is the new pack evaluated over the
same articles' stored indicators. The diff says per rule what going live would add, remove or re-grade.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alerts.model import RuleMatch
from alerts.rules import ReplayReport, RuleEngine, RulePack
from alerts.rules.replay import diff_matches
from storage import Store


def replay_stored(store: Store, pack: RulePack, since: timedelta, now: datetime | None = None) -> ReplayReport:
    """Diff the stored matches of articles ingested within `since` against `pack`'s evaluation of them."""
    start = (now or datetime.now(UTC)) - since
    engine = RuleEngine(pack)
    articles = store.list_articles(since=start)
    stored: dict[int, list[RuleMatch]] = {}
    for match in store.stored_matches(article_ids=[stored_article.id for stored_article in articles]):
        stored.setdefault(match.article_id, []).append(
            RuleMatch(match.rule_id, match.rule_version or "", "", match.base_severity, match.dedupe_key, ())
        )
    report = ReplayReport()
    for stored_article in articles:
        if stored_article.processed_at is None:
            continue
        indicators = [row.indicator.to_dict() for row in store.article_indicators(stored_article.id)]
        label = stored_article.article.id
        report.articles += 1
        report.changes += diff_matches(label, stored.get(stored_article.id, []), engine.evaluate(indicators))
    return report
