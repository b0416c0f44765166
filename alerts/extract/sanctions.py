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

from alerts.extract.attribution import SAY_VERBS, attribution
from alerts.extract.discourse import Discourse
from alerts.extract.grammar import (
    GROUP_WORDS,
    EvidenceFactory,
    article_offset,
    chain,
    phrase_parties,
    prep_objects,
    subjects,
)
from alerts.extract.modality import modality
from alerts.extract.parties import span_parties, token_party
from alerts.extract.sanction_instruments import LISTING, instruments
from alerts.model import Indicator

TRIGGER_LEMMAS = {"sanction", "embargo", "blacklist"}
VIOLATION = {
    "violate",
    "violation",
    "breach",
    "break",
    "flout",
    "defy",
    "contravene",
    "infringe",
    "bust",
    "breaking",
    "violating",
    "breaching",
    "undermine",
    "ignore",
    "disregard",
    "defiance",
}
EVASION = {
    "evade",
    "evasion",
    "circumvent",
    "circumvention",
    "bypass",
    "skirt",
    "dodge",
    "avoid",
    "sidestep",
    "get",
    "launder",
    "busting",
    "evading",
    "circumventing",
}
IMPOSED = {
    "impose",
    "announce",
    "slap",
    "introduce",
    "adopt",
    "approve",
    "extend",
    "expand",
    "tighten",
    "toughen",
    "levy",
    "place",
    "issue",
    "target",
    "hit",
    "unveil",
    "renew",
    "broaden",
    "designate",
    "blacklist",
    "keep",
    "maintain",
    "retain",
    "enforce",
}  # sanctions kept in force are sanctions on the party
UN_WORDS = {"un", "u.n.", "unsc", "united nations", "security council", "u.n"}
EU_WORDS = {"eu", "european union", "e.u."}
US_WORDS = {"us", "u.s.", "united states", "american", "treasury", "ofac", "state department", "washington", "u.s"}
# Sport and discipline: one of these words, or two of the weak ones, and "sanction" is not about states.
OFF_TOPIC = {
    "club",
    "clubs",
    "player",
    "players",
    "league",
    "coach",
    "coaches",
    "team",
    "teams",
    "fifa",
    "uefa",
    "ncaa",
    "football",
    "soccer",
    "referee",
    "disciplinary",
    "tournament",
    "athlete",
    "athletes",
    "doping",
    "match",
    "matches",
    "season",
    "scholarships",
    "bowl",
    "boosters",
    "recruits",
    "sport",
    "sports",
    "olympic",
    "championship",
    "striker",
    "goalkeeper",
    "midfielder",
    "defender",
}
WEAK_OFF_TOPIC = {"fine", "fined", "points", "penalty", "penalties", "probation", "ban", "suspension", "deduction"}
# Bodies that run sanctions programmes of their own: written before "sanctions" they are the imposer
# ("US sanctions"); any other state there is the target ("Iran sanctions").
SANCTIONING = {"UN", "US", "EU", "GB", "CA", "AU", "JP", "CH", "NZ", "NO"}
# Sanctions answering others' ("Russia imposed counter-sanctions on British officials"): the imposer is a party
# to what is reported, not only the body that runs the measures, so rules over embargoed parties see it.
RETALIATION = {
    "counter-sanctions",
    "countersanctions",
    "countermeasures",
    "counter-measures",
    "retaliatory",
    "retaliation",
    "retaliate",
    "retaliated",
    "retaliates",
    "tit-for-tat",
    "reciprocal",
    "response",
}
_PRONOUNS = {"it", "they", "we"}
# Mentions that can be the target of sanctions whose sentence names none: states and armed groups, not people.
_TARGET_KINDS = {"STATE", "ORG_STATE", "GROUP"}
# What "sanction" approves in its other sense
APPROVED_THINGS = {
    "investment",
    "plan",
    "project",
    "deal",
    "budget",
    "spending",
    "use",
    "purchase",
    "loan",
    "merger",
    "request",
    "proposal",
    "programme",
    "program",
    "expansion",
    "construction",
    "payment",
    "transfer",
    "sale",
    "contract",
    "scheme",
    "change",
    "increase",
    "release",
    "funding",
    "grant",
    "appointment",
    "acquisition",
    "takeover",
    "move",
    "decision",
    "operation",
}
MODIFIERS = {
    "economic",
    "financial",
    "international",
    "western",
    "arms",
    "trade",
    "oil",
    "tough",
    "targeted",
    "secondary",
    "multilateral",
    "unilateral",
    "punitive",
    "crippling",
    "sectoral",
}


