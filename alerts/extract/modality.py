"""How sure a sentence is of a claim: its modality (asserted, alleged, planned, speculative, denied).

Cues (alerts/data/cues/modality.yaml) are read on the trigger word and on its governors up to the root:
governing verbs and nouns ("Iran denied that it supplied", "accused of delivering", "plans to send", "reports
about") along the whole chain; modal verbs and hedging adverbs ("Kim could have agreed to support",
"reportedly provided") only along the trigger's own clause chain (see CLAUSE_LINKS). When several cues apply
the strongest wins: denied > speculative > planned > alleged > asserted. A claim attributed to a named source
stays asserted; one attributed to unnamed sources is alleged (see alerts/extract/attribution.py).

This is the clause-level half of the modality stage. Every assessment is kept on the parsed `Doc`
(`doc._.modality_assessments`, by trigger token index) so that the article-level half
(alerts/extract/article_scope.py) can name the cue classes behind each indicator's modality and widen the scope
to the paragraph and the article (denials stated in another sentence). See docs/modality.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from alerts.extract.attribution import spoken_by_person
from alerts.extract.cues import MODES, default_cues
from alerts.extract.grammar import chain, phrase_parties

ASSESSMENTS = "modality_assessments"
if not Doc.has_extension(ASSESSMENTS):
    Doc.set_extension(ASSESSMENTS, default=None)

# Modal verbs and adverbs of a governor qualify the trigger only through these arcs: "Kim could have agreed to
# support" (xcomp), "could receive shipments" (dobj); not "the shipment ... would violate a resolution" (the
# trigger is the subject) nor "weapons supplied by the UAE that the RSF could use" (a modifier of the goods).
CLAUSE_LINKS = {
    "xcomp",
    "ccomp",
    "conj",
    "advcl",
    "pcomp",
    "prep",
    "pobj",
    "dobj",
    "dative",
    "attr",
    "acomp",
    "oprd",
    "parataxis",
    "ROOT",
}

CUES = default_cues()
SAY_VERBS = CUES["source_verbs"]
DENY_VERBS = CUES["denial_verb"] | CUES["halt_verb"]
ALLEGED_NOUNS = CUES["hearsay_noun"]


@dataclass(frozen=True, slots=True)
class Assessment:
    """The modality of one claim and the cue classes that gave it (empty for a plain assertion)."""

    mode: str
    cues: tuple[str, ...] = ()


def assessments(doc: Doc) -> dict[int, Assessment]:
    """The assessments made on a parsed chunk so far, by trigger token index."""
    found = doc._.get(ASSESSMENTS)
    if found is None:
        found = {}
        doc._.set(ASSESSMENTS, found)
    return found


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


def negated(token: Token) -> bool:
    """'did not deny', 'no shipments': a negation or "no" on the token; and both verbs of "has neither confirmed
    nor denied" or "has not confirmed or denied", where the parser hangs the negation on the first."""
    if any(
        child.dep_ == "neg"
        or (child.dep_ == "det" and child.lower_ == "no")
        or (child.dep_ == "preconj" and child.lower_ == "neither" and token.pos_ in ("VERB", "AUX"))
        for child in token.children
    ):
        return True
    if token.dep_ != "conj" or token.pos_ not in ("VERB", "AUX"):
        return False
    head = token.head.children
    return any(c.dep_ == "cc" and c.lower_ == "nor" for c in token.head.children) or (
        any(c.dep_ == "neg" for c in token.head.children) and any(c.dep_ == "cc" and c.lower_ == "or" for c in head)
    )  # "has neither confirmed nor denied", "has not confirmed or denied"


def _infinitive(verb: Token) -> bool:
    """'a deal to buy', 'plans to send': an infinitive the parser hangs on a noun as a relative clause, which
    completes the noun instead of making a claim of its own."""
    return (
        verb.tag_ == "VB"
        and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    )


