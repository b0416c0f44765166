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
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from spacy.tokens import Span, Token

from alerts.extract.attribution import attribution
from alerts.extract.discourse import Discourse, historic_time
from alerts.extract.grammar import (
    ANAPHORS,
    PRONOUNS,
    EvidenceFactory,
    article_offset,
    chain,
    is_passive,
    phrase_parties,
    prep_objects,
    subjects,
)
from alerts.extract.modality import ALLEGED_NOUNS, DENY_VERBS, SAY_VERBS, modality
from alerts.extract.parties import token_party
from alerts.extract.weapons import SPAN_KEY, is_ambiguous, span_categories
from alerts.model import WEAPON_CATEGORIES, Indicator

GIVE_VERBS = {"supply", "deliver", "send", "ship", "sell", "provide", "transfer", "give", "export", "smuggle",
              "donate", "gift", "furnish", "dispatch", "transport", "funnel", "hand", "consign", "channel",
              "airlift", "re-export", "lend", "lease", "traffic", "move", "ferry", "truck"}
# Verbs of carrying that move goods only with a destination: "flew armoured vehicles into Bamako", "cargo flights
# brought weapons to Haftar's forces" (but "Russia flew jets over Syria" is use, "the war brought misery" nothing).
CARRY_VERBS = {"fly", "bring"}
# The mode of transport a verb itself names.
VERB_MODES = {"fly": "air", "airlift": "air", "ferry": "sea", "truck": "road"}
RECEIVE_VERBS = {"receive", "obtain", "acquire", "buy", "purchase", "import", "procure"}
ORDER_VERBS = {"order"}
# Putting weapons into service: a transfer only when the text says where they were made ("the navy commissioned
# two submarines built in China", "the army inducted Chinese-made tanks"); a home-built frigate is none.
INDUCT_VERBS = {"induct", "commission"}
SUPPORT_VERBS = {"support", "help", "aid", "assist", "back", "bolster", "arm", "equip", "reinforce", "resupply"}
SEIZE_VERBS = {"seize", "intercept", "confiscate", "interdict", "impound"}
# Verbs whose claim counts without named goods: "arm" always, the others when denied ("denied supplying the RSF").
BARE_VERBS = {"arm", "supply", "send", "ship", "provide", "sell", "deliver", "transfer"}
USE_VERBS = {"fire", "launch", "use", "deploy", "employ", "attack", "strike", "fly", "operate"}
# "used in Russian strikes": the attack nouns whose party is the user of the weapon
ATTACK_NOUNS = {"strike", "attack", "assault", "offensive", "bombardment", "barrage", "raid", "bombing", "shelling",
                "operation", "campaign", "salvo"}
# The return side of a deal given as help: "in exchange for help with its satellite programme"
HELP_NOUNS = {"help", "assistance", "support", "aid", "expertise", "know-how", "technology", "cooperation"}
GIVE_NOUNS = {"shipment", "delivery", "supply", "sale", "transfer", "export", "consignment", "smuggling", "gift",
              "donation", "flow", "provision", "trafficking", "shipping", "handover", "re-export", "transit",
              "package"}
# Ambiguous goods ("jets", "components") count only in a sentence with one of these words in it.
MILITARY_CUES = {"military", "army", "armed", "defence", "defense", "war", "wartime", "weapons", "weapon", "arms",
                 "troops", "soldiers", "navy", "naval", "combat", "fighter", "missile", "missiles", "drone", "drones",
                 "battlefield", "munitions", "sanctions", "embargo", "military-industrial", "warplanes", "attack",
                 "attacks", "invasion", "frontline", "front", "militants", "rebels", "militia", "strikes"}
RECEIVE_NOUNS = {"purchase", "import", "acquisition", "procurement"}
SEIZE_NOUNS = {"seizure", "interception", "interdiction"}
SUPPLIER_NOUNS = {"supplier", "provider", "exporter"}
BUYER_NOUNS = {"buyer", "importer", "customer", "purchaser", "recipient", "client"}
USE_NOUNS = {"use", "deployment"}  # "Russia's use of Iranian drones"
PLEDGE_VERBS = {"pledge", "promise", "offer"}  # a giving still to come: planned
# With the goods as subject: "the first missiles arrived in Russia", "the arms came from Libya".
ARRIVE_VERBS = {"arrive", "reach", "come", "originate"}
# With a transfer noun as object, the subject of these is the recipient: "took delivery of", "awaits deliveries",
# "Ukraine requested more supplies of shells".
LIGHT_RECEIVE = {"take", "accept", "await", "get", "receive", "want", "need", "request", "seek", "demand"}
DESTINED = {"bind", "bound", "destine", "destined", "intend", "earmark", "head", "headed", "consign"}
LIGHT_GIVE = {"make", "complete", "carry", "conduct", "begin", "start", "resume", "continue"}
# Verbs that decide on a transfer named by their object noun: "Washington approved the sale of F-16s to
# Turkey" (the subject is the seller), "India finalised the purchase of Rafales" (the buyer).
DECIDE_VERBS = {"approve", "authorize", "authorise", "clear", "announce", "finalize", "finalise", "sign",
                "conclude", "greenlight", "agree", "block", "halt", "suspend", "cancel", "freeze", "veto", "delay",
                "stop", "resume", "complete", "make", "continue", "begin", "start", "confirm", "order", "seal",
                "negotiate", "plan", "intend", "consider", "discuss", "propose", "arrange", "organise", "organize"}