#: The usual words and phrases (lower case) that name a sanctioning body, first match wins. The prefilter's
#: party gate (alerts/extract/party_gate.py) reads them too: a body named this way makes a sentence a reference.
BODY_NAMES: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "UN": (frozenset({"un", "u.n.", "unsc"}), ("united nations", "security council")),
    "EU": (frozenset({"eu", "e.u."}), ("european union",)),
    "US": (frozenset({"us", "u.s.", "american", "treasury", "ofac"}), ("united states",)),
}


def _body(phrase: Token) -> str | None:
    """UN, EU or US when a phrase names the body by its usual words ("U.N.", "the Security Council", "Treasury")."""
    text = " ".join(t.lower_ for t in phrase.subtree)
    words = set(text.split())
    for body, (names, phrases) in BODY_NAMES.items():
        if words & names or any(name in text for name in phrases):
            return body
    return None


def _regime_and_targets(trigger: Token, sentence: Span) -> tuple[str | None, list[str]]:
    """The imposing body and the parties the sanctions target, as the phrase around the trigger says.

    "U.N. sanctions on North Korea" -> UN, [KP]; "new North Korea sanctions" -> None, [KP]; "The United States
    announced sanctions" -> US. A state written before "sanctions" is the imposer when it is one of the bodies
    that run sanctions programmes ("US sanctions", "EU sanctions"), otherwise the target ("Iran sanctions").
    """
    regime: str | None = None
    targets: list[str] = []
    for child in trigger.children:
        if child.dep_ in ("compound", "amod", "nmod", "poss"):
            body = _body(child)
            parties = phrase_parties(child)
            if body:
                regime = regime or body
            elif parties and parties[0] in SANCTIONING:
                regime = regime or parties[0]
            else:
                targets += parties
        elif child.dep_ == "prep" and child.lower_ in ("by", "of"):
            for obj in child.children:
                regime = regime or _body(obj) or next(iter(phrase_parties(obj)), None)
        elif child.dep_ == "prep" and child.lower_ in ("on", "against", "targeting", "over", "for"):
            for obj in child.children:
                targets += phrase_parties(obj)
    for governor in _governors(trigger):
        if governor.lemma_ in IMPOSED:
            for subject in (c for c in governor.children if c.dep_ in ("nsubj", "agent")):
                regime = regime or _imposer(subject)
            for obj in prep_objects(governor, {"on", "against"}):
                targets += phrase_parties(obj)
    if trigger.pos_ == "VERB":  # "the EU sanctioned three Iranian firms", "X was sanctioned by the US"
        for child in trigger.children:
            if child.dep_ in ("dobj", "nsubjpass"):
                targets += phrase_parties(child)
            elif child.dep_ == "nsubj":
                regime = regime or _body(child) or next(iter(phrase_parties(child)), None)
            elif child.dep_ == "agent":
                for obj in child.children:
                    regime = regime or _body(obj) or next(iter(phrase_parties(obj)), None)
    regime = regime or _misread_body_verb(trigger)
    if regime is None and (
        "security council" in sentence.text.lower() or any(t.lower_ in ("un", "u.n.", "unsc") for t in sentence)
    ):
        regime = "UN"
    return regime, [t for t in dict.fromkeys(targets) if t != regime]


def _approval(trigger: Token) -> bool:
    """ "sanction" in the sense of approve: a verb whose object is a plan, a deal or spending, not a party
    ("the board sanctioned a $2 billion investment", "the council sanctioned the use of force")."""
    if trigger.pos_ != "VERB" or trigger.lemma_.lower() != "sanction":
        return False
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    return bool(objects) and all(
        o.lemma_.lower() in APPROVED_THINGS and not phrase_parties(o, follow_of=False) for o in objects
    )