def _content_clause(verb: Token) -> bool:
    """'reports that it supplied drones': a "that" clause the parser hangs on a noun as a relative clause, which
    says what the noun (a report, a claim) is about."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in verb.children)


def _negated_participant(trigger: Token) -> bool:
    """'none of the missiles were delivered', 'no weapons were sent', 'sent nothing'."""
    for child in trigger.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and (
            child.lower_ in CUES["negated_participant"]
            or any(c.dep_ == "det" and c.lower_ in CUES["negated_participant"] for c in child.children)
        ):
            return True
    return False


def _appealed(token: Token) -> bool:
    """'should not buy', 'transfers must stop', 'called on Washington to stop', 'urged Minsk to stop sending': a
    negation or a halt that someone asks for, which reports no denial (see the unrealised_negation cue)."""
    if _aux_words(token) & CUES["deontic_modals"]:
        return True
    return token.dep_ in ("xcomp", "ccomp") and token.head.lemma_.lower() in CUES["unrealised_negation"]


def _sibling(path: list[Token], depth: int) -> bool:
    """The path reaches path[depth] from a verb conjoined to it: "The Kremlin denied the reports and accused Kyiv of
    receiving missiles" -- the claim hangs on "accused", a predicate of its own, not on "denied"."""
    below, verb = path[depth - 1], path[depth]
    if below.dep_ != "conj" or below.pos_ not in ("VERB", "AUX") or below.head.i != verb.i:
        return False
    # "halted and reviewed arms exports": the verbs share the object hung on the last one, so the halt holds
    return any(c.dep_ in ("dobj", "ccomp", "xcomp") and c.i < below.i for c in verb.children)


def _non_answer(verb: Token) -> bool:
    """'has neither confirmed nor denied', 'did not confirm or deny': a confirmation and a denial negated together."""
    pair = [verb, verb.head] if verb.dep_ == "conj" else [verb, *(c for c in verb.children if c.dep_ == "conj")]
    lemmas = {t.lemma_.lower() for t in pair}
    return bool(lemmas & CUES["confirm_verb"]) and bool(lemmas & CUES["denial_verb"])


def _withheld(verb: Token) -> bool:
    """'refused to confirm', 'declined to confirm': a confirmation withheld."""
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in CUES["denial_verb"]


def _not_yet(verb: Token) -> bool:
    """'has yet to deliver', 'is yet to be delivered': "have" or "be" with "yet" before an infinitive."""
    return verb.lemma_.lower() in ("have", "be") and any(
        c.dep_ == "advmod" and c.lower_ == "yet" for c in verb.children
    )


