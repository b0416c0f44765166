"""What the article has said so far: which parties it names, in what order, and whose people are whose.

Indicator finders look a sentence at a time, but news refers back: "the two countries", "it", "Lavrov"
after "Russian Foreign Minister Sergey Lavrov". A `Discourse` collects the party mentions of every parsed
chunk of one article (with article offsets) and answers those look-backs. Only the chunks the prefilter
kept are parsed; when they name too few states, `more_mentions` (a cheap tokenizer + party ruler pass over
the whole text) is consulted once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from spacy.tokens import Doc, Span, Token

from alerts.extract.grammar import LOCATED, noun_lemma, phrase_parties
from alerts.extract.individuals import full_names
from alerts.extract.parties import token_party


@dataclass(frozen=True, slots=True)
class Mention:
    offset: int
    code: str
    label: str  # STATE, GROUP or PERSON, as the party ruler labels it


TITLE_WORDS = frozenset(
    """foreign defence defense prime minister president vice deputy secretary general chief leader ambassador envoy
    supreme commander chairman spokesperson spokesman spokeswoman of state head army navy air force forces security
    council national interior finance intelligence director king crown prince queen premier chancellor counterpart
    official senior top first assistant affairs ministry military armed staff the""".split()
)
_NAME_PARTICLES = frozenset({"-", "al", "bin", "ibn", "van", "von", "de", "da", "el"})


def titled_people(doc: Doc) -> dict[str, str]:
    """{name: state} for "Russian Foreign Minister Sergey Lavrov", "North Korea's Foreign Minister Choe Son-hui".

    Works on party entities and token shapes only, so it runs on a tokenized text without a parse.
    """
    people: dict[str, str] = {}
    for ent in doc.ents:
        code = token_party(ent.root) if ent.label_ in ("STATE", "ORG_STATE") else None
        if not code:
            continue
        i = ent.end
        if i < len(doc) and doc[i].lower_ in ("'s", "’s"):
            i += 1
        titles = 0
        while i < len(doc) and doc[i].lower_ in TITLE_WORDS and titles < 6:
            titles += doc[i].lower_ not in ("of", "the")
            i += 1
        name: list[str] = []
        while i < len(doc) and len(name) < 5 and (doc[i].is_title or (name and doc[i].lower_ in _NAME_PARTICLES)):
            if doc[i].lower_ in TITLE_WORDS or doc[i].ent_type_ in ("STATE", "ORG_STATE", "GROUP"):
                break
            name.append(doc[i].text_with_ws if doc[i].lower_ == "-" or doc[i].text.endswith("-") else doc[i].text)
            i += 1
        if titles and name:
            full = " ".join(name).replace(" - ", "-").replace("- ", "-")
            people.setdefault(full.lower(), code)
            people.setdefault(full.split()[-1].lower(), code)
    return people


def clean_name(name: str) -> str:
    """A person's name without a possessive ending or surrounding spaces: "Li Na's" -> "Li Na"."""
    name = " ".join(name.split())
    for ending in ("'s", "’s", "'", "’"):
        if name.endswith(ending):
            return name[: -len(ending)].rstrip()
    return name


