"""`supersedes:`: a specific rule replacing a general one when both fire on the same event.

Two rules that match the same indicator would otherwise raise two alerts about one event (say a general
"arms transfer to an embargoed state" and a specific "North Korean munitions to Russia"). A rule that lists
another in `supersedes:` takes its place: where both match an indicator, only the superseding rule's match
is kept. Matches of the superseded rule on other indicators stand. See docs/rules.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from alerts.model import RuleMatch
from alerts.rules.definitions import Problem, Rule
from alerts.wording import did_you_mean


def drop_superseded(rules: Sequence[Rule], matches: Sequence[RuleMatch]) -> list[RuleMatch]:
    """The matches without those a superseding rule's match replaces (same article, a shared indicator)."""
    supersedes = {rule.id: set(rule.supersedes) for rule in rules if rule.supersedes}
    if not supersedes:
        return list(matches)
    kept = []
    for match in matches:
        replaced = any(
            match.rule_id in supersedes.get(other.rule_id, ())
            and set(match.indicator_indexes) & set(other.indicator_indexes)
            for other in matches
        )
        if not replaced:
            kept.append(match)
    return kept


def supersession_problems(rules: Sequence[Rule]) -> list[Problem]:
    """Unknown rule ids in `supersedes:`, and rules that supersede each other (neither would ever alert)."""
    by_id = {rule.id: rule for rule in rules}
    problems = []
    for rule in rules:
        for other in rule.supersedes:
            if other not in by_id:
                hint = did_you_mean(other, by_id)
                problems.append(
                    Problem(rule.file, rule.line, 1, f"rule {rule.id} supersedes unknown rule '{other}'{hint}")
                )
            elif rule.id in by_id[other].supersedes and rule.id < other:
                problems.append(
                    Problem(rule.file, rule.line, 1, f"rules {rule.id} and {other} supersede each other: choose one")
                )
    return problems
