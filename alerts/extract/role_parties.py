"""The parties that a transfer's role words name: the supplier's and the recipient's argument heads resolved to
party codes.

A role word is a name the party ruler marked, a demonym, an unlisted group ("Shiite militias in Iraq"), a firm, a
named person on the supplier side, or a pronoun or a definite noun that stands for one ("it", "they", "the
rebels"). Pronouns are the hard part, and each reading is a named heuristic: the speaker of the sentence ("Iran
said that it had not ..."), the one warned ("warned Serbia that it ..."), the owner named just before a possessive
("sanctions against India for its purchase"), the subject of the sentence before ("Serbia bought ... It had
received ..."), the speaker's state for "his country", the located firms before "them", else the party named
last (alerts/extract/discourse.py). transfers.py asks `resolve_parties` for each side of a frame.
"""

from __future__ import annotations

from spacy.tokens import Token

from alerts.extract.companies import company_party, coordinated_firms, firm_named
from alerts.extract.discourse import Discourse
from alerts.extract.grammar import ANAPHORS, LOCATED, PRONOUNS, article_offset, noun_lemma, phrase_parties
from alerts.extract.group_members import group_parties, relative_head
from alerts.extract.individuals import individual
from alerts.extract.modality import DENY_VERBS, SAY_VERBS
from alerts.extract.parties import token_party
from alerts.extract.unlisted_groups import country_adjective, unlisted_group


def _regimes(pronoun: Token) -> set[str]:
    """Parties named before the pronoun in its sentence only as the body behind sanctions or an embargo ("the
    junta remains under an EU arms embargo, yet it buys jets": "it" is the junta, not the EU)."""
    found: set[str] = set()
    for token in pronoun.sent:
        if token.i >= pronoun.i:
            break
        if token.dep_ in ("compound", "amod", "nmod") and token.head.lemma_.lower() in ("sanction", "embargo"):
            found.update(code for t in token.subtree if (code := token_party(t)))
    return found


def resolve_parties(
    tokens: list[Token], discourse: Discourse, exclude: set[str], fired: list[str] | None = None, people: bool = False
) -> list[str]:
    """The parties named by argument heads; pronouns resolve to the speaker or the last party named. With
    `people` (the supplier side), a named individual is a party too: the smuggler, not the state he is in. A
    person who buys is the story's procurement agent, not a side the labels (docs/indicators.md) record."""
    found: list[str] = []
    for token in tokens:
        noun = relative_head(token)
        if noun is not None:  # "the countries that have supplied", "Russia, which has used"
            token = noun
            if fired is not None:
                fired.append("party.relative_clause_head")
        relative = token.tag_ in ("WDT", "WP") and token.head.dep_ == "relcl"
        named = _named_by_copula(token.head.head if relative else token)
        if named:  # "the only country that has imported howitzers from China is the UAE"
            if fired is not None:
                fired.append("party.named_by_copula")
            found += named
            continue
        group = _nationality_of_group(token)
        if group:
            if fired is not None:
                fired.append("party.group_with_country")
            found.append(group)  # "Yemen's Houthis" read as two objects: the group, not the state
            continue
        located = (
            _located_antecedent(token) if token.lower_ in PLURAL_PRONOUNS else _named_before(token, discourse, fired)
        )
        if located:  # "ten entities based in China, accusing them of supplying": the entities, so China
            if fired is not None and token.lower_ in PLURAL_PRONOUNS:
                fired.append("party.located_antecedent")
            found += located
            continue
        anaphor = token.lower_ in ANAPHORS and any(c.lower_ in ("the", "its", "this") for c in token.children)
        speakers = _speakers_country(token)
        if speakers:  # "Vucic said his country had not sold arms to Ukraine": the speaker's state
            if fired is not None:
                fired.append("party.speakers_country")
            found += speakers
            continue
        if token.lower_ in PRONOUNS or (anaphor and not phrase_parties(token)):
            speaker, rule = _antecedent(token, exclude)
            if rule and fired is not None:
                fired.append(rule)
            if speaker is None and token.lower_ in ("we", "i", "our", "my"):
                continue  # a quoted speaker's "we": only the speech verb's subject can say who that is
            code = speaker or discourse.last_party(token.idx + article_offset(token), exclude | _regimes(token))
            if code and token.lower_ in PLURAL_PRONOUNS:
                listed = [c for c in _listed_with(token, code) if c == code or c not in exclude]
                if fired is not None and len(listed) > 1:
                    fired.append("party.plural_pronoun_list")
                found += listed
            elif code:
                found.append(code)
            continue
        company = company_party(token)
        if company:  # "Hyundai Rotem", "the drone maker Baykar": the firm itself, not its country
            if fired is not None:
                fired.append("party.company_name")
            firm = firm_named(token) if token.pos_ != "PROPN" else None
            if firm is not None and firm.i < token.i:  # "Acme Ltd. and Delta Co., two firms accused of"
                if fired is not None:
                    fired.append("party.firms_in_apposition")
                token = firm
            listed = coordinated_firms(token)  # "Shenzhen Jinghon Electronics and Shenzhen Rion Technology Co."
            if listed and fired is not None:
                fired.append("party.firms_in_one_name")
            found += [*listed, company]
            for other in (c for c in token.children if c.dep_ == "conj"):  # "Hyundai Rotem and Hanwha Defense"
                found += [name] if (name := company_party(other)) else phrase_parties(other)
            continue
        group = unlisted_group(token)
        if group and " " not in group:
            # "the rebels", "the militia": a group the article has named; the one it names most
            named = discourse.salient(token.idx + article_offset(token), count=1, kinds={"GROUP"})
            if named:
                if fired is not None:
                    fired.append("party.group_anaphor")
                found += named
                continue
        elif group:  # "Haitian gangs", "Shiite militias in Iraq": the group, not the state it is from
            if fired is not None:
                fired.append("party.unlisted_group")
                if country_adjective(token):
                    fired.append("party.group_country_adjective")
            found.append(group)
            continue
        holder = _held_by_group(token)
        if holder:  # "Houthi-controlled Yemen", "RSF-held areas": the group that holds the place
            if fired is not None:
                fired.append("party.group_held_place")
            found.append(holder)
            continue
        parties = phrase_parties(token)
        firms = [name for c in token.children if c.dep_ == "conj" and (name := company_party(c))]
        if firms and not parties:  # "from the companies and Korea Aerospace Industries": the firm it names
            if fired is not None:
                fired.append("party.firm_in_list")
            parties = firms
        if not parties and token.ent_type_ == "PERSON":
            code = discourse.person_party(token.text)
            parties = [code] if code else []
        person = individual(token, discourse.names) if people and not parties else None
        if person and not discourse.person_party(person):  # "Goodarzi smuggled parts to Iran": the smuggler
            if fired is not None:
                fired.append("party.named_individual")
            parties = [person]
        members, rule = group_parties(token, parties)  # "countries such as Iran and Belarus"
        if rule and fired is not None:
            fired.append(rule)
        found += parties + members
    return list(dict.fromkeys(found))


