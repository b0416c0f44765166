"""Sanctions imposed on bodies the sentence does not tie to a state ("the election commission", "two mining
firms") target the state the article is about. Sentences written for this project (never the shared dev set)."""

from __future__ import annotations

from extraction_helpers import indicators


def _imposed(extractor, text: str):
    return [i for i in indicators(extractor, text, "sanctions_reference") if i.fields["kind"] == "imposed"]


def test_sanctions_on_unnamed_bodies_target_the_article_state(extractor):
    text = (
        "Fighting in Myanmar has displaced thousands this year. The junta in Myanmar has ignored calls for talks. "
        "The Treasury imposed sanctions on the election commission and two mining firms."
    )
    [found] = _imposed(extractor, text)
    assert found.fields["parties"] == ["MM"]
    assert found.fields["regime"] == "US"
    assert "sanctions.article_target" in found.heuristics


def test_a_sanctioning_body_is_not_its_own_target(extractor):
    text = (
        "The European Union met in Brussels on Monday. "
        "The European Union extended the sanctions for another six months."
    )
    for found in _imposed(extractor, text):
        assert "EU" not in found.fields["parties"]
        assert "sanctions.article_target" not in found.heuristics


def test_a_target_named_in_the_sentence_needs_no_article_state(extractor):
    text = "Myanmar's generals remain in power. The EU imposed fresh sanctions on Belarus over the crackdown."
    [found] = _imposed(extractor, text)
    assert found.fields["parties"] == ["BY"]
    assert "sanctions.article_target" not in found.heuristics
