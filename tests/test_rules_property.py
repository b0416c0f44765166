"""Property: the durable_rules evaluation fires exactly where the plain-Python reading of the rules holds.

Random indicators (nulls, empty lists, absent fields included) meet random conditions over every operator,
negation and combinator, single-indicator rules and two-part joins with cross-indicator refs.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alerts.model import INDICATOR_FIELDS, INDICATOR_TYPES, MODALITIES
from alerts.rules import PlainEvaluator, Rule, RuleEngine
from alerts.rules.compiler import SLOTS
from alerts.rules.conditions import AllOf, AnyOf, NotOf, Ref
from alerts.rules.conditions import Test as FieldTest
from alerts.rules.definitions import SINGLE
from alerts.rules.fields import FIELDS, LIST, NUMBER

PARTIES = ["KP", "RU", "UA", "DE", "houthis"]
TEXTS = ["UN", "US", "EU", "military", "space", "tanks", "New York Times"]
CONFIDENCES = [0.0, 0.25, 0.5, 0.6, 0.75, 1.0]


def pool(name: str) -> list[str]:
    spec = FIELDS[name]
    if spec.enum:
        return list(spec.enum[:5])
    return PARTIES if spec.party else TEXTS


@st.composite
def indicators(draw) -> dict:
    kind = draw(st.sampled_from(INDICATOR_TYPES))
    data = {
        "type": kind,
        "confidence": draw(st.sampled_from(CONFIDENCES) | st.floats(0, 1)),
        "modality": draw(st.sampled_from(MODALITIES)),
        "attribution": draw(st.none() | st.sampled_from(TEXTS)),
        "evidence": {"sentence": "s", "start": 0, "end": 1},
    }
    for name in INDICATOR_FIELDS[kind]:
        values = pool(name)
        if FIELDS[name].kind == LIST:
            data[name] = draw(st.none() | st.lists(st.sampled_from(values), max_size=4, unique=True))
        else:
            data[name] = draw(st.none() | st.sampled_from(values))
    return data


def literal_test(draw, name: str) -> FieldTest:
    """A test of one field against literal values, with an operator that applies to the field."""
    spec = FIELDS[name]
    values = pool(name)
    some = st.lists(st.sampled_from(values), min_size=1, max_size=3, unique=True).map(tuple)
    if spec.kind == NUMBER:
        op = draw(st.sampled_from(["eq", "in", "gt", "gte", "lt", "lte"]))
        if op == "in":
            return FieldTest(name, op, tuple(draw(st.lists(st.sampled_from(CONFIDENCES), min_size=1, max_size=3))))
        return FieldTest(name, op, draw(st.sampled_from(CONFIDENCES)))
    if spec.kind == LIST:
        op = draw(st.sampled_from(["contains_any", "contains_all", "subset", "present"]))
        return FieldTest(name, op, None if op == "present" else draw(some))
    op = draw(st.sampled_from(["eq", "in", "present"] if not spec.always else ["eq", "in"]))
    if op == "eq":
        return FieldTest(name, op, draw(st.sampled_from(values)))
    return FieldTest(name, op, None if op == "present" else draw(some))


@st.composite
def ref_tests(draw, aliases: list[str]) -> FieldTest:
    """A ref relating a part to an earlier one: equality of single values, or a list containing one."""
    alias = draw(st.sampled_from(aliases))
    if draw(st.integers(0, 5)) == 0:
        return FieldTest("confidence", "eq", Ref(alias, "confidence"))
    scalars = [name for name, spec in FIELDS.items() if spec.kind not in (LIST, NUMBER)]
    target = Ref(alias, draw(st.sampled_from(["supplier", "host_state", "visitor_state", *scalars])))
    lists = [name for name, spec in FIELDS.items() if spec.kind == LIST]
    if draw(st.booleans()):
        return FieldTest(draw(st.sampled_from(lists)), "contains_any", target)
    return FieldTest(draw(st.sampled_from(scalars)), "eq", target)


@st.composite
def leaves(draw) -> FieldTest:
    return literal_test(draw, draw(st.sampled_from(list(FIELDS))))


def conditions():
    return st.recursive(
        leaves(),
        lambda inner: st.one_of(
            st.lists(inner, min_size=2, max_size=3).map(lambda items: AllOf(tuple(items))),
            st.lists(inner, min_size=2, max_size=3).map(lambda items: AnyOf(tuple(items))),
            inner.map(NotOf),
        ),
        max_leaves=6,
    )


@st.composite
def join_parts(draw) -> tuple:
    names = ["a", "b", "c"][: draw(st.integers(2, 3))]
    parts = [(names[0], draw(conditions()))]
    for name in names[1:]:
        refs = draw(st.lists(ref_tests([alias for alias, _ in parts]), max_size=2))
        local = draw(st.none() | conditions())
        items = ([local] if local is not None else []) + refs
        node = items[0] if len(items) == 1 else AllOf(tuple(items)) if items else draw(conditions())
        parts.append((name, node))
    return tuple(parts)


def rule(rule_id: str, aliases: tuple) -> Rule:
    return Rule(id=rule_id, title=rule_id, severity="low", aliases=aliases, version="v", file="t.yaml", line=1)


@st.composite
def packs(draw) -> list[Rule]:
    singles = draw(st.lists(conditions(), min_size=1, max_size=4))
    rules = [rule(f"s{i}", ((SINGLE, node),)) for i, node in enumerate(singles)]
    joins = draw(st.lists(join_parts(), max_size=2))
    rules += [rule(f"j{i}", parts) for i, parts in enumerate(joins)]
    return rules


def agree(rules: list[Rule], found: list[dict]) -> None:
    engine = RuleEngine(rules)
    expected = sorted(set(PlainEvaluator(rules).fire(found)))
    assert engine.fire(found) == expected
    assert engine.evaluate(found) == PlainEvaluator(rules).evaluate(found)
    assert engine.leftover_facts() == 0


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(packs(), st.lists(indicators(), max_size=6))
def test_durable_rules_fire_exactly_where_the_plain_reading_holds(rules, found):
    agree(rules, found)


def test_contains_ref_sees_the_first_slots_of_a_list():
    """A join ref into a list field reads SLOTS items: the documented limit of the compilation."""
    first = FieldTest("type", "eq", "high_level_visit")
    second = FieldTest("parties", "contains_any", Ref("a", "host_state"))
    rules = [rule("j", (("a", first), ("b", second)))]
    visit = {"type": "high_level_visit", "confidence": 1.0, "modality": "asserted", "host_state": "KP"}
    parties = [f"X{i}" for i in range(SLOTS - 1)] + ["KP"]
    cooperation = {"type": "military_cooperation", "confidence": 1.0, "modality": "asserted", "parties": parties}
    agree(rules, [visit, cooperation])
