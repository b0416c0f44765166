"""Rules to durable_rules ruleset definitions (plain dicts: data in, data out), and indicators to facts.

The encoding works around what durable-rules 2.0.28 does wrong, each found by experiment:

- `$nex` on its own, or inside `$or`, hangs the engine; a null field counts as present for `$ex`; `$iany`
  over an empty list can crash it. So facts are total: every field is always there, an absent value is the
  marker NULL (a list holding only NULL when a list is absent), and presence is an ordinary comparison with
  NULL. Negations are pushed down to the leaves (De Morgan), so no `$not` is needed.
- A fact that can play two parts of a join with a cross-fact reference crashes it. So each indicator is
  asserted once per join position (`role` 0, 1, ...), every part of a rule accepts only its own role, and
  later parts require a different `idx` than earlier ones (a join pairs distinct indicators).
- A cross-fact reference inside `$iany` is refused (error 102). A list field a join refers into is also
  spread into slot fields (`parties__0`, `parties__1`, ...) compared one by one.
- `$or` fires a rule once per branch that holds; the engine folds those into one match.
- A join part with more than about 24 cross-fact comparisons is refused (error 113), so the validator
  rejects such joins (`ref_terms`) and only SLOTS list items can be referred into.
- A ruleset of about 2,000 simple rules is refused (error 107), so large packs are split into chunks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from alerts.rules.conditions import AllOf, AnyOf, Node, NotOf, Ref, Test
from alerts.rules.fields import FIELDS, LIST, NUMBER, read_indicator
from alerts.rules.model import SINGLE, Rule

NULL = "\u2400"  # an absent value
PAD = "\u2400\u2400"  # an unused slot: never equal to a value, nor to NULL (so absent refs never match)
SLOTS = 8  # list items a join reference can see
MAX_REF_TERMS = 24  # cross-fact comparisons durable_rules accepts in one join part (27 or more: error 113)
CHUNK = 250  # rules per durable_rules ruleset


@dataclass(frozen=True)
class CompiledRuleset:
    """One durable_rules ruleset: its content-derived name, its definition, and rule name -> (rule id, aliases)."""

    name: str
    definition: dict[str, Any]
    rules: dict[str, tuple[str, tuple[str, ...]]]


@dataclass(frozen=True)
class CompiledPack:
    """The rulesets for a list of rules, and how facts must be shaped for them."""

    rulesets: tuple[CompiledRuleset, ...]
    roles: int  # how many join positions an indicator may take (1 without joins)
    slotted: tuple[str, ...]  # list fields spread into slots for join references


def compile_pack(rules: Sequence[Rule]) -> CompiledPack:
    """Compile rules (normally the enabled ones) to durable_rules ruleset definitions."""
    slotted = sorted(
        {test.field for rule in rules for _, node in rule.aliases for test in _refs(node) if test.op == "contains_any"}
    )
    roles = max((len(rule.aliases) for rule in rules), default=1)
    rulesets = []
    for start in range(0, len(rules), CHUNK):
        chunk = rules[start : start + CHUNK]
        definition: dict[str, Any] = {}
        names: dict[str, tuple[str, tuple[str, ...]]] = {}
        for offset, rule in enumerate(chunk):
            name = f"r{start + offset}"
            definition[name] = compile_rule(rule)
            names[name] = (rule.id, tuple(_durable_alias(rule, alias) for alias, _ in rule.aliases))
        content = json.dumps([definition, names], sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
        rulesets.append(CompiledRuleset(f"alerts_{digest[:24]}", definition, names))
    return CompiledPack(tuple(rulesets), roles, tuple(slotted))


def compile_rule(rule: Rule) -> dict[str, Any]:
    """One rule as a durable_rules rule definition: {"all": [{alias: expression}, ...]} (no action)."""
    aliases = {alias: _durable_alias(rule, alias) for alias, _ in rule.aliases}
    parts = []
    for role, (alias, node) in enumerate(rule.aliases):
        name = aliases[alias]
        tests = [{"role": role}, compile_condition(node, aliases)]
        tests += [{"$neq": {"idx": {aliases[earlier]: "idx"}}} for earlier, _ in rule.aliases[:role]]
        parts.append({name: _and(tests)})
    return {"all": parts}


def compile_condition(node: Node, aliases: dict[str, str] | None = None, holds: bool = True) -> dict[str, Any]:
    """A condition as a durable_rules expression over total facts; `holds=False` compiles its negation."""
    aliases = aliases or {}
    if isinstance(node, NotOf):
        return compile_condition(node.item, aliases, not holds)
    if isinstance(node, (AllOf, AnyOf)):
        items = [compile_condition(item, aliases, holds) for item in node.items]
        return _and(items) if isinstance(node, AllOf) == holds else _or(items)
    return _leaf(node, aliases, holds)


def to_facts(indicators: Sequence[dict[str, Any]], compiled: CompiledPack, sid: str) -> list[dict[str, Any]]:
    """The facts for one article: each indicator (Indicator.to_dict() shape) once per role, totalised."""
    facts = []
    for index, indicator in enumerate(indicators):
        view = read_indicator(indicator)
        fact: dict[str, Any] = {"sid": sid, "idx": index}
        for name, spec in FIELDS.items():
            value = view[name]
            if spec.kind == LIST:
                fact[name] = list(value) if value else [NULL]
            else:
                fact[name] = NULL if value is None else value
        for name in compiled.slotted:
            items = view[name] or ()
            for slot in range(SLOTS):
                fact[f"{name}__{slot}"] = items[slot] if slot < len(items) else PAD
        facts += [{**fact, "role": role} for role in range(compiled.roles)]
    return facts


def ref_terms(node: Node, earlier: int) -> int:
    """How many cross-fact comparisons one join part compiles to (including the distinct-idx tests)."""
    return earlier + sum(SLOTS if test.op == "contains_any" else 1 for test in _refs(node))


def _refs(node: Node) -> list[Test]:
    if isinstance(node, Test):
        return [node] if isinstance(node.value, Ref) else []
    if isinstance(node, NotOf):
        return _refs(node.item)
    return [test for item in node.items for test in _refs(item)]


def _durable_alias(rule: Rule, alias: str) -> str:
    return SINGLE if not rule.is_join else f"j_{alias}"


def _and(items: list[dict[str, Any]]) -> dict[str, Any]:
    return items[0] if len(items) == 1 else {"$and": items}


def _or(items: list[dict[str, Any]]) -> dict[str, Any]:
    return items[0] if len(items) == 1 else {"$or": items}


def _leaf(test: Test, aliases: dict[str, str], holds: bool) -> dict[str, Any]:
    field, op, value = test.field, test.op, test.value
    number = FIELDS[field].kind == NUMBER
    if isinstance(value, Ref):
        value = {aliases[value.alias]: value.field}
        if op == "contains_any":
            slots = [f"{field}__{slot}" for slot in range(SLOTS)]
            if holds:
                return _or([{slot: value} for slot in slots])
            return _and([{"$neq": {slot: value}} for slot in slots])
        if op == "eq" and not number:
            if holds:
                return {"$and": [{"$neq": {field: NULL}}, {field: value}]}
            return {"$or": [{field: NULL}, {"$neq": {field: value}}]}
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
