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


@dataclass
class Discourse:
    more_mentions: Callable[[], list[Mention]] | None = None
    mentions: list[Mention] = field(default_factory=list)
    people: dict[str, str] = field(default_factory=dict)
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
        self.mentions.sort(key=lambda mention: mention.offset)

    def person_party(self, name: str) -> str | None:
        """The state of a person named earlier with a title or known as a leader ("Lavrov" -> RU)."""
        key = name.strip().lower()
        return self.people.get(key) or self.people.get(key.split()[-1] if key else key)

    def _states_before(self, offset: int) -> list[Mention]:
        return [m for m in self.mentions if m.offset < offset and m.label in ("STATE", "PERSON", "GROUP", "ORG_STATE")]

    def last_party(self, offset: int, exclude: set[str]) -> str | None:
        """The most recently mentioned party before `offset` that is not in `exclude` (for "it", "they")."""
        for mention in reversed(self._states_before(offset)):
            if mention.code not in exclude:
                return mention.code
        return None

    def salient(self, offset: int, count: int = 2) -> list[str]:
        """The `count` parties the article has named most up to `offset` (ties: first named first)."""
        before = self._states_before(offset)
        if len({m.code for m in before}) < count and self.more_mentions and not self._expanded:
            self._expanded = True
            known = {m.offset for m in self.mentions}
            self.mentions += [m for m in self.more_mentions() if m.offset not in known]
            self.mentions.sort(key=lambda mention: mention.offset)
            before = self._states_before(offset)
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