# Transfers governed by these are norms, not events: "a resolution prohibiting the supply of weapons to ...".
# So are rights: "Iran is within its rights to export weapons to any country".
NORM_VERBS = {"prohibit", "ban", "forbid", "outlaw", "bar", "restrict", "embargo", "right"}
ORIGIN_WORDS = {"made", "produced", "built", "designed", "manufactured", "supplied", "origin", "design",
                "manufacture", "make", "production"}
CONTENT_VERBS = {"include", "contain", "comprise", "involve", "consist"}
NOT_GOODS = {"build", "buildup", "build-up", "race", "program", "programme", "test", "testing", "strike", "attack",
             "industry", "factory", "plant", "production", "manufacturer", "maker", "dealer", "trade", "control",
             "embargo", "crew", "operator", "pilot", "base", "site", "launch", "fire", "capability", "development",
             "research", "expert", "specialist", "engineer", "training", "instructor", "shield", "exercise",
             "drill", "range", "treaty", "talk", "proliferation", "sanction", "monitor", "official", "ministry",
             "company", "firm", "giant", "sector", "market", "budget", "spending", "debris", "wreckage",
             "fragment", "threat", "inspector", "inspection", "expo", "show", "fair", "exhibition", "museum",
             "maintenance", "repair", "deterrent", "doctrine", "policy", "regime"}
BLOCKING_NOUNS = {"training", "manufacture", "manufacturing", "production", "maintenance", "repair", "modification",
                  "development", "programme", "program", "access", "funding", "fund", "money", "revenue", "income",
                  "financing", "loan", "attack", "strike", "test", "testing", "design", "research", "control",
                  "race", "embargo", "ban", "threat", "capability", "defense", "defence", "industry", "factory",
                  "plant", "facility", "knowledge", "expertise", "train", "learn", "build", "develop",
                  "produce", "assemble", "operate", "target", "shoot", "intercept", "destroy"}
TRANSPORT = {
    "rail": {"train", "trains", "rail", "railway", "railways", "railroad", "wagons", "wagon", "echelons", "echelon",
             "railcars", "freight"},
    "sea": {"ship", "ships", "sea", "vessel", "vessels", "dhow", "dhows", "maritime", "port", "ports", "freighter",
            "freighters", "tanker", "tankers", "boat", "boats", "ferry", "cargo ship"},
    "air": {"air", "plane", "planes", "flights", "flight", "airlift", "airlifted", "airplanes", "airport"},
    "road": {"truck", "trucks", "road", "roads", "lorry", "lorries", "convoy", "convoys", "overland", "land"},
}
_MODE_PREPS = {"by", "via", "aboard", "on", "through", "over"}
IMPLICIT_SIDE_KINDS = {"give", "pledge", "receive", "order", "seize", "arrive"}
# Transfers placed well in the past ("in 1973", "during the Cold War") are background: embargo rules ignore
# indicators below 0.5 confidence.
HISTORIC_CONFIDENCE = 0.3
# "to" after these names no destination: "according to Belarusian monitors", "due to", "compared to"
NOT_DESTINATION = {"according", "due", "thanks", "owing", "prior", "compared", "contrary", "next", "close",
                   "similar", "addition", "relative", "referring", "pointing", "speaking", "told"}
# A state's own armed forces, as receivers of a new batch of weapons
FORCE_NOUNS = {"troop", "troops", "army", "armies", "force", "forces", "navy", "unit", "units", "brigade", "brigades",
               "regiment", "division", "fleet", "military", "soldier", "soldiers", "battalion", "garrison"}
# Goods made at home: received from one's own industry, not transferred
DOMESTIC_WORDS = {"domestically", "domestic", "indigenous", "indigenously", "homegrown", "home-grown", "home-made",
                  "homemade", "home-built", "locally", "locally-made", "locally-produced", "own", "national-made"}
