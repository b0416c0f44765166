"""Multi-word lexicon terms matched as whole phrases, the way the weapon tagger's tokens would match them."""

from __future__ import annotations

import pytest

from alerts.extract.phrases import PhraseFinder

FINDER = PhraseFinder(["storm shadow", "155mm shells", "mm rounds", "david's sling", "samp/t", "akıncı"])


@pytest.mark.parametrize(
    "text",
    [
        "they fired storm shadow missiles",
        "they fired storm\n  shadow missiles",  # any whitespace between the words
        "crates of 155 mm shells",  # spaCy splits "155mm" into "155" and "mm": both spellings are one phrase
        "crates of 155mm shells",
        "boxes of 7.62mm rounds",  # a term may start where digits end and letters begin
        "the david's sling system",
        "the samp/t battery",
        "an akıncı drone",  # letters beyond ASCII
    ],
)
def test_whole_phrases_are_found(text: str) -> None:
    assert FINDER.occurs_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "a storm cast a long shadow",  # the words, but not the phrase
        "a brainstorm shadow cabinet",  # not inside a longer word
        "storm shadowing the coast",  # nor running into one
        "the david sling",
        "the samp team",
    ],
)
def test_words_apart_or_inside_longer_words_are_no_match(text: str) -> None:
    assert not FINDER.occurs_in(text)
