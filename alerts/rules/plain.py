"""The plain-Python evaluator: the reference reading of the rule language, and the benchmark baseline.

It walks every rule's condition tree over every indicator (and, for a join, every ordered combination of
distinct indicators, pruned part by part). The durable_rules engine must fire exactly where this does; the
property tests hold the two together.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from alerts.model import RuleMatch
from alerts.rules.conditions import holds
from alerts.rules.fields import read_indicator
from alerts.rules.matches import Firing, build_matches
from alerts.rules.model import Rule


class PlainEvaluator:
    """Evaluate rules in Python: same inputs and outputs as RuleEngine."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)

    def fire(self, indicators: Sequence[dict[str, Any]]) -> list[Firing]:
        return self._fire_views([read_indicator(indicator) for indicator in indicators])

    def evaluate(self, indicators: Sequence[dict[str, Any]]) -> list[RuleMatch]:
        views = [read_indicator(indicator) for indicator in indicators]
        return build_matches(self.rules, self._fire_views(views), views)

    def _fire_views(self, views: list[dict[str, Any]]) -> list[Firing]:
        return [firing for rule in self.rules for firing in _fire(rule, views)]


def _fire(rule: Rule, views: list[dict[str, Any]]) -> Iterator[Firing]:
    def extend(part: int, chosen: tuple[int, ...], bound: dict[str, dict[str, Any]]) -> Iterator[Firing]:
        if part == len(rule.aliases):
            yield Firing(rule.id, chosen)
            return
        alias, node = rule.aliases[part]
        for index, view in enumerate(views):
            if index not in chosen and holds(node, view, bound):
                yield from extend(part + 1, chosen + (index,), {**bound, alias: view})

    yield from extend(0, (), {})