DOMESTIC_PREFIXES = {"home", "locally", "domestically", "indigenously"}
# A denial appended to a claim: ", a charge Abu Dhabi rejects", ", which Tehran denies"
DENIAL_TAILS = {"denies", "denied", "deny", "rejects", "rejected", "reject", "dismisses", "dismissed", "dismiss",
                "refutes", "refuted", "disputes", "disputed"}
CLAIM_APPOSITIONS = {"charge", "charges", "claim", "claims", "accusation", "accusations", "allegation",
                     "allegations", "which", "something", "assertion", "assertions"}
# "with more expected": words after "more" that announce further deliveries
MORE_CUES = {"expected", "planned", "due", "scheduled", "promised", "coming", "pledged"}
# Marks a finder leaves on its transfers for the steps that read the whole article (alerts/extract/__init__.py):
# the text names the missing side as no party ("to any country"), so it is not to be filled from the story;
# the claim is alleged only as "news about" it, so the article's denial of it replaces it.
SIDE_NAMED = "transfer.side_named_no_party"
HEARSAY = "modality.news_about"
FILL_WINDOW = 250  # characters before the trigger in which an implicit party may have been named (about a sentence)


@dataclass
class _Frame:
    trigger: Token
    kind: str  # give, pledge, receive, order, support, seize, use, arrive; for nouns also supplier, buyer
    verb: Token  # the token whose subject and prepositions carry the roles
    extra: tuple[Token, ...] = ()  # further trigger words ("took delivery", "handed over")


def _frame(token: Token) -> _Frame | None:
    """The transfer frame a token triggers, if any: its kind and the token that carries the roles."""
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        if lemma == "take":
            noun = next((c for c in token.children if c.dep_ == "dobj" and c.lemma_ in ("delivery", "possession")),
                        None)
            return _Frame(token, "receive", token, (noun,)) if noun is not None else None
        if lemma in DESTINED and token.dep_ in ("acl", "amod", "relcl") and any(
            c.lower_ in ("for", "to") for c in token.children
        ):
            return _Frame(token, "give", token)  # "munitions bound for Russia", "arms destined for the Houthis"
        if lemma == "hand":
            particle = next((c for c in token.children if c.dep_ == "prt"), None)
            return _Frame(token, "give", token, (particle,) if particle is not None else ())
        destination = any(c.dep_ in ("prep", "dative") and c.lower_ in ("to", "into") for c in token.children)
        if lemma in CARRY_VERBS and destination:
            return _Frame(token, "give", token)
        if lemma in ("come", "originate") and not any(c.lower_ == "from" for c in token.children):
            return None
        if lemma in ("end", "wind") and any(c.dep_ == "prt" and c.lower_ == "up" for c in token.children):
            return _Frame(token, "arrive", token)  # "Bulgarian shells have ended up in Ukraine"
        for kind, lemmas in (("give", GIVE_VERBS), ("pledge", PLEDGE_VERBS), ("receive", RECEIVE_VERBS),
                             ("order", ORDER_VERBS), ("support", SUPPORT_VERBS), ("seize", SEIZE_VERBS),
                             ("use", USE_VERBS), ("arrive", ARRIVE_VERBS), ("induct", INDUCT_VERBS)):
            if lemma in lemmas:
                # "denied supplying shells to Moscow", mis-parsed as an adjective on "shells": the roles hang
                # on the governing verb
                head = token.head
                if token.dep_ == "amod" and token.tag_ == "VBG" and head.dep_ == "dobj" and head.head.pos_ == "VERB":
                    return _Frame(token, kind, head.head)
                if lemma == "arm" and not any(c.lower_ == "with" for c in token.children):
                    # "Tehran armed the Houthis": arming a party is a transfer even when no weapon is named
                    armed = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass") and c.lower_ not in
                             ("itself", "themselves", "himself", "herself")]
                    return _Frame(token, "give", token) if armed else None
                if kind == "support" and not any(c.lower_ == "with" for c in token.children):
                    return None  # "help it deploy", "support the war": support only "with" goods
                return _Frame(token, kind, token)
        return None
    if token.pos_ in ("NOUN", "PROPN"):
        kind = ("give" if lemma in GIVE_NOUNS else "receive" if lemma in RECEIVE_NOUNS
                else "seize" if lemma in SEIZE_NOUNS else "supplier" if lemma in SUPPLIER_NOUNS
                else "buyer" if lemma in BUYER_NOUNS else "use" if lemma in USE_NOUNS else None)
        if kind is None:
            return None
        head = token.head
        if token.dep_ in ("dobj", "nsubjpass") and head.lemma_ in LIGHT_RECEIVE and head.pos_ == "VERB":
            return None if head.lemma_ == "receive" else _Frame(token, "receive", head)
        if token.dep_ == "dobj" and head.pos_ == "VERB" and kind in ("give", "receive") and (
            head.lemma_ in DECIDE_VERBS or (kind == "give" and head.lemma_ in LIGHT_GIVE)
        ):
            return _Frame(token, kind, head)
        return _Frame(token, kind, token)
    return None


