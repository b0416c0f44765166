"""Who did a transfer when designation or prosecution wording, not the verb's subject, says so.

Sanctions notices and court reports seldom write "Acme supplied drones to Russia". They write "Acme faces
sanctions for supplying ...", "the Treasury sanctioned Acme for its role in the procurement of ...", "Acme was
identified as facilitating shipments of ...", "Smith was charged with conspiring to export ...", "Chen was
involved in the illegal export of ...". The party that did the transfer is the one the designation, the charge
or the involvement is about: the object (or passive subject) of the designating verb, the bearer of the
penalty, the subject or owner of the word of taking part, whoever facilitated the shipments. en_core_web_sm
hangs the transfer word under a preposition there, where the subject search of grammar.py stops.

The words are data (alerts/data/transfers.yaml `designating_verbs`, `penalty_nouns`, `bearing_verbs`,
`involvement_words`, `responsibility_words`, `facilitating_verbs`). Where a person and the firm are designated
together ("Ahmad Abdalla and his company, Portex Trade"), the firm is the party that trades (docs/indicators.md,
Parties).
"""

from __future__ import annotations

from spacy.tokens import Token

from alerts.extract.companies import company_party
from alerts.extract.grammar import subjects
from alerts.extract.transfer_lexicon import transfer_lexicon

_LEX = transfer_lexicon()
_VERBAL = ("VERB", "AUX", "ADJ")


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _with_conjuncts(tokens: list[Token]) -> list[Token]:
    """The doers and the ones coordinated with them; the firms alone when a firm is among them. A pronoun
    would resolve to the last state named, and "a Chinese national" to the person's nationality: neither is
    the doer, so both are left out."""
    found = [c for t in tokens for c in (t, *(x for x in t.children if x.dep_ == "conj"))]
    found = [t for t in found if t.pos_ != "PRON" and t.lemma_.lower() not in _LEX["individual_nouns"]]
    firms = [t for t in found if company_party(t)]
    return firms or found


def _designated(verb: Token) -> list[Token]:
    """ "sanctioned Acme for", "Acme was identified as": the object, else the passive subject."""
    return [c for c in verb.children if c.dep_ == "dobj"] or [c for c in verb.children if c.dep_ == "nsubjpass"]


def _involved(word: Token) -> list[Token]:
    """Who takes part: "Chen was involved in", "entities involved in", "their role in", "played a role in",
    "sanctioned Acme for its involvement in" (the one designated for it, not the pronoun)."""
    if word.pos_ in _VERBAL:
        if word.dep_ == "acl" and word.head.pos_ in ("NOUN", "PROPN"):
            return [word.head]
        return [c for c in word.children if c.dep_ in ("nsubj", "nsubjpass")] or (
            subjects(word.head) if word.dep_ == "acomp" else []
        )
    holder = word.head
    if word.dep_ == "pobj" and holder.lower_ == "for":
        cause = holder.head  # "sanctioned Acme for its role in", "sanctions on firms for their role in"
        if cause.pos_ == "VERB" and _lemma(cause) in _LEX["designating_verbs"]:
            return _designated(cause)
        if cause.pos_ == "NOUN" and _lemma(cause) in _LEX["penalty_nouns"]:
            return _bearers(cause)
        if cause.pos_ in ("NOUN", "PROPN"):
            return [cause]
    owners = [c for c in word.children if c.dep_ == "poss" and c.pos_ != "PRON"]
    owners += [
        o for p in word.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"
    ]
    if owners:
        return owners
    if word.dep_ == "dobj" and _lemma(holder) in ("play", "have", "take"):
        return subjects(holder)  # "played a key role in", "took part in"
    return []


def _bearers(penalty: Token) -> list[Token]:
    """Who bears a penalty: "sanctions on Acme", "Acme faces sanctions"."""
    targets = [o for p in penalty.children if p.lower_ in ("on", "against") for o in p.children if o.dep_ == "pobj"]
    if targets:
        return targets
    if penalty.dep_ == "dobj" and _lemma(penalty.head) in _LEX["bearing_verbs"]:
        return subjects(penalty.head)
    return []


def framed_doers(trigger: Token) -> tuple[list[Token], str | None]:
    """The tokens naming who did the transfer that `trigger` (a gerund or a transfer noun) stands for, as
    designation, charge or involvement wording says, with the name of the heuristic; ([], None) when none
    frames it."""
    token = trigger
    while token.dep_ in ("xcomp", "conj") and token.head.pos_ in ("VERB", "AUX"):
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
            break
        token = token.head  # "charged with conspiring to smuggle", "accused of buying and shipping"
    if token.dep_ == "dobj" and _lemma(token.head) in _LEX["facilitating_verbs"] and token.pos_ in ("NOUN", "PROPN"):
        facilitator = token.head  # "facilitated shipments of components to the Houthis"
        found = [s for s in subjects(facilitator) if s.lower_ not in ("who", "that", "which")]
        if found:
            return _with_conjuncts(found), "party.facilitator"
        return framed_doers(facilitator)
    if token.dep_ not in ("pcomp", "pobj") or token.head.dep_ != "prep":
        return [], None
    prep, governor = token.head.lower_, token.head.head
    lemma = _lemma(governor)
    found, name = [], None
    if prep == "in" and lemma in _LEX["involvement_words"]:
        found, name = _involved(governor), "party.involved_doer"
    elif prep == "for" and lemma in _LEX["responsibility_words"] and governor.pos_ in _VERBAL:
        found, name = _involved(governor), "party.responsible_doer"  # "the network was responsible for the sale"
    elif prep in ("for", "as", "with", "of") and lemma in _LEX["designating_verbs"] and governor.pos_ == "VERB":
        found, name = _designated(governor), "party.designated_doer"
    elif prep in ("for", "over") and lemma in _LEX["penalty_nouns"] and governor.pos_ == "NOUN":
        found, name = _bearers(governor), "party.penalty_bearer"
    return (_with_conjuncts(found), name) if found else ([], None)