def _imposer(subject: Token) -> str | None:
    """The body or party a subject of "impose" names; for a pronoun, the party of the one who says so
    ("Beijing said it would impose sanctions on US lawmakers" -> CN)."""
    found = _body(subject) or next(iter(phrase_parties(subject)), None)
    if found or subject.lower_ not in _PRONOUNS:
        return found
    for governor in list(subject.head.ancestors)[:3]:
        if governor.lemma_ in SAY_VERBS:
            for speaker in (c for c in governor.children if c.dep_ == "nsubj"):
                return _body(speaker) or next(iter(phrase_parties(speaker)), None)
    return None


def _governors(trigger: Token) -> list[Token]:
    """The verbs that govern the trigger within its phrase: "adopted a package of sanctions" -> adopted."""
    found: list[Token] = []
    for token in list(trigger.ancestors)[:4]:
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "prep":  # "including sanctions" names no act
            found.append(token)
            break
    return found


def _actors(trigger: Token) -> list[str]:
    """Who breaks or evades the sanctions: the subject of "violate", "evade" ("Pyongyang breached sanctions"),
    and the parties of how it was done ("violating U.N. sanctions by transferring oil to a North Korean ship")."""
    for governor in list(chain(trigger))[1:3]:
        if governor.lemma_.lower() in VIOLATION | EVASION:
            found = [p for s in subjects(governor) for p in phrase_parties(s)]
            found += [code for t in governor.subtree if (code := token_party(t))]
            if found:
                return list(dict.fromkeys(found))
    return []


#: A body's word right before a present-tense "sanctions" ("Treasury sanctions", "(OFAC) sanctions"), with its body;
#: not "US" or "American", which mostly qualify the noun ("US sanctions on Iran").
_BODY_WORDS = {
    name: body for body, (names, _) in BODY_NAMES.items() for name in names if name not in ("us", "u.s.", "american")
}


def _misread_body_verb(trigger: Token) -> str | None:
    """ "Treasury sanctions Iranian firms", "Today, OFAC sanctions the head of the army": the present tense of a
    body's designation, as press releases and their headlines write it, which en_core_web_sm reads as a plural
    noun after a compound. The body that sanctions when a sanctioning body's word ends right before the word
    (past an acronym in brackets) and a noun phrase starts right after it, else None."""
    doc, i = trigger.doc, trigger.i
    if trigger.lower_ != "sanctions" or trigger.pos_ == "VERB" or i + 1 >= len(doc):
        return None
    j = i - 2 if i >= 2 and doc[i - 1].text == ")" else i - 1  # "Office of Foreign Assets Control (OFAC) sanctions"
    if j < trigger.sent.start or doc[i + 1].pos_ not in ("DET", "PROPN", "NOUN", "ADJ", "NUM"):
        return None
    return _BODY_WORDS.get(doc[j].lower_)


def _kind(trigger: Token, sentence: Span) -> str:
    lemmas = {t.lemma_.lower() for t in chain(trigger)} | {t.lemma_.lower() for t in trigger.children}
    lemmas |= {t.lemma_.lower() for t in trigger.head.children} if trigger.dep_ in ("pobj", "dobj") else set()
    if lemmas & VIOLATION:
        return "violation"
    if lemmas & EVASION or "sanctions-busting" in sentence.text.lower():
        return "evasion"
    if trigger.dep_ == "pobj" and trigger.head.lower_ in ("despite", "notwithstanding"):
        return "evasion"  # "Iran's oil exports rose despite U.S. sanctions": the trade goes on around them
    if (
        lemmas & IMPOSED
        or trigger.pos_ == "VERB"
        or any(c.lower_ in ("new", "fresh") for c in trigger.children)
        or _misread_body_verb(trigger) is not None
    ):
        return "imposed"
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "under":
        return "imposed"  # "the Houthis, under a U.N. arms embargo since 2015": measures in force on the party
    if any(t.lower_ in RETALIATION and t.lower_ != "response" for t in sentence):
        return "imposed"  # "Moscow retaliated ... by barring entry ..., calling the sanctions illegal": measures taken
    return "mention"


