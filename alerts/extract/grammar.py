"""Dependency helpers shared by the indicator finders: who is the subject, what does a phrase name.

en_core_web_sm attaches modifiers loosely, so these helpers search a little around the expected place
(the phrase's modifiers, its "of" complement, its coordinated phrases) instead of trusting one arc.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Span, Token

from alerts.extract.parties import token_party
from alerts.model import Evidence

#: Builds an indicator's evidence from its sentence and trigger words (offsets into the article text).
EvidenceFactory = Callable[[Span, list[Token]], Evidence]

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
_MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "appos", "npadvmod", "nummod", "quantmod", "dep"}
# A verb reached through these arcs shares its subject with its head ("agreed to supply", "sent and delivered",
# through an adjective: "stood ready to supply", "is willing to sell").
_CONTROL_DEPS = {"xcomp", "conj", "advcl", "pcomp", "acl", "acomp"}
PRONOUNS = {"it", "they", "he", "she", "we", "i", "its", "their", "his", "her", "our", "itself", "themselves"}
# "the two countries", "both sides": a plural that stands for the parties the article has been talking about
GROUP_WORDS = {
    "countries",
    "nations",
    "states",
    "sides",
    "allies",
    "governments",
    "neighbours",
    "neighbors",
    "capitals",
    "partners",
    "regimes",
    "groups",
    "organisations",
    "organizations",
    "movements",
    "militias",
}
# "the country would receive drones": a definite noun that refers back to a state named before
ANAPHORS = {"country", "nation", "state", "kingdom", "republic", "regime", "government", "authorities", "junta"}
# "suppliers in China", "companies based in Iran": these nouns take their party from where they are
LOCATED = {
    "supplier",
    "company",
    "firm",
    "manufacturer",
    "maker",
    "factory",
    "plant",
    "producer",
    "entity",
    "business",
    "trader",
    "dealer",
    "broker",
    "intermediary",
    "middleman",
    "source",
    "network",
}
# "firms in China", "companies across China and the UAE", "suppliers from Hong Kong"
LOCATING_PREPS = frozenset({"in", "across", "from"})
# Buyers named by their nationality ("Russian customers", "Iranian clients") are of that party
_BUYERS = {"customer", "customers", "client", "clients"}
# "Ukraine's allies pledged tanks": the possessor of these nouns is not the party itself
RELATIONAL = {
    "ally",
    "allies",
    "partner",
    "partners",
    "friend",
    "friends",
    "backer",
    "backers",
    "supporter",
    "supporters",
    "enemy",
    "enemies",
    "rival",
    "rivals",
    "neighbour",
    "neighbours",
    "neighbor",
    "neighbors",
    "adversary",
    "adversaries",
    "customer",
    "customers",
    "client",
    "clients",
    "foe",
    "foes",
}


def noun_lemma(token: Token) -> str:
    """The noun's lemma, also when a capital at the start of a sentence made the parser tag it PROPN
    ("Entities in China ...", "Companies based in Turkey ..."): en_core_web_sm leaves a PROPN's lemma as
    written."""
    if token.pos_ != "PROPN":
        return token.lemma_.lower()
    word = token.lower_
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


# "US-sanctioned", "UN-designated": a modifier that names who sanctions the noun, not whose it is
_IMPOSED_BY = frozenset({"sanctioned", "designated", "blacklisted", "embargoed"})


def phrase_parties(head: Token, *, follow_of: bool = True, follow_conj: bool = True) -> list[str]:
    """Parties named by the noun phrase headed by `head`, nearest first, without repeats.

    "the Russian army" -> RU; "Iran's navy" -> IR; "the president of Belarus, Aleksandr Lukashenka" -> BY;
    "Iran and Syria" -> IR, SY. Other prepositions ("war in Ukraine") are not followed: they name places.
    """
    found: list[str] = []

    def visit(token: Token, depth: int) -> None:
        code = token_party(token)
        if code:
            if code not in found:
                found.append(code)
            if follow_conj:
                for child in token.children:
                    if child.dep_ == "conj":
                        visit(child, depth)
            return
        if depth > 3:
            return
        for child in token.children:
            if (
                child.dep_ in ("poss", "compound", "amod")
                and token.lower_ in RELATIONAL
                and not (child.dep_ != "poss" and token.lower_ in _BUYERS)
            ):  # "Russia's customers" buy from Russia; "Russian customers" are in Russia
                continue
            if child.dep_ in ("amod", "compound") and child.lower_.rsplit("-", 1)[-1] in _IMPOSED_BY:
                continue  # "a U.S.-sanctioned Russian ship": the US sanctions it, the ship is Russian
            if child.dep_ in _MODIFIER_DEPS:
                visit(child, depth + 1)
            elif child.dep_ == "conj" and follow_conj:
                visit(child, depth)
            elif (follow_of and child.dep_ == "prep" and child.lower_ == "of" and depth <= 1) or (
                child.dep_ == "prep" and child.lower_ in LOCATING_PREPS and noun_lemma(token) in LOCATED
            ):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        visit(pobj, depth + 1)
            elif child.dep_ == "acl" and child.lower_ == "based" and noun_lemma(token) in LOCATED:
                for pobj in (o for p in child.children if p.lower_ == "in" for o in p.children):
                    visit(pobj, depth + 1)

    visit(head, 0)
    groups = [
        code
        for child in head.children
        if child.dep_ in ("appos", "compound") and (code := token_party(child)) and not code.isupper()
    ]
    if groups and not token_party(head):
        # "the Sudanese paramilitary Rapid Support Forces", "the Lebanese militant group Hezbollah", "Mexico's
        # Los Zetas drug cartel": the state on the descriptor is the group's nationality, not a second party
        nationality = {
            code
            for child in head.children
            if child.dep_ in ("amod", "compound", "poss")
            for code in [token_party(child)]
            if code and code.isupper()
        }
        found = [code for code in found if code not in nationality]
    return found


_INVOLVED = {"involve", "engage", "implicate", "complicit", "instrumental"}
# "denied the claims of arming": the claim nouns and the verbs of rejecting them
_CLAIM_NOUNS = {"allegation", "accusation", "claim", "charge", "report", "suggestion", "assertion"}
_REJECTING = {"deny", "reject", "dismiss", "refute", "rebuff", "dispute"}
# "promised Kyiv to deliver", "used Syrian flights to arm": verbs whose subject, not their object, does the
# verb they govern
_SUBJECT_CONTROL = {"promise", "pledge", "vow", "threaten", "offer", "use", "employ", "exploit", "utilise", "utilize"}
# "called on Washington to stop", "appealed to Berlin to send", "relies on Iran to supply": verbs of asking or
# relying whose prepositional object, not their subject, does the verb they govern
_ASKING_PREPS = {
    "call": {"on", "upon"},
    "appeal": {"to"},
    "plead": {"with"},
    "prevail": {"on", "upon"},
    "rely": {"on", "upon"},
    "count": {"on"},
    "depend": {"on"},
    "look": {"to"},
}
# "Egypt's plan to buy", "its effort to procure": nouns whose owner is the doer of the verb they govern
_PLAN_NOUNS = {
    "plan",
    "effort",
    "attempt",
    "bid",
    "intention",
    "intent",
    "decision",
    "move",
    "push",
    "drive",
    "proposal",
    "request",
    "ambition",
    "desire",
    "readiness",
    "willingness",
    "refusal",
    "reluctance",
    "unwillingness",
}


# "close to buying", "committed to procuring", "interested in acquiring", "capable of supplying": a gerund after
# these prepositions on an adjective or a verb is done by that word's subject
_COMPLEMENT_PREPS = frozenset({"to", "in", "on", "at"})


def pcomp_controllers(gerund: Token) -> list[Token]:
    """The subject of the adjective or verb whose preposition governs `gerund` ("Egypt is close to buying",
    "Poland is committed to procuring", "Serbia is interested in acquiring", "Ankara insisted on selling").
    Not after a noun ("the role in supplying"), nor "for" or "of" on a verb, read elsewhere as a charge."""
    if gerund.dep_ != "pcomp" or gerund.tag_ != "VBG" or any(c.dep_ in SUBJECT_DEPS for c in gerund.children):
        return []
    prep = gerund.head
    governor = prep.head
    if governor.pos_ == "ADJ" and (prep.lower_ in _COMPLEMENT_PREPS or prep.lower_ == "of"):
        if governor.dep_ != "acomp":
            return []
        governor = governor.head
    elif governor.pos_ not in ("VERB", "AUX") or prep.lower_ not in _COMPLEMENT_PREPS:
        return []
    if governor.lemma_.lower() in _INVOLVED:
        return []  # "involved in supplying": read by its own rule
    return [c for c in governor.children if c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WDT", "WP")]


def subjects(verb: Token) -> list[Token]:
    """The subject tokens of `verb`, borrowed from the governing verb for controlled and coordinated verbs."""
    token = verb
    came_from: Token | None = None  # the controlled verb the loop climbed from
    for _ in range(4):
        found = [child for child in token.children if child.dep_ in SUBJECT_DEPS]
        controlled = came_from is not None and came_from.dep_ == "xcomp"
        agents = (
            [o for c in token.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
            if controlled
            else []
        )
        if agents:
            # "the route is used by Iran to arm Hezbollah": the governing verb's agent does what it is used for
            return agents
        if found:
            return found
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        if token.dep_ == "relcl" and not infinitive:
            return [token.head]
        asked = token.dep_ in ("xcomp", "advcl") and infinitive and token.head.lemma_.lower() in _ASKING_PREPS
        if asked:
            # "called on Washington to stop selling", "appealed to Berlin to send", "rely on Iran to supply" (the
            # parser often reads the infinitive as an adverbial clause): the one asked does it
            preps = _ASKING_PREPS[token.head.lemma_.lower()]
            controllers = [
                o
                for p in token.head.children
                if p.dep_ == "prep" and p.lower_ in preps
                for o in p.children
                if o.dep_ == "pobj"
            ]
            if controllers:
                return controllers
        if token.dep_ == "xcomp" and token.head.lemma_.lower() not in _SUBJECT_CONTROL:
            # "would like Russia to provide", "asked Berlin to send", "allowed Iran to ship": the object of the
            # governing verb does it
            controllers = [c for c in token.head.children if c.dep_ == "dobj"]
            if controllers:
                return controllers
        claim = token.head.head if token.dep_ == "pcomp" and token.head.lower_ == "of" else None
        if claim is not None and claim.lemma_.lower() in _CLAIM_NOUNS and claim.head.lemma_.lower() in _REJECTING:
            # "Rwanda rejected the allegations of supporting M23": the one who rejects is the one accused
            return subjects(claim.head)
        if token.dep_ == "pcomp" and token.head.lower_ in ("of", "for") and token.head.head.pos_ == "VERB":
            # "accused Pyongyang of delivering", "Pyongyang is suspected of shipping": the doer
            governor = token.head.head
            doers = [c for c in governor.children if c.dep_ == "dobj"] or [
                c for c in governor.children if c.dep_ == "nsubjpass"
            ]
            if doers:
                return doers
        controllers = pcomp_controllers(token)
        if controllers:  # "Egypt is close to buying", "Poland is committed to procuring", "succeeded in getting"
            return controllers
        if (
            token.dep_ == "pcomp"
            and token.head.lower_ == "in"
            and token.head.head.lemma_ in _INVOLVED
            and (token.head.head.dep_ == "acl" and token.head.head.head.pos_ in ("NOUN", "PROPN"))
        ):  # "Iranian entities involved in supplying drones": the entities do it
            return [token.head.head.head]
        if (token.dep_ not in _CONTROL_DEPS and token.dep_ != "relcl") or token.head is token:
            return []
        if token.dep_ == "acl" and token.head.lemma_.lower() in _PLAN_NOUNS:
            # "Egypt's plan to buy Su-35s", "Egyptian plans to buy", "its effort to procure": the noun's owner
            # does it, not the subject of the clause that mentions the plan ("the U.S. warned over ...")
            owners = [
                c
                for c in token.head.children
                if c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and token_party(c))
            ]
            # "a request by Russia to supply arms", "an attempt by Iran to smuggle rifles": the "by" names the owner
            owners += [o for p in token.head.children if p.lower_ == "by" for o in p.children if o.dep_ == "pobj"]
            if owners:
                return owners
            holder = token.head.head
            if token.head.dep_ == "pobj" and holder.lower_ in ("over", "about") and holder.head.pos_ == "VERB":
                # "warned the Egyptian government over a plan to buy Su-35s": the one warned has the plan
                pressed = [c for c in holder.head.children if c.dep_ == "dobj"]
                if pressed:
                    return pressed
        if token.dep_ in ("acl", "relcl") and token.head.pos_ in ("NOUN", "PROPN"):
            # "deals to sell rifles": climb past the noun to the clause that has a subject
            token = token.head
            while token.dep_ in ("pobj", "prep", "dobj", "attr") and token.head is not token:
                token = token.head
            came_from = None
            continue
        came_from, token = token, token.head
    return []


def is_passive(verb: Token) -> bool:
    if any(child.dep_ in ("nsubjpass", "auxpass") for child in verb.children):
        return True
    # "drones supplied by Iran" (a participle on its noun), but not "claims that it had sent" (parsed as acl)
    return verb.tag_ == "VBN" and verb.dep_ == "acl" and not any(c.dep_ in ("nsubj", "aux") for c in verb.children)


def prep_objects(token: Token, preps: set[str] | frozenset[str], *, deep: bool = False) -> list[Token]:
    """Objects of the given prepositions attached to `token` (or, with `deep`, anywhere in its subtree)."""
    found: list[Token] = []
    candidates: Iterable[Token] = token.subtree if deep else token.children
    for prep in candidates:
        if prep.dep_ not in ("prep", "dative", "agent") or prep.lower_ not in preps:
            continue
        for child in prep.children:
            if child.dep_ in ("pobj", "pcomp"):
                found.append(child)
    return found


def article_offset(token: Token) -> int:
    """Where the token's parsed chunk starts in the article (the extractor sets it on every chunk)."""
    return token.doc.user_data.get("article_offset", 0)


def chain(token: Token) -> Iterator[Token]:
    """The token and its governors up to the root of its sentence."""
    yield token
    yield from token.ancestors