def _negated_goods(goods: tuple[Span, ...]) -> bool:
    """'sending aid, not arms', 'food but no weapons': every good of the claim carries a negation."""

    def negative(span: Span) -> bool:  # "not" or "no" before the noun: "tanks, not jets" negates the jets only
        before = span.doc[span.start - 1] if span.start > 0 else None
        return (before is not None and before.lower_ == "not") or any(
            (c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no")) and c.i < span.root.i
            for c in span.root.children
        )

    return bool(goods) and all(negative(span) for span in goods)


def _false_claim_noun(trigger: Token) -> bool:
    """'Allegations circulating online that Ankara is supplying drones are false', 'reports that Belgrade shipped
    shells are fabricated': the claim sits in the subject of a falsity predicate, headed by a claim noun -- also past
    a relative clause, where the clause path stops."""
    for token in list(chain(trigger))[1:]:
        if token.dep_ not in ("nsubj", "nsubjpass") or token.lower_ not in CUES["hearsay_noun"]:
            continue
        predicate = token.head  # "... are false", "... are fabricated" (a passive participle)
        if not negated(predicate) and (
            predicate.lower_ in CUES["falsity_predicate"]
            or any(c.dep_ in ("acomp", "attr") and c.lower_ in CUES["falsity_predicate"] for c in predicate.children)
        ):
            return True
    return False


def unauthored_hearsay(verb: Token) -> bool:
    """'the published news about Iran providing drones': a claim carried only as news or talk whose author the
    text does not name, which a denial in the article answers rather than stands beside. Not "a Reuters report
    that cited an official claiming ...", "a report by a UN panel that cited allegations ...": an author's
    account is an allegation of its own."""
    nouns = [t for t in chain(verb) if t.pos_ == "NOUN" and t.lower_ in ALLEGED_NOUNS]
    return bool(nouns) and not any(_authored(noun) for noun in nouns)


def _authored(noun: Token) -> bool:
    """'a Reuters report', 'Israel's allegations', 'a report by a UN panel'."""
    for child in noun.children:
        if child.dep_ in ("compound", "poss", "nmod", "nsubj") and (  # "..., Kyiv claims" parsed as a noun
            child.ent_type_ in ("ORG", "PERSON", "GPE", "NORP", "STATE", "ORG_STATE", "GROUP")
            or phrase_parties(child, follow_of=False, follow_conj=False)
        ):
            return True
        if child.dep_ == "prep" and child.lower_ == "by" and any(o.dep_ == "pobj" for o in child.children):
            return True
    return False


def _clause_path(trigger: Token) -> list[Token]:
    """The trigger and its governors, cut where another clause makes a claim of its own: a relative clause
    ("the drones, which Kyiv says ...") or a time clause with its own subject ("Iran denied it, a day after
    Washington accused Iran of providing missiles")."""
    path = list(chain(trigger))
    for depth, token in enumerate(path):
        if token.dep_ == "relcl" and not _infinitive(token) and not _content_clause(token):
            return path[: depth + 1]
        if (
            token.dep_ == "advcl"
            and any(c.dep_ == "nsubj" for c in token.children)
            and any(c.dep_ == "mark" and c.lower_ in CUES["time_marks"] for c in token.children)
        ):
            return path[: depth + 1]
    return path


def assess(
    trigger: Token,
    sentence: Span,
    *,
    base: str = "asserted",
    anonymous: bool = False,
    hedges: tuple[Token, ...] = (),
    reported_would: str = "planned",
    goods: tuple[Span, ...] = (),
) -> Assessment:
    """The modality of the claim made by `trigger` in `sentence`, with the cue classes behind it.

    `hedges` are further words that qualify the claim, such as "believed" in "weapons believed to be Iranian".
    `reported_would` is what "would" under a speech verb means: a plan for a transfer ("said it would send
    tanks"), a plain claim for a judgement ("stressed the deal would violate sanctions": "asserted").
    `goods` are the claim's goods, when the caller knows them ("sending aid, not arms" denies the arms).
    """
    found: dict[str, list[str]] = {base: [] if base == "asserted" else ["frame_" + base]}

    def cue(name: str, mode: str | None = None) -> None:
        found.setdefault(mode or CUES.mode(name), []).append(name)

    path = _clause_path(trigger)
    on_path = {t.i for t in path}
    if any(h.lemma_.lower() in CUES["accusation_verb"] | CUES["belief_verb"] for h in hedges):
        cue("belief_verb")
    elif any(h.lemma_.lower() in CUES["hearsay_adjective"] for h in hedges):
        cue("hearsay_adjective")
    dealt = any(
        c.dep_ == "prep"
        and c.lower_ in CUES["deal_frame"]
        and any(o.dep_ == "pobj" and o.lower_ in CUES["deal_noun"] for o in c.children)
        for t in chain(trigger)
        for c in t.children
    )  # the whole sentence's frame: "Under the deal, X would ..., while Y would receive"
    appealed = False  # a halt asked for below: "urged Minsk to stop sending" (no request for goods; "urged Minsk
    # not to send" still weighs a transfer that may come: request_verb)
    linked = True  # still in the trigger's own clause chain (see CLAUSE_LINKS)
    framed = True  # no other noun between the trigger and this governor ("plans sanctions over parts supplied")
    for depth, token in enumerate(path):
        lemma = token.lemma_.lower()
        if (
            depth > 1
            and path[depth - 1].pos_ in ("NOUN", "PROPN")
            and path[depth - 1].lower_ not in (CUES["deal_noun"] | CUES["hedge_verb"])
        ):
            framed = False
        below = path[depth - 1] if depth else None
        if (
            below is not None
            and below.dep_ not in CLAUSE_LINKS
            and not (below.dep_ in ("acl", "relcl") and _infinitive(below))
        ):  # "may have plans to send": still linked
            linked = False
        aux = _aux_words(token) if linked else set()
        adverbs = {child.lower_ for child in token.children if child.dep_ in ("advmod", "amod")} if linked else set()
        if depth > 0 and not negated(token):  # "did not deny" is no denial
            denial = lemma in CUES["denial_verb"] or f"{lemma} {_particle(token)}" in CUES["denial_phrasal"]
            if (denial or lemma in CUES["halt_verb"]) and _sibling(path, depth):
                cue("sibling_clause")  # "denied the reports and accused Kyiv of receiving missiles"
            elif denial and path[depth - 1].dep_ == "xcomp" and path[depth - 1].lemma_.lower() in CUES["no_comment"]:
                cue("no_comment")  # "declined to comment on reports that Tehran sent drones": no denial
            elif lemma in CUES["denial_verb"]:
                cue("denial_verb")
            elif f"{lemma} {_particle(token)}" in CUES["denial_phrasal"]:
                cue("denial_phrasal")
            elif lemma in CUES["halt_verb"] and trigger.lower_ not in CUES["shipment_nouns"]:
                if _appealed(token):
                    cue("unrealised_negation")  # "called on Washington to stop arms sales", "must stop"
                    appealed = True
                else:
                    cue("halt_verb")
        if depth > 0 and any(
            c.dep_ in ("acomp", "attr", "oprd") and c.lower_ in CUES["falsity_predicate"] for c in token.children
        ):
            cue("falsity_predicate")  # "reports that Cairo sold rockets are false"
        if depth == 0 and _negated_participant(token):
            cue("negated_participant")
        if depth == 1 and path[0].dep_ == "xcomp" and _not_yet(token):
            cue("not_yet")  # "Pakistan has yet to deliver the rifles", "the jets are yet to be delivered"
        if (
            depth > 0
            and path[depth - 1].dep_ in ("ccomp", "csubj")
            and any(c.dep_ == "acomp" and c.lower_ in CUES["hedge_predicate"] for c in token.children)
        ):
            cue("hedge_predicate")  # "it is possible that Iran sent drones"
        if depth == 0 and not negated(token) and _negated_goods(goods):
            cue("negated_goods")  # "sending aid, not arms"
        if (
            depth == 0
            and token.dep_ == "xcomp"
            and token.head.lemma_ == "be"
            and any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children)
        ):
            cue("be_to")  # "Egypt was to provide rockets", "the tanks are to be delivered"
        if linked and any(c.dep_ == "mark" and c.lower_ in CUES["conditional"] for c in token.children):
            cue("conditional")  # "it is not clear whether Iran supplied", "if Iran sends missiles"
        verbal = token.pos_ in ("VERB", "AUX", "ADJ")  # "sign a deal", "due to", not "a sign of"
        planning = framed and ((verbal and lemma in CUES["plan_verb"]) or token.lower_ in CUES["deal_noun"])
        if negated(token):
            copula = depth == 1 and lemma == "be" and path[0].dep_ == "attr"  # "this is not a delivery"
            if (depth == 0 or copula or (depth <= 2 and planning)) and _appealed(token):
                cue("unrealised_negation")  # "warned Cairo that it should not buy the jets"
            elif depth == 0 or copula or (depth <= 2 and planning):
                cue("negation", "denied")
            elif _non_answer(token):
                cue("no_comment")  # "has neither confirmed nor denied sending drones": no answer either way
            elif depth <= 3 and (
                lemma in CUES["negated_evidence"]
                or any(
                    o.dep_ == "pobj" and o.lemma_.lower() in CUES["negated_evidence"]
                    for c in token.children
                    if c.dep_ in ("prep", "agent")
                    for o in c.children
                )
            ):
                cue("negated_evidence")  # "no evidence that", "allegations that ... were not based on evidence"
        if aux & CUES["hedge_modal"]:
            cue("hedge_modal")
        if adverbs & CUES["hedge_adverb"]:
            cue("hedge_adverb")
        if depth > 0 and framed and lemma in CUES["hedge_verb"]:
            cue("hedge_verb")
        if depth > 0 and framed and not appealed and lemma in CUES["request_verb"] and token.pos_ in ("VERB", "NOUN"):
            cue("request_verb")  # "Moscow wants Pyongyang to send shells", "a request for tanks": no deal yet
        approved = token.head.lemma_.lower() in CUES["approval_verb"] and token.dep_ in ("dobj", "nsubjpass")
        if token.pos_ == "NOUN" and {c.lower_ for c in token.children if c.dep_ == "amod"} & CUES["hedge_adjective"]:
            cue("approval_verb" if approved else "hedge_adjective")  # "approved the possible sale of": a plan
        if aux & CUES["plan_modal"]:
            cue("plan_modal")
        elif linked and _headline_infinitive(token):
            cue("headline_infinitive")
        if "would" in aux:
            reported = any(t.lemma_ in SAY_VERBS for t in path[depth + 1 :])
            if reported:
                cue("reported_would", reported_would)
            elif dealt:
                cue("deal_frame", "planned")  # "under the agreement, Sudan would receive": the deal's terms
            else:
                cue("reported_would", "speculative")
        destination = lemma == "intend" and path[depth - 1].dep_ in ("nsubjpass", "acl") if depth else False
        if depth > 0 and planning and not destination:
            # but "the shipment was intended for the IRA" names a destination, not a plan
            cue("plan_verb" if verbal and lemma in CUES["plan_verb"] else "deal_noun")
        if depth > 0 and any(c.dep_ == "nsubj" and c.lower_ in CUES["deal_noun"] for c in token.children):
            cue("deal_subject")
        if adverbs & CUES["plan_adjective"]:
            cue("plan_adjective")
        if depth > 0 and lemma in CUES["accusation_verb"]:
            cue("accusation_verb")
        elif depth > 0 and lemma in CUES["belief_verb"]:
            cue("belief_verb")
        elif depth > 0 and token.pos_ == "NOUN" and token.lower_ in CUES["hearsay_noun"]:
            cue("hearsay_noun")
        if adverbs & CUES["hearsay_adjective"]:
            cue("hearsay_adjective")
        if depth > 0 and lemma in CUES["reporting_passive"] and _weasel_passive(token, path[depth - 1]):
            cue("reporting_passive")  # "Iran is reported to have shipped", "it was reported that Iran shipped"
    if _false_claim_noun(trigger):
        cue("falsity_predicate")  # "allegations circulating online that Ankara supplies drones are false"
    if any(_reports_after(t, trigger, on_path) for t in sentence if t.lemma_.lower() in CUES["alleging_after"]):
        cue("alleging_after")  # "Iran sends drones to Hezbollah, the Israeli military alleged on Monday"
    # hedging adverbs count when they qualify the trigger's clause, not another clause of the sentence
    hedging = {t.lower_ for t in sentence if t.head.i in on_path and t.dep_ in ("advmod", "npadvmod")}
    if hedging & CUES["hearsay_adverb"]:
        cue("hearsay_adverb")
    if anonymous:
        cue("anonymous_source")
    if _intelligence_sourced(sentence, on_path):
        cue("intelligence_source")
    elif _press_sourced(sentence) and not spoken_by_person(trigger):
        cue("press_source")
    if any(t.lower_ == "presumably" for t in sentence):
        cue("hedge_adverb")
    confirming = [t for t in path[1:] if t.lemma_.lower() in CUES["confirm_verb"]]
    if confirming and not any(_withheld(t) or negated(t) for t in confirming):  # not "refused to confirm that"
        found.pop("alleged", None)
        cue("confirm_verb")  # named, so that the article stage knows the claim was confirmed
    for mode in MODES:
        if mode in found:
            return Assessment(mode, tuple(dict.fromkeys(found[mode])))
    return Assessment("asserted")


