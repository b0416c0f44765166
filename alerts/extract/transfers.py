"""arms_transfer indicators: who moves which weapons to whom, found on the dependency parse.

A transfer needs a trigger and a weapon. Triggers are verbs of giving (supply, deliver, send, sell ...),
receiving (receive, buy, acquire, "take delivery"), ordering, supporting "with" weapons, seizing (the seizer
is not a party; the origin and destination are), and using: "Russia fired North Korean missiles" tells of a
KP -> RU transfer, while "Russia fired missiles at Kyiv" tells of none. Nouns trigger too ("arms shipments
from Iran to the Houthis", "the transfer of drones"). The weapon may sit anywhere in the trigger's subtree;
when the parser hangs it elsewhere, a weapon of the sentence that no other trigger claims is taken.

Roles follow the trigger's class and voice: the subject of "supply" is the supplier, the subject of
"receive" the recipient; a passive's "by" phrase is the agent; "to"/"for" name the recipient and "from" the
supplier; the demonym on the weapon ("Russian jets", "North Korean-produced missiles") gives the supplier when
the text names no other. "... in exchange for satellite technology" (or "for help with its satellite
programme") is a second transfer the other way. Carrying verbs count with a destination ("flew armoured
vehicles into Bamako"); "armed the Houthis" and denials ("denied supplying the RSF") count without named goods.
Transfers placed well in the past ("in the 1960s", "during the Cold War") keep a low confidence: background.

The vocabulary is data (alerts/data/transfers.yaml, loaded by transfer_lexicon.py; docs/analyze.md, "How
transfers are read"). Every frame and every role decision that makes or changes a transfer is named: the frame
by `_Frame.heuristic` ("transfer.give_verb", "transfer.take_delivery"), the role decisions by the names they
append to `fired` ("party.company_name", "party.route_via_through", "party.maker_of_model"), and each
indicator records them (`Indicator.fired`), so `alerts evaluate --by-heuristic` can score them one by one.
Companies are named by companies.py, unlisted armed groups by unlisted_groups.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from spacy.tokens import Span, Token

from alerts.extract.attribution import attribution
from alerts.extract.beneficiaries import beneficiaries
from alerts.extract.companies import company_party
from alerts.extract.designations import framed_doers
from alerts.extract.discourse import Discourse, historic_time
from alerts.extract.gazetteer import load_gazetteer
from alerts.extract.grammar import (
    LOCATED,
    LOCATING_PREPS,
    RELATIONAL,
    EvidenceFactory,
    article_offset,
    chain,
    is_passive,
    noun_lemma,
    pcomp_controllers,
    phrase_parties,
    prep_objects,
    subjects,
)
from alerts.extract.group_members import members_included
from alerts.extract.misread_verbs import misread_recipients, misread_suppliers, read_as_noun
from alerts.extract.modality import (
    DENY_VERBS,
    SAY_VERBS,
    assess,
    assessments,
    modality,
    negated,
    unauthored_hearsay,
)
from alerts.extract.owners import HEURISTIC as OWNER_OF_GOODS
from alerts.extract.owners import goods_owners
from alerts.extract.parties import token_party
from alerts.extract.role_parties import resolve_parties
from alerts.extract.transfer_lexicon import transfer_lexicon
from alerts.extract.unlisted_groups import unlisted_group
from alerts.extract.weapons import SPAN_KEY, is_ambiguous, model_maker, span_categories
from alerts.model import WEAPON_CATEGORIES, Indicator

_LEX = transfer_lexicon()  # alerts/data/transfers.yaml: each list is documented there
GIVE_VERBS = _LEX["give_verbs"]
CARRY_VERBS = _LEX["carry_verbs"]
VERB_MODES = _LEX.verb_modes
RECEIVE_VERBS = _LEX["receive_verbs"]
ORDER_VERBS = _LEX["order_verbs"]
DEAL_NOUNS = _LEX["deal_nouns"]
MAKING_VERBS = _LEX["making_verbs"]
INDUCT_VERBS = _LEX["induct_verbs"]
SUPPORT_VERBS = _LEX["support_verbs"]
SEIZE_VERBS = _LEX["seize_verbs"]
BARE_VERBS = _LEX["bare_verbs"]
USE_VERBS = _LEX["use_verbs"]
ATTACK_NOUNS = _LEX["attack_nouns"]
HELP_NOUNS = _LEX["help_nouns"]
GIVE_NOUNS = _LEX["give_nouns"]
MILITARY_CUES = _LEX["military_cues"]
RECEIVE_NOUNS = _LEX["receive_nouns"]
SEIZE_NOUNS = _LEX["seize_nouns"]
SUPPLIER_NOUNS = _LEX["supplier_nouns"]
BUYER_NOUNS = _LEX["buyer_nouns"]
USE_NOUNS = _LEX["use_nouns"]
PLEDGE_VERBS = _LEX["pledge_verbs"]
ARRIVE_VERBS = _LEX["arrive_verbs"]
LIGHT_RECEIVE = _LEX["light_receive_verbs"]
DESTINED = _LEX["destined_words"]
LIGHT_GIVE = _LEX["light_give_verbs"]
DECIDE_VERBS = _LEX["decide_verbs"]
NORM_VERBS = _LEX["norm_words"]
COUNTERING_VERBS = _LEX["countering_words"]
ORIGIN_WORDS = _LEX["origin_words"]
CONTENT_VERBS = _LEX["content_verbs"]
NOT_GOODS = _LEX["not_goods"]
BLOCKING_NOUNS = _LEX["blocking_words"]
TRANSPORT = _LEX.transport
_MODE_PREPS = _LEX["mode_preps"]
ROUTE_PREPS = _LEX["route_preps"]
COMPARISON_WORDS = frozenset({"similar", "like", "comparable", "unlike", "identical"})
IMPLICIT_SIDE_KINDS = {"give", "pledge", "receive", "order", "seize", "arrive"}
# Transfers placed well in the past ("in 1973", "during the Cold War") are background: embargo rules ignore
# indicators below 0.5 confidence.
HISTORIC_CONFIDENCE = 0.3
# Transfers one claim can make: "sold missiles to Egypt, Iran, Libya, Pakistan and Syria" is five; a cap keeps a
# mis-parsed enumeration of places from multiplying.
MAX_PAIRS = 8
NOT_DESTINATION = _LEX["not_destination"]
FORCE_NOUNS = _LEX["force_nouns"]
DOMESTIC_WORDS = _LEX["domestic_words"]
DOMESTIC_PREFIXES = _LEX["domestic_prefixes"]
DENIAL_TAILS = _LEX["denial_tails"]
# How far before the denial word the opener may stand: ", which both Belarusian and Russian officials have
# repeatedly denied" names its deniers at length.
DENIAL_TAIL_WINDOW = 8
CLAIM_APPOSITIONS = _LEX["claim_appositions"]
MORE_CUES = _LEX["more_cues"]
# Marks a finder leaves on its transfers for the steps that read the whole article (alerts/extract/__init__.py):
# the text names the missing side as no party ("to any country"), so it is not to be filled from the story;
# the claim is alleged only as "news about" it, so the article's denial of it replaces it.
SIDE_NAMED = "transfer.side_named_no_party"
MISREAD_VERB = "transfer.verb_read_as_noun"
HEARSAY = "modality.news_about"
FILL_WINDOW = 250  # characters before the trigger in which an implicit party may have been named (about a sentence)


@dataclass
class _Frame:
    trigger: Token
    kind: str  # give, pledge, receive, order, support, seize, use, arrive; for nouns also supplier, buyer
    verb: Token  # the token whose subject and prepositions carry the roles
    extra: tuple[Token, ...] = ()  # further trigger words ("took delivery", "handed over")
    name: str = ""  # the heuristic that recognised the frame ("transfer.give_verb", "transfer.take_delivery")

    @property
    def heuristic(self) -> str:
        pos = "noun" if self.trigger.pos_ in ("NOUN", "PROPN") else "verb"
        return self.name or f"transfer.{self.kind}_{pos}"


def _frame(token: Token) -> _Frame | None:
    """The transfer frame a token triggers, if any: its kind and the token that carries the roles."""
    lemma = token.lemma_.lower()
    if read_as_noun(token):  # "Iran and Belarus supply arms to Russia", the verb parsed as part of a noun phrase
        return _Frame(token, "give", token, name=MISREAD_VERB)
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        if lemma == "take":
            noun = next(
                (c for c in token.children if c.dep_ == "dobj" and c.lemma_ in ("delivery", "possession")), None
            )
            return _Frame(token, "receive", token, (noun,), "transfer.take_delivery") if noun is not None else None
        if (
            lemma in DESTINED
            and token.dep_ in ("acl", "amod", "relcl")
            and any(c.lower_ in ("for", "to") for c in token.children)
        ):
            # "munitions bound for Russia", "arms destined for the Houthis"
            return _Frame(token, "give", token, name="transfer.destined_for")
        if lemma == "hand":
            particle = next((c for c in token.children if c.dep_ == "prt"), None)
            return _Frame(token, "give", token, (particle,) if particle is not None else (), "transfer.hand_over")
        destination = any(c.dep_ in ("prep", "dative") and c.lower_ in ("to", "into") for c in token.children)
        if lemma in CARRY_VERBS and destination:
            return _Frame(token, "give", token, name="transfer.carry_to_destination")
        if lemma in ("come", "originate") and not any(c.lower_ == "from" for c in token.children):
            return None
        if lemma in ("end", "wind") and any(c.dep_ == "prt" and c.lower_ == "up" for c in token.children):
            # "Bulgarian shells have ended up in Ukraine"
            return _Frame(token, "arrive", token, name="transfer.end_up_in")
        for kind, lemmas in (
            ("give", GIVE_VERBS),
            ("pledge", PLEDGE_VERBS),
            ("receive", RECEIVE_VERBS),
            ("order", ORDER_VERBS),
            ("support", SUPPORT_VERBS),
            ("seize", SEIZE_VERBS),
            ("use", USE_VERBS),
            ("arrive", ARRIVE_VERBS),
            ("induct", INDUCT_VERBS),
        ):
            if lemma in lemmas:
                # "denied supplying shells to Moscow", mis-parsed as an adjective on "shells": the roles hang
                # on the governing verb
                head = token.head
                if token.dep_ == "amod" and token.tag_ == "VBG" and head.dep_ == "dobj" and head.head.pos_ == "VERB":
                    return _Frame(token, kind, head.head, name="transfer.gerund_on_goods")
                if lemma == "arm" and not any(c.lower_ == "with" for c in token.children):
                    # "Tehran armed the Houthis": arming a party is a transfer even when no weapon is named
                    armed = [
                        c
                        for c in token.children
                        if c.dep_ in ("dobj", "nsubjpass")
                        and c.lower_ not in ("itself", "themselves", "himself", "herself")
                    ]
                    return _Frame(token, "give", token, name="transfer.arm_party") if armed else None
                if kind == "support" and not any(c.lower_ == "with" for c in token.children):
                    return None  # "help it deploy", "support the war": support only "with" goods
                return _Frame(token, kind, token)
        return None
    if token.pos_ in ("NOUN", "PROPN"):
        noun_kind = (
            "give"
            if lemma in GIVE_NOUNS
            else "receive"
            if lemma in RECEIVE_NOUNS
            else "seize"
            if lemma in SEIZE_NOUNS
            else "supplier"
            if lemma in SUPPLIER_NOUNS
            else "buyer"
            if lemma in BUYER_NOUNS
            else "use"
            if lemma in USE_NOUNS
            else None
        )
        if noun_kind is None:
            head = token.head
            if (
                lemma in DEAL_NOUNS
                and token.dep_ == "dobj"
                and head.pos_ == "VERB"
                and head.lemma_.lower() in MAKING_VERBS
                and any(c.dep_ == "prep" and c.lower_ == "for" for c in (*token.children, *head.children))
            ):
                return _Frame(token, "order", head, name="transfer.deal_for_goods")
            return None
        head = token.head
        if token.dep_ in ("dobj", "nsubjpass") and head.lemma_ in LIGHT_RECEIVE and head.pos_ == "VERB":
            if head.lemma_ == "receive":
                return None
            return _Frame(token, "receive", head, name="transfer.light_receive_noun")
        if (
            token.dep_ == "dobj"
            and head.pos_ == "VERB"
            and noun_kind in ("give", "receive")
            and (head.lemma_ in DECIDE_VERBS or (noun_kind == "give" and head.lemma_ in LIGHT_GIVE))
        ):
            return _Frame(token, noun_kind, head, name=f"transfer.decided_{noun_kind}_noun")
        return _Frame(token, noun_kind, token)
    return None


# Frames whose clause, joined to a claim, can tell of more of the same goods ("and will supply another 16").
CONJOINED_KINDS = {"give", "pledge", "receive", "order", "arrive"}


def _clause_head(trigger: Token) -> Token:
    """The verb whose clause a trigger makes its claim in: the trigger itself, or the verb a trigger noun is the
    subject or object of ("the delivery of three more is expected")."""
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return trigger.head
    return trigger


def _deal_sides(supplier: list[str], recipient: list[str], goods: list[Span]) -> tuple[list[str], list[str]]:
    """Who sells in a deal for goods. The maker of the goods, when it is one of the sides ("New Delhi and Moscow
    signed the deal for S-400s"); else the one the deal is made with ("Cairo signed a contract with Paris for
    jets"), unless the subject is a firm dealing with a state ("Kongsberg signed a contract with the US Navy for
    missiles": the firm sells)."""

    def state(code: str) -> bool:
        return len(code) == 2 and code.isupper()

    sides = list(dict.fromkeys(supplier + recipient))
    makers = {code for span in goods for code in _origins(span)} | {model_maker(span) for span in goods}
    sellers = [c for c in sides if c in makers]
    if len(sellers) == 1 and len(sides) > 1:
        return sellers, [c for c in sides if c not in sellers]
    if supplier and recipient and all(state(c) for c in supplier) and not any(state(c) for c in recipient):
        return recipient, supplier
    return supplier, recipient


def _goods_of_trigger(noun: Token, trigger_ids: set[int]) -> bool:
    """'provided Russia with a shipment of weapons': a transfer noun that stands for the goods of a transfer verb
    ("with" them), read through that verb."""
    return noun.dep_ == "pobj" and noun.head.lower_ == "with" and noun.head.head.i in trigger_ids


def _countered(trigger: Token) -> bool:
    """'efforts to combat the smuggling of arms to Hezbollah', 'aim to curb the flow of weapons into Sudan',
    'vowed to prevent third parties from supplying weapons': a transfer someone sets out to counter is an aim,
    not a reported event. Not 'failed to prevent buyers from transferring shells' nor 'did not disrupt the
    deliveries', where the transfers went ahead."""
    for below, governor in pairwise(chain(trigger)):
        if below.dep_ in ("relcl", "ccomp", "parataxis"):
            return False  # a clause of its own: "sanctions disrupt Tehran's trade with Russia, which has used ..."
        if governor.lemma_.lower() in COUNTERING_VERBS and governor.pos_ == "VERB":
            return not negated(governor) and not any(t.lemma_.lower() in DENY_VERBS for t in governor.ancestors)
    return False


def _under_norm(trigger: Token) -> bool:
    """True for a transfer a ban or an embargo is about ("a ban on supplying arms to Libya"), not one a relative
    clause states as fact on a noun that happens to sit under a ban ("a ban on exports ... and measures
    targeting Iranian companies that are supplying drones to Moscow")."""
    for token in chain(trigger):
        if token.lemma_.lower() in NORM_VERBS:
            return True
        if token.dep_ == "relcl":  # the norm must govern the clause's noun itself: "bars firms that sell rifles"
            governor = token.head.head
            if governor.dep_ == "prep":
                governor = governor.head
            return governor.lemma_.lower() in NORM_VERBS
    return False


def _weapons_in(tokens: set[int], spans: list[Span]) -> list[Span]:
    return [span for span in spans if span.root.i in tokens]


def _goods(span: Span, spans: list[Span]) -> bool:
    """False for a weapon word that only modifies a noun that is not goods: "an arms build-up", "a weapons
    programme", "missile tests", "drone operators" (but "S-400 squadrons", "arms shipments" are goods)."""
    root = span.root
    if root.dep_ not in ("compound", "amod", "nmod") or root.head.pos_ not in ("NOUN", "PROPN"):
        return True
    if _coordinated_item(root):
        return True
    return root.head.lemma_.lower() not in NOT_GOODS


def _coordinated_item(root: Token) -> bool:
    """ "sold missiles and missile production capabilities": en_core_web_sm often hangs the first of two
    coordinated objects on the second as a modifier ("missiles" as nmod of "capabilities"). A plural weapon
    noun with its own "and" is an item of the list, not a modifier: English modifiers are singular ("missile
    tests"), except "arms" ("arms and ammunition factories")."""
    return (
        root.dep_ == "nmod"
        and root.tag_ == "NNS"
        and root.lower_ != "arms"
        and any(c.dep_ == "cc" for c in root.children)
        and root.head.i > root.i
    )


def _blocked(span: Span, verb: Token, spans: list[Span]) -> bool:
    """True when the weapon sits under an activity that is not a transfer of it ("received training in the
    manufacture of drones", "funding for its missile programme") or is the payload of another weapon named
    as the goods ("a drone that carries precision-guided munitions")."""
    listed = _coordinated_item(span.root)  # "missiles and missile production capabilities": its own item
    for token in span.root.ancestors:
        if token.i == verb.i:
            return False
        if listed and token.i == span.root.head.i:
            continue
        if token.lemma_.lower() in BLOCKING_NOUNS and token.pos_ in ("NOUN", "PROPN", "VERB"):
            return True
        if token.dep_ in ("relcl", "acl") and any(s.root.i == token.head.i for s in spans if s is not span):
            return True
    return False


def _modifies_other_goods(frame: _Frame, weapons: list[Span]) -> bool:
    """ "images provided by the police", "a photo obtained from the agency": a past participle on a noun that is
    no weapon names what was given or got, so a weapon elsewhere in the sentence is not its goods. A vehicle or
    a container so described ("a ship purchased by the smugglers", "a container sent from the US") carries them."""
    verb = frame.verb
    if verb is not frame.trigger or verb.dep_ != "acl" or verb.tag_ != "VBN":
        return False
    noun = verb.head
    if noun.pos_ not in ("NOUN", "PROPN") or noun.lemma_.lower() in _LEX["holder_nouns"]:
        return False
    if any(noun.lower_ in words for words in TRANSPORT.values()):
        return False
    return not any(span.start <= noun.i < span.end for span in weapons)


def _compared(span: Span) -> bool:
    """True for goods named only to compare ("similar to weapons seized in November", "like those found on an
    earlier dhow"): other goods than the ones the sentence is about."""
    return any(t.lower_ in COMPARISON_WORDS for t in span.root.ancestors)


def _exchange_goods(verb: Token) -> Token | None:
    """The object of "in exchange for" / "in return for" attached to the verb's subtree."""
    for token in verb.subtree:
        if token.lower_ in ("exchange", "return") and token.head.lower_ == "in":
            for prep in token.children:
                if prep.lower_ == "for":
                    return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _between(noun: Token) -> list[Token]:
    """The two sides of "a transfer between A and B" (A, B), when the noun's own "between" names exactly two."""
    for first in prep_objects(noun, {"between"}):
        second = [c for c in first.children if c.dep_ == "conj"]
        if len(second) == 1 and not any(c.dep_ == "conj" for c in second[0].children):
            return [first, second[0]]
    return []


_DEAL_NOUNS = frozenset({"contract", "deal", "agreement", "accord", "order"})


def _signatories(noun: Token) -> list[Token]:
    """The sides of the deal a transfer noun is the object of: "Russia and Niger signed a contract for deliveries
    of ...", "Nicaragua signed a deal with Belarus for the supply of ...": the deal verb's subjects (and the ones
    coordinated with them) and its "with" party."""
    prep = noun.head
    holder = prep.head if noun.dep_ == "pobj" and prep.lower_ in ("for", "on") else None
    if holder is not None and holder.pos_ == "VERB":  # "signed a contract with Belarus for the supply of"
        holder = next((c for c in holder.children if c.dep_ == "dobj"), None)
    deal = holder
    if deal is None or deal.lemma_.lower() not in _DEAL_NOUNS or deal.dep_ != "dobj":
        return []
    verb = deal.head
    sides = [s for s in verb.children if s.dep_ == "nsubj"]
    sides += [c for s in sides for c in s.children if c.dep_ == "conj"]
    sides += prep_objects(verb, {"with"}) + prep_objects(deal, {"with"})
    return sides


_COME = frozenset({"come", "originate", "stem"})


def _come_from(noun: Token) -> list[Token]:
    """ "Russia's imports of chips come from China", "most of Iran's purchases originate from Malaysia": the
    "from" of the verb that the transfer noun (or the share of it) is the subject of names the supplier."""
    head = noun
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in ("NOUN", "NUM", "ADJ", "PRON"):
        head = head.head.head  # "80% of", "half of", "most of"
    if head.dep_ != "nsubj" or head.head.lemma_.lower() not in _COME:
        return []
    return prep_objects(head.head, {"from"})


def _reference_year(sentence: Span) -> int | None:
    """The year the article speaks from: its publication year when known, else the latest year its other
    sentences state ("in 2023"; the extractor puts both on every parsed chunk), else None (historic_time then
    judges against this year). The sentence's own years are left out: they date the event, not the article."""
    published = sentence.doc.user_data.get("published_at")
    if isinstance(published, datetime):
        return published.year
    start, end = article_offset(sentence.root) + sentence.start_char, article_offset(sentence.root) + sentence.end_char
    others = [year for offset, year in sentence.doc.user_data.get("stated_years", ()) if not start <= offset < end]
    return max(others, default=None)


def _more_to_come(sentence: Span) -> bool:
    """ "with more expected", "with more to come", "and more are planned": further deliveries announced."""
    words = [t.lower_ for t in sentence]
    for i, word in enumerate(words[1:], 1):
        if word == "more" and words[i - 1] in ("with", "and"):
            after = words[i + 1 : i + 4]
            if set(after) & MORE_CUES or after[:2] == ["to", "come"] or after[:3] == ["on", "the", "way"]:
                return True
    return False


def _particular(trigger: Token) -> bool:
    """A transfer noun that stands for particular events: counted or definite ("four shipments", "the
    deliveries"), not a general activity ("exports of dual-use items")."""
    return (
        trigger.pos_ == "NOUN"
        and trigger.lemma_.lower() in GIVE_NOUNS | RECEIVE_NOUNS
        and any(
            c.dep_ == "nummod" or (c.dep_ == "det" and c.lower_ in ("the", "these", "those", "this", "that"))
            for c in trigger.children
        )
    )


def _reported(exchange: Token | None, supplier: str, recipient: str, discourse: Discourse) -> bool:
    """True when the return side is written as goods already reported between the same parties: "in exchange
    for the ammunition" after the article told of those shells; it is no new claim."""
    definite = exchange is not None and any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "these", "that", "those", "its", "their")
        for c in exchange.children
    )
    return definite and (supplier, recipient) in discourse.transfers


