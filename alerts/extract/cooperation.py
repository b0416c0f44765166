"""military_cooperation indicators: military, space or nuclear ties between named parties.

The trigger is a cooperation noun (cooperation, ties, partnership, alliance, deal, pact ...) or the verb
"cooperate", and it needs a military-type domain word on it ("military and space cooperation", "defence
ties", "a military deal"): a "strategic partnership" for quinoa exports is not military cooperation.
Parties come from "between X and Y", "X's ... with Y", "X-Y", the subject of the clause and "with"; "the two
countries" / "both countries" are the two parties the article has named most so far.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from alerts.extract.attribution import attribution
from alerts.extract.discourse import Discourse
from alerts.extract.grammar import (
    GROUP_WORDS,
    EvidenceFactory,
    article_offset,
    phrase_parties,
    prep_objects,
    subjects,
)
from alerts.extract.modality import modality
from alerts.extract.parties import span_parties
from alerts.model import Indicator

TRIGGER_WORDS = {
    "cooperation",
    "co-operation",
    "collaboration",
    "partnership",
    "alliance",
    "ties",
    "pact",
    "deal",
    "deals",
    "agreement",
    "agreements",
    "relations",
    "relationship",
    "cooperate",
    "collaborate",
    "partnerships",
    "alliances",
    "pacts",
    "exercises",
    "drills",
    "treaty",
    "pledge",
    "clause",
    "commitment",
    "guarantee",
    "guarantees",
}
DOMAINS = {
    "military": "military",
    "defense": "military",
    "defence": "military",
    "arms": "military",
    "weapons": "military",
    "military-technical": "military",
    "army": "military",
    "naval": "military",
    "missile": "military",
    "security": "security",
    "space": "space",
    "nuclear": "nuclear",
    "intelligence": "intelligence",
    "militarily": "military",
    "aviation": "aviation",
}
CORE_DOMAINS = {"military", "space", "nuclear"}
NON_STATE_WORDS = {"groups", "organisations", "organizations", "movements", "militias"}


def _domains(trigger: Token) -> list[str]:
    """The domains named on the trigger: "military and space cooperation" -> military, space."""
    found: list[str] = []

    def visit(token: Token, depth: int) -> None:
        for child in token.children:
            if child.dep_ in ("amod", "compound", "nmod", "conj", "npadvmod", "advmod") and depth < 3:
                domain = DOMAINS.get(child.lower_)
                if domain and domain not in found:
                    found.append(domain)
                if child.dep_ in ("conj", "amod", "compound", "nmod"):
                    visit(child, depth + 1)
            if child.dep_ == "prep" and child.lower_ in ("on", "in") and depth == 0:
                for obj in child.children:
                    domain = DOMAINS.get(obj.lower_)
                    if domain and domain not in found:
                        found.append(domain)
                    visit(obj, depth + 1)

    visit(trigger, 0)
    if trigger.dep_ == "conj" and trigger.head.lower_ in DOMAINS:
        # "defence and nuclear cooperation", parsed with "defence" as the head of the phrase
        domain = DOMAINS[trigger.head.lower_]
        if domain not in found:
            found.insert(0, domain)
    # hyphenated "military-technical", "defence-industrial" split by the tokenizer
    for token in trigger.doc[max(0, trigger.i - 4) : trigger.i]:
        prefix = DOMAINS.get(token.lower_)
        if prefix and prefix not in found and token.head.i in (trigger.i, *[c.i for c in trigger.children]):
            found.append(prefix)
    return found


class CooperationFinder:
    """Finds military_cooperation indicators in one parsed sentence."""

    def __call__(self, sentence: Span, discourse: Discourse, evidence: EvidenceFactory) -> list[Indicator]:
        found: list[Indicator] = []
        for trigger in sentence:
            if trigger.lower_ not in TRIGGER_WORDS and trigger.lemma_.lower() not in ("cooperate", "collaborate"):
                continue
            domains = _domains(trigger)
            if not set(domains) & CORE_DOMAINS:
                continue
            parties = self._parties(trigger, sentence, discourse)
            if len(parties) < 2:
                continue
            source, anonymous = attribution(trigger, sentence)
            found.append(
                Indicator(
                    type="military_cooperation",
                    confidence=0.7 if len(parties) == 2 else 0.6,
                    modality=modality(trigger, sentence, anonymous=anonymous),
                    attribution=source,
                    evidence=evidence(sentence, [trigger]),
                    fields={"parties": parties, "domains": domains},
                )
            )
        return found

    def _parties(self, trigger: Token, sentence: Span, discourse: Discourse) -> list[str]:
        """The cooperating parties, from the phrase, the clause, the sentence or the discourse (in that order)."""
        parties: list[str] = []
        groups: list[Token] = []
        holders = [trigger, trigger.head] if trigger.dep_ == "conj" and trigger.head.lower_ in DOMAINS else [trigger]
        for obj in [o for h in holders for o in prep_objects(h, {"between", "with", "among", "of"})]:
            named = phrase_parties(obj)
            parties += named
            if not named and obj.lower_ in GROUP_WORDS:
                groups.append(obj)
        parties += [
            p for c in trigger.children if c.dep_ in ("poss", "amod", "compound", "nmod") for p in phrase_parties(c)
        ]
        if trigger.pos_ == "VERB" or trigger.dep_ in ("dobj", "attr", "nsubjpass"):
            head = trigger if trigger.pos_ == "VERB" else trigger.head
            for subject in subjects(head) if head.pos_ in ("VERB", "AUX") else []:
                parties += phrase_parties(subject)
                if subject.lower_ in GROUP_WORDS:
                    groups.append(subject)
            if head is not trigger:  # "China held joint naval drills with Russia"
                parties += [p for o in prep_objects(head, {"with"}) for p in phrase_parties(o)]
        parties = list(dict.fromkeys(parties))
        if len(parties) < 2 and not groups:
            # "Russia and Iran signed a treaty that includes defence cooperation": the sentence's two states
            named = [p for p in span_parties(sentence) if len(p) == 2]
            if len(named) == 2:
                parties = named
        if len(parties) < 2 and groups:
            offset = article_offset(trigger) + trigger.idx
            kinds = {"GROUP"} if groups[0].lower_ in NON_STATE_WORDS else {"STATE", "ORG_STATE", "PERSON"}
            for code in discourse.salient(offset, 2, kinds):
                if code not in parties and len(parties) < 2:
                    parties.append(code)
        return parties
