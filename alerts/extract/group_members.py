"""Parties named as the members of a group noun: "countries such as Iran and Belarus have supplied ...",
"sold arms to several states, including Mali and Sudan", "firms in countries like China and Turkey",
"Iran's backers, among them Russia and China, ...", "Russia is one of the countries that sent ...".

News often gives a side of a transfer as a group noun ("countries", "allies", "firms") and lists its members
beside it. The transfer frame finds the group noun, which names no party; the parties are its members. Two
shapes are read:

- an example list after the noun: "including", "such as", "like", "among them", "namely" (the words are data:
  `list_introducers` in alerts/data/transfers.yaml). en_core_web_sm hangs the list on the noun, or, after a
  comma, on the clause around it; a list on the clause counts only right after the noun's own phrase and
  after a comma, so "supplied weapons like Russian rifles" lends no member to anything;
- the members as the subject of "be" with the group noun after "among" or "one of": "Iran and Belarus are
  among the countries that ...", "Russia is one of the states that ...".

Only the argument the frame already holds is expanded: a list of countries that condemned or sanctioned a
transfer never becomes one of its sides, because those countries are no argument of the transfer's trigger.
"""

from __future__ import annotations

from spacy.tokens import Token

from alerts.extract.grammar import GROUP_WORDS, LOCATED, LOCATING_PREPS, RELATIONAL, noun_lemma, phrase_parties
from alerts.extract.parties import token_party
from alerts.extract.transfer_lexicon import transfer_lexicon

INTRODUCERS = transfer_lexicon()["list_introducers"]
_CONTENT = transfer_lexicon()["content_verbs"]
# "one of the countries", "two of the firms", "some of its allies": a part of the group stands for its members
_PART_WORDS = frozenset({"one", "two", "three", "some", "several", "many", "most", "each", "either", "both"})
_COMMAS = frozenset({",", "—", "–", "-"})


def is_group(token: Token) -> bool:
    """A noun that stands for several parties: "countries", "allies", "firms", "entities"."""
    return token.pos_ in ("NOUN", "PROPN") and (
        token.lower_ in GROUP_WORDS | RELATIONAL or noun_lemma(token) in LOCATED | RELATIONAL
    )


def _introduces(prep: Token) -> bool:
    if prep.dep_ != "prep":
        return False
    if prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children):
        return "such as" in INTRODUCERS
    return prep.lower_ in INTRODUCERS


def _listed(prep: Token) -> list[str]:
    """The parties an introducer lists: its objects and their coordinated ones ("among them Russia and China"
    has two objects, the pronoun and the first member)."""
    return [code for obj in prep.children if obj.dep_ == "pobj" for code in phrase_parties(obj, follow_of=False)]


def _groups(head: Token) -> list[Token]:
    """The group nouns of an argument: the head, the nouns coordinated with it, and where a located noun is
    ("firms in countries like China": the countries)."""
    found: list[Token] = []
    todo = [head]
    while todo:
        token = todo.pop()
        if token in found:
            continue
        found.append(token)
        todo += [c for c in token.children if c.dep_ == "conj"]
        if noun_lemma(token) in LOCATED:
            todo += [o for p in token.children if p.lower_ in LOCATING_PREPS for o in p.children if o.dep_ == "pobj"]
    return [token for token in found if is_group(token)]


def _clause_lists(group: Token) -> list[Token]:
    """An introducer the parser hung on a clause, after a comma: on the noun's own relative clause ("Countries
    who supply Armenia with weapons, like France and India, ..." on "supply"), or on the clause around the
    noun right after the noun's phrase ("sold arms to several states, including Mali": on "sold")."""
    doc = group.doc
    found = [
        prep
        for clause in group.children
        if clause.dep_ in ("relcl", "acl")
        for prep in clause.children
        if _introduces(prep) and doc[prep.i - 1].text in _COMMAS
    ]
    after = group.right_edge.i + 1
    if after + 1 < len(doc) and doc[after].text in _COMMAS and _introduces(doc[after + 1]):
        if doc[after + 1].head.i in {a.i for a in group.ancestors}:
            found.append(doc[after + 1])
    return found


def listed_members(head: Token) -> list[str]:
    """The parties listed as members of the group noun at `head`, nearest first, without repeats."""
    found: list[str] = []
    for group in _groups(head):
        preps = [c for c in group.children if _introduces(c)] or _clause_lists(group)
        for prep in preps:
            found += [code for code in _listed(prep) if code not in found]
    return found


def members_included(head: Token) -> list[str]:
    """ "its allies, which include Hezbollah and Syria", "buyers that include Myanmar": the parties that a
    relative clause of including (`content_verbs` in alerts/data/transfers.yaml: include, comprise) on the
    group noun at `head` names as its object."""
    found: list[str] = []
    for group in _groups(head):
        for clause in group.children:
            if clause.dep_ != "relcl" or clause.lemma_.lower() not in _CONTENT:
                continue
            if not any(c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in clause.children):
                continue
            found += [
                code
                for obj in clause.children
                if obj.dep_ == "dobj"
                for code in phrase_parties(obj)
                if code not in found
            ]
    return found


def members_before(head: Token) -> list[str]:
    """ "Iran and Belarus are among the countries that ...", "Russia is one of the states that ...": the
    parties that "be" says belong to the group noun at `head`."""
    if not is_group(head) or head.dep_ != "pobj":
        return []
    prep = head.head
    holder = prep.head
    if prep.lower_ == "of" and holder.lower_ in _PART_WORDS and holder.dep_ == "attr":
        holder = holder.head
    elif prep.lower_ != "among":
        return []
    if holder.lemma_ != "be":
        return []
    return [code for s in holder.children if s.dep_ == "nsubj" for code in phrase_parties(s, follow_of=False)]


def group_parties(head: Token, named: list[str]) -> tuple[list[str], str | None]:
    """The members of the group noun at `head` that `named` (what the phrase names itself) leaves out, and the
    heuristic that found them: a listed example or, for a phrase that names no party, "be among"."""
    listed = [code for code in listed_members(head) if code not in named]
    if listed:
        return listed, "party.group_members_listed"
    included = [code for code in members_included(head) if code not in named]
    if included:
        return included, "party.group_members_included"
    before = [] if named else members_before(head)
    return before, ("party.members_of_the_group" if before else None)


def relative_head(pronoun: Token) -> Token | None:
    """The noun a relative pronoun stands for when it names a party or a group ("the countries that have
    supplied", "Russia, which has used"). Other nouns ("a citizen who tried to smuggle") keep the pronoun,
    so a person's nationality does not become a side."""
    if pronoun.tag_ not in ("WDT", "WP") or pronoun.head.dep_ != "relcl":
        return None
    noun = pronoun.head.head
    return noun if is_group(noun) or token_party(noun) else None