def _helped(span: Span, exchange: Token | None) -> bool:
    """True for a weapon named as the programme the return side helps with: "in exchange for help with its
    military satellite programme" is a transfer of satellite know-how, though "a satellite programme" alone is
    not goods."""
    return (
        exchange is not None
        and exchange.lemma_.lower() in HELP_NOUNS
        and any(a.i == exchange.i for a in span.root.ancestors)
    )


def _end_product(span: Span) -> bool:
    """ "engine components for Iranian-made Shahed drones": a weapon named as what other goods are for; who
    makes it is not who supplies the parts."""
    root = span.root
    while root.dep_ in ("amod", "compound", "nmod") and root.head.pos_ in ("NOUN", "PROPN"):
        root = root.head  # "Shahed" in "Shahed drones"
    return root.dep_ == "pobj" and root.head.lower_ == "for" and root.head.head.pos_ == "NOUN"


def _end_product_owners(weapons: list[Span]) -> list[Token]:
    """ "the main supplier of components for Russian drones", "parts shipped for Iran's missiles": goods
    named as what other goods are for, with their owner named on them (a demonym, a possessive), are that
    owner's weapons, so the owner receives the parts. Not a maker ("for Iranian-made drones"): who made the
    end product need not be who uses it."""
    owners: list[Token] = []
    for span in weapons:
        if not _end_product(span) or any(t.lower_.rsplit("-", 1)[-1] in ORIGIN_WORDS for t in span.root.subtree):
            continue
        owners += [c for c in span.root.children if c.dep_ in ("amod", "compound", "poss") and token_party(c)]
    return owners


