"""Who a transfer is for, named as its beneficiary: "sending weapons in support of the Libyan National Army",
"procured drone engines on behalf of Yemen's Houthis".

News and designation notices name the side arms go to this way when the goods pass through other hands: the
party they support or act for is the recipient. For a purchase it also turns the roles: a firm that "bought
engines on behalf of" a group is the group's supplier, not the end buyer. "In support of" a programme, an
agreement or a war names no party and is left alone (only phrases that name a party count).
"""

from __future__ import annotations

from spacy.tokens import Token

from alerts.extract.grammar import phrase_parties

#: the nouns of "in support of X", "on behalf of X", "for the benefit of X"
_BENEFIT_NOUNS = frozenset({"support", "behalf", "benefit"})


def beneficiaries(verb: Token, trigger: Token | None = None) -> list[Token]:
    """The heads of "in support of X" / "on behalf of X" phrases on the verb (or the trigger, or the goods it
    governs) that name a party."""
    holders = [verb] if trigger is None or trigger is verb else [verb, trigger]
    holders += [c for h in list(holders) for c in h.children if c.dep_ == "dobj"]  # "shipping rifles in support of"
    found: list[Token] = []
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "on", "for"):
                continue
            for noun in (c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in _BENEFIT_NOUNS):
                for of in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
                    found += [o for o in of.children if o.dep_ == "pobj" and phrase_parties(o)]
    return found