def _weapons_in(tokens: set[int], spans: list[Span]) -> list[Span]:
    return [span for span in spans if span.root.i in tokens]


def _goods(span: Span, spans: list[Span]) -> bool:
    """False for a weapon word that only modifies a noun that is not goods: "an arms build-up", "a weapons
    programme", "missile tests", "drone operators" (but "S-400 squadrons", "arms shipments" are goods)."""
    root = span.root
    if root.dep_ not in ("compound", "amod", "nmod") or root.head.pos_ not in ("NOUN", "PROPN"):
        return True
    return root.head.lemma_.lower() not in NOT_GOODS


def _blocked(span: Span, verb: Token, spans: list[Span]) -> bool:
    """True when the weapon sits under an activity that is not a transfer of it ("received training in the
    manufacture of drones", "funding for its missile programme") or is the payload of another weapon named
    as the goods ("a drone that carries precision-guided munitions")."""
    for token in span.root.ancestors:
        if token.i == verb.i:
            return False
        if token.lemma_.lower() in BLOCKING_NOUNS and token.pos_ in ("NOUN", "PROPN", "VERB"):
            return True
        if token.dep_ in ("relcl", "acl") and any(s.root.i == token.head.i for s in spans if s is not span):
            return True
    return False


def _exchange_goods(verb: Token) -> Token | None:
    """The object of "in exchange for" / "in return for" attached to the verb's subtree."""
    for token in verb.subtree:
        if token.lower_ in ("exchange", "return") and token.head.lower_ == "in":
            for prep in token.children:
                if prep.lower_ == "for":
                    return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


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
    """"with more expected", "with more to come", "and more are planned": further deliveries announced."""
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
    return trigger.pos_ == "NOUN" and trigger.lemma_.lower() in GIVE_NOUNS | RECEIVE_NOUNS and any(
        c.dep_ == "nummod" or (c.dep_ == "det" and c.lower_ in ("the", "these", "those", "this", "that"))
        for c in trigger.children)


def _reported(exchange: Token | None, supplier: str, recipient: str, discourse: Discourse) -> bool:
    """True when the return side is written as goods already reported between the same parties: "in exchange
    for the ammunition" after the article told of those shells; it is no new claim."""
    definite = exchange is not None and any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "these", "that", "those", "its", "their")
        for c in exchange.children)
    return definite and (supplier, recipient) in discourse.transfers


def _helped(span: Span, exchange: Token | None) -> bool:
    """True for a weapon named as the programme the return side helps with: "in exchange for help with its
    military satellite programme" is a transfer of satellite know-how, though "a satellite programme" alone is
    not goods."""
    return exchange is not None and exchange.lemma_.lower() in HELP_NOUNS and any(
        a.i == exchange.i for a in span.root.ancestors)


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
    phrase = {t.i for t in root.subtree} | set(range(max(sent.start, span.start - 4), span.start))
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
        window = doc[max(sentence.start, token.i - 6): token.i]
        opener = next((t for t in reversed(window) if t.lower_ in CLAIM_APPOSITIONS), None)
        if opener is None or opener.i <= trigger.i:
            continue
        named = {code for t in doc[opener.i + 1: token.i] if (code := token_party(t))}
        if named & sides and not any(t.lower_ in ("not", "never", "n't") for t in doc[opener.i: token.i]):
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
    return bool(words & DOMESTIC_WORDS) or any("-" in w and w.split("-")[0] in DOMESTIC_PREFIXES for w in words) \
        or any(doc[i].lower_ in ("home", "locally", "domestically") and i + 1 < len(doc) and doc[i + 1].text == "-"
               for i in near)


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


def _resolve(tokens: list[Token], discourse: Discourse, exclude: set[str]) -> list[str]:
    """The parties named by argument heads; pronouns resolve to the speaker or the last party named."""
    found: list[str] = []
    for token in tokens:
        anaphor = token.lower_ in ANAPHORS and any(c.lower_ in ("the", "its", "this") for c in token.children)
        if token.lower_ in PRONOUNS or (anaphor and not phrase_parties(token)):
            speaker = _speaker_party(token)
            if speaker is None and token.lower_ in ("we", "i", "our", "my"):
                continue  # a quoted speaker's "we": only the speech verb's subject can say who that is
            code = speaker or discourse.last_party(token.idx + article_offset(token), exclude | _regimes(token))
            if code:
                found.append(code)
            continue
        parties = phrase_parties(token)
        if not parties and token.ent_type_ == "PERSON":
            code = discourse.person_party(token.text)
            parties = [code] if code else []
        found += parties
    return list(dict.fromkeys(found))


