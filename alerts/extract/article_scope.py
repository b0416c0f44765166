"""The article-level half of the modality stage: run once per article, after the indicator finders.

News rarely hedges or denies a claim in the sentence that makes it. "Iran supplied drones to Russia, US
officials say. ... Tehran denies this." carries two claims between the same parties, an allegation and a
denial, three sentences apart; "Minsk rejected Kyiv's accusations" turns the earlier "Kyiv says Minsk sent
shells" into an accusation. This stage:

1. names the cue classes behind each indicator's modality, from the clause-level assessments the finders left
   on the parsed chunks (alerts/extract/modality.py), as heuristics "modality.<class>";
2. finds denials stated in a sentence of their own ("Pyongyang has denied the reports", "Tehran denies
   this", "Belgrade rejected the allegations") whose subject is a party, or a party's speaker calling the
   claims false ("the reports are groundless, Peskov said"), and adds a denied record for the
   claim the denial speaks of: the nearest claim before it (else the first after it) with the denier as
   supplier, else as recipient ("modality.article_denial");
3. when that denial calls the claim an accusation of a named accuser ("rejected Israel's allegations"),
   makes the accuser's asserted claims alleged ("modality.contested_claim"), and so the denied pair's claims
   that the article carries on no one's word or a non-state source's ("modality.contested_pair").

docs/modality.md describes the whole stage and the cue lexicon.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from alerts.extract.attribution import attribution
from alerts.extract.cues import default_cues
from alerts.extract.discourse import Discourse
from alerts.extract.evidence_place import doc_holding
from alerts.extract.grammar import PRONOUNS, EvidenceFactory, phrase_parties
from alerts.extract.modality import Assessment, assessments, negated
from alerts.extract.source_doubt import doubt_sources
from alerts.model import Indicator

CUES = default_cues()
SUBJECTS = {"nsubj", "nsubjpass"}


@dataclass(frozen=True, slots=True)
class Denial:
    """A denial stated in its own sentence: who denies, where, and whose accusation it names (if any)."""

    denier: str
    sentence: Span
    verb: Token
    accuser: str | None
    offset: int  # article offset of the denial verb
    cue: str = "article_denial"  # the heuristic that names the denied record


def name_cues(found: list[Indicator], docs: list[Doc]) -> None:
    """Record on each indicator the cue classes that gave it its modality (see modality.assess)."""
    for indicator in found:
        assessment = _assessment_for(indicator, docs)
        if assessment is not None:
            for cue in assessment.cues:
                indicator.fired(f"modality.{cue}")


def _drop_confirmed_news(found: list[Indicator]) -> list[Indicator]:
    """'The news came amid reports that Russia is using North Korean missiles. ... The White House confirmed media
    reports of North Korean missile shipments to Moscow': news about a transfer whose author the text does not
    name ("modality.news_about") is what a party's confirmation confirms, not a separate allegation, as it is
    what a denial denies (alerts/extract/__init__.py)."""
    confirmed = {
        (i.fields["supplier"], i.fields["recipient"])
        for i in found
        if i.type == "arms_transfer" and i.modality == "asserted" and "modality.confirm_verb" in i.heuristics
    }
    return [
        i
        for i in found
        if not (
            i.type == "arms_transfer"
            and i.modality == "alleged"
            and "modality.news_about" in i.heuristics
            and (i.fields["supplier"], i.fields["recipient"]) in confirmed
        )
    ]


def _assessment_for(indicator: Indicator, docs: list[Doc]) -> Assessment | None:
    """The clause-level assessment of the indicator's trigger that gave it its modality, if the finder made one."""
    start, end = indicator.evidence.trigger_start, indicator.evidence.trigger_end
    if start is None or end is None:
        return None
    holding = doc_holding(start, docs)
    if holding is None:
        return None
    base, doc = holding
    made = assessments(doc)
    for token in doc:
        if start <= base + token.idx < end and token.i in made and made[token.i].mode == indicator.modality:
            return made[token.i]
    return None