def _speakers_only(sentence: Span) -> set[str]:
    """Parties named only as the one who speaks ("the US said Iran breached sanctions": US), not those also named
    elsewhere in the sentence ("Moscow retaliated ..., the Russian foreign ministry said": RU stays a party)."""
    inside: set[int] = set()
    speakers: set[str] = set()
    for token in sentence:
        if token.lemma_ in SAY_VERBS:
            for subject in (c for c in token.children if c.dep_ == "nsubj"):
                speakers.update(phrase_parties(subject))
                inside.update(t.i for t in subject.subtree)
    elsewhere = {code for t in sentence if t.i not in inside and (code := token_party(t))}
    return speakers - elsewhere


class SanctionsFinder:
    """Finds sanctions_reference indicators in one parsed sentence."""

    def __call__(
        self, sentence: Span, discourse: Discourse, evidence: EvidenceFactory, transfers: list[Indicator]
    ) -> list[Indicator]:
        triggers = [t for t in sentence if t.lemma_.lower() in TRIGGER_LEMMAS or t.lower_ in ("sanctions", "embargo")]
        instrument = None if triggers else next(iter(instruments(sentence)), None)
        if instrument is not None:
            triggers = [instrument.token]  # "OFAC designated ...", "violations of the Arms Export Control Act"
        if not triggers:
            return []
        words = {t.lower_ for t in sentence}
        if words & OFF_TOPIC or len(words & WEAK_OFF_TOPIC) >= 2:
            return []
        if all(_approval(t) for t in triggers):
            return []  # "the board sanctioned a $2 billion investment": approved, not penalised
        trigger = triggers[0]
        regime, targets = _regime_and_targets(trigger, sentence)
        kind = _kind(trigger, sentence)
        if instrument is not None:
            regime = regime or instrument.regime
            if instrument.heuristic in LISTING and kind not in ("violation", "evasion"):
                kind = "imposed"  # a designation or listing is a sanctions action, whatever the verbs around it
        modifiers = {c.lower_ for c in trigger.children}
        speakers = _speakers_only(sentence)
        if kind in ("violation", "evasion") and transfers:
            parties = list(
                dict.fromkeys(p for ind in transfers for p in (ind.fields["supplier"], ind.fields["recipient"]) if p)
            )
        else:
            parties = [p for p in dict.fromkeys(_actors(trigger) + targets) if p != regime]
        if not parties:
            parties = [p for p in span_parties(sentence) if p not in speakers and p != regime]
        if not parties and any(t.lower_ in GROUP_WORDS | {"both"} for t in sentence):
            offset = article_offset(sentence.root) + sentence.start_char
            parties = discourse.salient(offset, 2)  # "both of which are subject to US sanctions"
        article_target = False
        if not parties and kind == "imposed" and regime in SANCTIONING:
            # "Washington will impose sanctions on the election commission and mining firms": the targets are
            # named as bodies of the state the article is about, so that state is the target.
            offset = article_offset(sentence.root) + sentence.start_char
            parties = [p for p in discourse.salient(offset, 1, kinds=_TARGET_KINDS) if p not in SANCTIONING]
            article_target = bool(parties)
        if not parties and not regime:
            return []
        if not parties and not (modifiers & MODIFIERS) and regime is None:
            return []
        if regime and regime not in parties and (regime not in SANCTIONING or words & RETALIATION):
            parties = [regime, *parties]  # counter-sanctions: the imposer takes part as well as the target
        source, anonymous = attribution(trigger, sentence)
        mood = modality(trigger, sentence, anonymous=anonymous, reported_would="asserted")
        confidence = 0.6 + (0.15 if parties else 0.0) + (0.1 if regime else 0.0)
        found = Indicator(
            type="sanctions_reference",
            confidence=min(0.95, confidence),
            modality=mood,
            attribution=source,
            evidence=evidence(sentence, [trigger]),
            fields={"parties": parties, "regime": regime, "kind": kind},
        )
        if article_target:
            found.fired("sanctions.article_target")
        if _misread_body_verb(trigger) is not None:
            found.fired("sanctions.body_verb_misread")
        if instrument is not None:
            found.fired(instrument.heuristic)
        return [found]
