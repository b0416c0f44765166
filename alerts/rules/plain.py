"""The plain-Python evaluator: the reference reading of the rule language, and the benchmark baseline.

It walks every rule's condition tree over every indicator (and, for a join, every ordered combination of
distinct indicators, pruned part by part). The durable_rules engine must fire exactly where this does; the
property tests hold the two together.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from alerts.rules.conditions import holds
from alerts.rules.definitions import Rule
from alerts.rules.matches import Evaluator, Firing


class PlainEvaluator(Evaluator):
    """Evaluate rules in Python: same inputs and outputs as RuleEngine."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = list(rules)

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
