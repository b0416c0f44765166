"""Sanctions written without the word: designations, list additions, export-control law, UN resolutions.

A Treasury press release says "OFAC designated two shipping firms"; the Commerce Department "added 40
companies to the Entity List"; a prosecutor charges a trader "with conspiring to violate the International
Emergency Economic Powers Act"; a seizure "violates a UN Security Council resolution". Each is a sanctions
action or violation that the sanctions finder's trigger words ("sanction", "embargo", "blacklist") never see.
This module finds the token that stands for the instrument, so the sanctions finder reads its regime, targets
and kind from the parse around it as it does for "sanctions". The words are data
(alerts/data/sanction_instruments.yaml); each kind of instrument is a named heuristic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

from alerts.extract.gazetteer import phrase_regex
from alerts.yamlio import load_yaml_file

INSTRUMENTS_PATH = Path(__file__).resolve().parent.parent / "data" / "sanction_instruments.yaml"
LISTING = frozenset({"sanctions.designation", "sanctions.listing"})  # heuristics of a sanctions action
DESIGNATION_FORMS = ("designated", "designates", "designate", "designating", "designation", "designations")


@dataclass(frozen=True)
class Instrument:
    """The token standing for a sanctions instrument, the heuristic that found it and the regime it implies."""

    token: Token
    heuristic: str
    regime: str | None


@dataclass(frozen=True)
class InstrumentLexicon:
    """alerts/data/sanction_instruments.yaml, compiled."""

    designation_lemmas: frozenset[str]
    listing_lemmas: frozenset[str]
    lists: re.Pattern[str]
    authorities: dict[str, re.Pattern[str]]
    laws: dict[str, re.Pattern[str]]
    resolution_words: frozenset[str]
    un_words: re.Pattern[str]
    cue: re.Pattern[str]  # a word that may start an instrument

    @classmethod
    def load(cls, path: Path = INSTRUMENTS_PATH) -> InstrumentLexicon:
        data = load_yaml_file(path) or {}
        authorities = {code: phrase_regex(words) for code, words in data["authorities"].items()}
        laws = {code: phrase_regex(words) for code, words in data["laws"].items()}
        law_words = [w for words in data["laws"].values() for w in words]
        return cls(
            designation_lemmas=frozenset(data["designation_lemmas"]),
            listing_lemmas=frozenset(data["listing_lemmas"]),
            lists=phrase_regex(data["lists"]),
            authorities=authorities,
            laws=laws,
            resolution_words=frozenset(data["resolution_words"]),
            un_words=phrase_regex(data["un_words"]),
            cue=phrase_regex([*data["lists"], *law_words, *DESIGNATION_FORMS, "resolution", "resolutions"]),
        )

    def named_in(self, text: str) -> bool:
        """Whether a lower-cased sentence may name an instrument: a list or statute by name, a designation by a
        sanctions body, a resolution of the UN. The prefilter asks this of sentences without other cues."""
        if not self.cue.search(text):
            return False
        if self.lists.search(text) or any(pattern.search(text) for pattern in self.laws.values()):
            return True
        return self.authority(text) is not None or bool(self.un_words.search(text))

    def authority(self, text: str) -> str | None:
        """The regime whose body the text names ("OFAC", "the Commerce Department"), if any."""
        return next((code for code, pattern in self.authorities.items() if pattern.search(text)), None)


@lru_cache(maxsize=1)
def instrument_lexicon() -> InstrumentLexicon:
    return InstrumentLexicon.load()


def _subtree_text(token: Token) -> str:
    return " ".join(t.lower_ for t in token.subtree)


def _designation(token: Token, sentence_text: str, lexicon: InstrumentLexicon) -> Instrument | None:
    """ "OFAC designated X", "X was designated on the SDN List", "the designation of X as a terrorist
    organisation": only with a sanctions body or list in the sentence."""
    if token.lemma_.lower() not in lexicon.designation_lemmas:
        return None
    regime = lexicon.authority(sentence_text)
    if regime is None and not lexicon.lists.search(sentence_text):
        return None
    return Instrument(token, "sanctions.designation", regime)


def _listing(token: Token, sentence_text: str, lexicon: InstrumentLexicon) -> Instrument | None:
    """ "added 40 companies to a trade restriction list", "placed on the Entity List"."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in lexicon.listing_lemmas:
        return None
    for prep in (c for c in token.children if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "on")):
        if lexicon.lists.search(_subtree_text(prep)):
            return Instrument(token, "sanctions.listing", lexicon.authority(sentence_text))
    return None


def _laws(sentence: Span, text: str, lexicon: InstrumentLexicon) -> list[Instrument]:
    """The statutes a sentence names ("violations of the Arms Export Control Act"), each by the root of its
    name, so the verbs around it ("conspiring to violate", "charged under") give the kind."""
    found = []
    for code, pattern in lexicon.laws.items():
        for match in pattern.finditer(text):
            start, end = sentence.start_char + match.start(), sentence.start_char + match.end()
            span = sentence.doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                found.append(Instrument(span.root, "sanctions.export_law", code))
    return found


def _resolution(token: Token, lexicon: InstrumentLexicon) -> Instrument | None:
    """ "a UN Security Council resolution": the instrument of a UN embargo (its kind is read from the verbs
    around it: "in violation of", "would violate")."""
    if token.lower_ not in lexicon.resolution_words or token.pos_ not in ("NOUN", "PROPN"):
        return None
    if not lexicon.un_words.search(_subtree_text(token)):
        return None
    return Instrument(token, "sanctions.un_resolution", "UN")


def instruments(sentence: Span) -> list[Instrument]:
    """The sanctions instruments a sentence names, in text order."""
    lexicon = instrument_lexicon()
    text = sentence.text.lower()
    if not lexicon.named_in(text):
        return []
    found = _laws(sentence, text, lexicon)
    for token in sentence:
        instrument = _designation(token, text, lexicon) or _listing(token, text, lexicon) or _resolution(token, lexicon)
        if instrument is not None:
            found.append(instrument)
    return sorted(found, key=lambda instrument: instrument.token.i)