PLURAL_PRONOUNS = frozenset({"they", "them", "their"})


def _named_by_copula(noun: Token) -> list[str]:
    """ "The only country that has imported the howitzers is the UAE", "the buyer was Egypt": a common noun that
    names no party itself, subject of "be" whose complement names one, is that party."""
    if noun.pos_ != "NOUN" or noun.dep_ != "nsubj" or noun.head.lemma_ != "be" or phrase_parties(noun):
        return []
    if any(c.dep_ == "neg" for c in noun.head.children):
        return []  # "the buyer was not Egypt"
    return [code for c in noun.head.children if c.dep_ == "attr" for code in phrase_parties(c, follow_of=False)]


def _named_before(noun: Token, discourse: Discourse, fired: list[str] | None) -> list[str]:
    """ "the US sanctioned a China-based network ... The Treasury said the network was responsible for the sale
    of components to Iran": a definite located noun (the network, the firms, these companies) that names no
    party itself refers back to the latest earlier phrase of the article with the same noun that does."""
    if noun.pos_ not in ("NOUN", "PROPN") or noun_lemma(noun) not in LOCATED or phrase_parties(noun):
        return []
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "these", "that", "those") for c in noun.children):
        return []
    parties = discourse.located_before(noun.sent.start_char + article_offset(noun), noun_lemma(noun))
    if parties and fired is not None:
        fired.append("party.located_noun_before")
    return parties


def _located_antecedent(pronoun: Token) -> list[str]:
    """ "Among them were ten entities based in China, it said, accusing them of supplying parts": a plural
    pronoun whose nearest plural noun before it in the sentence is a located one ("entities based in",
    "firms in", "suppliers from") stands for those firms, so for the parties they are located in. Nothing when
    that noun names no party: the pronoun is then resolved as usual."""
    for token in reversed([t for t in pronoun.sent if t.i < pronoun.i]):
        if token.pos_ in ("NOUN", "PROPN") and token.tag_ in ("NNS", "NNPS"):
            if noun_lemma(token) not in LOCATED:
                return []
            return phrase_parties(token)
    return []


def _listed_with(pronoun: Token, code: str) -> list[str]:
    """ "Several countries, including Britain, Germany and Sweden, said they would send": a plural pronoun
    whose nearest party stands in a list earlier in its sentence means the whole list."""
    for token in reversed([t for t in pronoun.sent if t.i < pronoun.i]):
        if token_party(token) != code:
            continue
        head = token
        while head.dep_ == "conj":
            head = head.head
        listed = phrase_parties(head, follow_of=False)
        return listed if code in listed else [code]
    return [code]


