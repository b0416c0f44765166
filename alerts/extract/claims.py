"""How a claim is made: its modality (asserted, alleged, planned, speculative, denied) and who makes it.

Cues are read on the trigger word and on its governors up to the root: governing verbs and nouns ("Iran
denied that it supplied", "accused of delivering", "plans to send", "reports about") along the whole chain;
modal verbs and hedging adverbs ("Kim could have agreed to support", "reportedly provided") only along the
trigger's own clause chain (see CLAUSE_LINKS). When several cues apply the strongest wins: denied >
speculative > planned > alleged > asserted. A claim attributed to a named source stays asserted (docs/indicators.md); one
attributed to unnamed sources ("according to sources", "officials said on condition of anonymity",
"Bloomberg cited senior Western officials") is alleged.

Attribution names the source as the text does: a state's code when the speaker is a state, its organ or its
official ("The United States said" -> "US", "Iran's foreign ministry spokesman" -> "IR"), otherwise the
name written in the text without its article ("according to the New York Times" -> "New York Times").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from alerts.extract.grammar import chain, phrase_parties
from alerts.extract.parties import token_party

ORDER = ("denied", "speculative", "planned", "alleged", "asserted")
# Modal verbs and adverbs of a governor qualify the trigger only through these arcs: "Kim could have agreed to
# support" (xcomp), "could receive shipments" (dobj); not "the shipment ... would violate a resolution" (the
# trigger is the subject) nor "weapons supplied by the UAE that the RSF could use" (a modifier of the goods).
CLAUSE_LINKS = {"xcomp", "ccomp", "conj", "advcl", "pcomp", "prep", "pobj", "dobj", "dative", "attr", "acomp",
                "oprd", "parataxis", "ROOT"}

# A clause introduced by these, with its own subject, reports an event of its own, not what the main verb says
TIME_MARKS = {"after", "before", "since", "until", "when", "while", "as", "once"}
DENY_VERBS = {"deny", "reject", "refute", "dismiss", "rebuff", "disprove", "refuse", "decline", "block", "cancel",
              "veto", "scrap", "abandon", "halt", "stop", "suspend", "freeze", "cease"}
# Phrasal verbs of refusal: "ruled out sending Taurus missiles", "turned down a request to supply jets"
DENY_PHRASAL = {("rule", "out"), ("turn", "down"), ("back", "away")}
SPECULATIVE_MODALS = {"could", "might", "may"}
SPECULATIVE_ADVERBS = {"possibly", "perhaps", "presumably", "probably", "maybe", "potentially", "conceivably",
                       "likely"}
SPECULATIVE_ADJECTIVES = {"potential", "possible", "likely", "prospective", "hypothetical", "suspected"}
# "The State Department approved the possible sale": a decision that makes a possibility a plan
APPROVING = {"approve", "authorize", "authorise", "clear", "greenlight", "endorse"}
SPECULATIVE_GOVERNORS = {"consider", "discuss", "weigh", "explore", "mull", "contemplate", "examine", "negotiate",
                         "speculate", "fear", "worry", "could", "talk", "talks", "negotiation", "discussion",
                         "possibility", "prospect", "likely", "unlikely"}  # "Iran is likely to ship"
PLANNED_MODALS = {"will", "shall", "'ll", "wo"}
PLANNED_GOVERNORS = {"plan", "agree", "intend", "expect", "decide", "prepare", "promise", "pledge", "vow", "offer",
                     "set", "due", "poised", "slated", "ready", "want", "hope", "request", "need", "demand", "ask",
                     "sign", "aim", "order", "schedule", "approve", "commit", "arrange", "propose", "seek"}
PLANNED_NOUNS = {"plan", "plans", "deal", "deals", "agreement", "agreements", "contract", "contracts", "intention",
                 "promise", "pledge", "offer", "order", "orders", "proposal"}
PLANNED_ADJECTIVES = {"planned", "future", "upcoming", "proposed", "promised", "pledged", "scheduled"}
ALLEGED_ADVERBS = {"reportedly", "allegedly", "purportedly", "supposedly", "apparently", "ostensibly"}
ALLEGED_GOVERNORS = {"accuse", "allege", "suspect", "claim", "rumor", "rumour", "believe", "think", "appear",
                     "seem"}
ALLEGED_ADJECTIVES = {"alleged", "reported", "purported", "rumored", "rumoured", "suspected"}
ALLEGED_NOUNS = {"news", "report", "reports", "claim", "claims", "allegation", "allegations", "accusation",
                 "accusations", "rumor", "rumors", "rumour", "rumours", "speculation", "suspicion", "suspicions"}
# Reporting verbs that make the claim before them alleged: "..., the military alleged", "..., Kyiv claimed"
REPORTED_ALLEGING = {"allege", "claim", "accuse"}
CONFIRMING = {"admit", "acknowledge", "confirm", "concede"}
# "no evidence that China supplied weapons", "had not seen any deliveries": the claim is negated
EVIDENCE_WORDS = {"evidence", "sign", "signs", "indication", "indications", "proof", "confirmation", "see", "observe",
                  "find", "detect", "confirm", "record"}
SAY_VERBS = {"say", "report", "announce", "state", "claim", "tell", "confirm", "allege", "accuse", "stress",
             "warn", "reveal", "note", "add", "insist", "write", "cite", "assert", "disclose", "show", "indicate",
             "emphasize", "emphasise", "assure", "declare", "conclude", "explain", "suggest", "deny", "reject",
             "dismiss", "refute", "admit", "acknowledge"}
# Unnamed sources make a claim alleged. "sources" and "insiders" always are; officials, diplomats and experts
# only when the text says they are unnamed ("requesting anonymity") or a medium cites them ("Bloomberg cited
# senior Western officials"): "U.S. officials said" is the US government's claim, and stays asserted.
ALWAYS_ANONYMOUS = {"source", "sources", "insider", "insiders", "person", "people", "report", "reports", "media",
                    "outlets"}
ANONYMOUS_HEADS = ALWAYS_ANONYMOUS | {"official", "officials", "diplomat", "diplomats", "analyst", "analysts",
                                     "expert", "experts"}
NAMED = {"PERSON", "ORG", "GPE", "STATE", "ORG_STATE", "GROUP"}
STATE_OUTLET = {"state", "state-run", "state-owned", "state-controlled", "official", "government", "junta-run",
                "government-run"}
ANONYMITY_WORDS = {"anonymity", "anonymously", "unnamed", "unidentified", "authorized", "authorised"}
_DROP_WORDS = {"the", "a", "an"}


def _aux_words(token: Token) -> set[str]:
    return {child.lower_ for child in token.children if child.dep_ in ("aux", "auxpass")}


def _headline_infinitive(verb: Token) -> bool:
    """Headlinese for a plan: "Germany to supply more tanks to Ukraine", "US to send Ukraine $1 billion in
    weapons, says ...", "arms deal: Moscow to deliver helicopters". Not "allowed Iran to deliver" (the
    infinitive of another verb)."""
    if verb.tag_ != "VB" or not any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
        return False
    if verb.dep_ == "relcl":
        return verb.head.pos_ == "PROPN" and verb.head.dep_ in ("appos", "ROOT") and verb.head.i < verb.i
    if not any(c.dep_ == "nsubj" for c in verb.children):
        return False
    return verb.dep_ == "ROOT" or (verb.dep_ in ("ccomp", "parataxis") and verb.head.lemma_.lower() in SAY_VERBS)


def _particle(token: Token) -> str | None:
    return next((c.lower_ for c in token.children if c.dep_ == "prt"), None)


def _negated(token: Token) -> bool:
    return any(child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no") for child in token.children)


def modality(trigger: Token, sentence: Span, *, base: str = "asserted", anonymous: bool = False,
             hedges: tuple[Token, ...] = (), reported_would: str = "planned") -> str:
    """The modality of the claim made by `trigger` in `sentence` (see the module docstring).

    `hedges` are further words that qualify the claim, such as "believed" in "weapons believed to be Iranian".
    `reported_would` is what "would" under a speech verb means: a plan for a transfer ("said it would send
    tanks"), a plain claim for a judgement ("stressed the deal would violate sanctions": "asserted").
    """
    cues = {base}
    path = list(chain(trigger))
    for depth, token in enumerate(path):
        if token.dep_ == "relcl":  # a relative clause makes its own claim: stop below the noun it describes
            path = path[: depth + 1]
            break
        if token.dep_ == "advcl" and any(c.dep_ == "nsubj" for c in token.children) and any(
            c.dep_ == "mark" and c.lower_ in TIME_MARKS for c in token.children
        ):  # "Iran denied it, a day after Washington accused Iran of providing missiles": a claim of its own
            path = path[: depth + 1]
            break
    on_path = {t.i for t in path}
    if any(h.lemma_.lower() in ALLEGED_GOVERNORS | ALLEGED_ADJECTIVES for h in hedges):
        cues.add("alleged")
    linked = True  # still in the trigger's own clause chain (see CLAUSE_LINKS)
    for depth, token in enumerate(path):
        lemma = token.lemma_.lower()
        if depth > 0 and path[depth - 1].dep_ not in CLAUSE_LINKS:
            linked = False
        aux = _aux_words(token) if linked else set()
        adverbs = {child.lower_ for child in token.children if child.dep_ in ("advmod", "amod")} if linked else set()
        refusing = lemma in DENY_VERBS or (lemma, _particle(token)) in DENY_PHRASAL
        if refusing and depth > 0 and not _negated(token):  # "did not deny" is no denial
            cues.add("denied")
        if linked and any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in token.children):
            cues.add("speculative")  # "it is not clear whether Iran supplied", "if Iran sends missiles"
        near = depth == 0 or (depth <= 2 and (lemma in PLANNED_GOVERNORS or token.lower_ in PLANNED_NOUNS))
        if (near or (depth <= 3 and lemma in EVIDENCE_WORDS)) and _negated(token):
            cues.add("denied")
        if aux & SPECULATIVE_MODALS or adverbs & SPECULATIVE_ADVERBS:
            cues.add("speculative")
        if depth > 0 and lemma in SPECULATIVE_GOVERNORS:
            cues.add("speculative")
        approved = token.head.lemma_.lower() in APPROVING and token.dep_ in ("dobj", "nsubjpass")
        if token.pos_ == "NOUN" and {c.lower_ for c in token.children if c.dep_ == "amod"} & SPECULATIVE_ADJECTIVES:
            cues.add("planned" if approved else "speculative")  # "approved the possible sale of": a plan
        if aux & PLANNED_MODALS or (linked and _headline_infinitive(token)):
            cues.add("planned")
        if "would" in aux:
            cues.add(reported_would if any(t.lemma_ in SAY_VERBS for t in path[depth + 1 :]) else "speculative")
        destination = lemma == "intend" and path[depth - 1].dep_ in ("nsubjpass", "acl") if depth else False
        if depth > 0 and (lemma in PLANNED_GOVERNORS or token.lower_ in PLANNED_NOUNS) and not destination:
            cues.add("planned")  # but "the shipment was intended for the IRA" names a destination, not a plan
        if adverbs & PLANNED_ADJECTIVES:
            cues.add("planned")
        if depth > 0 and (lemma in ALLEGED_GOVERNORS or (token.pos_ == "NOUN" and token.lower_ in ALLEGED_NOUNS)):
            cues.add("alleged")
        if adverbs & ALLEGED_ADJECTIVES:
            cues.add("alleged")
        if depth > 0 and lemma in ("report", "say", "rumor", "rumour") and "auxpass" in {
            c.dep_ for c in token.children
        } and path[depth - 1].dep_ == "xcomp":
            cues.add("alleged")  # "Iran is reported to have shipped", "is said to have delivered"
    if any(_reports_after(t, trigger, on_path) for t in sentence if t.lemma_.lower() in REPORTED_ALLEGING):
        cues.add("alleged")  # "Iran sends drones to Hezbollah, the Israeli military alleged on Monday"
    # hedging adverbs count when they qualify the trigger's clause, not another clause of the sentence
    hedging = {t.lower_ for t in sentence if t.head.i in on_path and t.dep_ in ("advmod", "npadvmod")}
    if hedging & ALLEGED_ADVERBS or anonymous:
        cues.add("alleged")
    if hedging & {"presumably"} or any(t.lower_ == "presumably" for t in sentence):
        cues.add("speculative")
    if any(t.lemma_.lower() in CONFIRMING for t in path[1:]):
        cues.discard("alleged")
    for kind in ORDER:
        if kind in cues:
            return kind
    return "asserted"


def _reports_after(verb: Token, trigger: Token, on_path: set[int]) -> bool:
    """True for an alleging verb after the claim that reports the claim's clause: attached to it directly
    (parataxis) or, as en_core_web_sm often parses it, through a noun ("the Israeli military alleged" as a
    clause on an apposition to the subject), with no other verb between."""
    if verb.i < trigger.i or verb.i in on_path or verb.pos_ != "VERB" or verb.dep_ == "relcl":
        return False  # "drones to Russia, which Kyiv claimed were used": a claim about something else
    for governor in verb.ancestors:
        if governor.i in on_path:
            return True
        if governor.pos_ in ("VERB", "AUX") or governor.dep_ == "relcl":
            return False
    return False


def _source_name(head: Token) -> str | None:
    """A state's code, else the named entity in the phrase ("the New York Times" -> "New York Times")."""
    parties = phrase_parties(head)
    if parties:
        return parties[0]
    for token in head.subtree:
        if token.ent_type_ in ("ORG", "PERSON", "NORP", "GPE", "FAC", "WORK_OF_ART") and token.ent_iob_ == "B":
            ent = next(e for e in token.doc.ents if e.start == token.i)
            words = [t.text for t in ent if t.lower_ not in _DROP_WORDS]
            if words:
                return " ".join(words).replace(" ’s", "").replace(" 's", "")
    if head.pos_ == "PROPN":
        left = [t for t in head.subtree if t.i <= head.i and t.pos_ == "PROPN"]
        return " ".join(t.text for t in left)
    return None


def _is_anonymous(head: Token, cited: bool = False) -> bool:
    """'sources', 'three Western officials, requesting anonymity', officials cited by a medium; not
    "North Korean state media", "U.S. officials" or a named analyst."""
    if head.lower_ not in ANONYMOUS_HEADS:
        return False
    if any(t.pos_ == "PROPN" or t.ent_type_ in NAMED or token_party(t) for t in head.subtree):
        return False  # a named or state source: "North Korean state media", "U.S. officials"
    if head.lower_ in ("media", "outlets") and any(t.lower_ in STATE_OUTLET for t in head.subtree):
        return False  # "state media reported": the government's own voice, not an unnamed source
    if head.lower_ in ALWAYS_ANONYMOUS or cited:
        return True
    return any(t.lower_ in ANONYMITY_WORDS for t in head.sent)


def attribution(trigger: Token, sentence: Span) -> tuple[str | None, bool]:
    """Who makes the claim, and whether that source is anonymous.

    Looks for a speech verb governing the trigger ("The United States said that ..."), then "according to X"
    in the sentence, then a speech verb elsewhere in the sentence ("..., Yonhap reported").
    """
    governing = [t for t in chain(trigger) if t.lemma_.lower() in SAY_VERBS and t.i != trigger.i and t.pos_ == "VERB"]
    found = _speech_source(governing)
    if found != (None, False):
        return found
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
            objects = [c for c in token.doc[token.i + 1].children if c.dep_ == "pobj"]
            if objects:
                return _speaker(objects[0])
    others = [t for t in sentence if t.lemma_.lower() in SAY_VERBS and t.pos_ == "VERB" and t not in governing]
    return _speech_source(others)


def _speech_source(speech: list[Token]) -> tuple[str | None, bool]:
    """The source named as subject of the first speech verb that has one ("Yonhap reported", "X cited Y")."""
    for verb in speech:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "agent")), None)
        if subject is not None and subject.dep_ == "agent":
            subject = next((c for c in subject.children if c.dep_ == "pobj"), None)
        if subject is None or subject.lower_ in ("it", "they", "he", "she", "who", "which", "that"):
            continue
        if verb.lemma_ == "cite":
            cited = next((c for c in verb.children if c.dep_ == "dobj"), None)
            name, _ = _speaker(subject)
            return name, cited is not None and _is_anonymous(cited, cited=True)
        name, anonymous = _speaker(subject)
        if name is None and anonymous:  # "three sources told Reuters": the medium that carries the claim
            hearer = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.ent_type_ == "ORG"), None)
            if hearer is not None:
                name = _source_name(hearer)
        return name, anonymous
    return None, False


def _speaker(head: Token) -> tuple[str | None, bool]:
    """(name, anonymous) of a source phrase: "media outlets such as the New York Times", "sources cited by
    Reuters", "South Korea's spy agency"."""
    if head.lower_ == "outlets" or head.lower_ == "media":
        for token in head.subtree:
            if token.ent_type_ in ("ORG", "WORK_OF_ART", "PERSON"):
                return _source_name(token), False
    cited = [c for c in head.subtree if c.lower_ == "by" and c.head.lemma_ == "cite"]
    anonymous = _is_anonymous(head, cited=bool(cited))
    if cited:
        objects = [c for c in cited[0].children if c.dep_ == "pobj"]
        if objects:
            return _source_name(objects[0]), anonymous
    return _source_name(head), anonymous
