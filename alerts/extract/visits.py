"""high_level_visit indicators: an official of one state visiting another.

Triggers: "visit" (noun or verb), "trip", "arrival", "arrive", "travel", "fly", "tour", "was welcomed to", and
a host that "hosted", "received", "greeted" or "welcomed" a titled visitor. The visitor is a person (a named entity, or a titled official) whose state comes from the title
("Russian Foreign Minister Sergey Lavrov"), from the party ruler's table of leaders, or from an earlier
mention in the article; the host is the state of the destination ("to North Korea", "in Pyongyang").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from alerts.extract.attribution import attribution
from alerts.extract.discourse import Discourse, clean_name
from alerts.extract.grammar import EvidenceFactory, phrase_parties, prep_objects, subjects
from alerts.extract.modality import modality
from alerts.model import Indicator

VISIT_VERBS = {"visit", "arrive", "travel", "fly", "tour", "welcome", "land", "host", "receive", "greet"}
HOSTING = {"host", "receive", "greet", "welcome"}  # the subject is the host, the object the visitor
VISIT_NOUNS = {"visit", "trip", "arrival", "tour", "journey"}
TITLES = {
    "minister",
    "president",
    "premier",
    "chancellor",
    "leader",
    "secretary",
    "envoy",
    "delegation",
    "king",
    "prince",
    "chief",
    "chairman",
    "commander",
    "general",
    "ambassador",
    "official",
    "officials",
    "emir",
    "sultan",
    "head",
    "speaker",
    "deputy",
    "vice",
    "foreign",
    "defense",
    "defence",
    "prime",
    "supreme",
}


def _person(head: Token, discourse: Discourse) -> tuple[str | None, str | None]:
    """(name, state) of the visitor phrase headed by `head`."""
    name = None
    for token in head.subtree:
        if token.ent_type_ == "PERSON":
            ent = next(e for e in token.doc.ents if e.start <= token.i < e.end)
            name = clean_name(ent.text)
            break
    state = next(iter(phrase_parties(head, follow_of=True)), None)
    if state is None and name:
        state = discourse.person_party(name)
    if state is None and head.lower_ in ("his", "her"):
        return None, None
    titled = name is not None or any(t.lower_ in TITLES for t in head.subtree)
    return (name, state) if titled else (None, None)


def _host_parties(subject: Token, discourse: Discourse) -> list[str]:
    """The host's state: a state named as the subject, or the state of the person who receives the visitor."""
    parties = phrase_parties(subject)
    if not parties and subject.ent_type_ == "PERSON":
        code = discourse.person_party(subject.text)
        parties = [code] if code else []
    return parties


class VisitFinder:
    """Finds high_level_visit indicators in one parsed sentence."""

    def __call__(self, sentence: Span, discourse: Discourse, evidence: EvidenceFactory) -> list[Indicator]:
        found: list[Indicator] = []
        for trigger in sentence:
            lemma = trigger.lemma_.lower()
            if trigger.pos_ == "VERB" and lemma in VISIT_VERBS:
                result = self._verb(trigger, discourse)
            elif trigger.pos_ in ("NOUN", "PROPN") and lemma in VISIT_NOUNS:
                result = self._noun(trigger, discourse)
            else:
                continue
            if result is None:
                continue
            visitor, visitor_state, host = result
            if not visitor_state or not host or visitor_state == host or len(host) != 2 or len(visitor_state) != 2:
                continue
            source, anonymous = attribution(trigger, sentence)
            found.append(
                Indicator(
                    type="high_level_visit",
                    confidence=0.75 if visitor else 0.6,
                    modality=modality(trigger, sentence, anonymous=anonymous),
                    attribution=source,
                    evidence=evidence(sentence, [trigger]),
                    fields={"visitor_state": visitor_state, "host_state": host, "visitor": visitor},
                )
            )
        return found

    def _host(self, token: Token) -> str | None:
        """The state of the place visited: "to North Korea", "in Pyongyang"."""
        for obj in prep_objects(token, {"to", "in", "at"}):
            parties = phrase_parties(obj)
            if parties:
                return parties[0]
        return None

    def _verb(self, verb: Token, discourse: Discourse) -> tuple[str | None, str | None, str | None] | None:
        """(visitor, visitor_state, host_state) for "X visited Y", "X arrived in Y", "Y hosted X"."""
        lemma = verb.lemma_.lower()
        passive = any(c.dep_ == "nsubjpass" for c in verb.children)
        if lemma in HOSTING and not passive:  # "Kim received Russian Defence Minister Shoigu in Pyongyang"
            guest = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if guest is None:
                return None
            name, state = _person(guest, discourse)
            host = next((p for s in subjects(verb) for p in _host_parties(s, discourse)), None) or self._host(verb)
            return name, state, host
        if lemma in ("welcome", "receive") and not passive:
            return None
        people = subjects(verb)
        if not people:
            return None
        name, state = _person(people[0], discourse)
        host = self._host(verb)
        if host is None and lemma == "visit":
            host = next((p for c in verb.children if c.dep_ == "dobj" for p in phrase_parties(c)), None)
        return name, state, host

    def _noun(self, noun: Token, discourse: Discourse) -> tuple[str | None, str | None, str | None] | None:
        """(visitor, visitor_state, host_state) for "Lavrov's visit to Pyongyang", "paid a visit to Moscow"."""
        holders = [c for c in noun.children if c.dep_ == "poss"]
        if not holders and noun.dep_ in ("dobj",) and noun.head.lemma_ in ("pay", "make", "begin", "start", "end"):
            holders = subjects(noun.head)
        if not holders:
            return None
        name, state = _person(holders[0], discourse)
        host = self._host(noun)
        return name, state, host
