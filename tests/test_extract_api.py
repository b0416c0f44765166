"""The Extractor's library API: order, batching, offsets into the original text, the missing-model error."""

from __future__ import annotations

import pytest

from alerts.config import ExtractionConfig
from alerts.errors import ModelNotInstalledError
from alerts.extract import Extractor
from alerts.extract.prefilter import Prefilter
from alerts.extract.weapons import default_lexicon
from alerts.model import Article

FILLER = "The city council discussed the new bus timetable at length. Residents asked about parking. "


def test_pipeline_has_the_party_ruler_and_weapon_tagger_before_ner(extractor):
    names = extractor.pipeline_names
    assert names.index("party_ruler") < names.index("ner")
    assert "weapon_tagger" in names
    assert extractor.nlp.pipe_names == names


def test_extract_many_keeps_input_order_and_article_objects(extractor):
    articles = [
        Article(id="a", text=FILLER * 3),
        Article(id="b", text=FILLER + "Germany delivered tanks to Ukraine."),
        Article(id="c", text=FILLER),
        Article(id="d", text="Iran sent drones to Russia. " + FILLER),
        Article(id="e", text=""),
    ]
    results = list(extractor.extract_many(iter(articles)))
    assert [a for a, _ in results] == articles
    assert [len(found) for _, found in results] == [0, 1, 0, 1, 0]


def test_evidence_offsets_are_offsets_into_the_original_text(extractor):
    text = (
        "Title line\n\n" + FILLER * 4 + "\n\nAfter weeks of talks, Pyongyang  shipped artillery shells to Moscow "
        "by train.\n\n" + FILLER + "Officials also said Iran sent drones to Russia."
    )
    found = extractor.extract(Article(id="x", text=text))
    assert len(found) == 2
    for indicator in found:
        ev = indicator.evidence
        assert text[ev.start : ev.end] == ev.sentence
        assert text[ev.trigger_start : ev.trigger_end] in ("shipped", "sent")


def test_prefilter_keeps_indicator_sentences_and_drops_the_rest():
    prefilter = Prefilter(default_lexicon())
    text = FILLER * 2 + "\n\nThe U.S. Navy seized Iranian missiles on Oct. 3 in the Gulf. " + FILLER
    chunks = prefilter.chunks(text)
    assert [text[c.start : c.end] for c in chunks] == ["The U.S. Navy seized Iranian missiles on Oct. 3 in the Gulf."]


def test_missing_model_names_the_model():
    with pytest.raises(ModelNotInstalledError, match="no_such_model_xyz"):
        Extractor(ExtractionConfig(spacy_model="no_such_model_xyz"))


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("The league sanctioned the club after fans threw flares.", False),
        ("The minister discussed cooperation on rail freight and tourism.", False),
        ("The two states agreed to expand military cooperation.", True),
        ("The EU sanctioned three Iranian drone makers.", True),
        ("Pyongyang shipped Koksan guns to Moscow.", True),
    ],
)
def test_prefilter_cues(sentence, kept):
    assert Prefilter(default_lexicon()).relevant(sentence) is kept
