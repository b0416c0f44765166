"""Sanctions written without the word "sanctions": designations, list additions, export-control statutes and UN
Security Council resolutions become sanctions_reference indicators, and the prefilter lets their sentences
through. Sentences written for this project (never the shared dev set)."""

from __future__ import annotations

import pytest

from alerts.extract.prefilter import Prefilter
from alerts.extract.sanction_instruments import instrument_lexicon
from alerts.extract.weapons import default_lexicon

from extraction_helpers import indicators


def _references(extractor, text: str):
    return indicators(extractor, text, "sanctions_reference")


@pytest.mark.parametrize(
    ("text", "kind", "regime", "party", "heuristic"),
    [
        (
            "The Office of Foreign Assets Control on Monday designated three Iranian shipping firms on the SDN List.",
            "imposed",
            "US",
            "IR",
            "sanctions.designation",
        ),
        (
            "Washington designated the Syrian airline as a terrorist organisation last week.",
            "imposed",
            "US",
            "SY",
            "sanctions.designation",
        ),
        (
            "The Commerce Department added 25 Chinese firms to the Entity List on Thursday.",
            "imposed",
            "US",
            "CN",
            "sanctions.listing",
        ),
        (
            "A trader was charged with conspiring to violate the Arms Export Control Act by sending rifle parts to Iran.",
            "violation",
            "US",
            "IR",
            "sanctions.export_law",
        ),
        (
            "The cargo of rifles bound for the Houthis breached a UN Security Council resolution.",
            "violation",
            "UN",
            "houthis",
            "sanctions.un_resolution",
        ),
    ],
)
def test_instruments_are_sanctions_references(extractor, text, kind, regime, party, heuristic):
    [found] = _references(extractor, text)
    assert found.fields["kind"] == kind
    assert found.fields["regime"] == regime
    assert party in found.fields["parties"]
    assert heuristic in found.heuristics


@pytest.mark.parametrize(
    "text",
    [
        "Iran named a designated driver for the convoy of ministers.",  # no sanctions body, no list
        "The council in Kenya passed a resolution on school meals.",  # not the UN's
        "Russia added two new stations to the Moscow metro map.",  # not a sanctions list
        "The Syrian team added a striker to its list for the cup.",
    ],
)
def test_other_senses_are_not_sanctions(extractor, text):
    assert _references(extractor, text) == []


def test_the_prefilter_passes_instrument_sentences_and_not_their_other_senses():
    prefilter = Prefilter(default_lexicon())
    assert prefilter.relevant("OFAC designated the Rosvodokanal holding on Tuesday.")
    assert prefilter.relevant("The firm was added to the Entity List in May.")
    assert prefilter.relevant("He admitted breaking the International Emergency Economic Powers Act.")
    assert not prefilter.relevant("The designated survivor stayed home.")
    assert not prefilter.relevant("The city council's resolution on parking passed.")


def test_every_authority_names_a_regime_code():
    lexicon = instrument_lexicon()
    assert lexicon.authority("the treasury department said") == "US"
    assert lexicon.authority("the security council agreed") == "UN"
    assert lexicon.authority("a bakery said") is None