def _captured(span: Span) -> bool:
    """ "captured Russian tanks", "a downed Iranian drone", "tanks captured from Russia": weapons taken from
    the enemy (`captured_words`)."""
    words = {t.lower_ for t in span} | {c.lower_ for c in span.root.children if c.dep_ in ("amod", "acl")}
    return bool(words & _LEX["captured_words"])


def _origins(span: Span) -> list[str]:
    """Parties the weapon phrase names as its maker ("Russian jets", "Iranian-made drones", "jets from Russia",
    "of Iranian design", "manufactured in Iran")."""
    root = span.root
    found = [code for token in span if (code := token_party(token))]
    found += phrase_parties(root, follow_of=False, follow_conj=False)
    for obj in prep_objects(root, {"from"}):
        found += phrase_parties(obj)
    doc = span.doc
    sent = span.sent
    # The parser attaches "Iranian-made", "of Iranian design", "manufactured in Iran" loosely: look for a party
    # within three words of an origin word that belongs to the weapon's phrase.
    purpose = {t.i for p in root.children if p.dep_ == "prep" and p.lower_ == "for" for t in p.subtree}
    phrase = ({t.i for t in root.subtree} - purpose) | set(range(max(sent.start, span.start - 4), span.start))
    for i in sorted(phrase):
        if doc[i].lower_ in ORIGIN_WORDS:
            for j in range(max(sent.start, i - 3), min(sent.end, i + 4)):
                code = token_party(doc[j]) if j != i else None
                if code:
                    found.append(code)
    return list(dict.fromkeys(found))


def _denied_after(sentence: Span, trigger: Token, sides: set[str]) -> bool:
    """A denial by one side appended to the claim: ", a charge Abu Dhabi rejects", ", which Tehran denies",
    ", an accusation Moscow has dismissed". Read on the words, as the parser often takes "rejects" for a noun."""
    doc = sentence.doc
    for token in sentence:
        if token.i <= trigger.i or token.lower_ not in DENIAL_TAILS:
            continue
        window = doc[max(sentence.start, token.i - DENIAL_TAIL_WINDOW) : token.i]
        opener = next((t for t in reversed(window) if t.lower_ in CLAIM_APPOSITIONS), None)
        if opener is None or opener.i <= trigger.i:
            continue
        named = {code for t in doc[opener.i + 1 : token.i] if (code := token_party(t))}
        if named & sides and not any(t.lower_ in ("not", "never", "n't") for t in doc[opener.i : token.i]):
            return True
    return False


def _own_forces(verb: Token) -> bool:
    """The receiver is a state's own armed force ("Russian troops", "the Iranian army", "Belarus's air force"):
    with no supplier named anywhere, a new batch of weapons comes from its own industry. Armed groups have
    none to speak of, so "the Houthis acquired new drones" stays a transfer."""
    if verb.pos_ != "VERB" or is_passive(verb):
        return False
    for subject in subjects(verb):
        codes = phrase_parties(subject)
        if subject.lemma_.lower() in FORCE_NOUNS and codes and all(c.isupper() and len(c) == 2 for c in codes):
            return True
    return False


def _domestic(span: Span) -> bool:
    """Goods the text calls home-made: "domestically produced howitzers", "home-built drones", "its own
    Bohdana guns", "locally made rifles"."""
    doc = span.doc
    top = span.root
    while top.dep_ == "conj" and top.head.pos_ in ("NOUN", "PROPN"):  # "home-built drones and missiles"
        top = top.head
    first = min(span.start, top.left_edge.i)
    near = {t.i for t in span.root.subtree} | set(range(max(span.sent.start, first - 3), span.start))
    near |= {t.i for child in top.lefts for t in child.subtree}
    words = {doc[i].lower_ for i in near}
    return (
        bool(words & DOMESTIC_WORDS)
        or any("-" in w and w.split("-")[0] in DOMESTIC_PREFIXES for w in words)
        or any(
            doc[i].lower_ in ("home", "locally", "domestically") and i + 1 < len(doc) and doc[i + 1].text == "-"
            for i in near
        )
    )


def _held_elsewhere(obj: Token, fired: list[str]) -> bool:
    """True when a deep prepositional object belongs to a noun that is no part of the transfer ("the threat of
    sanctions from Washington", "a spokesperson for the US Department of State", "US support for Ukraine"),
    or sits in an "according to" attribution."""
    holder = obj.head.head
    if holder.lemma_.lower() in _LEX["not_role_holders"] or holder.lower_ in _LEX["not_role_holders"]:
        fired.append("party.phrase_of_other_noun")
        return True
    return any(a.lower_ == "according" for a in obj.ancestors)


def _in_relative_clause(obj: Token, verb: Token, fired: list[str]) -> bool:
    """True when a deep prepositional object sits in a relative clause below the trigger, a clause with a verb
    of its own: "exported 7,000 O-rings, which could have military uses, including for aircraft landing gear"
    names no recipient ("for aircraft landing gear" belongs to "have")."""
    for token in obj.ancestors:
        if token.i == verb.i:
            return False
        if token.dep_ == "relcl" and not {token.lemma_.lower(), token.lower_} & (ORIGIN_WORDS | DESTINED | {"be"}):
            # but "drones that were built for the Russian army", "arms that were intended for the IRA", "that
            # were en route from Yemen to Somalia" do
            fired.append("party.in_relative_clause")
            return True
    return False


def _passive(verb: Token, weapons: list[Span]) -> bool:
    """Passive voice, including the reduced relative the parser reads as active: "Drones sent to Russia by
    Iran have struck Kyiv" (goods as subject, a party in a "by" phrase) is "drones that were sent by Iran"."""
    if is_passive(verb):
        return True
    if verb.tag_ not in ("VBD", "VBN"):
        return False
    roots = {span.root.i for span in weapons}
    goods_subject = any(c.dep_ == "nsubj" and c.i in roots for c in verb.children)
    return goods_subject and any(phrase_parties(o) for o in prep_objects(verb, {"by"}))


