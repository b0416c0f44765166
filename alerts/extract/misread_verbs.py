"""A present-tense giving verb that en_core_web_sm read as a noun: "Iran and Belarus supply weapons to Russia",
"Bulgaria and Romania belong to NATO, and supply arms to Ukraine".

After a coordinated subject the model often takes the bare verb form for the first word of a compound noun
("Belarus and Iran [ship arms]" as one phrase), so the sentence has no giving verb and the subject list is
lost or cut to its last member. The word is a verb when it is a bare form of a giving verb, tagged as a
singular noun, modifying goods that follow it, and either a run of party names (and their "and", commas,
"the", "both") ends right before it or it follows ", and" after a clause whose subject names parties. Its
suppliers are then those parties, and its recipient the first "to"/"for" phrase after it. The run of names
is read in token order, as the arcs around such a word are not to be trusted.
"""

from __future__ import annotations

from spacy.tokens import Token

from alerts.extract.grammar import SUBJECT_DEPS, prep_objects, subjects
from alerts.extract.parties import token_party
from alerts.extract.transfer_lexicon import transfer_lexicon
from alerts.extract.weapons import SPAN_KEY

GIVE_VERBS = transfer_lexicon()["give_verbs"]
_LIST_WORDS = frozenset({"and", ",", "the", "both"})
_COMMAS = frozenset({",", ";"})


def _names_before(token: Token) -> list[Token]:
    """The party names in the run of names, "and", commas, "the" and "both" that ends right before `token` and
    starts its sentence or follows a comma; empty when anything else interrupts the run."""
    names: list[Token] = []
    start = token.sent.start
    i = token.i - 1
    while i >= start and (token_party(token.doc[i]) or token.doc[i].lower_ in _LIST_WORDS):
        if token_party(token.doc[i]):
            names.append(token.doc[i])
        i -= 1
    # the run opens the sentence or a clause: after a comma, "that", or a verb ("officials said Iran and ...")
    before = token.doc[i] if i >= start else None
    opened = before is None or before.text in _COMMAS | {":", "\u2014"} or before.lower_ == "that"
    opened = opened or (before is not None and before.pos_ in ("VERB", "AUX", "SCONJ"))
    if not names or not opened or token.doc[token.i - 1].lower_ in _LIST_WORDS:
        return []
    return names[::-1]


def _clause_subject(token: Token) -> list[Token]:
    """ ", and supply arms to Ukraine" after a clause: the subject of the clause's verb, when it names parties."""
    doc = token.doc
    if token.i < 2 or doc[token.i - 1].lower_ != "and" or doc[token.i - 2].text not in _COMMAS:
        return []
    root = token.sent.root
    if root.pos_ not in ("VERB", "AUX") or root.i > token.i:
        return []
    return [c for c in root.children if c.dep_ in SUBJECT_DEPS and token_party(c)]


def _goods_object(token: Token) -> bool:
    """The goods follow the word as its object: its head noun ("supply [weapons]" as a compound) or a direct
    object the parser gave it ("and supply weapons", a noun conjoined to the verb before it)."""
    weapons = token.doc.spans.get(SPAN_KEY, [])
    goods = {span.root.i for span in weapons}
    follows = any(span.start == token.i + 1 for span in weapons)
    return follows and (token.head.i in goods or any(c.dep_ == "dobj" and c.i in goods for c in token.children))


def _verb_subject(token: Token) -> list[Token]:
    """The subject a verb coordinated with it gives, when the parser still hung a direct object on the word.
    Only a party's name counts: "a Chinese national" is a person, not the state of China."""
    if not any(c.dep_ == "dobj" for c in token.children):
        return []
    return [s for s in subjects(token) if token_party(s)]


def misread_suppliers(token: Token) -> list[Token]:
    """The tokens that name the suppliers of a giving verb read as a noun (see `read_as_noun`)."""
    return _names_before(token) or _clause_subject(token) or _verb_subject(token)


def read_as_noun(token: Token) -> bool:
    """True for a bare giving verb the parser tagged as a noun in front of the goods it gives, with parties
    before it that can be its subject."""
    misread = (token.pos_ == "NOUN" and token.tag_ == "NN") or (token.pos_ == "VERB" and token.dep_ == "compound")
    if not misread or token.lower_ not in GIVE_VERBS or token.lower_ != token.lemma_.lower():
        return False
    if any(c.dep_ in ("det", "poss") for c in token.children):
        return False  # "the supply of arms", "Russia's supply lines": a noun indeed
    return _goods_object(token) and bool(misread_suppliers(token))


def misread_recipients(token: Token) -> list[Token]:
    """The first "to"/"for" phrase after the verb in its sentence, whatever noun the parser hung it on."""
    for candidate in token.doc[token.i + 1 : token.sent.end]:
        found = prep_objects(candidate.head, {candidate.lower_}) if candidate.lower_ in ("to", "for") else []
        found = [o for o in found if o.head.i == candidate.i]
        if found:
            return found
    return []
