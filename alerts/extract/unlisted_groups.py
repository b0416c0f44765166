"""Armed and criminal groups the gazetteer does not list, named by what they are: "Haitian gangs", "Shiite
militias in Iraq", "Islamist battalions", "Sudanese smuggling rings".

A group that has no slug is written (docs/indicators.md) by its own name in lower case, and a group named with its country is the
group, not the state. So a supplier or recipient phrase headed by a group noun (alerts/data/transfers.yaml
`group_nouns`) becomes the phrase itself, in lower case, with its describing words ("haitian gangs") but
without who backs it ("Iran-backed"), determiners or numbers; where the text says where the group is ("militias in
Iraq", "smuggling rings in Sudan") the country's adjective leads the name ("iraqi militias"), the form news
and the labels use for such groups. Phrases that name a listed group ("Houthi
rebels" -> houthis) are left to the gazetteer.
"""

from __future__ import annotations

import json
from functools import cache

from spacy.tokens import Token

from alerts.extract.gazetteer import DATA_DIR
from alerts.extract.parties import token_party
from alerts.extract.transfer_lexicon import transfer_lexicon

_LEX = transfer_lexicon()
_DESCRIBING = ("amod", "compound", "nmod")


def _backer(token: Token) -> bool:
    """ "Iran-backed", "Russian-supported": words that say who backs the group, not what it is."""
    return any(t.lower_ in ("backed", "supported", "sponsored", "funded", "aligned", "allied") for t in token.subtree)


@cache
def _adjectives() -> dict[str, str]:
    """State code -> its first listed demonym ("IQ" -> "Iraqi"), from the shipped country list."""
    countries = json.loads((DATA_DIR / "countries.json").read_text(encoding="utf-8"))["countries"]
    return {code: entry["demonyms"][0] for code, entry in countries.items() if entry.get("demonyms")}


def country_adjective(token: Token) -> str | None:
    """ "militias in Iraq", "rings from Sudan": the lower-case adjective of the state the group is in."""
    for prep in token.rights:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "from"):
            continue
        for place in prep.children:
            code = token_party(place) if place.dep_ == "pobj" else None
            if code and code.isupper() and code in _adjectives():
                return _adjectives()[code].lower()
    return None


def unlisted_group(token: Token) -> str | None:
    """The lower-case name of the unlisted group that `token` heads, or None."""
    if token.lower_ not in _LEX["group_nouns"] or token.pos_ not in ("NOUN", "PROPN") or token_party(token):
        return None  # "militias loyal to Haftar" is an entity of the party ruler already
    words: list[Token] = []
    for child in token.lefts:
        if child.dep_ not in _DESCRIBING or _backer(child):
            continue
        code = token_party(child)
        if code and not code.isupper():
            return None  # "Houthi rebels": a listed group, the gazetteer names it
        words += [t for t in child.subtree if t.is_alpha]
    named = [*(t.lower_ for t in words), token.lower_]
    if token.lower_ in _LEX["ring_nouns"] and not set(named) & _LEX["ring_qualifiers"]:
        return None  # "O-rings", "bearing rings": things, not a smuggling ring
    adjective = country_adjective(token)
    if adjective and adjective not in named:
        named.insert(0, adjective)
    return " ".join(named)
