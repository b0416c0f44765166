"""The condition tree a rule's `when` is parsed into: field tests combined by all / any / not.

Parsing normalises the YAML's many spellings to a handful of leaf operators (`ne` becomes not-`eq`,
`in_list` becomes `in` with the list's values, `present: false` becomes not-`present`), so the validator,
the durable_rules compiler and the plain-Python evaluator each handle only these:

    eq, in, gt, gte, lt, lte, present          on single-valued fields
    contains_any, contains_all, subset, present on list fields

A value may be a `Ref` to a field of an indicator matched earlier in a join rule.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Ref:
    """`{ref: visit.host_state}`: the value of `field` on the indicator bound to `alias`."""

    alias: str
    field: str

    def __str__(self) -> str:
        return f"{self.alias}.{self.field}"


@dataclass(frozen=True, slots=True)
class Test:
    """One leaf test. `value` is a literal, a tuple of literals (in, contains_*, subset), a Ref, or None (present)."""

    field: str
    op: str
    value: Any = None
    list_name: str | None = None
    line: int = dataclasses.field(default=0, compare=False)
    column: int = dataclasses.field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class AllOf:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class NotOf:
    item: Node


Node = Test | AllOf | AnyOf | NotOf

LEAF_OPS = ("eq", "in", "gt", "gte", "lt", "lte", "present", "contains_any", "contains_all", "subset")


def refs_in(node: Node) -> list[Ref]:
    """Every Ref a condition uses (for validation and for choosing the list fields a join needs slotted)."""
    if isinstance(node, Test):
        return [node.value] if isinstance(node.value, Ref) else []
    if isinstance(node, NotOf):
        return refs_in(node.item)
    return [ref for item in node.items for ref in refs_in(item)]


def tests_in(node: Node) -> list[Test]:
    if isinstance(node, Test):
        return [node]
    if isinstance(node, NotOf):
        return tests_in(node.item)
    return [test for item in node.items for test in tests_in(item)]


def depth(node: Node) -> int:
    if isinstance(node, Test):
        return 1
    if isinstance(node, NotOf):
        return 1 + depth(node.item)
    return 1 + max((depth(item) for item in node.items), default=0)


def holds(node: Node, view: dict[str, Any], bound: dict[str, dict[str, Any]] | None = None) -> bool:
    """The plain-Python reading of a condition on one indicator view (see fields.read_indicator).

    `bound` maps earlier join aliases to their indicator views, for Ref values. This is the reference
    semantics: the durable_rules compilation must fire exactly when this returns True.
    """
    if isinstance(node, AllOf):
        return all(holds(item, view, bound) for item in node.items)
    if isinstance(node, AnyOf):
        return any(holds(item, view, bound) for item in node.items)
    if isinstance(node, NotOf):
        return not holds(node.item, view, bound)
    actual = view[node.field]
    op, expected = node.op, node.value
    if op == "present":
        return actual is not None
    if isinstance(expected, Ref):
        expected = (bound or {})[expected.alias][expected.field]
        if expected is None:
            return False
        if op == "contains_any":
            expected = (expected,)
    if actual is None:
        return False
    if op == "eq":
        return actual == expected
    if op == "in":
        return actual in expected
    if op == "gt":
        return actual > expected
    if op == "gte":
        return actual >= expected
    if op == "lt":
        return actual < expected
    if op == "lte":
        return actual <= expected
    if op == "contains_any":
        return any(item in expected for item in actual)
    if op == "contains_all":
        return all(item in actual for item in expected)
    if op == "subset":
        return all(item in expected for item in actual)
    raise ValueError(f"unknown operator {op!r}")
