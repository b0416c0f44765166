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