def _speaker_party(pronoun: Token) -> str | None:
    """For "Iran said that it had not ...": the subject of the speech verb governing the pronoun."""
    for governor in pronoun.ancestors:
        if governor.lemma_ in SAY_VERBS | DENY_VERBS | {"insist", "admit", "acknowledge"}:
            for child in governor.children:
                if child.dep_ == "nsubj" and child.lower_ not in PRONOUNS:
                    parties = phrase_parties(child)
                    if parties:
                        return parties[0]
    return None


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


def _fill_from_discourse(frame: _Frame, supplier: list[str], recipient: list[str],
                         discourse: Discourse, makers: set[str] = frozenset()) -> tuple[list[str], list[str]]:
    """One side named, the other left implicit. First the running story: the counterpart of an earlier
    transfer with the same known side ("the potential transfer of drones from the Houthis" after "weapons the
    Houthis might supply to al-Shabaab"). Then, for a finite verb, the party named just before ("20 BMP-2 were
    transported to Russia" after "Belarus continues to send equipment to Russia")."""
    code = discourse.counterpart(supplier[0] if supplier else None, recipient[0] if recipient else None)
    verb = frame.verb
    # "Washington accused Tehran of supplying the drones": a finite claim whose accuser is no side of it
    accuser = verb.head.head if verb.dep_ == "pcomp" and verb.head.lower_ == "of" else None
    accused = accuser is not None and accuser.lemma_ in ("accuse", "suspect")
    speakers = {c for s in (subjects(accuser) if accused else []) for c in phrase_parties(s)}
    speakers |= _seizers(verb.sent)  # "Kenyan police seized rifles bound for al-Shabaab": no supplier
    finite = verb.pos_ == "VERB" and (accused or (verb.tag_ != "VBG" and verb.dep_ not in ("csubj", "pcomp")))
    if code is None and finite and frame.kind not in ("seize", "arrive"):  # their other parties are places
        offset = article_offset(verb) + verb.idx  # parties named earlier in the sentence count too
        # the maker of the goods ("Chinese-made guns supplied by the UAE") is not the one who receives them
        code = discourse.last_party(offset, set(supplier) | set(recipient) | speakers | set(makers),
                                    window=FILL_WINDOW)
    if code is None or code in supplier or code in recipient:
        return supplier, recipient
    return (supplier or [code]), (recipient or [code])


def _seizers(sentence: Span) -> set[str]:
    """Parties that seize, intercept or confiscate goods in the sentence: never a side of the transfer."""
    found: set[str] = set()
    for token in sentence:
        if token.lemma_.lower() in SEIZE_VERBS and token.pos_ == "VERB":
            doers = prep_objects(token, {"by"}) if is_passive(token) else subjects(token)
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
                c for c in holder.children
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
                if mode in ("sea", "air", "road") and not carried and word not in (
                    "airlifted", "overland", "maritime", "dhow", "dhows"):
                    continue
                if mode not in found:
                    found.append(mode)
    return found


