"""The party gate: the prefilter's chunks reach the parser only once the article has named a party (our own
sentences, on the real model)."""

from __future__ import annotations

import pytest

from alerts.model import Article

FOOTBALL = "Her shot flew into the top corner like a missile. The crowd in the stadium roared.\n\n"


def _kept(extractor, text: str) -> list[str]:
    chunks, _ = extractor.relevant_chunks(text)
    return [text[chunk.start : chunk.end] for chunk in chunks]


def test_weapon_words_in_an_article_that_names_no_party_are_not_parsed(extractor) -> None:
    assert extractor.prefilter.chunks(FOOTBALL)  # the keyword pass alone would parse it
    assert _kept(extractor, FOOTBALL) == []
    assert extractor.extract(Article(id="f", text=FOOTBALL)) == []


def test_a_chunk_before_the_first_party_is_dropped_and_the_rest_kept(extractor) -> None:
    text = FOOTBALL + "Iran has shipped attack drones to Russia, officials said."
    assert _kept(extractor, text) == ["Iran has shipped attack drones to Russia, officials said."]


def test_a_party_named_earlier_in_a_skipped_sentence_opens_the_gate(extractor) -> None:
    """The chunk names no party itself; "the two countries" are the ones the article named before, in a
    sentence the keyword prefilter does not parse."""
    later = "The two countries signed a military cooperation pact on Sunday."
    assert _kept(extractor, later) == []
    text = "Russia and Iran held talks on Saturday. The talks lasted all day.\n\n" + later
    assert _kept(extractor, text) == [later]
    [indicator] = extractor.extract(Article(id="c", text=text))
    assert (indicator.type, indicator.fields["parties"]) == ("military_cooperation", ["RU", "IR"])


def test_a_visitor_titled_earlier_keeps_his_state(extractor) -> None:
    text = "Russian Foreign Minister Sergei Lavrov spoke on Monday. He sounded calm.\n\nLavrov arrived in Pyongyang."
    [visit] = extractor.extract(Article(id="v", text=text))
    assert (visit.fields["visitor_state"], visit.fields["host_state"]) == ("RU", "KP")


@pytest.mark.parametrize(
    "sentence",
    [
        "Tako LLC shipped drone parts through a broker.",  # a company's legal form
        "Officials said the drone maker Baykar delivered the drones last week.",  # a company noun and a name
        "Armed gangs received rifles smuggled by sea.",  # an unlisted group
        "The Treasury imposed sanctions on the network.",  # a sanctioning body the sanctions finder reads
        "The Security Council extended the arms embargo.",
    ],
)
def test_parties_the_party_ruler_leaves_to_the_parse_open_the_gate(extractor, sentence: str) -> None:
    assert _kept(extractor, sentence) == [sentence]
    assert extractor.extract(Article(id="p", text=sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "He told us that the missiles in the film were fake.",  # the pronoun "us" is no body
        "The company said its missile-shaped lamps sold out.",  # a company noun without a name
    ],
)
def test_words_that_only_look_like_parties_do_not(extractor, sentence: str) -> None:
    assert _kept(extractor, sentence) == []
