"""Durations in config and rule files: the forms analysts write, and a clean error for anything else."""

from __future__ import annotations

from datetime import timedelta

import pytest

from alerts.durations import parse_duration
from alerts.yamlio import load_yaml_text, position


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90s", timedelta(seconds=90)),
        ("15m", timedelta(minutes=15)),
        ("6h", timedelta(hours=6)),
        ("7d", timedelta(days=7)),
        ("2w", timedelta(weeks=2)),
        (30, timedelta(seconds=30)),
    ],
)
def test_durations_in_the_forms_analysts_write(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["99999999999999999w", 10**30, "7 days", "-1d", ""])
def test_a_duration_that_is_no_duration_or_too_long_is_a_value_error(text):
    with pytest.raises(ValueError):
        parse_duration(text)


def test_a_node_without_a_mark_has_a_position_of_its_own():
    data = load_yaml_text("base: &b {a: 1}\nrule:\n  <<: *b\n  c: 2\n", "rule.yaml")
    line, column = position(data["rule"], "a")
    assert line >= 1 and column >= 1
