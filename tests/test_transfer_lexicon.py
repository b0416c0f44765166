"""The transfer vocabulary is data (alerts/data/transfers.yaml): loaded once, and the prefilter derives its
transfer cue words from the same lists the finder reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerts.extract.cues import default_cues
from alerts.extract.prefilter import DENIAL_WORDS, Prefilter
from alerts.extract.transfer_lexicon import WORD_LISTS, TransferLexicon, transfer_lexicon
from alerts.extract.weapons import default_lexicon


def test_every_section_loads_as_lower_case_words():
    lexicon = transfer_lexicon()
    for name in WORD_LISTS:
        assert lexicon[name], name
        assert all(word == word.lower() for word in lexicon[name]), name
    assert set(lexicon.verb_modes.values()) <= set(lexicon.transport)


def test_inflected_forms_cover_regular_and_irregular_verbs():
    forms = transfer_lexicon().forms({"supply", "send", "smuggle", "ship"})
    assert {"supplies", "supplied", "supplying", "sent", "smuggled", "smuggling", "shipped", "shipping"} <= forms


def test_the_prefilter_takes_its_denial_words_from_the_cue_lexicon():
    lexicon = transfer_lexicon()
    cues = default_cues()
    assert lexicon.forms(set(cues["article_denial"])) | cues["denial_noun"] == DENIAL_WORDS
    assert {"denied", "rejects", "denying", "denials"} <= DENIAL_WORDS


@pytest.mark.parametrize(
    "sentence",
    [
        "The consignment left the port of Bandar Abbas on Tuesday night.",
        "Investigators say the airdrop reached the fighters before dawn.",
        "The ministry denied that it had sold anything to the junta.",
    ],
)
def test_a_transfer_cue_without_a_weapon_word_reaches_the_parser(sentence):
    assert Prefilter(default_lexicon()).relevant(sentence)


def test_a_missing_section_is_reported_with_the_file(tmp_path: Path):
    path = tmp_path / "transfers.yaml"
    path.write_text("give_verbs: [supply]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="transfers.yaml: missing sections"):
        TransferLexicon.load(path)


@pytest.mark.parametrize(
    ("sentence", "relevant"),
    [
        ("The right-wing coalition lost its majority in the regional vote.", False),
        ("A storm cast a long shadow over the black iron bridge.", False),
        ("The army showed two Wing Loong II drones at the parade.", True),
        ("Pilots trained on Black Hawk helicopters over the summer.", True),
    ],
)
def test_common_words_of_model_names_are_no_cues(sentence, relevant):
    assert Prefilter(default_lexicon()).relevant(sentence) is relevant