@dataclass
class Discourse:
    """One article's memory while its sentences are read: mentions, people and the transfers found so far.
    What a finder wants the whole-article steps to know about one indicator travels on the indicator itself,
    as a named heuristic (alerts/extract/transfers.py: SIDE_NAMED, HEARSAY)."""

    more_mentions: Callable[[], tuple[list[Mention], dict[str, str]]] | None = None
    mentions: list[Mention] = field(default_factory=list)
    people: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # surname -> full name of the persons named (individuals.py)
    transfers: list[tuple[str, str]] = field(default_factory=list)  # (supplier, recipient) found so far
    # (offset, lemma, parties) of located nouns that name their parties: "a China-based network", "firms in Iran"
    located: list[tuple[int, str, list[str]]] = field(default_factory=list)
    reference_year: int | None = None  # the article's year (published_at), for `historic`; None: this year
    _expanded: bool = False

    def historic(self, sentence: Span, trigger: Token | None = None) -> bool:
        """Whether the trigger's clause tells of history ("in the 1960s"), dated against the article's year."""
        return historic_time(sentence, self.reference_year, trigger)

    def add(self, doc: Doc, base: int) -> None:
        """Record the party mentions and titled people ("Russian Foreign Minister Sergey Lavrov") of a chunk."""
        for ent in doc.ents:
            code = token_party(ent.root)
            if code:
                self.mentions.append(Mention(base + ent.start_char, code, ent.label_))
            if ent.label_ == "PERSON":
                code = code or next(iter(phrase_parties(ent.root)), None)
                if code:
                    for key in {ent.text.lower(), ent[-1].lower_}:
                        self.people.setdefault(key, code)
        for token in doc:
            if token.pos_ in ("NOUN", "PROPN") and noun_lemma(token) in LOCATED and (parties := phrase_parties(token)):
                self.located.append((base + token.idx, noun_lemma(token), parties))
        self.located.sort(key=lambda entry: entry[0])
        for name, code in titled_people(doc).items():
            self.people.setdefault(name, code)
        for surname, full in full_names(doc).items():
            self.names.setdefault(surname, full)
        self.mentions.sort(key=lambda mention: mention.offset)

    def _expand(self) -> None:
        """Once per article: add the mentions and titled people of the text the prefilter skipped."""
        if self._expanded or self.more_mentions is None:
            return
        self._expanded = True
        mentions, people = self.more_mentions()
        known = {m.offset for m in self.mentions}
        self.mentions += [m for m in mentions if m.offset not in known]
        self.mentions.sort(key=lambda mention: mention.offset)
        for name, code in people.items():
            self.people.setdefault(name, code)

    def person_party(self, name: str) -> str | None:
        """The state of a person named with a title or known as a leader ("Lavrov" -> RU)."""
        key = clean_name(name).lower()
        if not key:
            return None
        for attempt in range(2):
            code = self.people.get(key) or self.people.get(key.split()[-1])
            if code or attempt:
                return code
            self._expand()
        return None

    def _states_before(self, offset: int) -> list[Mention]:
        return [m for m in self.mentions if m.offset < offset and m.label in ("STATE", "PERSON", "GROUP", "ORG_STATE")]

    def last_party(self, offset: int, exclude: set[str], window: int | None = None) -> str | None:
        """The most recently mentioned party before `offset` (and not more than `window` characters before it)
        that is not in `exclude`: for "it", "they" and for a side the sentence leaves implicit."""
        for mention in reversed(self._states_before(offset)):
            if window is not None and mention.offset < offset - window:
                return None
            if mention.code not in exclude and mention.label != "ORG_STATE":
                return mention.code
        return None

    def located_before(self, offset: int, lemma: str) -> list[str]:
        """The parties of the latest located noun with this lemma before `offset` ("a China-based network" for
        a later "the network")."""
        for start, found, parties in reversed(self.located):
            if start < offset and found == lemma:
                return parties
        return []

    def counterpart(self, supplier: str | None, recipient: str | None) -> str | None:
        """The other side of the latest transfer found with this supplier (or recipient): the running story."""
        for found_supplier, found_recipient in reversed(self.transfers):
            if supplier and found_supplier == supplier:
                return found_recipient
            if recipient and found_recipient == recipient:
                return found_supplier
        return None

    def salient(self, offset: int, count: int = 2, kinds: set[str] | None = None) -> list[str]:
        """The `count` parties the article has named most up to `offset` (ties: first named first), counting
        only mentions of the given labels (STATE, ORG_STATE, PERSON, GROUP): "the two groups" are groups."""

        def before_offset() -> list[Mention]:
            return [m for m in self._states_before(offset) if kinds is None or m.label in kinds]

        before = before_offset()
        if len({m.code for m in before}) < count and not self._expanded:
            self._expand()
            before = before_offset()
        tally = Counter(m.code for m in before)
        first: dict[str, int] = {}
        for m in before:
            first.setdefault(m.code, m.offset)
        ranked = sorted(tally, key=lambda code: (-tally[code], first[code]))
        return ranked[:count]


# --- historic background ---------------------------------------------------------------------------------

