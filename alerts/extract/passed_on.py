"""Goods made in one state and passed on by another come from the one that passed them on.

Origin is not supplier: when the text names no supplier, a transfer takes the goods' origin as one ("the militia
used Belgian rifles" -> BE), but an article that also says who passed such goods on ("Belgian rifles
re-exported by Qatar reached the militia") has named the supplier. So, once the article is read, a transfer
whose supplier came only from its goods' origin or maker (`party.origin_of_goods`, `party.maker_of_model`) takes
the supplier of another transfer to the same recipient whose own sentence names that origin on the goods (a
modifier: "Belgian rifles", "Belgian-made rifles"), not as a side. Heuristic: `party.origin_passed_on`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from alerts.extract.evidence_place import indicator_sentence
from alerts.extract.parties import token_party
from alerts.extract.weapons import SPAN_KEY
from alerts.model import Indicator

HEURISTIC = "party.origin_passed_on"
_FROM_ORIGIN = frozenset({"party.origin_of_goods", "party.maker_of_model"})
_MODIFIER_ARCS = frozenset({"amod", "compound", "npadvmod", "nmod", "poss"})


def origins_passed_on(found: list[Indicator], docs: list[Doc]) -> list[Indicator]:
    """Give each origin-only supplier's transfer the party the article says passed goods of that origin on."""
    transfers = [i for i in found if i.type == "arms_transfer" and i.fields["supplier"] and i.fields["recipient"]]
    named = [i for i in transfers if not _FROM_ORIGIN & set(i.heuristics)]
    for indicator in transfers:
        if not _FROM_ORIGIN & set(indicator.heuristics):
            continue
        origin, recipient = indicator.fields["supplier"], indicator.fields["recipient"]
        passers = {
            other.fields["supplier"]
            for other in named
            if other.fields["recipient"] == recipient
            and other.fields["supplier"] != origin
            and _names_origin(other, origin, transfers, docs)
        }
        if len(passers) == 1:
            indicator.fields = {**indicator.fields, "supplier": passers.pop()}
            indicator.fired(HEURISTIC)
    return found


def _names_origin(other: Indicator, origin: str, transfers: list[Indicator], docs: list[Doc]) -> bool:
    """Whether `other`'s sentence names `origin` as the make of goods, and as no side of a transfer there."""
    sides = {
        side
        for i in transfers
        if i.evidence.start == other.evidence.start
        for side in (i.fields["supplier"], i.fields["recipient"])
    }
    if origin in sides:
        return False
    sentence = indicator_sentence(other, docs)
    if sentence is None:
        return False
    goods = {i for span in sentence.doc.spans.get(SPAN_KEY, []) for i in range(span.start, span.end)}
    return any(_on_goods(t, goods) and token_party(t) == origin for t in sentence)


def _on_goods(token: Token, goods: set[int]) -> bool:
    """Whether the token modifies a weapon mention ("Belgian rifles", "Belgian-made rifles"), not a side ("the
    Korean maker Hanwha")."""
    node = token
    while node.dep_ in _MODIFIER_ARCS and node.head.i != node.i:
        node = node.head
        if node.i in goods:
            return True
    return False
