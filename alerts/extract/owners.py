"""The owner of goods that are sent is their supplier, ahead of their maker.

"The jets belonged to Peru and were being sent to Belarus for repair", "shells belonging to the army were
shipped to the front": the party the goods belong to sends them. When the text names no other supplier, that
owner fills the supplier before the goods' origin or model maker would (origin is not supplier: MiG jets owned by
Peru are not Russia's to send). The owning verbs are alerts/data/transfers.yaml `owning_verbs`.
Heuristic: `party.owner_of_goods`.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from alerts.extract.grammar import prep_objects
from alerts.extract.transfer_lexicon import transfer_lexicon

HEURISTIC = "party.owner_of_goods"
_OWNING = transfer_lexicon()["owning_verbs"]


def goods_owners(verb: Token, goods: list[Span], recipients: list[Token]) -> list[Token]:
    """The "to" objects of an owning verb the sending verb is coordinated with ("belonged to Peru and were sent"),
    that a clause on the goods holds ("shells belonging to the army", "jets, which belonged to Peru"), or that a
    frame's recipient words hold ("trafficking ... claiming the weapons belonged to Peru and were sent to ...")."""
    owners = [t for t in recipients if t.dep_ == "pobj" and t.head.lower_ == "to" and _owning(t.head.head)]
    if verb.dep_ == "conj" and _owning(verb.head):
        owners += prep_objects(verb.head, {"to"})
    for span in goods:
        for clause in span.root.children:
            if clause.dep_ in ("acl", "relcl") and _owning(clause):
                owners += prep_objects(clause, {"to"})
    return list(dict.fromkeys(owners))


def _owning(token: Token) -> bool:
    return token.pos_ == "VERB" and token.lemma_.lower() in _OWNING