def _bare(frame: _Frame, sentence: Span) -> bool:
    """A transfer claim that names no goods: arming a party ("Tehran armed the Houthis") or a denied supply
    ("The UAE denied supplying the RSF"). Its goods stay empty (categories []) until the extractor borrows
    them from the article's other claims between the same parties."""
    lemma = frame.verb.lemma_.lower()
    if frame.verb.pos_ != "VERB" or lemma not in BARE_VERBS:
        return False
    return lemma == "arm" or modality(frame.trigger, sentence) == "denied"


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

    def __call__(self, sentence: Span, discourse: Discourse, evidence: EvidenceFactory) -> list[Indicator]:
        if self._story is not discourse:  # a new article
            self._story, self._moods = discourse, {}
        doc = sentence.doc
        weapons = [s for s in doc.spans.get(SPAN_KEY, []) if sentence.start <= s.start and s.end <= sentence.end]
        frames = [frame for token in sentence if (frame := _frame(token))]
        if not weapons:
            frames = [f for f in frames if f.verb.lemma_.lower() in BARE_VERBS]
        if not frames:
            return []
        trigger_ids = {f.trigger.i for f in frames}
        # A noun trigger governed by a trigger verb ("intercepted a shipment of", "received deliveries of") is
        # read through that verb; a frame whose roles hang on another trigger is read through that one.
        frames = [
            f for f in frames
            if not (f.verb.i != f.trigger.i and f.verb.i in trigger_ids)
            and not (f.trigger.pos_ in ("NOUN", "PROPN") and f.trigger.head.i in trigger_ids)
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
        for frame in frames:
            found += self._from_frame(frame, sentence, weapons, scopes[frame.trigger.i], loose, discourse, evidence)
        return found

    def _from_frame(self, frame: _Frame, sentence: Span, weapons: list[Span], scope: set[int], loose: list[Span],
                    discourse: Discourse, evidence: EvidenceFactory) -> list[Indicator]:
        if any(t.lemma_.lower() in NORM_VERBS for t in chain(frame.trigger)):
            return []
        if frame.trigger.tag_ == "VBG" and frame.trigger.dep_ in ("csubj", "nsubj", "csubjpass"):
            return []  # "Supplying weapons to the RSF would breach the embargo": a general statement
        exchange = _exchange_goods(frame.verb) if frame.kind in ("give", "support", "receive") else None
        exchange_ids = {t.i for t in exchange.subtree} if exchange is not None else set()
        goods = [s for s in weapons if _goods(s, weapons) and not _blocked(s, frame.verb, weapons)]
        if not _military_context(sentence):
            goods = [s for s in goods if not is_ambiguous(s) or span_categories(s) != ["dual_use"]]
        mine = [s for s in _weapons_in(scope, goods) if s.root.i not in exchange_ids]
        if frame.kind == "give" and frame.verb.pos_ == "VERB" and not is_passive(frame.verb):
            # "Cargo planes from Turkey brought drones": the vehicle that carries is not the goods
            mine = [s for s in mine if not (s.root.dep_ == "nsubj" and s.root.head.i == frame.verb.i)]
        own = bool(mine)  # goods in the trigger's own phrase, not taken from elsewhere in the sentence
        if not mine and frame.kind in ("give", "pledge", "receive", "order", "supplier", "buyer"):
            mine = [s for s in loose if s in goods and s.root.i not in exchange_ids]
        if mine and frame.verb.lemma_ in ("send", "dispatch") and all(span_categories(s) == ["naval"] for s in mine):
            return []  # "Russia sent warships to Cuba": a deployment of its own navy, not a transfer
        if frame.kind == "arrive":  # only goods arrive as a transfer: "Lavrov arrived in Pyongyang" is a visit
            carried = {t.i for subject in subjects(frame.verb) for t in subject.subtree}
            mine = [s for s in mine if s.root.i in carried]
        bare = not mine and _bare(frame, sentence)
        if not mine and not bare:
            return []
        supplier, recipient, unnamed = self._roles(frame, mine, discourse)
        if bare and supplier and not recipient:  # "denied arming either side": the side the story is about
            recipient = [c for c in [discourse.counterpart(supplier[0], None)] if c and c not in supplier]
        filled = bool(supplier) != bool(recipient) and frame.kind in IMPLICIT_SIDE_KINDS and unnamed
        if filled:
            makers = {code for span in mine for code in _origins(span)} if supplier else set()
            supplier, recipient = _fill_from_discourse(frame, supplier, recipient, discourse, makers)
        story = set(discourse.transfers)
        if not (supplier or recipient) and unnamed and own and _particular(frame.trigger) and len(story) == 1:
            # "there have been four shipments of missiles" in a story about one supply: that supply's sides,
            # but not a generic "controls exports of dual-use items"
            told_supplier, told_recipient = next(iter(story))
            supplier, recipient, filled = [told_supplier], [told_recipient], True
        if not supplier and frame.kind == "receive" and _own_forces(frame.verb):
            return []  # "Russian troops received a new batch of T-90M tanks": resupply from home, named by no one
        if not supplier and mine and all(_domestic(span) for span in mine):
            return []  # "the army received domestically produced howitzers": its own industry, no transfer
        if frame.kind in ("use", "seize", "support", "induct") and not (supplier and recipient):
            return []
        if mine and all(is_ambiguous(s) for s in mine) and not (supplier and recipient) and not _military_context(
                sentence):
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
        mood = modality(frame.trigger, sentence, base=base, anonymous=anon, hedges=hedges)
        earlier = self._moods.get((supplier[0], recipient[0]), set()) if filled and supplier and recipient else set()
        inherited = mood == "asserted" and len(earlier) == 1 and not earlier & {"asserted", "denied"}
        if inherited:
            mood = next(iter(earlier))  # a side taken from a hedged claim is only as certain as that claim
        triggers = [frame.trigger, *frame.extra] + ([frame.verb] if frame.verb is not frame.trigger else [])
        pairs = [(s, r) for s in (supplier or [None]) for r in (recipient or [None]) if s != r][:4]
        discourse.transfers += [(s, r) for s, r in pairs if s and r]
        for pair in pairs:
            self._moods.setdefault(pair, set()).add(mood)
        result = [self._indicator(s, r, mine, scope, sentence, mood, source, triggers, evidence) for s, r in pairs]
        for indicator in result:
            if inherited:
                indicator.fired("modality.inherited_hedge")
            if not unnamed or frame.kind not in IMPLICIT_SIDE_KINDS:
                indicator.fired(SIDE_NAMED)  # "to any country": leave it open
            if mood == "alleged" and any(t.pos_ == "NOUN" and t.lower_ in ALLEGED_NOUNS for t in chain(frame.verb)):
                indicator.fired(HEARSAY)  # "the news about Iran providing ..."
        returned = [s for s in weapons if s.root.i in exchange_ids and (s in goods or _helped(s, exchange))]
        if returned and supplier and recipient and not _reported(exchange, recipient[0], supplier[0], discourse):
            result.append(self._indicator(recipient[0], supplier[0], returned, exchange_ids, sentence, mood, source,
                                          triggers, evidence))
        if mood != "denied" and pairs and _denied_after(sentence, frame.trigger, set(supplier) | set(recipient)):
            # "... supplying the RSF with drones, a charge Abu Dhabi rejects": the accused's denial is a claim too
            tails = [self._indicator(s, r, mine, scope, sentence, "denied", source, triggers, evidence)
                     for s, r in pairs if s and r]
            for tail in tails:
                tail.fired("modality.denial_tail")
            result += tails
        if mood in ("asserted", "alleged") and _more_to_come(sentence):
            # "four shipments so far, with more expected in the coming weeks": the next ones are planned
            coming = [self._indicator(s, r, mine, scope, sentence, "planned", source, triggers, evidence)
                      for s, r in pairs if s and r]
            for plan in coming:
                plan.fired("modality.more_to_come")
            result += coming
        if historic_time(sentence, _reference_year(sentence), frame.trigger):
            for indicator in result:  # "Moscow supplied Egypt with MiG-21s in the 1960s": background, not news
                indicator.confidence = HISTORIC_CONFIDENCE
        return result

    def _roles(self, frame: _Frame, mine: list[Span], discourse: Discourse) -> tuple[list[str], list[str], bool]:
        """(suppliers, recipients, unnamed) by the frame's kind and voice, then origins of the goods for the
        supplier. `unnamed` is True when the text leaves a side out altogether (so the discourse may supply it),
        False when it names a side that is no party ("to any country", "to the Belgorod region")."""
        verb = frame.verb
        passive = is_passive(verb) if verb.pos_ != "NOUN" else False
        suppliers: list[Token] = []
        recipients: list[Token] = []
        weapon_roots = {s.root.i for s in mine}
        subj = [] if verb.pos_ == "NOUN" else subjects(verb)
        subj = [s for s in subj if s.i not in weapon_roots and not any(s.i in range(w.start, w.end) for w in mine)]
        if frame.kind != "seize":  # "the Navy seized weapons bound for the Houthis": the seizer is no party to it
            subj = [s for s in subj if s.head.lemma_.lower() not in SEIZE_VERBS or s.head.i == verb.i]
        agents = prep_objects(verb, {"by"}) if passive else []
        if passive and not agents:
            # "were supplied to Mali's junta by Russia": en_core_web_sm often hangs the agent on the noun before
            # it; a "by" phrase naming a party on a noun of the verb's own phrase is still the agent (but not
            # "units commanded by Russia", where the "by" belongs to another verb)
            agents = [o for o in prep_objects(verb, {"by"}, deep=True)
                      if o.head.head.pos_ in ("NOUN", "PROPN") and phrase_parties(o)
                      and not any(a.pos_ == "VERB" and a.i != verb.i for a in o.head.head.ancestors
                                  if a.i in {t.i for t in verb.subtree})]
        inside = {i for span in mine for i in range(span.start, span.end)}  # "surface-to-air" names no recipient

        def outside(tokens: list[Token]) -> list[Token]:
            return [t for t in tokens if t.i not in inside and t.head.i not in inside]

        froms = outside(prep_objects(verb, {"from"}, deep=True))
        tos = outside(prep_objects(verb, {"to", "into"}) or [
            o for o in prep_objects(verb, {"to"}, deep=True) if o.head.head.lower_ not in NOT_DESTINATION])
        fors = outside(prep_objects(verb, {"for"}, deep=True) + [
            obj for token in verb.subtree if token.lemma_ in DESTINED | {"mean"}
            for obj in prep_objects(token, {"for", "to"})])
        datives = [c for c in verb.children if c.dep_ in ("dative",) and c.pos_ in ("PROPN", "NOUN")]
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.i not in weapon_roots]
        kind = frame.kind
        if verb.pos_ == "NOUN":
            possessors = [c for c in verb.children if c.dep_ == "poss"]
            demonyms = [c for c in verb.children if c.dep_ in ("amod", "compound") and token_party(c)]
            if kind in ("supplier", "buyer"):
                # "Russia has become the largest weapons supplier to Venezuela", "India is the biggest buyer of
                # Russian arms", "North Korea is shaping up as Russia's supplier", "Russia's biggest customer"
                anchor = verb
                while anchor.dep_ == "conj":  # "as a key partner and supplier of weapons"
                    anchor = anchor.head
                holder = anchor.head.head if anchor.dep_ == "pobj" and anchor.head.lower_ == "as" else anchor.head
                named = subjects(holder) if (anchor.dep_ == "attr" or holder is not anchor.head) and holder.pos_ in (
                    "VERB", "AUX") else []
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
                recipients += possessors + demonyms
                suppliers += froms
                share = next((a for a in verb.ancestors if a.lemma_ in ("account", "make", "represent")), None)
                if share is not None:  # "Russia accounted for 36% of India's arms imports" (SIPRI shares)
                    suppliers += subjects(share)
            elif kind == "use":
                recipients += possessors + prep_objects(verb, {"by"})
            else:
                suppliers += possessors + demonyms + froms + prep_objects(verb, {"by"})
                recipients += tos + fors
            if verb.dep_ in ("dobj", "nsubjpass", "nsubj", "attr") and verb.head.pos_ in ("VERB", "AUX"):
                # "tracked arms shipments from Iran to the Houthis": the parser hangs the phrases on the verb
                suppliers += [] if suppliers else prep_objects(verb.head, {"from"})
                destined = verb.head.lemma_ in DESTINED  # "the shipment was intended for the IRA"
                recipients += [] if recipients else prep_objects(verb.head, {"to", "for"} if destined else {"to"})
        elif kind in ("give", "support", "pledge"):
            if passive:
                suppliers += agents + froms
                # "Ukraine was supplied with tanks": a passive subject that is not the goods is the recipient
                goods_heads = [s for s in subj if any(w.root.i in {t.i for t in s.subtree} for w in mine)]
                # but not a speaker borrowed as subject: "the systems sent to Ukraine", said of by Germany's minister
                recipients += tos + fors + [s for s in subj if phrase_parties(s) and s not in goods_heads
                                            and (s.head.i == verb.i or s.head.lemma_.lower() not in SAY_VERBS)]
            else:
                # "Washington approved the transfer of F-16s from Denmark to Ukraine": who decides on a transfer
                # named with its origin is not its supplier
                deciding = frame.trigger is not verb and verb.lemma_.lower() in DECIDE_VERBS and froms
                suppliers += (froms if deciding else subj + froms)
                recipients += datives + tos + fors + [o for o in objects if phrase_parties(o) or o.ent_type_]
        elif kind in ("receive", "order"):
            if passive:
                recipients += agents + fors
                suppliers += froms
            else:
                recipients += subj + fors
                suppliers += froms
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
            recipients += prep_objects(verb, {"in", "at", "to"}) + objects
        supplier = _resolve(suppliers, discourse, set())
        recipient = _resolve(recipients, discourse, set(supplier))
        if not recipient and kind in ("give", "pledge", "seize"):
            recipient = [c for c in _resolve(_users(mine), discourse, set(supplier)) if c not in supplier]
        if not recipient:
            recipient = [c for c in _bound_for(mine + [frame.trigger]) if c not in supplier]
        if kind == "support":
            recipient = [c for o in objects for c in phrase_parties(o, follow_of=False)] or recipient
        if not supplier or kind == "use":
            origins = [code for span in mine for code in _origins(span) if code not in recipient]
            supplier = origins[:1] if kind == "use" else (supplier or origins[:1])
        unnamed = (not supplier and not suppliers) or (not recipient and not recipients)
        return supplier, recipient, unnamed

    def _indicator(self, supplier: str | None, recipient: str | None, mine: list[Span], scope: set[int],
                   sentence: Span, mood: str, source: str | None, triggers: list[Token],
                   evidence: EvidenceFactory) -> Indicator:
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
            },
        )
