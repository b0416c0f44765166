"""What an article says about its own sources, read once the whole article is parsed.

News often hedges a claim a few sentences after making it, in words about the reporting rather than the
transfer: "Reuters could not independently verify the claims", "the exact contents of the cargo could not be
verified", "CNN cited sources in the country". The clause-level stage (alerts/extract/modality.py) cannot see
these, since they name no weapon and no transfer. This module turns them into modality decisions:

1. an unverified account ("modality.unverified"): a negated verification word ("could not verify", "hasn't
   been able to verify", "could obtain no confirmation") makes the asserted and planned claims before it about
   the same story alleged -- those that share a party with the nearest claim before it. A state or its organ that does
   not confirm ("Yerevan did not confirm the purchase") is a party keeping silent, not the article doubting
   itself, and "no confirmation that Iran sent missiles" doubts the claim it states, which the clause-level
   stage reads. The doubt covers the claims of its own sentence too ("Iran sent drones to Russia, a claim
   Reuters could not verify");
2. a medium resting on unnamed people ("modality.cited_unnamed"): "CNN cited sources", "Reuters reported,
   citing unnamed officials" makes the asserted claims the article attributes to that medium alleged, and those
   of the sentence right after that go on with its account ("..., it added").

3. a prosecution's word ("modality.prosecution_source"): "prosecutors said that Smith exported O-rings to
   Iran", "according to the indictment, the firm shipped rifle scopes" is a charge, not yet a finding, when the
   supplier is a person or a firm; a prosecutor's account of a state's shipment ("the French prosecutor said the
   shipment came from Libya") is an official statement and stays asserted.

The cue words are the `unverified`, `cited_unnamed` and `prosecution_source` classes of
alerts/data/cues/modality.yaml.
"""

from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from alerts.extract.attribution import SAY_VERBS, is_anonymous, source_name
from alerts.extract.cues import default_cues
from alerts.extract.evidence_place import trigger_token
from alerts.extract.modality import negated
from alerts.model import Indicator

CUES = default_cues()
PARTY_SUBJECTS = {"STATE", "GROUP", "ORG_STATE"}  # a state, a group, a state's organ ("the Pentagon")


def _unverified(token: Token) -> bool:
    """'could not verify', 'could not be verified', 'no confirmation', 'hasn't been able to verify', 'unable
    to confirm'."""
    if token.lemma_.lower() not in CUES["unverified"] and token.lower_ not in CUES["unverified"]:
        return False
    if any(c.dep_ in ("acl", "ccomp") for c in token.children):
        return False  # "no confirmation that Iran sent missiles": a claim of its own, read where it is made
    if negated(token):
        return True
    if token.dep_ != "xcomp":
        return False
    able = token.head  # "unable to verify", "not able to verify", "hasn't been able to verify"
    return able.lower_ == "unable" or negated(able) or (able.dep_ == "acomp" and negated(able.head))


def _doubter(token: Token) -> Token | None:
    """The subject of the verification or of the verb that carries it ("PassBlue hasn't been able to ...")."""
    for verb in (token, token.head, token.head.head):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
    return None


def unverified_offsets(docs: list[Doc]) -> list[int]:
    """Article offsets of the sentences in which the article says it could not check what it reported."""
    found: list[int] = []
    for doc in docs:
        base = doc.user_data.get("article_offset", 0)
        for token in doc:
            if not _unverified(token):
                continue
            doubter = _doubter(token)
            if doubter is not None and doubter.ent_type_ in PARTY_SUBJECTS:
                continue  # "Yerevan did not confirm the purchase": a party's silence
            found.append(base + token.sent.start_char)
    return found


def unnamed_citers(docs: list[Doc]) -> set[str]:
    """The media that the article says rest on unnamed people: "CNN cited sources", "Reuters reported, citing
    unnamed officials" (the first thing cited decides: "citing radio signals and officials" is evidence)."""
    found: set[str] = set()
    for doc in docs:
        for token in doc:
            if token.lemma_.lower() not in CUES["cited_unnamed"] or token.pos_ != "VERB":
                continue
            cited = next((c for c in token.children if c.dep_ == "dobj"), None)
            if cited is None or not is_anonymous(cited, cited=True):
                continue
            speaker = token if token.dep_ != "advcl" or token.head.lemma_.lower() not in SAY_VERBS else token.head
            subject = next((c for c in speaker.children if c.dep_ == "nsubj"), None)
            name = source_name(subject) if subject is not None else None
            if name is not None:
                found.add(name)
    return found


