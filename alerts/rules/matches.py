"""From firings (rule id + the indicators it matched) to the RuleMatch list storage and `analyze` consume.

Both evaluators (durable_rules and the plain-Python reference) produce firings; this module gives them one
meaning. Firings of one rule with the same rendered dedupe key in one article become one RuleMatch that
points at every indicator behind it: one alert per key, as storage dedupes anyway, with all the evidence.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from alerts.model import RuleMatch
from alerts.rules.definitions import SINGLE, KeyField, Rule
from alerts.rules.fields import DEFAULT_KEYS, read_indicator
from alerts.rules.precedence import drop_superseded


class Firing(NamedTuple):
    """One rule matching one indicator (or one combination, in join order)."""

    rule_id: str
    indexes: tuple[int, ...]


class Evaluator:
    """What both evaluators share: indicator dicts in, firings or RuleMatches out; subclasses fire on views."""

    rules: list[Rule]

    def fire(self, indicators: Sequence[dict[str, Any]]) -> list[Firing]:
        """Every (rule, indicator combination) that matches, each once."""
        return self._fire_views([read_indicator(indicator) for indicator in indicators])

    def evaluate(self, indicators: Sequence[dict[str, Any]]) -> list[RuleMatch]:
        """The matches for one article's indicators (Indicator.to_dict() dicts, in article order)."""
        views = [read_indicator(indicator) for indicator in indicators]
        return build_matches(self.rules, self._fire_views(views), views)

    def _fire_views(self, views: list[dict[str, Any]]) -> list[Firing]:
        raise NotImplementedError


def render_value(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, tuple):
        return "+".join(sorted(set(value)))
    if isinstance(value, float):
        return format(value, "g")
    return str(value)


def dedupe_key(rule: Rule, indexes: Sequence[int], views: Sequence[dict[str, Any]]) -> str:
    """`supplier=KP|recipient=RU`, or `visit.host_state=KP|coop.parties=KP+RU` in a join."""
    bound = {alias: views[index] for (alias, _), index in zip(rule.aliases, indexes)}
    fields = rule.dedupe_key or tuple(
        KeyField(None if alias == SINGLE else alias, name)
        for alias, view in bound.items()
        for name in DEFAULT_KEYS.get(view["type"], ())
    )
    return "|".join(f"{key}={render_value(bound[key.alias or SINGLE][key.field])}" for key in fields)


def key_fields(rule: Rule) -> list[tuple[str, ...]]:
    """The field lists a rule's dedupe keys can have: its own `dedupe:` fields, else the parties of each
    indicator type its matches may carry (a join: the parties of every part, in join order)."""
    if rule.dedupe_key:
        return [tuple(str(field) for field in rule.dedupe_key)]
    if rule.is_join:
        return []  # which type each part binds depends on its condition; stored keys tell
    return list(dict.fromkeys(DEFAULT_KEYS.values()))


def key_problem(rule: Rule, key: str, known_keys: Sequence[str] = ()) -> str | None:
    """Why `key` can never equal a dedupe key of `rule` (None when it can), with a did-you-mean.

    Keys are rendered as `supplier=KP|recipient=RU`; a snooze on anything else would silence nothing.
    `known_keys` are keys the rule has already alerted on, the best suggestions there are.
    """
    names = tuple(part.split("=", 1)[0] for part in key.split("|"))
    well_formed = all("=" in part and part.split("=", 1)[1] for part in key.split("|"))
    shapes = key_fields(rule) or [tuple(k.split("=", 1)[0] for k in known.split("|")) for known in known_keys[:1]]
    if well_formed and (not shapes or names in shapes):
        return None
    values = re.findall(r"[A-Za-z0-9][A-Za-z0-9_+-]*", key)
    guesses = ["|".join(f"{n}={v}" for n, v in zip(shape, values)) for shape in shapes if len(shape) == len(values)]
    close = difflib.get_close_matches(key, known_keys, n=1, cutoff=0.5)
    suggestion = next(iter(close or guesses), None)
    form = " or ".join("|".join(f"{name}=..." for name in shape) for shape in shapes) or "field=value|..."
    hint = f"; did you mean {suggestion}?" if suggestion else ""
    return f"rule {rule.id} keys its alerts as {form}, so {key!r} would never match{hint}"


def build_matches(rules: Sequence[Rule], firings: Iterable[Firing], views: Sequence[dict[str, Any]]) -> list[RuleMatch]:
    """Group firings by (rule, dedupe key), ordered by first indicator then pack order.

    `views` are the article's indicators as fields.read_indicator gives them.
    """
    order = {rule.id: position for position, rule in enumerate(rules)}
    by_id = {rule.id: rule for rule in rules}
    grouped: dict[tuple[str, str], set[int]] = {}
    for firing in sorted(set(firings), key=lambda f: (min(f.indexes), order[f.rule_id], f.indexes)):
        rule = by_id[firing.rule_id]
        key = dedupe_key(rule, firing.indexes, views)
        grouped.setdefault((rule.id, key), set()).update(firing.indexes)
    matches = [
        RuleMatch(
            rule_id=rule_id,
            rule_version=by_id[rule_id].version,
            title=by_id[rule_id].title,
            severity=by_id[rule_id].severity,
            dedupe_key=key,
            indicator_indexes=tuple(sorted(indexes)),
            dedupe_window=by_id[rule_id].dedupe_window,
            escalation=by_id[rule_id].escalation,
            tags=by_id[rule_id].tags,
        )
        for (rule_id, key), indexes in grouped.items()
    ]
    return drop_superseded(rules, matches)
