"""Named individuals as suppliers or recipients: smugglers, straw buyers, brokers in court and sanctions news.

A prosecution story's supplier is the person charged ("Goodarzi allegedly smuggled aircraft parts to Iran"),
not the state he lives in, and the labels (docs/indicators.md, Parties) name such a party by the person's own
name in lower case, as they name a firm. News gives the full name once and the surname afterwards, and
en_core_web_sm does not always tag the surname alone as a person ("Nayirian exported ..." comes out as a
nationality, "Wen" as nothing). So the article's full names are collected as its chunks are read
(`full_names`), and a proper name in a supplier or recipient slot that is a person entity, or the surname of
a person the article has named in full, is that person. Names the gazetteer knows (leaders: "Lavrov" is
Russia) are resolved before this is asked.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from alerts.extract.parties import entity_bounds

_PERSON = "PERSON"


def _name(words: list[Token]) -> str:
    return " ".join(t.lower_ for t in words if t.is_alpha or t.text == "-").replace(" - ", "-")


def full_names(doc: Doc) -> dict[str, str]:
    """{surname: full name} for the person entities of two words or more in `doc` ("goodarzi": "gholam reza
    goodarzi"), without a possessive ending."""
    found: dict[str, str] = {}
    for ent in doc.ents:
        words = [t for t in ent if t.is_alpha or t.text == "-"]
        if ent.label_ == _PERSON and len(words) >= 2 and all(t.is_title or t.text == "-" for t in words):
            found.setdefault(words[-1].lower_, _name(words))
    return found


def individual(token: Token, names: dict[str, str]) -> str | None:
    """The lower-case name of the person `token` names, or None: a proper noun that the NER calls a person
    (its whole entity), or the surname of a person the article named in full (that full name)."""
    if token.pos_ != "PROPN" or not token.is_title:
        return None
    known = names.get(token.lower_)
    if known:
        return known
    if token.ent_type_ == _PERSON:
        start, end = entity_bounds(token)
        return _name(list(token.doc[start:end]))
    return None
