"""The party gate: a stretch the prefilter keeps reaches the parser only once the article has named a party.

Why: every indicator has parties (a supplier or recipient, the parties of a sanctions reference, a visitor's
and a host's state, two cooperating parties), and the finders take them from the sentence itself or look back
over what the article has said so far (alerts/extract/discourse.py), never ahead. A stretch with a weapon word
in an article that has named no party by its end ("a shot like a missile", "the minister will visit Lyon")
can yield no indicator however it is parsed; parsing it was most of the cost of ordinary news (issue 11).

A party, here, is what the finders can build one on:
- a name the party ruler marks (states, capitals, organs, armed groups, leaders: alerts/data/parties/), from the
  same tokenizer and ruler pass that the discourse reads for the text the prefilter skips, so it runs once;
- a sanctioning body as the sanctions finder reads it ("the U.N.", "Treasury": sanctions.BODY_NAMES);
- a group noun that names an unlisted group ("gangs", "militias": transfers.yaml `group_nouns`);
- a company's name, as the statistical NER and the company rules would see it: a company word after a
  capitalised word ("Tako LLC", "Elbit Systems") or a capitalised word after a company noun ("the drone maker
  Baykar", "the firm, Acme") (transfers.yaml `company_suffixes`, `company_nouns`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Token

from alerts.extract.budget import without_overlong_tokens
from alerts.extract.parties import PARTY_RULER_NAME, token_party
from alerts.extract.prefilter import Chunk
from alerts.extract.sanctions import BODY_NAMES
from alerts.extract.transfer_lexicon import transfer_lexicon

_LEX = transfer_lexicon()
#: Single words that name a party without a parse. The pronoun "us" is no body, whatever its letters.
_PARTY_WORDS = _LEX["group_nouns"] | frozenset(word for names, _ in BODY_NAMES.values() for word in names)
_BODY_PHRASES = re.compile(
    r"\b(?:" + "|".join(re.escape(p) for _, phrases in BODY_NAMES.values() for p in phrases) + r")\b", re.IGNORECASE
)


def _capitalised(token: Token) -> bool:
    return token.is_title or (token.is_upper and token.is_alpha)


class PartyGate:
    """Finds where an article first names a party, and keeps the chunks that end after it."""

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        self._ruler = nlp.get_pipe(PARTY_RULER_NAME)

    def names(self, text: str) -> Doc:
        """The text tokenized, with the party ruler's entities: what the gate and the discourse read."""
        doc: Doc = self._ruler(self._nlp.make_doc(without_overlong_tokens(text)))
        return doc

    def first_party(self, doc: Doc) -> int | None:
        """The character offset of the first party `doc` names, or None when it names none."""
        text = doc.text
        first = next((ent.start_char for ent in doc.ents if token_party(ent.root)), len(text))
        body = _BODY_PHRASES.search(text, 0, first)
        if body is not None:
            first = body.start()
        for token in doc:
            if token.idx >= first:
                break
            if _names_party(token):
                first = token.idx
                break
        return first if first < len(text) else None

    def passing(self, chunks: Iterable[Chunk], doc: Doc) -> list[Chunk]:
        """The chunks that end after the article's first party: those whose sentences can find one."""
        first = self.first_party(doc)
        return [] if first is None else [chunk for chunk in chunks if chunk.end > first]


def _names_party(token: Token) -> bool:
    """Whether a token names a party that the party ruler leaves to the parse: a group noun, a sanctioning
    body, or a company's name."""
    lower = token.lower_
    if lower in _PARTY_WORDS:
        return token.text != "us"
    doc, i = token.doc, token.i
    if lower in _LEX["company_suffixes"]:
        return _capitalised(token) and i > 0 and _capitalised(doc[i - 1])
    if lower in _LEX["company_nouns"]:
        following = (
            doc[i + 2] if i + 2 < len(doc) and doc[i + 1].text == "," else doc[i + 1] if i + 1 < len(doc) else None
        )
        return following is not None and _capitalised(following)
    return False
