"""The keyword prefilter: what reaches the parser, and what is skipped before it costs anything."""

from __future__ import annotations

import pytest

from alerts.extract.prefilter import Prefilter
from alerts.extract.weapons import default_lexicon
from alerts.model import Article


@pytest.fixture(scope="module")
def prefilter() -> Prefilter:
    return Prefilter(default_lexicon())


@pytest.mark.parametrize(
    "sentence",
    [
        "Iran shipped drones to Russia.",
        "The EU imposed sanctions on Belarus.",
        "The two states agreed on military and space cooperation.",
        "The minister visited Pyongyang.",
        "The UAE has denied arming the RSF.",  # a denial that names no weapon
        "Abu Dhabi denied that it had sent anything to the paramilitary group.",
    ],
)
def test_indicator_sentences_pass(prefilter: Prefilter, sentence: str) -> None:
    assert prefilter.relevant(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Shares rose 3 percent on Monday after strong sales.",
        "The league sanctioned the club after the brawl.",
        "The ministers agreed on cooperation on rail freight and tourism.",
        "The courier delivered the parcels late.",
    ],
)
def test_unrelated_sentences_are_skipped(prefilter: Prefilter, sentence: str) -> None:
    assert not prefilter.relevant(sentence)


def test_denial_without_weapon_yields_a_denied_transfer(extractor) -> None:
    [indicator] = extractor.extract(Article(id="d", text="The UAE has denied arming the RSF in Sudan."))
    data = indicator.to_dict()
    assert (data["supplier"], data["recipient"], data["modality"]) == ("AE", "rsf", "denied")


@pytest.mark.parametrize(
    "sentence",
    [
        # words of "Storm Shadow", "CNC machines"
        "A storm cast a shadow over the car park, and the repair machines stood idle.",
        # "David's Sling" and "war materiel" made "s" (of every possessive) and "war" cues
        "Oslo's mayor said the war on litter was won by volunteers.",
        "Dealers sold more used cars than new ones, and battery prices fell.",
    ],
)
def test_words_of_multi_word_terms_are_no_cues_alone(prefilter: Prefilter, sentence: str) -> None:
    assert not prefilter.relevant(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The convoy carried several Storm Shadow units to the coast.",
        "A workshop in the suburbs bought CNC machines through a trading house.",
        "Crates of 155 mm shells were stacked at the depot.",  # the term is written "155mm shells"
        "The ministry ordered armoured cars and military vehicles.",  # a term made of common words only
        "The city now has a David's Sling battery.",
    ],
)
def test_multi_word_terms_are_cues_as_whole_phrases(prefilter: Prefilter, sentence: str) -> None:
    assert prefilter.relevant(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Caracas signs security and space deals with Moscow.",  # a plural trigger of the cooperation finder
        "The two armies collaborated on nuclear research.",  # a form of its verbs
    ],
)
def test_every_cooperation_trigger_of_the_finder_is_a_cue(prefilter: Prefilter, sentence: str) -> None:
    assert prefilter.relevant(sentence)
