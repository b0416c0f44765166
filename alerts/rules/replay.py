"""Replaying stored articles through an edited rule pack before it goes live (`alerts rules replay`).

Pure: given each article's stored indicators and two evaluators (or packs), it says per rule which alerts
the edit would add, remove, or change in severity. Nothing is written. Alerts are identified as storage
identifies them: article, rule id and dedupe key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from alerts.model import RuleMatch
from alerts.rules.definitions import RulePack
from alerts.rules.engine import RuleEngine


class Evaluator(Protocol):
    def evaluate(self, indicators: Sequence[dict[str, Any]]) -> list[RuleMatch]: ...


@dataclass(frozen=True, slots=True)
class ReplayChange:
    """One alert that differs: `change` is "added", "removed" or "severity" (before -> after)."""

    article_id: str
    rule_id: str
    dedupe_key: str
    change: str
    before: str | None  # severity under the current pack (None: no alert)
    after: str | None  # severity under the edited pack (None: no alert)
    title: str = ""


@dataclass
class ReplayReport:
    articles: int = 0
    changes: list[ReplayChange] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """`alerts rules replay --format json`: the counts per rule and every change."""
        return {
            "articles": self.articles,
            "by_rule": self.by_rule(),
            "changes": [asdict(change) for change in self.changes],
        }

    def by_rule(self) -> dict[str, dict[str, int]]:
        """rule id -> {"added": n, "removed": n, "severity": n}, rules in id order."""
        counts: dict[str, dict[str, int]] = {}
        for change in self.changes:
            row = counts.setdefault(change.rule_id, {"added": 0, "removed": 0, "severity": 0})
            row[change.change] += 1
        return dict(sorted(counts.items()))


def diff_matches(article_id: str, before: Iterable[RuleMatch], after: Iterable[RuleMatch]) -> list[ReplayChange]:
    """The differences between two match lists of one article, keyed by (rule id, dedupe key)."""
    old = {(match.rule_id, match.dedupe_key): match for match in before}
    new = {(match.rule_id, match.dedupe_key): match for match in after}
    changes = []
    for key in sorted(old.keys() | new.keys()):
        was, now = old.get(key), new.get(key)
        if was is None and now is not None:
            changes.append(ReplayChange(article_id, key[0], key[1], "added", None, now.severity, now.title))
        elif was is not None and now is None:
            changes.append(ReplayChange(article_id, key[0], key[1], "removed", was.severity, None, was.title))
        elif was is not None and now is not None and was.severity != now.severity:
            changes.append(ReplayChange(article_id, key[0], key[1], "severity", was.severity, now.severity, now.title))
    return changes


def replay(
    articles: Iterable[tuple[str, Sequence[dict[str, Any]]]],
    current: RulePack | Evaluator,
    edited: RulePack | Evaluator,
) -> ReplayReport:
    """Evaluate (article_id, indicator dicts) pairs with both packs and report the differences."""
    before = RuleEngine(current) if isinstance(current, RulePack) else current
    after = RuleEngine(edited) if isinstance(edited, RulePack) else edited
    report = ReplayReport()
    for article_id, indicators in articles:
        report.articles += 1
        report.changes += diff_matches(article_id, before.evaluate(indicators), after.evaluate(indicators))
    return report