def modality(
    trigger: Token,
    sentence: Span,
    *,
    base: str = "asserted",
    anonymous: bool = False,
    hedges: tuple[Token, ...] = (),
    reported_would: str = "planned",
    goods: tuple[Span, ...] = (),
) -> str:
    """The modality of the claim made by `trigger` (see `assess`), kept on the Doc for the article stage."""
    assessment = assess(
        trigger, sentence, base=base, anonymous=anonymous, hedges=hedges, reported_would=reported_would, goods=goods
    )
    assessments(trigger.doc)[trigger.i] = assessment
    return assessment.mode


def _weasel_passive(verb: Token, below: Token) -> bool:
    """'Iran is reported to have shipped' (the claim an xcomp of the passive reporting verb) and the impersonal
    'it was reported that Iran shipped' (a "that" clause under a passive whose subject is the empty "it")."""
    if "auxpass" not in {c.dep_ for c in verb.children}:
        return False
    if below.dep_ == "xcomp":
        return True
    return below.dep_ == "ccomp" and any(c.dep_ == "nsubjpass" and c.lower_ == "it" for c in verb.children)


def _intelligence_sourced(sentence: Span, on_path: set[int]) -> bool:
    """'according to Ukrainian intelligence', 'South Korea's spy agency said': an intelligence word heading the
    source phrase of "according to" or of a speech verb, or modifying its head (not "the financial intelligence
    head Brian Nelson said", a title). The speech verb must report the claim's own clause: not "Moscow received
    missiles, the papers reported, while Ukraine's intelligence says it has no evidence" (another claim)."""
    for token in sentence:
        if token.lower_ not in CUES["intelligence_source"]:
            continue
        source = token.head if token.dep_ in ("compound", "amod") else token
        if any(t.ent_type_ == "PERSON" for t in source.subtree):
            continue  # a person with a title: the claim is the person's
        if source.dep_ == "pobj" and source.head.lower_ == "to" and source.head.head.lower_ == "according":
            return True
        if source.dep_ == "nsubj" and source.head.lemma_.lower() in SAY_VERBS and _reports_claim(source.head, on_path):
            return True
    return False


