"""rules/schema.json: generated from the validator's own tables, and accepting the default pack."""

from __future__ import annotations

import json

import jsonschema

from alerts.rules.schema import rule_schema
from alerts.yamlio import load_yaml_file, to_plain


def test_schema_file_is_the_generated_schema(repo_root):
    assert json.loads((repo_root / "rules" / "schema.json").read_text()) == rule_schema(), (
        "regenerate with: python -m alerts.rules.schema > rules/schema.json"
    )


def test_default_rules_validate_against_the_schema(repo_root):
    validator = jsonschema.Draft7Validator(rule_schema())
    for path in sorted((repo_root / "rules").glob("*.yaml")):
        errors = [error.message for error in validator.iter_errors(to_plain(load_yaml_file(path)))]
        assert errors == [], path.name
    assert list(validator.iter_errors({"id": "x", "title": "t", "severity": "hihg", "when": {"suplier": "KP"}}))