def _first_objects(verb: Token, weapons: list[Span]) -> list[str]:
    """ "gave the Houthis missiles", "sent Haftar's forces drones", "handed Minsk nuclear weapons": the
    indirect object of a verb of giving, which en_core_web_sm often hangs on the goods as a compound. A party
    named by its name (not a demonym: "sent Russian jets" names the maker) between the verb and the goods
    that are its object is the recipient."""
    doc = verb.doc
    for span in weapons:
        top = span.root
        if top.head.i != verb.i or top.dep_ != "dobj" or span.start <= verb.i:
            continue
        found: list[str] = []
        for token in doc[verb.i + 1 : span.start]:
            code = token_party(token)
            if code and not _demonym(token) and code not in found:
                found.append(code)
        if found:
            return found
    return []


def _demonym(token: Token) -> bool:
    """True for a party named by its adjective ("Russian", "North Korean"), which tells origin, not recipient."""
    if token.pos_ == "ADJ" or token.tag_ == "JJ":
        return True
    term = load_gazetteer().lookup(token.text)
    return term is not None and term.kind == "demonym"


def _bound_for(items: list[Span | Token]) -> list[str]:
    """Parties written as a destination before the goods: "Russia-bound shells", "Houthi-bound weapons"."""
    found: list[str] = []
    for item in items:
        start = item.start if isinstance(item, Span) else item.i
        doc = item.doc
        for i in range(max(2, start - 4), start):
            if doc[i].lower_ in ("bound", "destined") and doc[i - 1].text == "-":
                code = token_party(doc[i - 2])
                if code:
                    found.append(code)
    return list(dict.fromkeys(found))


def _described_doer(verb: Token, fired: list[str]) -> list[Token]:
    """ "two Chinese firms accused of supplying", "a broker sanctioned for shipping": a participle describing a
    noun says what the noun did, so the noun is the doer of the gerund it governs."""
    if verb.dep_ != "pcomp" or verb.head.lower_ not in ("of", "for"):
        return []
    participle = verb.head.head
    if participle.dep_ != "acl" or participle.tag_ != "VBN" or participle.head.pos_ not in ("NOUN", "PROPN"):
        return []
    fired.append("party.described_doer")
    located = _located_holder(participle.head)
    if located is not None:
        fired.append("party.located_list_doer")
        return [located]
    return [participle.head]


_HELPING = frozenset({"help", "enable", "assist", "allow"})


def _helpers(verb: Token, fired: list[str]) -> list[Token]:
    """ "A network of Hong Kong firms helped Russia obtain microelectronics": who helps a buyer get goods
    supplies them (the buyer is the subject of the verb of getting, or the object of "help")."""
    if verb.dep_ not in ("ccomp", "xcomp") or verb.head.lemma_.lower() not in _HELPING:
        return []
    found = [c for c in verb.head.children if c.dep_ == "nsubj"]
    if found:
        fired.append("party.helper_supplies")
    return found


def _located_holder(place: Token) -> Token | None:
    """ "six entities across Iran, China and the UAE accused of supplying": en_core_web_sm hangs the participle
    on the last place of the list, but the ones accused are the entities there (all the places, not one)."""
    top = place
    while top.dep_ == "conj":
        top = top.head
    if top is place or top.dep_ != "pobj" or top.head.lower_ not in LOCATING_PREPS:
        return None
    holder = top.head.head
    if holder.lower_ == "based" and holder.dep_ == "acl":  # "firms based in China and Turkey"
        holder = holder.head
    return holder if holder.pos_ in ("NOUN", "PROPN") and noun_lemma(holder) in LOCATED else None


def _supplied_pronoun(obj: Token, fired: list[str]) -> bool:
    """ "protecting the regime and providing it with weapons", "provided the rebels with rifles": a pronoun or a
    group word ("the rebels", "the militia") as the object of a verb that gives "with" goods is the one supplied;
    it is resolved like a subject pronoun or a group anaphor (the group the article names most), not from the
    party named last ("attacks on Congo's army ... provided the rebels with weapons"). Without "with" an
    object pronoun is mostly the goods ("bought the drones and sold them to Russia")."""
    if not any(c.dep_ == "prep" and c.lower_ == "with" for c in (*obj.head.children, *obj.children)):
        return False  # the parser hangs "with" on the verb or on the object ("provided the rebels with")
    if obj.lower_ in _OBJECT_PRONOUNS:
        fired.append("party.supplied_pronoun")
        return True
    group = unlisted_group(obj)
    if group and " " not in group and any(c.lower_ == "the" for c in obj.children):
        fired.append("party.supplied_group_word")
        return True
    return False


_OBJECT_PRONOUNS = frozenset({"it", "them"})


def _named_side(obj: Token, fired: list[str]) -> bool:
    """ "supplying Shiite militias in Iraq with rockets", "arming Acme Ltd. with": an object that names an
    unlisted group or a firm is the recipient, like an object that names a state; so is a bare group noun
    with the goods in a "with" phrase ("provided the rebels with weapons": the rebels the article names)."""
    group = unlisted_group(obj)
    supplied = any(p.dep_ == "prep" and p.lower_ == "with" for p in [*obj.head.children, *obj.children])
    if (group and (" " in group or supplied)) or company_party(obj):
        fired.append("party.group_or_firm_object")
        return True
    return False


RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom"})


def _gerund_doer(verb: Token, fired: list[str]) -> list[Token]:
    """ "concerns about Iran supplying drones to Russia", "the deal involves Sudan acquiring jets": a gerund with
    no subject of its own, right after a party named as the object of a noun's preposition or of a verb of
    showing or entailing, is that party's doing (the parser hangs the gerund on the noun or the verb, whose
    own subject would otherwise be read as the doer)."""
    doc = verb.doc
    if verb.tag_ != "VBG" or verb.dep_ not in ("acl", "advcl") or verb.i == 0:
        return []
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "mark") for c in verb.children):
        return []
    before = doc[verb.i - 1]
    if before.pos_ not in ("PROPN", "NOUN") or not phrase_parties(before, follow_of=False):
        return []
    by_prep = (
        before.dep_ == "pobj"
        and before.head.lower_ in _LEX["gerund_subject_preps"]
        and before.head.head.i == verb.head.i
        and verb.head.pos_ in ("NOUN", "PROPN")
    )
    by_verb = before.dep_ == "dobj" and before.head.i == verb.head.i and verb.head.lemma_.lower() in GERUND_VERBS
    if not (by_prep or by_verb):
        return []
    fired.append("party.gerund_subject")
    return [before]


GERUND_VERBS = _LEX["gerund_subject_verbs"]


def _means_doer(verb: Token, fired: list[str]) -> list[Token]:
    """ "Rwanda violated the embargo by supplying the rebels with rifles": a gerund after "by" says how the
    governing verb's subject acted, so that subject does it, also when that verb has its doer from further up
    ("firms targeted for aiding Russia by supplying chips": the firms)."""
    token = verb
    while token.dep_ == "conj" and token.head.pos_ == "VERB":  # "by training the rebels and supplying them"
        token = token.head
    if token.dep_ != "pcomp" or token.head.lower_ != "by" or token.head.head.pos_ != "VERB":
        return []
    governor = token.head.head
    doers = [c for c in governor.children if c.dep_ == "nsubj"] or subjects(governor)
    if governor.dep_ == "relcl" and doers and all(d.lower_ in RELATIVE_PRONOUNS for d in doers):
        # "Chad denied fuelling the war, which killed thousands, by arming the rebels": a "which" clause on a
        # verb is the parser's misreading of the "by" phrase's place; on a noun, the noun is the doer
        governor = governor.head
        doers = [governor] if governor.pos_ in ("NOUN", "PROPN") else subjects(governor)
        if doers:
            fired.append("party.means_doer_past_relative")
    if doers:
        fired.append("party.means_doer")
    return doers


def _end_users(fors: list[Token], fired: list[str]) -> list[Token]:
    """ "shells sent to Russia for use by Wagner", "components for use in the Houthis' drone production": who
    the goods are for the use of receives them too; in "for use in" it is the owner of the work ("for use in
    Ukraine" names a place, "the invasion of Ukraine" and "the Ukraine invasion" the victim)."""
    uses = [obj for obj in fors if obj.lemma_.lower() == "use"]
    users = [user for obj in uses for user in prep_objects(obj, {"by", "of"})]
    works = [work for obj in uses for work in prep_objects(obj, {"in"})]
    fights = _LEX["not_role_holders"]  # war, invasion, attack: only their owner uses the goods
    owning = {work.i: ("poss",) if work.lemma_.lower() in fights else ("poss", "compound", "amod") for work in works}
    users += [o for w in works for o in w.children if o.dep_ in owning[w.i] and o.pos_ in ("NOUN", "PROPN")]
    if users:
        fired.append("party.end_user")
    return users


def _a_person(token: Token) -> bool:
    """A doer the text names as a person it does not name: "a citizen", "a businessman", "who" on such a noun."""
    if token.lower_ == "who" and token.head.dep_ == "relcl":
        return True
    return token.lemma_.lower() in _LEX["individual_nouns"]


def _military_context(sentence: Span) -> bool:
    """A military word in the sentence or the one before it (ambiguous goods need one to count)."""
    doc = sentence.doc
    start = doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start
    return any(t.lower_ in MILITARY_CUES for t in doc[start : sentence.end])


def _users(weapons: list[Span]) -> list[Token]:
    """Who uses the goods, as a clause on them says: "missiles that Moscow troops launch", "munitions to be used
    by Moscow". The user of transferred weapons is their recipient."""
    found: list[Token] = []
    for span in weapons:
        holders = [span.root]
        if span.root.dep_ == "pobj" and span.root.head.lower_ == "of":
            holders.append(span.root.head.head)
        top = span.root
        while top.dep_ == "conj":
            top = top.head
        if top.dep_ == "dobj" and top.head.lemma_.lower() in USE_VERBS | RECEIVE_VERBS:
            found += subjects(top.head)  # "the RSF used weapons ... supplied by the UAE"
        if top.dep_ == "pobj" and top.head.lower_ == "with" and top.head.head.pos_ == "VERB":
            found += subjects(top.head.head)  # "the RSF fought with weapons supplied by the UAE"
        for holder in holders:
            for clause in holder.children:
                if clause.dep_ in ("relcl", "acl") and clause.lemma_.lower() in USE_VERBS:
                    if is_passive(clause):
                        found += prep_objects(clause, {"by"})
                    else:
                        found += [c for c in clause.children if c.dep_ == "nsubj" and c.lower_ not in ("that", "which")]
    return found


