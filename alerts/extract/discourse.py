"""What the article has said so far: which parties it names, in what order, and whose people are whose.

Indicator finders look a sentence at a time, but news refers back: "the two countries", "it", "Lavrov"
after "Russian Foreign Minister Sergey Lavrov". A `Discourse` collects the party mentions of every parsed
chunk of one article (with article offsets) and answers those look-backs. Only the chunks the prefilter
kept are parsed; when they name too few states, `more_mentions` (a cheap tokenizer + party ruler pass over
the whole text) is consulted once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from alerts.extract.grammar import phrase_parties
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
    """One article's memory while its sentences are read: mentions, people, transfers found so far, and the
    transfers to adjust once the whole article is read (`hearsay`, `closed`; see alerts/extract/__init__.py)."""

    more_mentions: Callable[[], tuple[list[Mention], dict[str, str]]] | None = None
    mentions: list[Mention] = field(default_factory=list)
    people: dict[str, str] = field(default_factory=dict)
    transfers: list[tuple[str, str]] = field(default_factory=list)  # (supplier, recipient) found so far
    hearsay: set[int] = field(default_factory=set)  # id() of claims alleged only as "news/reports about" them
    closed: set[int] = field(default_factory=set)  # id() of transfers whose missing side the text names as no party
    _expanded: bool = False

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
        for name, code in titled_people(doc).items():
            self.people.setdefault(name, code)
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
        first = {}
        for m in before:
            first.setdefault(m.code, m.offset)
        ranked = sorted(tally, key=lambda code: (-tally[code], first[code]))
        return ranked[:count]


def sentence_parties(sentence: Span) -> list[str]:
    """Every party named in a sentence, in order, without repeats."""
    found: list[str] = []
    for token in sentence:
        code = token_party(token)
        if code and code not in found:
            found.append(code)
    return found
