"""Transfers that labelled news showed were missed, each on sentences written for these tests."""

from __future__ import annotations

import pytest

from extraction_helpers import pairs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Armenia re-exported drone parts to Russia.", {("AM", "RU")}),
        (
            "Firms in countries like Armenia and Georgia have been accused of re-exporting drone parts to Russia.",
            {("AM", "RU"), ("GE", "RU")},
        ),
        ("Re-exports of drone parts from Armenia to Russia have doubled.", {("AM", "RU")}),
    ],
)
def test_a_hyphenated_trigger_is_read_as_one_word(extractor, text, expected):
    assert pairs(extractor, text) == expected


def test_the_means_of_a_verb_is_done_by_its_doer(extractor):
    text = "Several firms based in India and Thailand were sanctioned for helping Moscow by supplying the Russian army with drone parts."
    assert pairs(extractor, text) == {("IN", "RU"), ("TH", "RU")}