def _fill_from_discourse(
    frame: _Frame,
    supplier: list[str],
    recipient: list[str],
    discourse: Discourse,
    makers: frozenset[str] | set[str] = frozenset(),
    fired: list[str] | None = None,
) -> tuple[list[str], list[str]]:
    """One side named, the other left implicit. First the running story: the counterpart of an earlier
    transfer with the same known side ("the potential transfer of drones from the Houthis" after "weapons the
    Houthis might supply to al-Shabaab"). Then, for a finite verb, the party named just before ("20 BMP-2 were
    transported to Russia" after "Belarus continues to send equipment to Russia")."""
    code = discourse.counterpart(supplier[0] if supplier else None, recipient[0] if recipient else None)
    rule = "party.counterpart_from_story"
    verb = frame.verb
    # "Washington accused Tehran of supplying the drones": a finite claim whose accuser is no side of it
    accuser = verb.head.head if verb.dep_ == "pcomp" and verb.head.lower_ == "of" else None
    accused = accuser is not None and accuser.lemma_ in ("accuse", "suspect")
    speakers = {c for s in (subjects(accuser) if accuser is not None and accused else []) for c in phrase_parties(s)}
    speakers |= _seizers(verb.sent)  # "Kenyan police seized rifles bound for al-Shabaab": no supplier
    speakers |= _stance_parties(verb.sent)  # "the US warned Egypt over its plan to buy Su-35s": not the seller
    finite = verb.pos_ == "VERB" and (accused or (verb.tag_ != "VBG" and verb.dep_ not in ("csubj", "pcomp")))
    # a buyer's seller is seldom the party named just before: that is the one who reports, sanctions or warns
    # of the purchase ("the US sanctioned a network for supporting Iran's efforts to procure drones")
    seller_wanted = frame.kind == "receive" and not supplier
    if code is None and finite and frame.kind not in ("seize", "arrive") and not seller_wanted:
        offset = article_offset(verb) + verb.idx  # parties named earlier in the sentence count too
        # the maker of the goods ("Chinese-made guns supplied by the UAE") is not the one who receives them
        code = discourse.last_party(offset, set(supplier) | set(recipient) | speakers | set(makers), window=FILL_WINDOW)
        rule = "party.last_named_party"
    if code is None or code in supplier or code in recipient:
        return supplier, recipient
    if fired is not None:
        fired.append(rule)
    return (supplier or [code]), (recipient or [code])


def _provenance(indicator: Indicator, fired: list[str], route: list[str]) -> None:
    """Record the heuristics behind a transfer and the way its goods took."""
    for name in fired:
        indicator.fired(name)
    indicator.fields["route"] = list(route)


def _route(frame: _Frame, mine: list[Span], discourse: Discourse, fired: list[str]) -> list[str]:
    """Transit and intermediary parties: "shipped via Oman", "smuggled through Chad", "a route through Sudan",
    "procured through China, Hong Kong and Turkey". A party named as the goods' maker is no stop on the way."""
    holders = [frame.verb, frame.trigger] + [t for t in frame.verb.subtree if t.lower_ in _LEX["route_nouns"]]
    objects = [o for holder in dict.fromkeys(holders) for o in prep_objects(holder, ROUTE_PREPS)]
    objects += [o for o in prep_objects(frame.verb, ROUTE_PREPS, deep=True) if o.head.head.pos_ in ("VERB", "NOUN")]
    inside = {i for span in mine for i in range(span.start, span.end)}
    found = resolve_parties([o for o in dict.fromkeys(objects) if o.i not in inside], discourse, set())
    if found:
        fired.append("party.route_via_through")
    return found


_SANCTION_VERBS = frozenset({"sanction", "blacklist", "designate", "penalize", "penalise", "embargo"})


def _referees(sentence: Span) -> set[str]:
    """Parties that police the trade in the sentence: who seizes the goods or sanctions the traders."""
    found = _seizers(sentence)
    for token in sentence:
        lemma = token.lemma_.lower()
        imposing = lemma == "impose" and any(c.lemma_.lower() in ("sanction", "embargo", "ban") for c in token.children)
        if token.pos_ == "VERB" and (lemma in _SANCTION_VERBS or imposing):
            doers = prep_objects(token, {"by"}) if is_passive(token) else subjects(token)
            found.update(c for doer in doers for c in phrase_parties(doer))
    return found


def _stance_parties(sentence: Span) -> set[str]:
    """Parties that police, press or judge another in the sentence, and the ones they press: "the U.S. has
    sought to pressure Turkey", "sanctions on China over drone parts", "demanded the United States provide
    evidence". They stand in the sentence for another reason than the transfer."""
    found: set[str] = set()
    for token in sentence:
        if token.lemma_.lower() not in _LEX["stance_words"] and token.lower_ not in _LEX["stance_words"]:
            continue
        if token.pos_ == "VERB":
            args = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "dative")]
        elif token.pos_ == "NOUN":
            args = [c for c in token.children if c.dep_ in ("poss", "compound", "amod")]
        else:
            continue
        args += prep_objects(token, {"on", "against", "over", "by"})
        found.update(c for arg in args for c in phrase_parties(arg))
    return found


def _seizers(sentence: Span) -> set[str]:
    """Parties that seize, intercept or confiscate goods in the sentence: never a side of the transfer."""
    found: set[str] = set()
    for token in sentence:
        if token.lemma_.lower() in SEIZE_VERBS and token.pos_ == "VERB":
            doers = prep_objects(token, {"by"}) if is_passive(token) else subjects(token)
            if token.dep_ == "xcomp":  # "authorised the EU force to seize": the object of the governor seizes
                doers += [c for c in token.head.children if c.dep_ == "dobj"]
            found.update(c for doer in doers for c in phrase_parties(doer))
    return found


def _quantity(weapons: list[Span]) -> str | None:
    """'more than 1,000 containers', '20 T-72 tanks', '130,000 tons': a counted weapon or its container."""
    for span in weapons:
        root = span.root
        holders = [root]
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ in ("NOUN", "NUM", "PROPN"):
            holders.append(root.head.head)
        for holder in holders:
            numbers = [  # not a number inside the mention: "Leopard 2 tanks" names a model
                c
                for c in holder.children
                if c.dep_ in ("nummod", "quantmod") and c.like_num and not span.start <= c.i < span.end
            ]
            if holder.pos_ == "NUM" and holder.like_num:
                numbers.append(holder)
            if numbers:
                start = min(t.left_edge.i for t in numbers)
                end = max(holder.i, span.end - 1) if holder is root else holder.i
                return span.doc[start : end + 1].text
    return None


def _transport(scope: set[int], sentence: Span, trigger: Token) -> list[str]:
    """Modes of transport named in the trigger's clause: "by train and by ship", "via the Caspian Sea", the
    vehicle that carries ("cargo flights brought"), or the verb itself ("flew", "ferried", "trucked")."""
    found: list[str] = [VERB_MODES[trigger.lemma_.lower()]] if trigger.lemma_.lower() in VERB_MODES else []
    for token in sentence:
        if token.i not in scope:
            continue
        word = token.lower_
        for mode, words in TRANSPORT.items():
            if word in words and (token.pos_ in ("NOUN", "PROPN") or word in ("airlifted", "overland")):
                carried = token.head.lower_ in _MODE_PREPS or (token.dep_ == "nsubj" and token.head.i == trigger.i)
                if (
                    mode in ("sea", "air", "road")
                    and not carried
                    and word not in ("airlifted", "overland", "maritime", "dhow", "dhows")
                ):
                    continue
                if mode not in found:
                    found.append(mode)
    return found


def _bare(frame: _Frame, sentence: Span) -> bool:
    """A transfer claim that names no goods: arming a party ("Tehran armed the Houthis") or a denied supply
    ("The UAE denied supplying the RSF"). Its goods stay empty (categories []) until the extractor borrows
    them from the article's other claims between the same parties."""
    lemma = frame.verb.lemma_.lower()
    if frame.verb.pos_ != "VERB" or lemma not in BARE_VERBS | _LEX["arming_verbs"]:
        return False
    armed = RELATIONAL | _LEX["group_nouns"] | FORCE_NOUNS  # "arm its allies", "supply the militias"
    if any(
        c.dep_ == "dobj" and c.pos_ == "NOUN" and c.lower_ not in armed and not phrase_parties(c)
        for c in frame.verb.children
    ):
        return False  # "they don't provide any evidence", "denied sending troops": other things than arms
    if lemma in _LEX["arming_verbs"] and _armed_party(frame.verb):
        return True  # "Wagner has been supplying the RSF": arming a party
    # a check only: `assess` records nothing on the Doc (`modality` does, for the claim this frame may become)
    return lemma == "arm" or (lemma in BARE_VERBS and assess(frame.trigger, sentence).mode == "denied")


def _armed_party(verb: Token) -> bool:
    """The verb's direct object is an armed group or a state's forces, not goods or a market."""
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        codes = phrase_parties(obj)
        if any(not code.isupper() for code in codes) or (codes and obj.lemma_.lower() in FORCE_NOUNS):
            return True
    return False


def _items(weapons: list[Span]) -> str:
    """The words used: one stretch of text when the mentions are coordinated, else joined by '; '."""
    doc = weapons[0].doc
    ordered = sorted(weapons, key=lambda s: s.start)
    start, end = ordered[0].start, ordered[-1].end
    between = [t for t in doc[start:end] if not any(s.start <= t.i < s.end for s in ordered)]
    joining = ("cc", "punct", "det", "amod", "compound", "nmod", "npadvmod")
    if len(between) <= 6 and all(t.dep_ in joining or t.pos_ in ("CCONJ", "PUNCT", "DET") for t in between):
        return doc[start:end].text
    return "; ".join(dict.fromkeys(span.text for span in ordered))


