"""A stop on the way is not the recipient: the place goods go on from is part of their route.

News follows a consignment past its first stop: "the helicopters were flown to Cyprus, where they were refitted
before going on to Chad", "the rifles unloaded in Benin's port were then trucked to Niger". The first place is a
transit stop (the transfer's `route`), the last one the goods' destination: an analyst reads the helicopters as
going to Chad. When the onward leg has a doer of its own ("moved to Syria, where Iranian officers collected them
and sent them on to Lebanon"), the first leg's recipient is no longer named: the stop still goes to the route,
and the onward leg is that doer's own transfer.

So, once the article is read, a transfer whose recipient is named in a "to" or "into" phrase of its trigger,
followed in the same sentence by a later leg (a verb of moving on, alerts/data/transfers.yaml `onward_verbs`,
after a word that orders the legs, `onward_cues`: "then", "where", "before going on") that takes the same goods
(it names no other goods as its object) "to" another party, goes to that party, and the stop joins the route.
Heuristic: `party.stop_on_the_way`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from alerts.extract.evidence_place import indicator_sentence, trigger_token
from alerts.extract.parties import token_party
from alerts.extract.transfer_lexicon import transfer_lexicon
from alerts.model import Indicator

HEURISTIC = "party.stop_on_the_way"
_LEX = transfer_lexicon()
_TO = frozenset({"to", "into"})
_MODIFIER_ARCS = frozenset({"compound", "amod", "poss", "nmod", "det", "appos"})
_GOODS_PRONOUNS = frozenset({"they", "it", "these", "those"})


def stops_on_the_way(found: list[Indicator], docs: list[Doc]) -> list[Indicator]:
    """Move each transfer's recipient that the goods only pass through into its route."""
    for indicator in found:
        recipient = indicator.fields.get("recipient") if indicator.type == "arms_transfer" else None
        if not recipient:
            continue
        sentence = indicator_sentence(indicator, docs)
        if sentence is None:
            continue
        onward = _onward_leg(indicator, sentence, recipient, trigger_token(indicator, docs))
        if onward is None:
            continue
        party, verb, first = onward
        own_doer = _own_doer(verb, first)  # "officers who then sent them on"
        route = [*indicator.fields.get("route", []), recipient]
        indicator.fields = {**indicator.fields, "recipient": None if own_doer else party, "route": route}
        indicator.fired(HEURISTIC)
    return found


def _onward_leg(
    indicator: Indicator, sentence: Span, code: str, trigger: Token | None
) -> tuple[str, Token, Token] | None:
    """The party a later leg of the trip takes the goods to, that leg's verb and the first leg's verb, when the recipient `code` is
    named as the first leg's destination."""
    supplier = indicator.fields.get("supplier")
    for stop in sentence:
        if token_party(stop) != code or (first := _destination_verb(stop)) is None:
            continue
        if trigger is not None and first.i != trigger.i:
            continue
        for later in sentence.doc[stop.i + 1 : sentence.end]:
            party = token_party(later)
            if party is None or party in (code, supplier):
                continue
            verb = _destination_verb(later)
            if verb is None or verb.i == first.i or verb.lemma_.lower() not in _LEX["onward_verbs"]:
                continue
            if any(c.dep_ == "dobj" and c.pos_ != "PRON" for c in verb.children):
                continue  # "sold drones to Egypt and then delivered tanks to Libya": other goods, another transfer
            if _doer_is(verb, code):
                continue  # "to Yemen, which then sent drones to Sudan": the recipient passes on goods of its own
            if any(t.lower_ in _LEX["onward_cues"] for t in sentence.doc[stop.i + 1 : later.i]):
                return party, verb, first
    return None


def _own_doer(verb: Token, first: Token) -> bool:
    """Whether the onward leg has a doer of its own: an active subject other than the goods' pronoun ("where
    officers collected them and then sent them on"), on its verb or the verb it is coordinated with, short of the
    first leg's verb (whose subject is the supplier)."""
    node = verb
    while node.i != first.i:
        if any(c.dep_ == "nsubj" and c.lower_ not in _GOODS_PRONOUNS for c in node.children):
            return True
        if node.dep_ != "conj" or node.head.i == node.i:
            return False
        node = node.head
    return False


def _doer_is(verb: Token, code: str) -> bool:
    """Whether the onward leg's doer is the party `code` itself, by name or as the relative pronoun of a clause on
    its name."""
    for doer in (c for c in verb.children if c.dep_ == "nsubj"):
        named = verb.head if doer.tag_ in ("WDT", "WP") and verb.dep_ == "relcl" else doer
        if token_party(named) == code:
            return True
    return False


def _destination_verb(token: Token) -> Token | None:
    """The verb whose "to" or "into" phrase names `token` ("flown ... to Cyprus", "going on to Chad",
    "trucked across the border to Niger"), or None when the token is named otherwise."""
    node = token
    while node.dep_ in _MODIFIER_ARCS and node.head.i != node.i:
        node = node.head
    if node.dep_ != "pobj" or node.head.lower_ not in _TO:
        return None
    head = node.head.head
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("dobj", "nsubjpass"):
        head = head.head  # "shipped rifles to Yemen": the phrase hangs on the goods
    while head.pos_ not in ("VERB", "AUX") and head.dep_ in ("prt", "advmod", "prep") and head.head.i != head.i:
        head = head.head  # "going on to Chad": "to" may hang on the particle
    return head if head.pos_ == "VERB" else None
