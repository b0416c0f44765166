"""Armed and criminal groups the gazetteer does not list, named by what they are: "Haitian gangs", "Shiite
militias in Iraq", "Islamist battalions", "Sudanese smuggling rings".

A group that has no slug is written (docs/indicators.md) by its own name in lower case, and a group named with its country is the
group, not the state. So a supplier or recipient phrase headed by a group noun (alerts/data/transfers.yaml
`group_nouns`) becomes the phrase itself, in lower case, with its describing words ("haitian gangs") but
without who backs it ("Iran-backed"), determiners or numbers. Phrases that name a listed group ("Houthi
rebels" -> houthis) are left to the gazetteer.
"""

from __future__ import annotations

from spacy.tokens import Token

from alerts.extract.parties import token_party
from alerts.extract.transfer_lexicon import transfer_lexicon

_LEX = transfer_lexicon()
_DESCRIBING = ("amod", "compound", "nmod")


def _backer(token: Token) -> bool:
    """"Iran-backed", "Russian-supported": words that say who backs the group, not what it is."""
    return any(t.lower_ in ("backed", "supported", "sponsored", "funded", "aligned", "allied") for t in token.subtree)


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
    return " ".join([*(t.lower_ for t in words), token.lower_])