def _nationality_of_group(token: Token) -> str | None:
    """ "Yemen's Houthis", "Sudan's RSF", "Lebanon's Hezbollah": a state named in the possessive right before a
    group's name is the group's country, whatever arc the parser drew; the group (its code) is the party meant,
    also when the parser left the state as the argument and hung the group elsewhere ("to Sudan's RSF")."""
    code = token_party(token)
    if not code or not code.isupper():
        return None
    doc = token.doc
    after = token.i + 1
    if after < len(doc) and doc[after].lower_ in ("'s", "’s", "'", "’"):
        after += 1
    while after < len(doc) and doc[after].pos_ == "ADJ":  # "Sudan's paramilitary RSF"
        after += 1
    if after == token.i + 1 or after >= len(doc):
        return None
    group = token_party(doc[after])
    return group if group is not None and not group.isupper() else None


_HOLDING = frozenset({"controlled", "held", "ruled", "occupied", "run"})


def _held_by_group(token: Token) -> str | None:
    """ "Houthi-controlled Yemen", "RSF-held areas of Darfur": a place written as held by a group stands for
    the group, the side that receives or sends there, not the state the place belongs to."""
    doc = token.doc
    for i in range(max(2, token.left_edge.i), token.i):
        if doc[i].lower_ in _HOLDING and doc[i - 1].text == "-":
            code = token_party(doc[i - 2])
            if code and not code.isupper():
                return code
    return None


def _previous_subject(pronoun: Token, exclude: set[str]) -> str | None:
    """ "Serbia, a Russian ally, bought the missiles in 2020. It had received its drones ...": a subject pronoun
    that opens its sentence continues the subject of the sentence before, not the party named last in it."""
    sent = pronoun.sent
    if pronoun.dep_ not in ("nsubj", "nsubjpass") or pronoun.lower_ not in ("it", "they") or sent.start == 0:
        return None
    if pronoun.head.i != sent.root.i:  # "He said that it would ...": not the subject of the sentence
        return None
    if any(token_party(t) for t in pronoun.doc[sent.start : pronoun.i]):
        return None
    before = pronoun.doc[sent.start - 1].sent
    subject = next((t for t in before.root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    parties = [c for c in phrase_parties(subject, follow_conj=False)] if subject is not None else []
    return next((c for c in parties if c not in exclude), None)


def _near_owner(pronoun: Token, exclude: set[str]) -> str | None:
    """ "sanctions against India for its purchase": a possessive pronoun right after a party named in the same
    clause belongs to that party, not to the speaker of the sentence."""
    if pronoun.dep_ != "poss" or pronoun.lower_ not in ("its", "their"):
        return None
    for token in reversed(pronoun.doc[max(pronoun.sent.start, pronoun.i - 5) : pronoun.i]):
        if token.pos_ in ("VERB", "AUX") or token.text in (",", ";"):
            return None
        code = token_party(token)
        if code and code not in exclude:
            return code
    return None


_WARNING_VERBS = frozenset({"warn", "caution", "urge", "remind", "advise"})


def _antecedent(pronoun: Token, exclude: set[str]) -> tuple[str | None, str | None]:
    """The party a pronoun stands for when its sentence says so, and the heuristic that said it (None for the
    speaker of the sentence, the long-standing reading); (None, None) leaves it to the party named last."""
    owner = _near_owner(pronoun, exclude)
    if owner:
        return owner, "party.possessive_owner"
    code, warned = _speaker_party(pronoun)
    if code:
        return code, "party.warned_addressee" if warned else None
    previous = _previous_subject(pronoun, exclude)
    return (previous, "party.previous_subject") if previous else (None, None)


def _speakers_country(noun: Token) -> list[str]:
    """ "Serbian President Vucic said his country had not sold arms", "Lukashenko said his country bought
    Iskanders from Russia": "his/her/their/our country" (nation, government) inside what someone says is the
    speaker's state. Only with a speaker the parse names: elsewhere the owner of "his" is unknown."""
    if noun.lower_ not in ANAPHORS or not any(
        c.dep_ == "poss" and c.lower_ in ("his", "her", "their", "our") for c in noun.children
    ):
        return []
    speaker, _ = _speaker_party(noun)
    return [speaker] if speaker else []


def _speaker_party(pronoun: Token) -> tuple[str | None, bool]:
    """For "Iran said that it had not ...": the subject of the speech verb governing the pronoun; for "the US
    warned Serbia that it should not buy", the one warned (then True)."""
    for governor in pronoun.ancestors:
        if governor.lemma_ in _WARNING_VERBS:
            warned = [p for c in governor.children if c.dep_ == "dobj" for p in phrase_parties(c)]
            if warned:
                return warned[0], True
        if governor.lemma_ in SAY_VERBS | DENY_VERBS | {"insist", "admit", "acknowledge"}:
            for child in governor.children:
                if child.dep_ == "nsubj" and child.lower_ not in PRONOUNS:
                    parties = phrase_parties(child)
                    if parties:
                        return parties[0], False
    return None, False
