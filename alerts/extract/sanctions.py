"""sanctions_reference indicators: sanctions or embargoes on, by or broken by the parties of a sentence.

"sanction" has other senses (a league sanctions a player, a club is sanctioned with a fine, a plan is
sanctioned by a committee), so a reference needs a state or armed group in the sentence or a named regime
("U.N. sanctions", "the Security Council"), and sentences about sport or discipline are left alone.

`regime` is the imposing body when the text names it: UN (United Nations, Security Council), US, EU, or a
state code for another state's own sanctions; "international sanctions" names no body and stays null.
`kind`: violation (violate, breach, flout ...), evasion (evade, circumvent, bypass ...), imposed (impose,
announce, new sanctions, was sanctioned ...), otherwise mention.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from alerts.extract.claims import SAY_VERBS, attribution, modality
from alerts.extract.discourse import Discourse, sentence_parties
from alerts.extract.grammar import chain, phrase_parties
from alerts.model import Evidence, Indicator

TRIGGER_LEMMAS = {"sanction", "embargo", "blacklist"}
VIOLATION = {"violate", "violation", "breach", "break", "flout", "defy", "contravene", "infringe", "bust",
             "breaking", "violating", "breaching", "undermine", "ignore"}
EVASION = {"evade", "evasion", "circumvent", "circumvention", "bypass", "skirt", "dodge", "avoid", "sidestep",
           "get", "launder", "busting", "evading", "circumventing"}
IMPOSED = {"impose", "announce", "slap", "introduce", "adopt", "approve", "extend", "expand", "tighten", "toughen",
           "levy", "place", "issue", "target", "hit", "unveil", "renew", "broaden", "designate", "blacklist"}
UN_WORDS = {"un", "u.n.", "unsc", "united nations", "security council", "u.n"}
EU_WORDS = {"eu", "european union", "e.u."}
US_WORDS = {"us", "u.s.", "united states", "american", "treasury", "ofac", "state department", "washington",
            "u.s"}
# Sport and discipline: one of these words, or two of the weak ones, and "sanction" is not about states.
OFF_TOPIC = {"club", "clubs", "player", "players", "league", "coach", "coaches", "team", "teams", "fifa", "uefa",
             "ncaa", "football", "soccer", "referee", "disciplinary", "tournament", "athlete", "athletes", "doping",
             "match", "matches", "season", "scholarships", "bowl", "boosters", "recruits", "sport", "sports",
             "olympic", "championship", "striker", "goalkeeper", "midfielder", "defender"}
WEAK_OFF_TOPIC = {"fine", "fined", "points", "penalty", "penalties", "probation", "ban", "suspension", "deduction"}
MODIFIERS = {"economic", "financial", "international", "western", "arms", "trade", "oil", "tough", "targeted",
             "secondary", "multilateral", "unilateral", "punitive", "crippling", "sectoral"}


def _regime(trigger: Token, sentence: Span) -> str | None:
    """The body that imposes the sanctions, when the sentence names it on or near the trigger."""
    near = [c for c in trigger.children if c.dep_ in ("compound", "amod", "nmod", "poss")]
    near += [obj for prep in trigger.children if prep.lower_ in ("by", "of") for obj in prep.children]
    for governor in list(chain(trigger))[1:3]:
        if governor.lemma_ in IMPOSED:
            near += [c for c in governor.children if c.dep_ in ("nsubj", "agent")]
    phrases = [" ".join(t.lower_ for t in n.subtree) for n in near]
    for text in phrases:
        words = set(text.split())
        if words & {"un", "u.n.", "unsc"} or "united nations" in text or "security council" in text:
            return "UN"
        if words & {"eu", "e.u."} or "european union" in text:
            return "EU"
        if words & {"us", "u.s.", "american", "treasury", "ofac"} or "united states" in text:
            return "US"
    for n in near:
        parties = phrase_parties(n)
        if parties and len(parties[0]) == 2:
            return parties[0]
    lowered = sentence.text.lower()
    if "security council" in lowered or any(t.lower_ in ("un", "u.n.", "unsc") for t in sentence):
        return "UN"
    return None


def _kind(trigger: Token, sentence: Span) -> str:
    lemmas = {t.lemma_.lower() for t in chain(trigger)} | {t.lemma_.lower() for t in trigger.children}
    lemmas |= {t.lemma_.lower() for t in trigger.head.children} if trigger.dep_ in ("pobj", "dobj") else set()
    if lemmas & VIOLATION:
        return "violation"
    if lemmas & EVASION or "sanctions-busting" in sentence.text.lower():
        return "evasion"
    if lemmas & IMPOSED or trigger.pos_ == "VERB" or any(c.lower_ in ("new", "fresh") for c in trigger.children):
        return "imposed"
    return "mention"


class SanctionsFinder:
    """Finds sanctions_reference indicators in one parsed sentence."""

    def __call__(self, sentence: Span, discourse: Discourse, evidence, transfers: list[Indicator]) -> list[Indicator]:
        triggers = [t for t in sentence if t.lemma_.lower() in TRIGGER_LEMMAS or t.lower_ in ("sanctions", "embargo")]
        if not triggers:
            return []
        words = {t.lower_ for t in sentence}
        if words & OFF_TOPIC or len(words & WEAK_OFF_TOPIC) >= 2:
            return []
        trigger = triggers[0]
        regime = _regime(trigger, sentence)
        kind = _kind(trigger, sentence)
        modifiers = {c.lower_ for c in trigger.children}
        speakers = {
            code for t in sentence if t.lemma_ in SAY_VERBS
            for c in t.children if c.dep_ == "nsubj" for code in phrase_parties(c)
        }
        if kind in ("violation", "evasion") and transfers:
            parties = list(dict.fromkeys(
                p for ind in transfers for p in (ind.fields["supplier"], ind.fields["recipient"]) if p))
        else:
            parties = [p for p in sentence_parties(sentence) if p not in speakers and p != regime]
        if not parties and not regime:
            return []
        if not parties and not (modifiers & MODIFIERS) and regime is None:
            return []
        source, anonymous = attribution(trigger, sentence)
        mood = modality(trigger, sentence, anonymous=anonymous)
        confidence = 0.6 + (0.15 if parties else 0.0) + (0.1 if regime else 0.0)
        return [Indicator(
            type="sanctions_reference",
            confidence=min(0.95, confidence),
            modality=mood,
            attribution=source,
            evidence=evidence(sentence, [trigger]),
            fields={"parties": parties, "regime": regime, "kind": kind},
        )]