def _denier(subject: Token, discourse: Discourse, offset: int) -> str | None:
    """The party that denies: named in the subject phrase, a titled person's state, or "it" for the last one."""
    parties = phrase_parties(subject)
    if parties:
        return parties[0]
    if subject.lower_ in PRONOUNS:
        return discourse.last_party(offset, set())
    if subject.pos_ == "PROPN":
        return discourse.person_party(" ".join(t.text for t in subject.subtree if t.pos_ == "PROPN"))
    return None


def _what_is_denied(verb: Token) -> tuple[bool, Token | None]:
    """(denies a claim, the claim noun): "denies this", "rejected the allegations", "denied that ...",
    "Tehran denies." -- but not "denied entry", "rejected the offer" (no claim)."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if not objects:  # "rejected on Thursday Israeli allegations": the date makes the parser hang the object on "on"
        objects = [
            o
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ == "on"
            for o in c.children
            if o.dep_ == "pobj" and o.pos_ == "NOUN" and o.lower_ in CUES["claim_reference"]
        ]
    clause = any(c.dep_ == "ccomp" for c in verb.children)
    if not objects:
        return clause or not any(c.dep_ in ("xcomp", "prep") for c in verb.children), None
    noun = objects[0]
    return noun.lower_ in CUES["claim_reference"], noun


def find_denials(docs: list[Doc], discourse: Discourse) -> list[Denial]:
    """Every sentence-level denial of a claim by a party, in article order."""
    found: list[Denial] = []
    for doc in docs:
        base = doc.user_data.get("article_offset", 0)
        for token in doc:
            if token.pos_ != "VERB" or token.lemma_.lower() not in CUES["article_denial"] or negated(token):
                continue
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            denies, noun = _what_is_denied(token)
            if subject is None or not denies:
                continue
            denier = _denier(subject, discourse, base + token.idx)
            if denier is None:
                continue
            accuser = _accuser(noun, denier) if noun is not None else None
            found.append(Denial(denier, token.sent, token, accuser, base + token.idx))
        found += _denial_nouns(doc, base, discourse)
        found += _falsity_denials(doc, base, discourse)
    return sorted(found, key=lambda denial: denial.offset)


def _denial_nouns(doc: Doc, base: int, discourse: Discourse) -> list[Denial]:
    """'Kyiv says Tehran is still sending drones to Moscow despite its denials', 'Minsk's denials notwithstanding',
    'despite repeated denials by Cairo': a denial noun with a possessor or a "by" names a party's denial. A possessive pronoun is the subject of the clause the
    noun qualifies ("Tehran ... despite its denials"), else the last party named."""
    found: list[Denial] = []
    for token in doc:
        if token.pos_ != "NOUN" or token.lower_ not in CUES["denial_noun"] or negated(token):
            continue
        of = [
            o for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"
        ]
        if of and of[0].lower_ not in CUES["claim_reference"]:
            continue  # "Moscow's denial of access to inspectors": no claim denied
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is None:  # "despite repeated denials by Tehran"
            by = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            owner = next((o for o in by.children if o.dep_ == "pobj"), None) if by is not None else None
        if owner is None:
            continue
        denier = None
        if owner.lower_ in PRONOUNS and token.dep_ == "pobj" and token.head.dep_ in ("prep", "advcl"):
            clause = token.head.head
            subject = next((c for c in clause.children if c.dep_ in SUBJECTS), None)
            parties = phrase_parties(subject) if subject is not None else []
            denier = parties[0] if parties else None
        if denier is None:
            denier = _denier(owner, discourse, base + token.idx)
        if denier is not None:
            found.append(Denial(denier, token.sent, token, None, base + token.idx, "denial_noun"))
    return found


def _falsity_denials(doc: Doc, base: int, discourse: Discourse) -> list[Denial]:
    """'"... but they are groundless," Peskov told journalists': a party's spokesperson calling the claims
    false. The denier is the speaker, the claims the subject of the predicate."""
    found: list[Denial] = []
    for token in doc:
        if token.dep_ not in ("acomp", "attr") or token.lower_ not in CUES["falsity_predicate"]:
            continue
        subject = next((c for c in token.head.children if c.dep_ in SUBJECTS), None)
        if subject is None or subject.lower_ not in CUES["claim_reference"] | PRONOUNS:
            continue
        speaker, _ = attribution(token, token.sent)
        if speaker is None:
            continue
        denier = speaker if len(speaker) == 2 and speaker.isupper() else discourse.person_party(speaker)
        if denier is not None:
            found.append(Denial(denier, token.sent, token, None, base + token.idx))
    for verb in doc:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in CUES["calling_verbs"] or negated(verb):
            continue
        claim = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if claim is None or claim.lower_ not in CUES["claim_reference"] | PRONOUNS:
            continue
        if not any(t.i > claim.i and t.lower_ in CUES["falsity_predicate"] for t in verb.subtree):
            continue  # "called the reports troubling": no denial
        subject = _calling_subject(verb)
        denier = _denier(subject, discourse, base + verb.idx) if subject is not None else None
        if denier is not None:
            accuser = _accuser(claim, denier)
            found.append(Denial(denier, verb.sent, verb, accuser, base + verb.idx))
    return found


def _calling_subject(verb: Token) -> Token | None:
    """Who calls the claims false: the verb's subject, or that of the verb it hangs on ("China hit back at the
    accusations, calling them false")."""
    for holder in (verb, verb.head):
        subject = next((c for c in holder.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
        if verb.dep_ not in ("advcl", "conj", "xcomp"):
            return None
    return None


def _accuser(noun: Token, denier: str) -> str | None:
    """The party a denial names as the author of the accusations ("rejected Israel's allegations")."""
    if noun.lower_ not in CUES["accusation_reference"]:
        return None
    named = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    named += [  # "accusations by Kinshasa", "claims made by Kyiv"
        o
        for c in (*noun.children, *(g for a in noun.children if a.dep_ == "acl" for g in a.children))
        if c.dep_ in ("prep", "agent") and c.lower_ == "by"
        for o in c.children
        if o.dep_ == "pobj"
    ]
    return next((p for c in named for p in phrase_parties(c) if p != denier), None)


def _claim_denied(denial: Denial, claims: list[Indicator]) -> tuple[str, str] | None:
    """The (supplier, recipient) a denial speaks of: the nearest claim before it with the denier as supplier
    (else the first after it), else the same with the denier as recipient. A denial of a named accuser's
    allegations speaks only of that accuser's claims, when the article attributes any to it."""
    accused = [c for c in claims if denial.accuser is not None and c.attribution == denial.accuser]
    claims = accused or claims
    for side in ("supplier", "recipient"):
        mine = [c for c in claims if c.fields[side] == denial.denier]
        before = [c for c in mine if c.evidence.start <= denial.offset]
        chosen = (
            max(before, key=lambda c: c.evidence.start)
            if before
            else min(mine, key=lambda c: c.evidence.start, default=None)
        )
        if chosen is not None:
            return chosen.fields["supplier"], chosen.fields["recipient"]
    return None


def attach_denials(
    found: list[Indicator], docs: list[Doc], discourse: Discourse, evidence: EvidenceFactory
) -> list[Indicator]:
    """Add a denied record for each claim that a party to it denies in a sentence of its own."""
    claims = [i for i in found if i.type == "arms_transfer" and i.fields["supplier"] and i.fields["recipient"]]
    denied = {(i.fields["supplier"], i.fields["recipient"]) for i in claims if i.modality == "denied"}
    added: list[Indicator] = []
    contested: dict[tuple[str, str], Denial] = {}
    for denial in find_denials(docs, discourse):
        if denial.accuser is not None:
            _contest(claims, denial.accuser)
        read = [i for i in claims if i.modality == "denied" and i.evidence.start <= denial.offset < i.evidence.end]
        if read:  # the finders read this sentence's denial already
            if denial.accuser is not None:
                contested.update({(i.fields["supplier"], i.fields["recipient"]): denial for i in read})
            continue
        pair = _claim_denied(denial, [c for c in claims if c.modality != "denied"])
        if pair is not None and denial.accuser is not None:
            contested[pair] = denial
        if pair is None or pair in denied:
            continue
        denied.add(pair)
        model = next(c for c in claims if (c.fields["supplier"], c.fields["recipient"]) == pair)
        record = Indicator(
            type="arms_transfer",
            confidence=model.confidence,
            modality="denied",
            attribution=denial.denier,
            evidence=evidence(denial.sentence, [denial.verb]),
            fields=dict(model.fields),
        )
        record.fired(f"modality.{denial.cue}")
        added.append(record)
    _contest_pairs(claims, contested)
    return sorted(found + added, key=lambda i: (i.evidence.start, i.evidence.trigger_start or 0))


def _contest(claims: list[Indicator], accuser: str) -> None:
    """The accuser's asserted claims become alleged: the text reports a party calling them accusations. So do the
    plans it reports ("... and that more shipments were expected"): they are part of the accusation."""
    for claim in claims:
        if claim.modality in ("asserted", "planned") and claim.attribution == accuser:
            claim.modality = "alleged"
            claim.fired("modality.contested_claim")


def _contest_pairs(claims: list[Indicator], contested: dict[tuple[str, str], Denial]) -> None:
    """'Rwanda has denied accusations by Kinshasa that it arms the rebels. ... The rebels were given rifles by
    Rwanda, the report said': when a party to a pair denies what it calls another party's accusations, the claims
    between that pair that the article carries on no one's word, on the accuser's or on a non-state source's (a
    report, a medium) are that accusation: alleged. The denier's own statements (an admission) and a third
    state's stay asserted."""
    for claim in claims:
        denial = contested.get((claim.fields["supplier"], claim.fields["recipient"]))
        if denial is None or claim.modality != "asserted" or claim.attribution == denial.denier:
            continue
        if claim.attribution is None or claim.attribution == denial.accuser or not _state(claim.attribution):
            claim.modality = "alleged"
            claim.fired("modality.contested_pair")


def _state(source: str | None) -> bool:
    return source is not None and len(source) == 2 and source.isupper()


def dispute_reports(found: list[Indicator]) -> None:
    """'Chinese-made weapons supplied by the UAE were found with the RSF, Amnesty said. ... Abu Dhabi has denied
    arming the RSF': a claim the article carries on the word of someone other than a state (a watchdog, a
    report, a medium, a person it does not tie to a state), which a party to it denies afterwards, is an
    allegation. A state's or its official's claim stays asserted (a formal statement), as does one made after
    the denial (it answers the denial, or tells another story) unless the same source, already disputed, is
    quoted again ("..., Amnesty said")."""
    claims = [i for i in found if i.type == "arms_transfer" and i.fields["supplier"] and i.fields["recipient"]]
    for denial in claims:
        pair = (denial.fields["supplier"], denial.fields["recipient"])
        if denial.modality != "denied" or denial.attribution not in pair:
            continue
        disputed: set[str] = set()
        for claim in claims:
            if (
                claim.modality == "asserted"
                and (claim.fields["supplier"], claim.fields["recipient"]) == pair
                and claim.evidence.start < denial.evidence.start
                and claim.attribution is not None
                and not _state(claim.attribution)
            ):
                claim.modality = "alleged"
                claim.fired("modality.disputed_report")
            if claim.modality == "alleged" and claim.evidence.start < denial.evidence.start and claim.attribution:
                disputed.add(claim.attribution)
        for claim in claims:  # the same source quoted again after the denial: "..., Amnesty said" goes on accusing
            if (
                claim.modality == "asserted"
                and (claim.fields["supplier"], claim.fields["recipient"]) == pair
                and claim.evidence.start > denial.evidence.start
                and claim.attribution is not None
                and not _state(claim.attribution)
                and any(_same_source(claim.attribution, source) for source in disputed)
            ):
                claim.modality = "alleged"
                claim.fired("modality.disputed_report")


def _same_source(one: str, other: str) -> bool:
    """'Amnesty' and 'Amnesty International': one name's words within the other's."""
    a, b = set(one.lower().split()), set(other.lower().split())
    return bool(a and b) and (a <= b or b <= a)


def article_modality(
    found: list[Indicator], docs: list[Doc], discourse: Discourse, evidence: EvidenceFactory
) -> list[Indicator]:
    """The stage as the extractor runs it: name the clause-level cues, then widen the scope to the article: what
    it says about its own sources (alerts/extract/source_doubt.py), then the denials stated apart, and the
    reports they dispute."""
    name_cues(found, docs)
    found = _drop_confirmed_news(found)
    doubt_sources(found, docs)
    found = attach_denials(found, docs, discourse, evidence)
    dispute_reports(found)
    return found