def _reports_claim(verb: Token, on_path: set[int]) -> bool:
    """A speech verb that governs the claim ("Iran sent drones, intelligence said") or is set beside it without a
    subordinator of its own ("Iran sent drones, intelligence says" parsed as a clause on the claim)."""
    if verb.i in on_path:
        return True
    return verb.head.i in on_path and not any(c.dep_ == "mark" for c in verb.children)


def _press_sourced(sentence: Span) -> bool:
    """'according to several reports', 'according to sources who spoke with the Times': a claim the article
    carries on the word of unnamed press reports, not of a party, a person or a named document ("according to
    the Pentagon", "according to the report", "according to a report by the Financial Times" stay asserted)."""
    for token in sentence:
        if token.dep_ != "pobj" or token.head.lower_ != "to" or token.head.head.lower_ != "according":
            continue
        if phrase_parties(token, follow_of=False, follow_conj=False) or any(
            t.ent_type_ == "PERSON" for t in token.subtree
        ):
            return False
        definite = any(
            c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that")) for c in token.children
        )  # "according to the report": a document the article named
        named = token.lower_ in ("report", "reports") and any(
            t.ent_type_ in ("ORG", "WORK_OF_ART") for t in token.subtree
        )  # "a report by the Financial Times"
        return token.lower_ in CUES["press_source"] and not (definite or named)
    return False


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
