"""Rules to durable_rules ruleset definitions (plain dicts: data in, data out), and indicators to facts.

Evaluation has two stages, both durable_rules rulesets:

1. Conditions on one indicator. Every single-indicator rule, and every part of a join rule without its
   cross-indicator refs, is a one-fact rule over the article's indicator facts.
2. Joins. Each indicator that passed a join part becomes a small "part fact" carrying the values later
   parts compare with; a join rule is a durable_rules join over part facts, related by equality refs
   (`{field: {alias: field}}`), the form durable_rules handles reliably.

The encoding works around what durable-rules 2.0.28 does wrong, each found by experiment (see
tests/test_rules_property.py, which holds the result equal to the plain-Python reading):

- `$nex` on its own, or inside `$or`, hangs the engine; a null field counts as present for `$ex`; `$iany`
  over an empty list can crash it. So facts are total: every field is always there, an absent value is the
  marker NULL (a list holding only NULL when a list is absent), and presence is an ordinary comparison with
  NULL. Negations are pushed down to the leaves (De Morgan), so no `$not` is needed.
- Inside a join part, `$or` makes it skip the tests that follow, `$neq` and ordering refs mis-fire or
  crash, a fact that can play two parts crashes it, `$iany` refuses refs (error 102), and more than about
  24 refs in one part are refused (error 113). So joins only ever see part facts: each plays exactly one
  part (its `part` field), and parts compare by equality alone. "contains" a value of an earlier part is
  an equality against each list item, one part fact per item (up to SLOTS items of a list).
- `$or` fires a rule once per branch that holds; the engine folds those into one match.
- A ruleset of about 2,000 simple rules is refused (error 107), so large packs are split into chunks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

from alerts.rules.conditions import AllOf, AnyOf, Node, NotOf, Ref, Test
from alerts.rules.definitions import Rule
from alerts.rules.fields import FIELDS, LIST

NULL = "\u2400"  # an absent value on an indicator fact, and an absent referred-to value on a part fact
MISSING = "\u2400\u2400"  # an absent value a later part compares: never equal to NULL, so absent never matches
SLOTS = 8  # list items a join reference can see
MAX_REFS = 8  # refs one join part may use
MAX_CONTAINS_REFS = 2  # "contains" refs one join part may use: SLOTS ** 2 part facts per indicator at most
CHUNK = 250  # rules per durable_rules ruleset

Target = tuple[str, int | None, tuple[str, ...]]  # what a durable rule records: (rule id, join part or None, aliases)


@dataclass(frozen=True)
class CompiledRuleset:
    """One durable_rules ruleset: its content-derived name, its definition, and rule name -> what it records.

    A target is (rule id, part number): part None for a rule that fires on its own, else the join part the
    fact passed (stage 1), or (rule id, None) for a join over part facts (stage 2).
    """

    name: str
    definition: dict[str, Any]
    targets: dict[str, Target]  # durable rule name -> what its firing records


@dataclass(frozen=True)
class JoinPart:
    """One part of a join: what it keeps for later parts, and the refs it checks against earlier ones."""

    alias: str
    keeps: tuple[str, ...]  # fields later parts refer to
    refs: tuple[Test, ...]  # eq / contains_any tests whose value is a Ref


@dataclass(frozen=True)
class CompiledPack:
    """The stage-1 rulesets, the stage-2 join ruleset (if any join rule), and the join parts."""

    rulesets: tuple[CompiledRuleset, ...]
    joins: CompiledRuleset | None
    parts: dict[str, tuple[str, tuple[JoinPart, ...]]]  # join rule id -> (its stage-2 rule name, its parts)


def compile_pack(rules: Sequence[Rule]) -> CompiledPack:
    """Compile rules (normally the enabled ones) to durable_rules ruleset definitions."""
    one_fact: list[tuple[str, dict[str, Any], Target]] = []
    joins: dict[str, Any] = {}
    join_targets: dict[str, Target] = {}
    parts: dict[str, tuple[str, tuple[JoinPart, ...]]] = {}
    for number, rule in enumerate(rules):
        if not rule.is_join:
            one_fact.append((f"r{number}", compile_rule(rule), (rule.id, None, ("m",))))
            continue
        split = [split_part(node) for _, node in rule.aliases]
        for index, (rest, _) in enumerate(split):
            expression = compile_condition(rest) if rest is not None else {"$gte": {"idx": 0}}
            one_fact.append((f"r{number}_p{index}", {"all": [{"m": expression}]}, (rule.id, index, ("m",))))
        parts[rule.id] = (f"j{number}", join_parts(rule))
        joins[f"j{number}"] = compile_join(f"j{number}", parts[rule.id][1])
        join_targets[f"j{number}"] = (rule.id, None, tuple(_part_alias(index) for index in range(len(split))))
    rulesets = []
    for start in range(0, len(one_fact), CHUNK):
        chunk = one_fact[start : start + CHUNK]
        rulesets.append(_ruleset({name: rule for name, rule, _ in chunk}, {name: target for name, _, target in chunk}))
    joined = _ruleset(joins, join_targets) if joins else None
    return CompiledPack(tuple(rulesets), joined, parts)


def compile_rule(rule: Rule) -> dict[str, Any]:
    """A single-indicator rule as a durable_rules rule definition: {"all": [{"m": expression}]} (no action)."""
    ((_, node),) = rule.aliases
    return {"all": [{"m": compile_condition(node)}]}


def split_part(node: Node) -> tuple[Node | None, list[Test]]:
    """A join part as (its one-indicator condition, its ref tests); refs are top-level conjuncts (validated)."""
    items = _conjuncts(node)
    refs = [item for item in items if isinstance(item, Test) and isinstance(item.value, Ref)]
    rest = [item for item in items if not (isinstance(item, Test) and isinstance(item.value, Ref))]
    if not rest:
        return None, refs
    return (rest[0] if len(rest) == 1 else AllOf(tuple(rest))), refs


def join_parts(rule: Rule) -> tuple[JoinPart, ...]:
    splits = [split_part(node)[1] for _, node in rule.aliases]
    keeps: dict[str, list[str]] = {alias: [] for alias, _ in rule.aliases}
    for refs in splits:
        for test in refs:
            if test.value.field not in keeps[test.value.alias]:
                keeps[test.value.alias].append(test.value.field)
    return tuple(JoinPart(alias, tuple(keeps[alias]), tuple(refs)) for (alias, _), refs in zip(rule.aliases, splits))


def compile_join(name: str, parts: tuple[JoinPart, ...]) -> dict[str, Any]:
    """A join rule over part facts: part k accepts facts of its own part and equal to earlier parts' values."""
    index = {part.alias: number for number, part in enumerate(parts)}
    clauses = []
    for number, part in enumerate(parts):
        tests: list[dict[str, Any]] = [{"part": f"{name}.{number}"}]
        for slot, test in enumerate(part.refs):
            tests.append({f"ref{slot}": {_part_alias(index[test.value.alias]): f"keep_{test.value.field}"}})
        clauses.append({_part_alias(number): tests[0] if len(tests) == 1 else {"$and": tests}})
    return {"all": clauses}


