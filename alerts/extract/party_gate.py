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
from spacy.tokens import Doc

from alerts.extract.budget import without_overlong_tokens
from alerts.extract.parties import PARTY_RULER_NAME, PartyRuler, token_party
from alerts.extract.prefilter import Chunk
from alerts.extract.sanctions import BODY_NAMES
from alerts.extract.transfer_lexicon import transfer_lexicon

_LEX = transfer_lexicon()


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _capitalised(words: Iterable[str]) -> frozenset[str]:
    return frozenset(form for word in words for form in (word.title(), word.upper()))


def _cased(words: Iterable[str]) -> str:
    """The words as news writes them: lower case, capitalised, upper case (a case-blind alternation is slower)."""
    listed = list(words)
    return _alternatives({*listed, *_capitalised(listed)})


# Found with regular expressions over the text, not by walking its tokens: a Python loop over every token of
# every article cost more than the party ruler itself.
#: A group noun or a sanctioning body's word (the pronoun "us" is no body, whatever its letters).
_PARTY_WORD = re.compile(
    rf"(?<!\w)(?:{_cased(_LEX['group_nouns'] | {w for names, _ in BODY_NAMES.values() for w in names})})(?!\w)"
)
_BODY_PHRASE = re.compile(rf"(?<!\w)(?:{_cased(p for _, phrases in BODY_NAMES.values() for p in phrases)})(?!\w)")
#: A company word after a capitalised word: "Tako LLC", "Elbit Systems", "Hyundai Rotem Co.".
_SUFFIXED = re.compile(rf"(?<!\w)[A-Z][\w'’&.-]*\s+(?:{_alternatives(_capitalised(_LEX['company_suffixes']))})(?!\w)")
#: A company noun before a capitalised word: "the drone maker Baykar", "the firm, Acme".
_DESCRIBED = re.compile(rf"(?<!\w)(?:{_cased(_LEX['company_nouns'])}),?\s+[A-Z]")


#: Every word one of the patterns above can start or end on, with and without a final stop ("militias.",
#: "co."): an article whose text before its first named party holds none of them needs no pattern run at all.
_CUES = frozenset(
    form
    for word in (
        _LEX["group_nouns"]
        | _LEX["company_suffixes"]
        | _LEX["company_nouns"]
        | {w for names, _ in BODY_NAMES.values() for w in names}
        | {p.split()[0] for _, phrases in BODY_NAMES.values() for p in phrases}
    )
    for form in (word, word.rstrip("."), word.rstrip(".") + ".")
)
_WORD = re.compile(r"\w+")
_DOTTED = re.compile(r"[\w.]+")


class PartyGate:
    """Finds where an article first names a party, and keeps the chunks that end after it."""

    def __init__(self, nlp: Language) -> None:
        self._nlp = nlp
        ruler = nlp.get_pipe(PARTY_RULER_NAME)
        assert isinstance(ruler, PartyRuler)
        self._ruler = ruler

    def names(self, text: str) -> Doc:
        """The text tokenized, with the party ruler's entities: what the gate and the discourse read."""
        cleaned = without_overlong_tokens(text)
        doc: Doc = self._ruler.mark(self._nlp.make_doc(cleaned), cleaned)
        return doc

    def first_party(self, text: str, names: Doc) -> int | None:
        """The character offset of the first party `text` names (`names`: its party ruler pass), or None."""
        first = next((ent.start_char for ent in names.ents if token_party(ent.root)), len(text))
        before = text[:first].lower()
        if _CUES.isdisjoint(_WORD.findall(before)) and _CUES.isdisjoint(_DOTTED.findall(before)):
            return first if first < len(text) else None
        for pattern in (_BODY_PHRASE, _SUFFIXED, _DESCRIBED):
            found = pattern.search(text, 0, first)
            if found is not None:
                first = found.start()
        word = next((m for m in _PARTY_WORD.finditer(text, 0, first) if m.group() != "us"), None)
        if word is not None:
            first = word.start()
        return first if first < len(text) else None

    def passing(self, chunks: Iterable[Chunk], text: str, names: Doc) -> list[Chunk]:
        """The chunks that end after the article's first party: those whose sentences can find one."""
        first = self.first_party(text, names)
        return [] if first is None else [chunk for chunk in chunks if chunk.end > first]
