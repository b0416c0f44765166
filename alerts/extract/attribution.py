"""Who makes a claim, and whether that source is named.

Attribution names the source as the text does: a state's code when the speaker is a state, its organ or its
official ("The United States said" -> "US", "Iran's foreign ministry spokesman" -> "IR"), otherwise the
name written in the text without its article ("according to the New York Times" -> "New York Times"). A
claim attributed to a named source stays asserted; one attributed to unnamed sources ("according to
sources", "officials said on condition of anonymity", "Bloomberg cited senior Western officials") is alleged
(alerts/extract/modality.py). The source words are data: the `source_*` lists of
alerts/data/cues/modality.yaml.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from alerts.extract.cues import default_cues
from alerts.extract.grammar import chain, phrase_parties
from alerts.extract.parties import token_party

CUES = default_cues()
SAY_VERBS = CUES["source_verbs"]
ALWAYS_ANONYMOUS = CUES["source_always_anonymous"]
ANONYMOUS_HEADS = ALWAYS_ANONYMOUS | CUES["source_maybe_anonymous"]
UNNAMED_PEOPLE = ALWAYS_ANONYMOUS - CUES["source_named_documents"]
STATE_OUTLET = CUES["source_state_outlet"]
ANONYMITY_WORDS = CUES["source_anonymity_words"]
NAMED = {"PERSON", "ORG", "GPE", "STATE", "ORG_STATE", "GROUP"}
_DROP_WORDS = {"the", "a", "an"}
PERSONAL_PRONOUNS = {"he", "she", "i", "we"}


def source_name(head: Token) -> str | None:
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


def is_anonymous(head: Token, cited: bool = False) -> bool:
    """'sources', 'three Western officials, requesting anonymity', officials cited by a medium; not
    "North Korean state media", "U.S. officials" or a named analyst."""
    if head.lower_ not in ANONYMOUS_HEADS:
        return False
    if head.lower_ in UNNAMED_PEOPLE:
        return True  # "sources based in Naypyitaw", "people close to the Kremlin": a place or a side names no one
    if any(c.lower_ in ANONYMITY_WORDS for c in head.children):
        return True  # "unnamed Indian officials": their side is given, their names are not
    if any(t.pos_ == "PROPN" or t.ent_type_ in NAMED or token_party(t) for t in head.subtree):
        return False  # a named or state source: "North Korean state media", "U.S. officials"
    if head.lower_ in ("media", "outlets") and any(t.lower_ in STATE_OUTLET for t in head.subtree):
        return False  # "state media reported": the government's own voice, not an unnamed source
    if head.lower_ == "report" and any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that")) for c in head.children
    ):
        return False  # "the report says": one document, named or described earlier in the article
    if head.lower_ in ALWAYS_ANONYMOUS or cited:
        return True
    return any(t.lower_ in ANONYMITY_WORDS for t in head.sent)


def attribution(trigger: Token, sentence: Span) -> tuple[str | None, bool]:
    """Who makes the claim, and whether that source is anonymous.

    Looks for a speech verb governing the trigger ("The United States said that ..."), then "according to X"
    in the sentence, then a speech verb elsewhere in the sentence ("..., Yonhap reported").
    """
    governing = _governing_speech(trigger)
    found = _speech_source(governing)
    if found != (None, False) or spoken_by_person(trigger):
        return found
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
            objects = [c for c in token.doc[token.i + 1].children if c.dep_ == "pobj"]
            if objects:
                return _speaker(objects[0])
    others = [t for t in sentence if t.lemma_.lower() in SAY_VERBS and t.pos_ == "VERB" and t not in governing]
    return _speech_source(others)


def _governing_speech(trigger: Token) -> list[Token]:
    return [t for t in chain(trigger) if t.lemma_.lower() in SAY_VERBS and t.i != trigger.i and t.pos_ == "VERB"]


def spoken_by_person(trigger: Token) -> bool:
    """'"Iran gave us rockets," he says, according to reports in the Arabic press': a speech verb governing the
    claim has a person for its subject (a personal pronoun, the article's named speaker). The claim is that
    person's; an "according to" in the sentence says who carried the speech, not who makes the claim."""
    return any(
        c.dep_ == "nsubj" and c.lower_ in PERSONAL_PRONOUNS
        for verb in _governing_speech(trigger)
        for c in verb.children
    )


def _speech_source(speech: list[Token]) -> tuple[str | None, bool]:
    """The source named as subject of the first speech verb that has one ("Yonhap reported", "X cited Y")."""
    for verb in speech:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "agent")), None)
        if subject is not None and subject.dep_ == "agent":
            subject = next((c for c in subject.children if c.dep_ == "pobj"), None)
        if subject is None:
            subject = _appositive_speaker(verb)
        if subject is None or subject.lower_ in ("it", "they", "he", "she", "who", "which", "that"):
            continue
        if verb.lemma_ == "cite":
            cited = next((c for c in verb.children if c.dep_ == "dobj"), None)
            name, _ = _speaker(subject)
            return name, cited is not None and is_anonymous(cited, cited=True)
        name, anonymous = _speaker(subject)
        if name is None and anonymous:  # "three sources told Reuters": the medium that carries the claim
            hearer = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.ent_type_ == "ORG"), None)
            if hearer is not None:
                name = source_name(hearer)
        return name, anonymous
    return None, False


def _appositive_speaker(verb: Token) -> Token | None:
    """'..., a source who helped organise the transfer told the Guardian': the parser often hangs the speaker of
    a trailing speech verb on the claim's last noun as an apposition and leaves the verb with no subject. The
    speaker is that apposition, when it ends right before the verb."""
    if verb.dep_ == "acl" and verb.head.dep_ == "appos" and verb.head.i < verb.i:
        return verb.head  # "..., a person familiar with the matter told Reuters": the verb hung on the speaker
    if verb.i == 0:
        return None
    last = verb.doc[verb.i - 1]
    for head in (last, *last.ancestors):
        if head.dep_ == "appos" and head.i < verb.i and max(t.i for t in head.subtree) == verb.i - 1:
            return head
        if head.i >= verb.i or (head.pos_ in ("VERB", "AUX") and head.dep_ != "relcl"):
            break
    return None


def _speaker(head: Token) -> tuple[str | None, bool]:
    """(name, anonymous) of a source phrase: "media outlets such as the New York Times", "sources cited by
    Reuters", "South Korea's spy agency"."""
    if head.lower_ == "outlets" or head.lower_ == "media":
        for token in head.subtree:
            if token.ent_type_ in ("ORG", "WORK_OF_ART", "PERSON"):
                return source_name(token), False
    cited = [c for c in head.subtree if c.lower_ == "by" and c.head.lemma_ == "cite"]
    anonymous = is_anonymous(head, cited=bool(cited))
    if cited:
        objects = [c for c in cited[0].children if c.dep_ == "pobj"]
        if objects:
            return source_name(objects[0]), anonymous
    return source_name(head), anonymous
