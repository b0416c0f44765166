"""Finding conditions that can never match, so a typo'd rule is rejected instead of staying silent forever.

The condition is expanded into alternatives (disjunctive normal form, capped so a wide rule cannot make this
slow), and each alternative is checked for contradictions between its tests: two different types, a field
that the required type does not carry, a value set emptied by `in` and `not_in`, a confidence range with no
number left in 0..1, a list that must both contain and not contain a value. When every alternative
contradicts itself the rule can never fire. When the expansion is too large the check gives the rule the
benefit of the doubt.
"""

from __future__ import annotations

from itertools import product

from alerts.model import INDICATOR_TYPES
from alerts.rules.conditions import AllOf, Node, NotOf, Ref, Test
from alerts.rules.fields import FIELDS, LIST, NUMBER

MAX_ALTERNATIVES = 256

Literal = tuple[Test, bool]  # (test, holds) - holds False means the test is negated


def never_matches(node: Node) -> str | None:
    """Why `node` can never hold on any indicator, or None when it can (or when that is too costly to tell)."""
    alternatives = _dnf(node, True)
    if alternatives is None:
        return None
    reasons = [_contradiction(alternative) for alternative in alternatives]
    if all(reasons):
        return reasons[0]
    return None


def _dnf(node: Node, holds: bool) -> list[list[Literal]] | None:
    if isinstance(node, Test):
        return [[(node, holds)]]
    if isinstance(node, NotOf):
        return _dnf(node.item, not holds)
    found = [_dnf(item, holds) for item in node.items]
    parts = [part for part in found if part is not None]
    if len(parts) < len(found):
        return None
    conjunctive = isinstance(node, AllOf) == holds
    if not conjunctive:
        merged = [alternative for part in parts for alternative in part]
        return merged if len(merged) <= MAX_ALTERNATIVES else None
    size = 1
    for part in parts:
        size *= len(part)
        if size > MAX_ALTERNATIVES:
            return None
    return [[literal for alternative in combination for literal in alternative] for combination in product(*parts)]


class _Alternative:
    """The facts one alternative asserts about a single indicator, accumulated test by test."""

    def __init__(self) -> None:
        self.types: set[str] = set(INDICATOR_TYPES)
        self.type_tests: list[str] = []
        self.required: dict[str, None] = {}
        self.missing: set[str] = set()
        self.allowed: dict[str, set] = {}
        self.excluded: dict[str, set] = {}
        self.low: dict[str, tuple[float, bool]] = {}
        self.high: dict[str, tuple[float, bool]] = {}
        self.need_any: dict[str, list[set]] = {}
        self.need_all: dict[str, set] = {}
        self.without: dict[str, set] = {}
        self.subset: dict[str, set] = {}

    def add(self, test: Test, holds: bool) -> None:
        spec = FIELDS[test.field]
        if holds:
            self.required.setdefault(test.field)
        elif test.op == "present":
            self.missing.add(test.field)
        if test.op == "present" or isinstance(test.value, Ref):
            return
        values = set(test.value) if isinstance(test.value, tuple) else {test.value}
        if test.field == "type" and test.op in ("eq", "in"):
            self.types = self.types & values if holds else self.types - values
            self.type_tests.append(("" if holds else "not ") + "/".join(sorted(values)))
        elif spec.kind == NUMBER and test.op in ("gt", "gte", "lt", "lte"):
            op = test.op if holds else {"gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt"}[test.op]
            self._bound(test.field, op, float(test.value))
        elif spec.kind != LIST and test.op in ("eq", "in"):
            if holds:
                self.allowed[test.field] = self.allowed.get(test.field, values) & values
            else:
                self.excluded.setdefault(test.field, set()).update(values)
        elif test.op == "contains_any":
            if holds:
                self.need_any.setdefault(test.field, []).append(values)
            else:
                self.without.setdefault(test.field, set()).update(values)
        elif test.op == "contains_all" and holds:
            self.need_all.setdefault(test.field, set()).update(values)
        elif test.op == "subset" and holds:
            self.subset[test.field] = self.subset.get(test.field, values) & values

    def _bound(self, field: str, op: str, value: float) -> None:
        if op in ("gt", "gte"):
            strict = op == "gt"
            current = self.low.get(field)
            if current is None or value > current[0] or (value == current[0] and strict):
                self.low[field] = (value, strict)
        else:
            strict = op == "lt"
            current = self.high.get(field)
            if current is None or value < current[0] or (value == current[0] and strict):
                self.high[field] = (value, strict)

    def contradiction(self) -> str | None:
        for field in self.required:
            if field in self.missing:
                return f"{field} must be both present and missing"
        if not self.types:
            return f"type cannot be {' and '.join(self.type_tests)} at once"
        for field in self.required:
            carriers = FIELDS[field].types
            if not carriers & self.types:
                return f"{field} is not a field of {' or '.join(sorted(self.types))}"
            self.types &= carriers
        for field, allowed in self.allowed.items():
            enum = FIELDS[field].enum
            left = allowed - self.excluded.get(field, set())
            if enum is not None:
                left &= set(enum)
            if not left:
                return f"no value of {field} passes every test"
        for field in set(self.low) | set(self.high):
            low, low_strict = self.low.get(field, (0.0, False))
            high, high_strict = self.high.get(field, (1.0, False))
            low, high = max(low, 0.0), min(high, 1.0)
            if low > high or (low == high and (low_strict or high_strict)):
                return f"no {field} between 0 and 1 passes every comparison"
        for field in set(self.need_any) | set(self.need_all) | set(self.subset):
            reason = self._list_contradiction(field)
            if reason:
                return reason
        return None

    def _list_contradiction(self, field: str) -> str | None:
        choices = FIELDS[field].enum
        enum = set(choices) if choices else None
        without = self.without.get(field, set())
        subset = self.subset.get(field)
        if enum is not None and subset is not None:
            subset = subset & enum
        if subset is not None and not subset:
            return f"{field} can hold none of the listed values"
        need_all = self.need_all.get(field, set())
        if need_all & without:
            return f"{field} must both contain and not contain {', '.join(sorted(need_all & without))}"
        if subset is not None and need_all - subset:
            return f"{field} must contain {', '.join(sorted(need_all - subset))}, outside the values it may hold"
        for values in self.need_any.get(field, []):
            possible = values - without
            if enum is not None:
                possible &= enum
            if subset is not None:
                possible &= subset
            if not possible:
                return f"{field} can contain none of {', '.join(sorted(values))} under the other tests"
        return None


def _contradiction(alternative: list[Literal]) -> str | None:
    state = _Alternative()
    for test, holds in alternative:
        state.add(test, holds)
    return state.contradiction()