def compile_condition(node: Node, holds: bool = True) -> dict[str, Any]:
    """A one-indicator condition as a durable_rules expression over total facts; `holds=False` negates it."""
    if isinstance(node, NotOf):
        return compile_condition(node.item, not holds)
    if isinstance(node, (AllOf, AnyOf)):
        items = [compile_condition(item, holds) for item in node.items]
        return _and(items) if isinstance(node, AllOf) == holds else _or(items)
    return _leaf(node, holds)


def to_facts(views: Sequence[dict[str, Any]], sid: str) -> list[dict[str, Any]]:
    """The stage-1 facts of one article, from its indicators as fields.read_indicator gives them, totalised."""
    facts = []
    for index, view in enumerate(views):
        fact: dict[str, Any] = {"sid": sid, "idx": index}
        for name, spec in FIELDS.items():
            value = view[name]
            if spec.kind == LIST:
                fact[name] = list(value) if value else [NULL]
            else:
                fact[name] = NULL if value is None else value
        facts.append(fact)
    return facts


def part_facts(
    name: str, parts: tuple[JoinPart, ...], passed: dict[int, set[int]], views: Sequence[dict[str, Any]], sid: str
) -> list[dict[str, Any]]:
    """The stage-2 facts of one join rule: per part, per indicator that passed it, per combination of items."""
    facts = []
    for number, part in enumerate(parts):
        for index in sorted(passed.get(number, ())):
            view = views[index]
            base: dict[str, Any] = {"sid": sid, "idx": index, "part": f"{name}.{number}"}
            for field in part.keeps:
                value = view[field]
                base[f"keep_{field}"] = MISSING if value is None else value
            choices = []
            for test in part.refs:
                value = view[test.field]
                if test.op == "contains_any":
                    choices.append(list(value[:SLOTS]) if value else [NULL])
                else:
                    choices.append([NULL if value is None else value])
            for combination in product(*choices):
                facts.append({**base, **{f"ref{slot}": value for slot, value in enumerate(combination)}})
    return facts


def _part_alias(number: int) -> str:
    return f"p{number}"


def _conjuncts(node: Node) -> list[Node]:
    if isinstance(node, AllOf):
        return [leaf for item in node.items for leaf in _conjuncts(item)]
    return [node]


def _ruleset(definition: dict[str, Any], targets: dict[str, Target]) -> CompiledRuleset:
    content = json.dumps([definition, targets], sort_keys=True, ensure_ascii=False)
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
    return CompiledRuleset(f"alerts_{digest[:24]}", definition, targets)


def _and(items: list[dict[str, Any]]) -> dict[str, Any]:
    return items[0] if len(items) == 1 else {"$and": items}


def _or(items: list[dict[str, Any]]) -> dict[str, Any]:
    return items[0] if len(items) == 1 else {"$or": items}


def _leaf(test: Test, holds: bool) -> dict[str, Any]:
    field, op, value = test.field, test.op, test.value
    if op == "eq":
        return {field: value} if holds else {"$neq": {field: value}}
    if op == "in":
        if holds:
            return _or([{field: item} for item in value])
        return _and([{"$neq": {field: item}} for item in value])
    if op in ("gt", "gte", "lt", "lte"):
        flipped = {"gt": "$lte", "gte": "$lt", "lt": "$gte", "lte": "$gt"}
        return {f"${op}" if holds else flipped[op]: {field: value}}
    if op == "present":
        if FIELDS[field].kind == LIST:
            return {"$iany": {field: {"$neq": {"$i": NULL}}}} if holds else {"$iall": {field: {"$i": NULL}}}
        return {"$neq": {field: NULL}} if holds else {field: NULL}
    if op == "contains_any":
        if holds:
            return {"$iany": {field: _or([{"$i": item} for item in value])}}
        return {"$iall": {field: _and([{"$neq": {"$i": item}} for item in value])}}
    if op == "contains_all":
        if holds:
            return _and([{"$iany": {field: {"$i": item}}} for item in value])
        return _or([{"$iall": {field: {"$neq": {"$i": item}}}} for item in value])
    if op == "subset":
        if holds:
            return {"$iall": {field: _or([{"$i": item} for item in value])}}
        return {"$iany": {field: _and([{"$neq": {"$i": item}} for item in value])}}
    raise ValueError(f"unknown operator {op!r}")
