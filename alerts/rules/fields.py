"""The indicator fields a rule can test, and how an indicator dict is read for rule evaluation.

This is the one table both evaluators (durable_rules and the plain-Python reference) and the validator read,
so "which fields exist, which are lists, which values an enum allows" cannot drift between them. Reading an
indicator normalises it once: a null and an empty list both mean "absent", a bare string in a list field
becomes a one-item list (repeated items are dropped), and confidence is always a number, rounded to 3
decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from alerts.model import (
    ENTITY_ROLES,
    ENTITY_TYPES,
    INDICATOR_FIELDS,
    INDICATOR_TYPES,
    MODALITIES,
    WEAPON_CATEGORIES,
)

SCALAR, NUMBER, LIST = "scalar", "number", "list"

#: Party codes: ISO 3166-1 alpha-2 (upper case) or a non-state group slug (lower case), as extraction emits.
PARTY_CODE = re.compile(r"^(?:[A-Z]{2}|[a-z][a-z0-9]*(?:-[a-z0-9]+)*)$")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One testable field: its shape, the values it can take (when closed), and the types that carry it."""

    name: str
    kind: str  # SCALAR, NUMBER or LIST
    types: frozenset[str]
    enum: tuple[str, ...] | None = None
    party: bool = False  # values are party codes (KP, RU, houthis)
    always: bool = False  # present on every indicator (type, modality, confidence)


_ALL = frozenset(INDICATOR_TYPES)


def _typed(name: str) -> frozenset[str]:
    return frozenset(kind for kind, names in INDICATOR_FIELDS.items() if name in names)


FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("type", SCALAR, _ALL, enum=INDICATOR_TYPES, always=True),
        FieldSpec("modality", SCALAR, _ALL, enum=MODALITIES, always=True),
        FieldSpec("confidence", NUMBER, _ALL, always=True),
        FieldSpec("attribution", SCALAR, _ALL),
        FieldSpec("supplier", SCALAR, _typed("supplier"), party=True),
        FieldSpec("recipient", SCALAR, _typed("recipient"), party=True),
        FieldSpec("weapon_categories", LIST, _typed("weapon_categories"), enum=WEAPON_CATEGORIES),
        FieldSpec("items", LIST, _typed("items")),
        FieldSpec("quantity", SCALAR, _typed("quantity")),
        FieldSpec("mode_of_transport", LIST, _typed("mode_of_transport"), enum=("rail", "sea", "air", "road")),
        FieldSpec("route", LIST, _typed("route"), party=True),
        FieldSpec("parties", LIST, _typed("parties"), party=True),
        FieldSpec("regime", SCALAR, _typed("regime")),
        FieldSpec("kind", SCALAR, _typed("kind"), enum=("violation", "imposed", "evasion", "mention")),
        FieldSpec("domains", LIST, _typed("domains")),
        FieldSpec("visitor_state", SCALAR, _typed("visitor_state"), party=True),
        FieldSpec("host_state", SCALAR, _typed("host_state"), party=True),
        FieldSpec("visitor", SCALAR, _typed("visitor")),
        FieldSpec("name", SCALAR, _typed("name")),
        FieldSpec("matched_name", SCALAR, _typed("matched_name")),
        FieldSpec("list", SCALAR, _typed("list")),
        FieldSpec("program", SCALAR, _typed("program")),
        FieldSpec("entity_id", SCALAR, _typed("entity_id")),
        FieldSpec("entity_type", SCALAR, _typed("entity_type"), enum=ENTITY_TYPES),
        FieldSpec("score", NUMBER, _typed("score")),
        FieldSpec("reasons", LIST, _typed("reasons")),
        FieldSpec("role", SCALAR, _typed("role"), enum=ENTITY_ROLES),
    )
}

#: What an alert is "about" when a rule names no dedupe key: the parties of the indicator.
DEFAULT_KEYS: dict[str, tuple[str, ...]] = {
    "arms_transfer": ("supplier", "recipient"),
    "sanctions_reference": ("parties",),
    "military_cooperation": ("parties",),
    "high_level_visit": ("visitor_state", "host_state"),
    "sanctioned_entity": ("list", "entity_id"),
}


_NUMBERS = tuple(name for name, spec in FIELDS.items() if spec.kind == NUMBER)
_LISTS = tuple(name for name, spec in FIELDS.items() if spec.kind == LIST)
_SCALARS = tuple(name for name, spec in FIELDS.items() if spec.kind == SCALAR)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def read_indicator(indicator: dict[str, Any]) -> dict[str, Any]:
    """The rule-visible view of one indicator: every field of FIELDS, None when absent, lists as tuples."""
    get = indicator.get
    view: dict[str, Any] = {}
    for name in _SCALARS:
        value = get(name)
        if value is None or value == "":
            view[name] = None
        elif isinstance(value, str):
            view[name] = value
        elif isinstance(value, (list, tuple)):
            view[name] = "+".join(_text(item) for item in value if item is not None) or None
        else:
            view[name] = str(value)
    for name in _NUMBERS:
        value = get(name)
        number = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0
        view[name] = round(number, 3) + 0.0  # the precision Indicator.to_dict() keeps; never "1e-05"
    for name in _LISTS:
        value = get(name)
        if isinstance(value, (list, tuple)):
            items = dict.fromkeys(_text(item) for item in value if item is not None and item != "")
            view[name] = tuple(items) or None
        elif value is None or value == "":
            view[name] = None
        else:
            view[name] = (_text(value),)
    return view
