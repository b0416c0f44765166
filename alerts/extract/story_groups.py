"""The armed group a story is about, in place of the state it fights in, as the recipient of a transfer.

News names the place the goods go to once the story has said who gets them: "arms to Sudan" in a story about
the UAE arming the RSF, "smuggled into Mexico" in one about guns bought for Los Zetas, "weapons into Lebanon" in
one about Iran arming Hezbollah. An analyst (and the labels, docs/evaluation.md) reads the group there: the side
the article says the arms are for. A government that buys stays the state ("Sudan's army received drones",
"military aid to the Sudanese government"), and so does every place in an article that has such a buyer.

So, once the article is read, a transfer whose recipient is a state named only as a place (inside a "to",
"into", "for" or "towards" phrase, with no army, government or capital in it: alerts/data/transfers.yaml
`government_nouns`) goes to the group that fights in that state (alerts/data/parties/groups.yaml `state`) when
the article has that group receiving arms: from the same supplier, or, when no transfer of the article goes to
the state's government, from anyone. Heuristic: `party.group_in_its_state`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from alerts.extract.evidence_place import indicator_sentence
from alerts.extract.gazetteer import STATE, load_gazetteer
from alerts.extract.parties import token_party
from alerts.extract.transfer_lexicon import transfer_lexicon
from alerts.model import Indicator

HEURISTIC = "party.group_in_its_state"
PLACE_PREPS = frozenset({"to", "into", "for", "towards", "toward"})
_GOVERNMENT = transfer_lexicon()["government_nouns"]
_MODIFIER_ARCS = frozenset({"compound", "amod", "poss", "nmod", "case", "det", "appos"})


def groups_in_their_states(found: list[Indicator], docs: list[Doc]) -> list[Indicator]:
    """Give each transfer to a state named as a place the group the article has receiving arms there."""
    homes = load_gazetteer().group_states
    transfers = [i for i in found if i.type == "arms_transfer" and i.fields["recipient"]]
    placed: dict[int, bool] = {}
    for indicator in transfers:
        code = indicator.fields["recipient"]
        if code.isupper() and code in homes.values():
            sentence = indicator_sentence(indicator, docs)
            placed[id(indicator)] = sentence is not None and _named_as_place(sentence, code)
    buyers = {i.fields["recipient"] for i in transfers if id(i) in placed and not placed[id(i)]}
    pairs = {(i.fields["supplier"], i.fields["recipient"]) for i in transfers}
    receiving = {recipient for _, recipient in pairs}
    for indicator in transfers:
        if not placed.get(id(indicator)):
            continue
        supplier, state = indicator.fields["supplier"], indicator.fields["recipient"]
        groups = [slug for slug, home in homes.items() if home == state and slug != supplier]
        chosen = [g for g in groups if (supplier, g) in pairs]
        if not chosen and state not in buyers:
            chosen = [g for g in groups if g in receiving]
        if len(chosen) == 1:
            indicator.fields = {**indicator.fields, "recipient": chosen[0]}
            indicator.fired(HEURISTIC)
    return found


def _named_as_place(sentence: Span, code: str) -> bool:
    """Whether the sentence names the state `code` as a destination place, and nowhere as a government."""
    mentions = [t for t in sentence if token_party(t) == code]
    kinds = [_mention_kind(t) for t in mentions]
    return "place" in kinds and "government" not in kinds


def _mention_kind(token: Token) -> str:
    """ "place" for a destination that names the state as a place: "to Sudan", "into Lebanon", "to Libyan
    forces", "to refugees of the Sudan war"; "government" for a destination that names its government: a capital
    or seat ("to Tripoli"), a state organ, a phrase headed by an army or a government ("to the Sudanese army",
    "for the army of Sudan"); "other" for any other role ("Sudanese authorities charged that ...")."""
    government = token.ent_type_ != STATE or _capital(token)
    node = token
    while True:
        government |= node.lemma_.lower() in _GOVERNMENT or any(c.lower_ == "armed" for c in node.children)
        if node.dep_ in _MODIFIER_ARCS and node.head.i != node.i:
            node = node.head
        elif node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ in ("NOUN", "PROPN"):
            node = node.head.head  # "refugees of the Sudan war", "the army of Sudan"
        else:
            break
    if node.dep_ != "pobj" or node.head.lower_ not in PLACE_PREPS:
        return "other"
    return "government" if government else "place"


def _capital(token: Token) -> bool:
    """A capital or seat of government stands for the government ("arms to Tripoli" is to the GNA)."""
    entity = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    term = load_gazetteer().lookup(entity.text) if entity is not None else None
    return term is not None and term.kind in ("capital", "seat")
