"""The JSON Schema of a rule file (rules/schema.json), built from the same tables the validator uses.

Editors (VS Code's YAML extension, IntelliJ) use it for completion and inline checks while an analyst types;
`alerts rules validate` stays the authority (it also checks lists, refs and conditions that can never match).
A test keeps rules/schema.json equal to `rule_schema()`; regenerate it with
`python -m alerts.rules.schema > rules/schema.json`.
"""

from __future__ import annotations

import json
from typing import Any

from alerts.model import SEVERITIES
from alerts.rules.fields import FIELDS, LIST, NUMBER, FieldSpec
from alerts.rules.parse import (
    ALIAS_PATTERN,
    ID_PATTERN,
    LIST_OPS,
    NUMBER_OPS,
    RELATION_TYPES,
    SCALAR_OPS,
    SEVERITY_ALIASES,
    STATUSES,
    TAG_PATTERN,
)

DURATION = {"type": "string", "pattern": r"^\s*\d+\s*[smhdw]\s*$", "examples": ["30m", "6h", "7d", "2w"]}
REF = {
    "type": "object",
    "description": "The value of a field of an indicator named earlier in the join: {ref: visit.host_state}",
    "properties": {"ref": {"type": "string", "pattern": r"^[a-z][a-z0-9_]*\.[a-z_]+$"}},
    "required": ["ref"],
    "additionalProperties": False,
}
LIST_NAME = {
    "anyOf": [
        {"type": "string", "description": "A named list: rules/lists/<name>.yaml (its verified entries)"},
        {
            "type": "object",
            "description": "A named list, and whether its entries marked verified: false count too",
            "properties": {"list": {"type": "string"}, "unverified": {"type": "boolean"}},
            "required": ["list"],
            "additionalProperties": False,
        },
    ]
}


def _value(spec: FieldSpec) -> dict[str, Any]:
    if spec.kind == NUMBER:
        return {"type": "number"}
    if spec.enum:
        return {"type": "string", "enum": list(spec.enum)}
    return {"type": "string", "minLength": 1}


def _field(spec: FieldSpec) -> dict[str, Any]:
    value = _value(spec)
    values = {"type": "array", "items": value, "minItems": 1}
    ops: dict[str, Any] = {}
    names = LIST_OPS if spec.kind == LIST else NUMBER_OPS if spec.kind == NUMBER else SCALAR_OPS
    for op in names:
        if op == "present":
            ops[op] = {"type": "boolean"}
        elif op.endswith("_list"):
            ops[op] = LIST_NAME
        elif op in ("in", "not_in", "contains_any", "contains_all"):
            ops[op] = values
        elif op in ("eq", "contains"):
            ops[op] = {"anyOf": [value, {"$ref": "#/definitions/ref"}]}
        else:
            ops[op] = value
    shape = "a list" if spec.kind == LIST else "a number" if spec.kind == NUMBER else "a single value"
    return {
        "description": f"{spec.name}: {shape}, on {', '.join(sorted(spec.types))}",
        "anyOf": [
            value,
            values,
            {"type": "object", "properties": ops, "additionalProperties": False, "minProperties": 1},
        ],
    }


def rule_schema() -> dict[str, Any]:
    condition_properties: dict[str, Any] = {
        "all": {"type": "array", "items": {"$ref": "#/definitions/condition"}, "minItems": 1},
        "any": {"type": "array", "items": {"$ref": "#/definitions/condition"}, "minItems": 1},
        "not": {"$ref": "#/definitions/condition"},
    }
    condition_properties.update({name: _field(spec) for name, spec in FIELDS.items()})
    rule = {
        "type": "object",
        "required": ["id", "title", "when"],
        "oneOf": [{"required": ["severity"]}, {"required": ["level"]}],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "pattern": ID_PATTERN.pattern},
            "title": {"type": "string", "minLength": 1},
            "description": {"type": "string"},
            "severity": {"enum": [*SEVERITIES, *SEVERITY_ALIASES]},
            "level": {"enum": [*SEVERITIES, *SEVERITY_ALIASES], "description": "Sigma's name for severity"},
            "date": {"type": "string", "description": "when the rule was written (Sigma)"},
            "modified": {"type": "string", "description": "when the rule last changed (Sigma)"},
            "related": {
                "type": "array",
                "description": "Sigma's related rules, as documentation; supersedes: replaces a rule",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["id", "type"],
                    "properties": {"id": {"type": "string"}, "type": {"enum": list(RELATION_TYPES)}},
                },
            },
            "supersedes": {
                "type": "array",
                "description": "rule ids whose alert this rule's replaces when both match one indicator",
                "items": {"type": "string", "pattern": ID_PATTERN.pattern},
            },
            "status": {"enum": list(STATUSES)},
            "tags": {"type": "array", "items": {"type": "string", "pattern": TAG_PATTERN.pattern}},
            "references": {"type": "array", "items": {"type": "string"}},
            "falsepositives": {"type": "array", "items": {"type": "string"}},
            "author": {"type": "string"},
            "enabled": {"type": "boolean"},
            "when": {"anyOf": [{"$ref": "#/definitions/condition"}, {"$ref": "#/definitions/join"}]},
            "dedupe": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "key": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
                    "window": DURATION,
                },
            },
            "escalate": {
                "type": "object",
                "additionalProperties": False,
                "required": ["sources", "window", "severity"],
                "properties": {
                    "sources": {"type": "integer", "minimum": 2},
                    "window": DURATION,
                    "severity": {"enum": list(SEVERITIES)},
                },
            },
            "examples": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["text", "expect"],
                    "properties": {
                        "text": {"type": "string", "minLength": 1},
                        "expect": {"enum": ["fire", "no_fire"]},
                        "severity": {"enum": list(SEVERITIES)},
                        "note": {"type": "string"},
                    },
                },
            },
        },
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Sanctions-alerts rule file",
        "description": "One rule, or a list of rules. See docs/rules.md.",
        "anyOf": [{"$ref": "#/definitions/rule"}, {"type": "array", "items": {"$ref": "#/definitions/rule"}}],
        "definitions": {
            "rule": rule,
            "condition": {
                "type": "object",
                "properties": condition_properties,
                "additionalProperties": False,
                "minProperties": 1,
            },
            "join": {
                "type": "object",
                "required": ["indicators"],
                "additionalProperties": False,
                "properties": {
                    "indicators": {
                        "type": "object",
                        "minProperties": 2,
                        "maxProperties": 4,
                        "patternProperties": {ALIAS_PATTERN.pattern: {"$ref": "#/definitions/condition"}},
                        "additionalProperties": False,
                    }
                },
            },
            "ref": REF,
        },
    }


if __name__ == "__main__":
    print(json.dumps(rule_schema(), indent=2))