def _speech_subjects(sentence: Span) -> list[Token]:
    """The subjects of the speech verbs of a sentence ("the Reuters report said", "it added")."""
    return [
        c
        for verb in sentence
        if verb.lemma_.lower() in SAY_VERBS and verb.pos_ == "VERB"
        for c in verb.children
        if c.dep_ == "nsubj"
    ]


def continued_citers(docs: list[Doc], citers: set[str]) -> list[tuple[int, int]]:
    """Article offsets of the sentences that go on with the account of a medium resting on unnamed people:
    "Citing unnamed officials, the Reuters report said ... . Italy is among the countries sending shells, it
    added." -- "it" is the medium of the sentence before."""
    sentences = sorted(
        (
            (doc.user_data.get("article_offset", 0) + sentence.start_char, sentence)
            for doc in docs
            for sentence in doc.sents
        ),
        key=lambda pair: pair[0],
    )
    found: list[tuple[int, int]] = []
    for (start, before), (next_start, sentence) in pairwise(sentences):
        if next_start - (start + len(before.text)) > 3:
            continue  # not the sentence right before (the prefilter left one out between them)
        if not any(s.lower_ == "it" for s in _speech_subjects(sentence)):
            continue
        if any(source_name(s) in citers for s in _speech_subjects(before)):
            found.append((next_start, next_start + len(sentence.text)))
    return found


def _prosecution_sourced(trigger: Token) -> bool:
    """'Prosecutors said that Smith exported ...', '..., the indictment says', 'according to prosecutors': a speech
    verb whose subject is a prosecution word and that governs the claim or is set beside it, or "according to"
    one."""
    words = CUES["prosecution_source"]
    governors = {t.i for t in trigger.ancestors} | {trigger.i}
    for token in trigger.sent:
        if (
            token.lemma_.lower() in SAY_VERBS
            and token.pos_ == "VERB"
            and (token.i in governors or token.head.i in governors)
        ):
            if any(c.dep_ == "nsubj" and c.lemma_.lower() in words for c in token.children):
                return True
        if token.dep_ == "pobj" and token.lemma_.lower() in words and token.head.lower_ == "to":
            if token.head.head.lower_ == "according":
                return True
    return False


def _hedge(claim: Indicator, heuristic: str) -> None:
    claim.modality = "alleged"
    claim.fired(heuristic)


def doubt_sources(found: list[Indicator], docs: list[Doc]) -> None:
    """Make alleged the asserted claims that the article's own words about its sources put in doubt."""
    claims = [i for i in found if i.type == "arms_transfer"]
    for offset in unverified_offsets(docs):
        before = [c for c in claims if c.evidence.start <= offset]
        if not before:
            continue
        latest = max(c.evidence.start for c in before)
        story = {
            side for c in before if c.evidence.start == latest for side in (c.fields["supplier"], c.fields["recipient"])
        }
        story.discard(None)
        for claim in before:
            if (
                claim.modality in ("asserted", "planned")
                and {claim.fields["supplier"], claim.fields["recipient"]} & story
            ):
                _hedge(claim, "modality.unverified")
    citers = unnamed_citers(docs)
    continued = continued_citers(docs, citers) if citers else []
    for claim in claims:
        if claim.modality != "asserted":
            continue
        if claim.attribution in citers:
            _hedge(claim, "modality.cited_unnamed")
        elif claim.attribution is None and any(a <= claim.evidence.start < b for a, b in continued):
            _hedge(claim, "modality.cited_unnamed")  # "..., it added": the same medium's account goes on
    for claim in claims:
        supplier = claim.fields["supplier"]
        if claim.modality != "asserted" or not supplier or (len(supplier) == 2 and supplier.isupper()):
            continue  # a state's shipment told by a prosecutor is an official statement
        trigger = trigger_token(claim, docs)
        if trigger is not None and _prosecution_sourced(trigger):
            _hedge(claim, "modality.prosecution_source")