def _categories(weapons: list[Span]) -> list[str]:
    found = {category for span in weapons for category in span_categories(span)}
    return [category for category in WEAPON_CATEGORIES if category in found]


class TransferFinder:
    """Finds arms_transfer indicators in one parsed sentence. It remembers the modalities of the article's
    claims so far (per supplier and recipient), so that a side taken from the story keeps their certainty."""

    def __init__(self) -> None:
        self._story: Discourse | None = None
        self._moods: dict[tuple[str | None, str | None], set[str]] = {}
        self._seizure: list[Indicator] = []  # the claims of the article's latest interception or consignment

    def __call__(self, sentence: Span, discourse: Discourse, evidence: EvidenceFactory) -> list[Indicator]:
        if self._story is not discourse:  # a new article
            self._story, self._moods, self._seizure = discourse, {}, []
        doc = sentence.doc
        weapons = [s for s in doc.spans.get(SPAN_KEY, []) if sentence.start <= s.start and s.end <= sentence.end]
        frames = [frame for token in sentence if (frame := _frame(token))]
        if not weapons:
            frames = [f for f in frames if f.verb.lemma_.lower() in BARE_VERBS | _LEX["arming_verbs"]]
        if not frames:
            return []
        trigger_ids = {f.trigger.i for f in frames}
        # A noun trigger governed by a trigger verb ("intercepted a shipment of", "received deliveries of") is
        # read through that verb; a frame whose roles hang on another trigger is read through that one.
        frames = [
            f
            for f in frames
            if not (f.verb.i != f.trigger.i and f.verb.i in trigger_ids)
            and not (f.trigger.pos_ in ("NOUN", "PROPN") and f.trigger.head.i in trigger_ids)
            and not (f.trigger.pos_ == "NOUN" and _goods_of_trigger(f.trigger, trigger_ids))
        ]
        scopes: dict[int, set[int]] = {}
        for frame in frames:
            scope = {t.i for t in frame.verb.subtree}
            if frame.trigger is not frame.verb:
                scope |= {t.i for t in frame.trigger.subtree}
            if frame.verb.dep_ in ("relcl", "acl") and frame.verb.head.pos_ in ("NOUN", "PROPN"):
                # "weapons that the UAE bought", "drones supplied by Iran": the goods are the modified noun
                top = frame.verb.head
                while top.dep_ == "conj" and top.head.pos_ in ("NOUN", "PROPN"):
                    top = top.head
                scope |= {t.i for t in top.subtree}
            if frame.trigger.dep_ in ("nsubj", "nsubjpass") and frame.trigger.head.lemma_ in CONTENT_VERBS:
                scope |= {t.i for t in frame.trigger.head.subtree}
            for other in frames:  # a nested trigger owns its own subtree (using a weapon is no transfer of it)
                if other.kind == "use":
                    continue
                if other.trigger.i != frame.trigger.i and other.verb.i in scope and other.verb.i != frame.verb.i:
                    if other.verb.i not in {a.i for a in frame.verb.ancestors}:
                        scope -= {t.i for t in other.verb.subtree}
            scopes[frame.trigger.i] = scope
        claimed = {span.start for frame in frames for span in _weapons_in(scopes[frame.trigger.i], weapons)}
        loose = [span for span in weapons if span.start not in claimed]
        found: list[Indicator] = []
        made: dict[int, list[Indicator]] = {}  # the claims of each clause, by the clause's head
        for frame in frames:
            result = self._from_frame(frame, sentence, weapons, scopes[frame.trigger.i], loose, discourse, evidence)
            found += result
            if result:
                made.setdefault(_clause_head(frame.trigger).i, result)
        for frame in frames:
            head = _clause_head(frame.trigger)
            if frame.kind in CONJOINED_KINDS and head.i not in made and head.dep_ == "conj" and head.head.i in made:
                found += self._conjoined_claims(frame, made[head.head.i], sentence, evidence)
        return found

    def _conjoined_claims(
        self, frame: _Frame, earlier: list[Indicator], sentence: Span, evidence: EvidenceFactory
    ) -> list[Indicator]:
        """'China has supplied 20 jets to Pakistan and will supply another 16', 'one system was transferred, the
        delivery of three more is expected next year': a clause joined to a claim, about more of the same goods
        (none named of its own), with a modality of its own. It is a second claim between the same parties."""
        mood = modality(frame.trigger, sentence)
        if mood == "asserted" or mood in {i.modality for i in earlier}:
            return []
        added: list[Indicator] = []
        for model in earlier:
            pair = (model.fields["supplier"], model.fields["recipient"])
            if pair in {(i.fields["supplier"], i.fields["recipient"]) for i in added}:
                continue
            record = Indicator(
                type="arms_transfer",
                confidence=model.confidence,
                modality=mood,
                attribution=model.attribution,
                evidence=evidence(sentence, [frame.trigger]),
                fields=dict(model.fields),
            )
            for name in model.heuristics:
                if not name.startswith("modality."):
                    record.fired(name)
            record.fired("modality.conjoined_clause")
            self._moods.setdefault(pair, set()).add(mood)
            added.append(record)
        return added

    def _from_frame(
        self,
        frame: _Frame,
        sentence: Span,
        weapons: list[Span],
        scope: set[int],
        loose: list[Span],
        discourse: Discourse,
        evidence: EvidenceFactory,
    ) -> list[Indicator]:
        if _under_norm(frame.trigger) or _countered(frame.trigger):
            return []
        if frame.trigger.tag_ == "VBG" and frame.trigger.dep_ in ("csubj", "nsubj", "csubjpass"):
            return []  # "Supplying weapons to the RSF would breach the embargo": a general statement
        exchange = _exchange_goods(frame.verb) if frame.kind in ("give", "support", "receive", "pledge") else None
        exchange_ids = {t.i for t in exchange.subtree} if exchange is not None else set()
        goods = [s for s in weapons if _goods(s, weapons) and not _blocked(s, frame.verb, weapons)]
        if not _military_context(sentence):
            goods = [s for s in goods if not is_ambiguous(s) or span_categories(s) != ["dual_use"]]
        mine = [s for s in _weapons_in(scope, goods) if s.root.i not in exchange_ids]
        if frame.kind == "give" and frame.verb.pos_ == "VERB" and not _passive(frame.verb, weapons):
            # "Cargo planes from Turkey brought drones": the vehicle that carries is not the goods
            mine = [s for s in mine if not (s.root.dep_ == "nsubj" and s.root.head.i == frame.verb.i)]
        own = bool(mine)  # goods in the trigger's own phrase, not taken from elsewhere in the sentence
        if (
            not mine
            and frame.kind in ("give", "pledge", "receive", "order", "supplier", "buyer")
            and not _modifies_other_goods(frame, weapons)
        ):
            mine = [s for s in loose if s in goods and s.root.i not in exchange_ids]
        if mine and frame.verb.lemma_ in ("send", "dispatch") and all(span_categories(s) == ["naval"] for s in mine):
            return []  # "Russia sent warships to Cuba": a deployment of its own navy, not a transfer
        if frame.kind == "arrive":  # only goods arrive as a transfer: "Lavrov arrived in Pyongyang" is a visit
            carried = {t.i for subject in subjects(frame.verb) for t in subject.subtree}
            # "instructors arrived in Niger with an air defense system": goods brought along arrive too
            carried |= {t.i for o in prep_objects(frame.verb, {"with"}) for t in o.subtree}
            mine = [s for s in mine if s.root.i in carried]
        bare = not mine and _bare(frame, sentence)
        if not mine and not bare:
            return []
        fired = [frame.heuristic] + (["transfer.claim_without_goods"] if bare else [])
        supplier, recipient, unnamed = self._roles(frame, mine, discourse, fired)
        if frame.name == "transfer.deal_for_goods":
            supplier, recipient = _deal_sides(supplier, recipient, mine)
        route = _route(frame, mine, discourse, fired)
        if route and not supplier and frame.kind in ("give", "receive", "arrive", "order"):
            # "chips reached Russia through China and Turkey", "procured through Hong Kong": with no other
            # supplier named, the intermediaries are the ones that supplied
            supplier = [c for c in route if c not in recipient]
            fired.append("party.intermediary_as_supplier")
        referees = _referees(sentence)
        if frame.kind != "seize" and set(supplier) & referees:
            # "the EU force authorised to seize arms bound for Libya", "the US sanctioned firms that ...": the
            # party that polices the trade is no supplier in it
            supplier = [c for c in supplier if c not in referees]
            fired.append("party.referee_not_supplier")
        if bare and supplier and not recipient:  # "denied arming either side": the side the story is about
            recipient = [c for c in [discourse.counterpart(supplier[0], None)] if c and c not in supplier]
        filled = bool(supplier) != bool(recipient) and frame.kind in IMPLICIT_SIDE_KINDS and unnamed
        if filled:
            makers = {code for span in mine for code in _origins(span)} if supplier else set()
            supplier, recipient = _fill_from_discourse(frame, supplier, recipient, discourse, makers, fired)
        story = set(discourse.transfers)
        if not (supplier or recipient) and unnamed and own and _particular(frame.trigger) and len(story) == 1:
            # "there have been four shipments of missiles" in a story about one supply: that supply's sides,
            # but not a generic "controls exports of dual-use items"
            told_supplier, told_recipient = next(iter(story))
            supplier, recipient, filled = [told_supplier], [told_recipient], True
            fired.append("party.sides_of_the_story")
        if not supplier and frame.kind == "receive" and _own_forces(frame.verb):
            return []  # "Russian troops received a new batch of T-90M tanks": resupply from home, named by no one
        if not supplier and mine and all(_domestic(span) for span in mine):
            return []  # "the army received domestically produced howitzers": its own industry, no transfer
        if frame.kind == "seize" and not supplier and not recipient and mine:
            # not what is named to compare, nor the seizer ("seized by a guided-missile destroyer")
            self._seized_contents([s for s in mine if not _compared(s) and s.root.head.dep_ != "agent"])
        if frame.kind == "use" and any(_captured(s) for s in mine):
            return []  # "Ukraine paraded captured Russian tanks": taken in battle, not transferred
        if frame.kind in ("use", "seize", "support", "induct") and not (supplier and recipient):
            return []
        if (
            mine
            and all(is_ambiguous(s) for s in mine)
            and not (supplier and recipient)
            and not _military_context(sentence)
        ):
            return []  # "Airbus delivered 30 jets to China Eastern": civilian, unless two parties trade them
        if not supplier and not recipient:
            return []
        if supplier and recipient and set(supplier) & set(recipient):
            supplier = [c for c in supplier if c not in recipient]
            if not supplier:
                return []
        source, anon = attribution(frame.trigger, sentence)
        base = "planned" if frame.kind in ("order", "pledge") else "asserted"
        hedges = tuple(c for s in mine for c in s.root.children if c.dep_ in ("acl", "relcl", "amod"))
        mood = modality(frame.trigger, sentence, base=base, anonymous=anon, hedges=hedges, goods=tuple(mine))
        if filled and assessments(frame.trigger.doc)[frame.trigger.i].cues == ("halt_verb",):
            return []  # "the country had halted all arms sales": a policy naming no counterpart denies no claim
        earlier = self._moods.get((supplier[0], recipient[0]), set()) if filled and supplier and recipient else set()
        inherited = mood == "asserted" and len(earlier) == 1 and not earlier & {"asserted", "denied"}
        if inherited:
            mood = next(iter(earlier))  # a side taken from a hedged claim is only as certain as that claim
        triggers = [frame.trigger, *frame.extra] + ([frame.verb] if frame.verb is not frame.trigger else [])
        sides: tuple[list[str | None], list[str | None]] = (list(supplier) or [None], list(recipient) or [None])
        pairs = [(s, r) for s in sides[0] for r in sides[1] if s != r][:MAX_PAIRS]
        if len(pairs) > 1:
            fired.append("party.coordinated_list")  # "to Syria, Libya, Pakistan and Egypt": one per party
        discourse.transfers += [(s, r) for s, r in pairs if s and r]
        for pair in pairs:
            self._moods.setdefault(pair, set()).add(mood)
        result = [self._indicator(s, r, mine, scope, sentence, mood, source, triggers, evidence) for s, r in pairs]
        for indicator in result:
            _provenance(indicator, fired, route)
            if inherited:
                indicator.fired("modality.inherited_hedge")
            if not unnamed or frame.kind not in IMPLICIT_SIDE_KINDS:
                indicator.fired(SIDE_NAMED)  # "to any country": leave it open
            if mood == "alleged" and unauthored_hearsay(frame.verb):
                indicator.fired(HEARSAY)  # "the news about Iran providing ...", not "a Reuters report that ..."
        returned = [s for s in weapons if s.root.i in exchange_ids and (s in goods or _helped(s, exchange))]
        if returned and supplier and recipient and not _reported(exchange, recipient[0], supplier[0], discourse):
            back = self._indicator(
                recipient[0], supplier[0], returned, exchange_ids, sentence, mood, source, triggers, evidence
            )
            _provenance(back, [*fired, "transfer.in_exchange_for"], route)
            result.append(back)
        if mood != "denied" and pairs and _denied_after(sentence, frame.trigger, set(supplier) | set(recipient)):
            # "... supplying the RSF with drones, a charge Abu Dhabi rejects": the accused's denial is a claim too
            denials = [
                self._indicator(s, r, mine, scope, sentence, "denied", source, triggers, evidence)
                for s, r in pairs
                if s and r
            ]
            for indicator in denials:
                _provenance(indicator, [*fired, "modality.denial_tail"], route)
            result += denials
        if mood in ("asserted", "alleged") and _more_to_come(sentence):
            # "four shipments so far, with more expected in the coming weeks": the next ones are planned
            planned = [
                self._indicator(s, r, mine, scope, sentence, "planned", source, triggers, evidence)
                for s, r in pairs
                if s and r
            ]
            for indicator in planned:
                _provenance(indicator, [*fired, "modality.more_to_come"], route)
            result += planned
        if frame.kind == "seize" or frame.name == "transfer.destined_for":
            self._seizure = [i for i in result if i.fields["supplier"] and i.fields["recipient"]] or self._seizure
        if historic_time(sentence, _reference_year(sentence), frame.trigger):
            for indicator in result:  # "Moscow supplied Egypt with MiG-21s in the 1960s": background, not news
                indicator.confidence = HISTORIC_CONFIDENCE
                indicator.fired("transfer.historic_background")
        return result

    def _seized_contents(self, mine: list[Span]) -> None:
        """What a later sentence says was seized, naming no side, is the contents of the article's latest
        interception (or consignment "bound for" a party), so its goods join that claim's
        (transfer.seized_contents): "The Navy intercepted a dhow carrying weapons bound for the Houthis. [...]
        Sailors seized 40 cruise missiles, mortars and 9,000 rifles"."""
        if not mine:
            return
        categories = _categories(mine)
        for indicator in self._seizure:
            have = indicator.fields["weapon_categories"]
            if set(categories) <= set(have):
                continue
            union = [c for c in WEAPON_CATEGORIES if c in set(have) | set(categories)]
            items = f"{indicator.fields['items']}; {_items(mine)}"
            indicator.fields = {**indicator.fields, "weapon_categories": union, "items": items}
            indicator.fired("transfer.seized_contents")

    def _roles(
        self, frame: _Frame, mine: list[Span], discourse: Discourse, fired: list[str]
    ) -> tuple[list[str], list[str], bool]:
        """(suppliers, recipients, unnamed) by the frame's kind and voice, then origins of the goods for the
        supplier. `unnamed` is True when the text leaves a side out altogether (so the discourse may supply it),
        False when it names a side that is no party ("to any country", "to the Belgorod region")."""
        verb = frame.verb
        passive = _passive(verb, mine) if verb.pos_ != "NOUN" else False
        if passive and not is_passive(verb):
            fired.append("transfer.reduced_relative")
        suppliers: list[Token] = []
        recipients: list[Token] = []
        weapon_roots = {s.root.i for s in mine}
        subj = (
            []
            if verb.pos_ == "NOUN"
            else _gerund_doer(verb, fired) or subjects(verb) or _described_doer(verb, fired) or _means_doer(verb, fired)
        )
        if subj and verb.pos_ != "NOUN" and pcomp_controllers(verb):
            fired.append("party.complement_gerund_doer")  # "Egypt is close to buying", "committed to procuring"
        framed, framing = framed_doers(frame.trigger) if not subj else ([], None)
        if framing and verb.pos_ != "NOUN":  # "Acme faces sanctions for supplying", "charged with exporting"
            fired.append(framing)
            subj = framed
        subj = [s for s in subj if s.i not in weapon_roots and not any(s.i in range(w.start, w.end) for w in mine)]
        if frame.kind != "seize":  # "the Navy seized weapons bound for the Houthis": the seizer is no party to it
            subj = [s for s in subj if s.head.lemma_.lower() not in SEIZE_VERBS or s.head.i == verb.i]
        agents = prep_objects(verb, {"by"}) if passive else []
        if passive and not agents:
            # "were supplied to Mali's junta by Russia": en_core_web_sm often hangs the agent on the noun before
            # it; a "by" phrase naming a party on a noun of the verb's own phrase is still the agent (but not
            # "units commanded by Russia", where the "by" belongs to another verb)
            agents = [
                o
                for o in prep_objects(verb, {"by"}, deep=True)
                if o.head.head.pos_ in ("NOUN", "PROPN")
                and phrase_parties(o)
                and not any(
                    a.pos_ == "VERB" and a.i != verb.i
                    for a in o.head.head.ancestors
                    if a.i in {t.i for t in verb.subtree}
                )
            ]
        inside = {i for span in mine for i in range(span.start, span.end)}  # "surface-to-air" names no recipient

        def outside(tokens: list[Token]) -> list[Token]:
            return [t for t in tokens if t.i not in inside and t.head.i not in inside]

        def held(tokens: list[Token]) -> list[Token]:
            # "the threat of sanctions from Washington", "support for Ukraine": phrases of other nouns
            return [
                t
                for t in outside(tokens)
                if t.head.head.i == verb.i or not (_held_elsewhere(t, fired) or _in_relative_clause(t, verb, fired))
            ]

        froms = held(prep_objects(verb, {"from"}, deep=True))
        tos = outside(prep_objects(verb, {"to", "into"})) or held(
            [o for o in prep_objects(verb, {"to"}, deep=True) if o.head.head.lower_ not in NOT_DESTINATION]
        )
        fors = held(
            prep_objects(verb, {"for"}, deep=True)
            + [
                obj
                for token in verb.subtree
                if token.lemma_ in DESTINED | {"mean"}
                for obj in prep_objects(token, {"for", "to"})
            ]
        )
        fors += _end_users(fors, fired)
        bought_in: list[Token] = []
        datives = [c for c in verb.children if c.dep_ in ("dative",) and c.pos_ in ("PROPN", "NOUN")]
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.i not in weapon_roots]
        kind = frame.kind
        if frame.name == MISREAD_VERB:
            suppliers += misread_suppliers(verb)
            recipients += misread_recipients(verb)
        elif verb.pos_ == "NOUN":
            possessors = [c for c in verb.children if c.dep_ == "poss"]
            demonyms = [c for c in verb.children if c.dep_ in ("amod", "compound") and token_party(c)]
            if kind in ("supplier", "buyer"):
                # "Russia has become the largest weapons supplier to Venezuela", "India is the biggest buyer of
                # Russian arms", "North Korea is shaping up as Russia's supplier", "Russia's biggest customer"
                anchor = verb
                while anchor.dep_ == "conj":  # "as a key partner and supplier of weapons"
                    anchor = anchor.head
                holder = anchor.head.head if anchor.dep_ == "pobj" and anchor.head.lower_ == "as" else anchor.head
                named = (
                    subjects(holder)
                    if (anchor.dep_ == "attr" or holder is not anchor.head) and holder.pos_ in ("VERB", "AUX")
                    else []
                )
                counterparts: list[Token] = []
                described = [c for c in holder.children if c.dep_ == "dobj"] + prep_objects(holder, {"to"})
                if holder is not anchor.head and described:
                    # "Russia turned to Iran as a supplier of weapons": Iran supplies, Russia is supplied
                    named, counterparts = described, named
                if kind == "supplier":
                    suppliers += named
                    recipients += possessors + tos + counterparts
                else:
                    recipients += named
                    suppliers += possessors + froms + counterparts
            elif kind == "receive":
                if framing:  # "Acme's role in weapons procurement for the army": Acme supplies the army
                    fired.append(framing)
                if framed and fors:
                    suppliers += framed
                    recipients += fors
                else:
                    recipients += framed
                recipients += possessors + demonyms
                suppliers += froms
                origin = _come_from(verb)
                if origin and not suppliers:  # "80% of Russia's purchases of chips are coming from China"
                    fired.append("party.imports_come_from")
                    suppliers += origin
                share = next((a for a in verb.ancestors if a.lemma_ in ("account", "make", "represent")), None)
                if share is not None:  # "Russia accounted for 36% of India's arms imports" (SIPRI shares)
                    suppliers += subjects(share)
            elif kind == "use":
                recipients += possessors + prep_objects(verb, {"by"})
            elif kind == "seize":
                # "its interception of Iranian weapons bound for the Houthis", "the Israeli seizure of", "the
                # seizure by the navy": the owner and the agent of a seizure are the seizer, no side of the trade
                suppliers += froms
                recipients += tos + fors
            else:
                suppliers += possessors + demonyms + froms + prep_objects(verb, {"by"})
                origin = _come_from(verb) if kind == "give" and not suppliers else []
                if origin:  # "67% of the drone shipments come from China": the share's source supplies
                    fired.append("party.shipments_come_from")
                    suppliers += origin
                # a go-between supplies only when the text names no source ("facilitated the delivery from the UAE")
                if not suppliers and kind == "give" and framing:
                    fired.append(framing)
                    suppliers += framed
                recipients += tos + fors
                if not suppliers and not recipients and kind == "give":
                    sides = _between(verb)
                    if sides:  # "the arms transfer between North Korea and Russia": the first named sends
                        fired.append("party.between_sides")
                        suppliers, recipients = [sides[0]], [sides[1]]
            if verb.dep_ in ("dobj", "nsubjpass", "nsubj", "attr") and verb.head.pos_ in ("VERB", "AUX"):
                # "tracked arms shipments from Iran to the Houthis": the parser hangs the phrases on the verb
                suppliers += [] if suppliers else prep_objects(verb.head, {"from"})
                destined = verb.head.lemma_ in DESTINED  # "the shipment was intended for the IRA"
                recipients += [] if recipients else prep_objects(verb.head, {"to", "for"} if destined else {"to"})
                # "facilitated shipments of components for use in the Houthis' production"
                recipients += [] if recipients else _end_users(prep_objects(verb.head, {"for"}), fired)
        elif kind in ("give", "support", "pledge"):
            if passive:
                suppliers += agents + froms
                # "Ukraine was supplied with tanks": a passive subject that is not the goods is the recipient
                goods_heads = [s for s in subj if any(w.root.i in {t.i for t in s.subtree} for w in mine)]
                # but not a speaker borrowed as subject: "the systems sent to Ukraine", said of by Germany's minister
                recipients += (
                    tos
                    + fors
                    + [
                        s
                        for s in subj
                        if phrase_parties(s)
                        and s not in goods_heads
                        and (s.head.i == verb.i or s.head.lemma_.lower() not in SAY_VERBS)
                    ]
                )
            else:
                # "Washington approved the transfer of F-16s from Denmark to Ukraine": who decides on a transfer
                # named with its origin is not its supplier
                deciding = frame.trigger is not verb and verb.lemma_.lower() in DECIDE_VERBS and froms
                suppliers += froms if deciding else subj + froms
                recipients += (
                    datives
                    + tos
                    + fors
                    + [
                        o
                        for o in objects
                        if phrase_parties(o)
                        or o.ent_type_
                        or _named_side(o, fired)
                        or _supplied_pronoun(o, fired)
                        or members_included(o)
                    ]
                )
        elif kind in ("receive", "order"):
            if passive:
                recipients += agents + fors
                suppliers += froms
            else:
                # "Egypt bought a Mistral ship that was built for Moscow": a "for" in a clause on the goods is not
                # a second buyer beside the subject
                recipients += subj + [f for f in fors if not (subj and any(a.dep_ == "relcl" for a in f.ancestors))]
                suppliers += froms or _helpers(verb, fired)
                # "weapons they bought in the US", "bought engines in China" (not "in Turkey's case")
                bought_in = [o for o in prep_objects(verb, {"in"}) if token_party(o)]
            if frame.name == "transfer.deal_for_goods":  # "signed a contract with India for rocket launchers"
                suppliers += prep_objects(verb, {"with"}) + prep_objects(frame.trigger, {"with"})
        elif kind == "induct":
            recipients += prep_objects(verb, {"into"}) if passive else subj
            suppliers += froms
        elif kind == "use":
            if passive:
                # "North Korean missiles were used in Russian strikes on Kharkiv": the attacker used them
                attacks = [o for o in prep_objects(verb, {"in", "during", "for"}) if o.lemma_.lower() in ATTACK_NOUNS]
                recipients += agents or [t for o in attacks for t in [o, *prep_objects(o, {"by"})]]
            else:
                recipients += subj
        elif kind == "seize":
            suppliers += froms
            recipients += tos + fors
        elif kind == "arrive":
            suppliers += froms
            brought = {t.i for o in prep_objects(verb, {"with"}) for t in o.subtree}
            if not froms and any(w.root.i in brought for w in mine):
                suppliers += subj  # who arrives with the goods brought them
                fired.append("party.arrived_with_goods")
            recipients += prep_objects(verb, {"in", "at", "to"}) + objects
        benefit = beneficiaries(verb, frame.trigger)
        if benefit and kind in ("receive", "order"):
            # "the firm bought engines on behalf of the Houthis": the buyer supplies the party it acts for
            suppliers, recipients = suppliers + [t for t in recipients if t not in benefit], benefit
            fired.append("party.on_behalf_of")
        elif benefit and kind in ("give", "pledge", "support") and not any(map(phrase_parties, recipients)):
            recipients = benefit  # "sending weapons in support of the LNA"
            fired.append("party.on_behalf_of")
        owners = goods_owners(verb, mine, recipients) if kind == "give" else []
        recipients = [t for t in recipients if t not in owners]  # "belonged to Peru and were sent to ...": no recipient
        supplier = resolve_parties(suppliers, discourse, set(), fired, people=True)
        recipient = resolve_parties(recipients, discourse, set(supplier), fired)
        if not supplier and recipient and bought_in:  # a named buyer's purchase in a state: that state sold
            supplier = [c for c in resolve_parties(bought_in, discourse, set(recipient)) if c not in recipient]
            if supplier:
                fired.append("party.bought_in")
        if not recipient and kind in ("give", "pledge", "seize"):
            recipient = [c for c in resolve_parties(_users(mine), discourse, set(supplier)) if c not in supplier]
        if not recipient and kind in ("give", "pledge", "supplier"):
            recipient = [
                c for c in resolve_parties(_end_product_owners(mine), discourse, set(supplier)) if c not in supplier
            ]
            if recipient:
                fired.append("party.end_product_owner")
        if not recipient and kind in ("give", "pledge") and verb.pos_ == "VERB" and not passive:
            recipient = [c for c in _first_objects(verb, mine) if c not in supplier]
            if recipient:
                fired.append("party.double_object")
        if not recipient:
            recipient = [c for c in _bound_for(mine + [frame.trigger]) if c not in supplier]
        if kind == "support":
            recipient = [c for o in objects for c in phrase_parties(o, follow_of=False)] or recipient
        if not supplier and kind == "give":  # "the jets belonged to Peru and were sent": the owner sends them
            supplier = [c for c in resolve_parties(owners, discourse, set(recipient)) if c not in recipient]
            if supplier:
                fired.append(OWNER_OF_GOODS)
        if not supplier or kind == "use":
            origins = [
                code for span in mine if not _end_product(span) for code in _origins(span) if code not in recipient
            ]
            if origins and kind in ("give", "pledge") and any(map(_a_person, suppliers)):
                # "a Chinese citizen who tried to smuggle US-made sensors": the person supplies, not the goods' maker
                origins = []
                fired.append("party.person_not_origin")
            if origins:
                fired.append("party.origin_of_goods")
            elif kind in ("receive", "order", "use", "arrive") or (kind in ("give", "pledge") and not suppliers):
                # "Egypt bought two dozen Su-35s": no supplier named, the model's maker supplied it
                origins = [code for span in mine if (code := model_maker(span)) and code not in recipient]
                if origins:
                    fired.append("party.maker_of_model")
            supplier = origins[:1] if kind == "use" else (supplier or origins[:1])
        if supplier and not recipient and not recipients and kind == "give" and verb.pos_ == "NOUN":
            others = [c for c in resolve_parties(_signatories(verb), discourse, set(supplier)) if c not in supplier]
            if len(others) == 1:  # "Russia and Niger signed a contract for deliveries of Russian helicopters"
                fired.append("party.other_signatory")
                recipient = others
        # "a Chinese national was charged with exporting": the doer is a person the text does not name
        anonymous = bool(framing) and not framed
        unnamed = (not supplier and not suppliers and not anonymous) or (not recipient and not recipients)
        return supplier, recipient, unnamed

    def _indicator(
        self,
        supplier: str | None,
        recipient: str | None,
        mine: list[Span],
        scope: set[int],
        sentence: Span,
        mood: str,
        source: str | None,
        triggers: list[Token],
        evidence: EvidenceFactory,
    ) -> Indicator:
        categories = _categories(mine)
        confidence = 0.55 + (0.2 if supplier and recipient else 0.0)
        confidence += 0.1 if categories and categories != ["military_equipment_unspecified"] else 0.0
        confidence -= 0.15 if mood == "speculative" else 0.0
        return Indicator(
            type="arms_transfer",
            confidence=max(0.05, min(0.99, confidence)),
            modality=mood,
            attribution=source,
            evidence=evidence(sentence, triggers),
            fields={
                "supplier": supplier,
                "recipient": recipient,
                "weapon_categories": categories,
                "items": _items(mine) if mine else triggers[0].text,
                "quantity": _quantity(mine),
                "mode_of_transport": _transport(scope, sentence, triggers[0]),
                "route": [],
            },
        )