#: How many years before the article's own time a dated event is background history, not news.
HISTORIC_YEARS = 10
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_DECADE = re.compile(r"^(?:mid-|early-|late-)?(1[89]\d0|20\d0)s$")
_SHORT_DECADE = re.compile(r"^(\d)0s$")  # "'80s" (the tokenizer splits off the apostrophe)
_MONTHS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr jun "
    "jul aug sep sept oct nov dec".split()
)
#: words before a year that make it a time ("in 1973", "October 1973", "by 1991"), not a quantity ("1973 shells")
_YEAR_LEADS = (
    frozenset(
        "in during by from between of around until till before circa early late mid spring summer autumn fall winter "
        "and to".split()
    )
    | _MONTHS
)
#: nouns after a year that make it an event's date ("the 1973 war")
_EVENT_NOUNS = frozenset("war wars conflict invasion revolution uprising coup crisis".split())
#: eras named as a time ("during the Cold War", "in Soviet times"); "Soviet-era tanks" is a weapon's age instead
_ERA = re.compile(
    r"\b(?:in|during|under|throughout|at the height of|at the time of)\s+(?:the\s+)?"
    r"(?:soviet\s+(?:era|times|period|days|rule|years)|cold\s+war|days\s+of\s+the\s+(?:soviet\s+union|ussr)"
    r"|warsaw\s+pact\s+(?:era|days|years)|(?:brezhnev|khrushchev|stalin|gaddafi|saddam)\s+(?:era|years))",
    re.IGNORECASE,
)
#: states that no longer exist, acting in the sentence: what they did is history ("the Soviet Union delivered")
_GONE = re.compile(r"\b(?:the\s+)?(?:soviet\s+union|ussr|u\.s\.s\.r\.?|soviets|warsaw\s+pact)\b", re.IGNORECASE)
#: words just before a gone state or era that date the event after it ("since the collapse of the Soviet Union")
_AFTER = re.compile(
    r"\b(?:since|after|post|collapse|fall|breakup|break-up|dissolution|demise|end|ended)\b[\w\s-]{0,25}$",
    re.IGNORECASE,
)
#: words that put the event in the present, whatever else the clause recalls
_PRESENT = frozenset({"now", "currently", "today", "recently", "still", "again"})


def _clause(token: Token) -> Token:
    """The verb that governs a token (itself when it is one), or the sentence root."""
    for candidate in (token, *token.ancestors):
        if candidate.pos_ in ("VERB", "AUX"):
            return candidate
    return token.sent.root


def _year_of(token: Token, reference: int) -> int | None:
    """The year a token dates, as the last year it covers ("1960s" -> 1969), or None when it is no date."""
    doc, i = token.doc, token.i
    previous = doc[i - 1].lower_ if i > 0 else ""
    if previous == "since" or (i > 1 and doc[i - 2].lower_ == "since"):
        return None  # "since 1991", "since the 1990s": up to now
    if _YEAR.match(token.text):
        following = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        if previous in _YEAR_LEADS or following in _EVENT_NOUNS or (previous == "the" and following in _EVENT_NOUNS):
            return int(token.text)
        return None
    match = _DECADE.match(token.lower_)
    if match:
        return int(match.group(1)) + 9
    match = _SHORT_DECADE.match(token.lower_)
    if match and previous in ("'", "’"):
        decade = int(match.group(1)) * 10
        century = 2000 if decade <= reference % 100 else 1900
        return century + decade + 9
    return None


def historic_time(sentence: Span, reference_year: int | None = None, trigger: Token | None = None) -> bool:
    """Whether the sentence (or, given a trigger, the trigger's clause) tells of history, not news: "Moscow
    supplied Egypt with MiG-21s in the 1960s", "In 1973 the Soviet Union delivered tanks to Syria", "during the
    Cold War". A year or decade counts when it ends more than HISTORIC_YEARS before `reference_year` (the
    article's year: published, else stated in its other sentences; this year only when the article gives none,
    which errs towards background, never towards news); a gone state acting ("the Soviet Union delivered") or an era named as
    a time ("in Soviet times") counts too, but not "since the collapse of the Soviet Union" or "Soviet-era
    tanks". A recent year or "now"/"still" in the same clause makes it news again.

    Why: background transfers are real transfers, but not current events; the caller lowers their confidence
    so that alert rules (which want confidence >= 0.5) leave them out.
    """
    reference = reference_year or datetime.now(UTC).year
    scope = _clause(trigger) if trigger is not None else None

    def in_scope(token: Token) -> bool:
        return scope is None or _clause(token) == scope

    historic = recent = False
    for token in sentence:
        if token.lower_ in _PRESENT and in_scope(token):
            recent = True
            continue
        year = _year_of(token, reference)
        if year is not None and in_scope(token):
            if year < reference - HISTORIC_YEARS:
                historic = True
            else:
                recent = True
    text = sentence.text
    for pattern in (_ERA, _GONE):
        for match in pattern.finditer(text):
            if pattern is _GONE and _AFTER.search(text[: match.start()]):
                continue
            span = sentence.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None and in_scope(span.root):
                historic = True
    return historic and not recent
