"""Screening an article against the official lists: the `sanctioned_entity` indicator.

Precision first. A name is reported only when the list comparison is close (alerts/screening/index.py) and,
for the names that could easily belong to someone else, when the text corroborates it:
- a name is the end of its run of capitalised words: "Qods Aviation Museum" is not "Qods Aviation
  Industries"; only titles ("President") may come before a person's name, not more name ("Kim Jong-chol");
- a vessel is only a vessel named as one ("the tanker Angara", "MV Angara", "Angara (IMO 9179842)"); a
  one-word vessel name only exactly, and a short one ("Sky") with its flag state in the text or its IMO number;
- an "IMO 9xxxxxx" number matches its vessel exactly, and an aircraft registration mark its aircraft;
- a person needs at least two name words, the surname among them; a common name (every word frequent on the
  lists, "Ali Hassan") or a partial name with a common surname ("Sergei Ivanov") needs the person's
  nationality in the text;
- a one-word organisation name must be the whole listed name and an acronym of four letters or more
  ("KOMID"), a known armed group ("Hamas"), long and unique to the entity ("Rosoboronexport"), or have its
  country in the text; a company name of ordinary words ("Sun Properties") needs its country too;
- a weak alias always needs the entity's country in the text.
Each indicator says which of these reasons held (`reasons`).

When the name sits in the sentence of an arms transfer the extractor found, it gets a role: a vessel or an
aircraft is the carrier; an organisation or person named as the transfer's supplier or recipient (or, failing
that, after "from"/"by" or "to"/"for") takes that side.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rigour.names import remove_person_prefixes

from alerts.lists.model import ListEntity
from alerts.model import Article, Evidence, Indicator
from alerts.screening.candidates import Candidate, Sentence, find_candidates
from alerts.screening.index import IndexedName, ListedEntity, NameIndex
from alerts.screening.names import fold, name_tokens

#: A name word carried by more list names than this is common ("Ali", "Mohammed", "Hassan", "Kim").
COMMON_WORD = 25
#: A surname carried by more list names than this ("Ivanov", "Kim") needs more than a partial name.
COMMON_SURNAME = 12
#: An organisation name of at most three words each carried by more list names than this is generic.
COMMON_ORG_WORD = 10
#: A word of a listed organisation's name carried by more names than this may be left out ("concern").
GENERIC_WORD = 20
#: A one-word vessel name this short ("Sky", "Bella") also needs the flag state or the IMO number.
SHORT_VESSEL = 5
#: Acronyms shorter than this ("ESG", "MPC", "ASP") are too often something else to match on their own.
MIN_ACRONYM = 4
#: A one-word organisation name at least this long and unique to its entity matches on its own.
DISTINCTIVE_LENGTH = 6
#: The longest name (in words) looked for at the end of a run.
MAX_SPAN_WORDS = 8
#: The entity types that share a normal form of names (aircraft are matched by registration mark only).
_NORMAL_FORMS = (frozenset({"person"}), frozenset({"organization", "vessel"}))
_ACRONYM = re.compile(r"^[A-Z0-9&\-]{3,}$")
_TOWARDS = re.compile(r"\b(?:to|for|into|towards|bound for|destined for)\s+(?:the\s+)?$", re.IGNORECASE)
_FROM = re.compile(r"\b(?:from|by|of)\s+(?:the\s+)?$", re.IGNORECASE)
_SUPPLY_VERB = re.compile(
    r"\b(?:suppl(?:y|ies|ied)|shipp?(?:ed|ing|s)?|sold|sells?|deliver(?:s|ed)?|sent|sends?|provid(?:es|ed)|"
    r"export(?:s|ed)|transferr?(?:ed|s)?|armed)\b",
    re.IGNORECASE,
)
_CARRY_VERB = re.compile(
    r"\b(?:carr(?:y|ies|ied|ying)|transport(?:s|ed|ing)?|ferr(?:y|ies|ied|ying)|ship(?:s|ped|ping)|"
    r"deliver(?:s|ed|ing)?|load(?:s|ed|ing)?|unload(?:s|ed|ing)?|offload(?:s|ed|ing)?|mov(?:es|ed|ing)|"
    r"smuggl(?:es|ed|ing)|laden|bound)\b",
    re.IGNORECASE,
)


class _Lazy:
    """A value computed on first use: the states an article names are only needed to corroborate a match."""

    __slots__ = ("_make", "_value")

    def __init__(self, make: Callable[[], set[str]]) -> None:
        self._make = make
        self._value: set[str] | None = None

    @property
    def value(self) -> set[str]:
        if self._value is None:
            self._value = self._make()
        return self._value


@dataclass(frozen=True, slots=True)
class _Match:
    candidate: Candidate
    start: int
    end: int
    listed: ListedEntity
    matched_name: str
    score: float
    reasons: tuple[str, ...]


class Screener:
    """Finds the listed entities an article names. Build it once per set of list versions; it is read-only
    afterwards, so one screener serves every article and thread."""

    def __init__(self, listed: Iterable[ListedEntity], country_codes: CountryFinder | None = None) -> None:
        self.index = NameIndex(listed)
        self.countries = country_codes or CountryFinder()

    @classmethod
    def from_lists(cls, lists: dict[str, tuple[str, list[ListEntity]]]) -> Screener:
        """From {list name: (title, entities)}."""
        return cls(
            ListedEntity(name, title, entity) for name, (title, entities) in lists.items() for entity in entities
        )

    def screen(self, article: Article, indicators: list[Indicator] | None = None) -> list[Indicator]:
        """The sanctioned_entity indicators of `article`, one per listed entity (its best-placed mention)."""
        text = article.text
        candidates = find_candidates(text)
        mentioned = _Lazy(lambda: self.countries.codes(c.text for c in candidates))  # most articles match nothing
        matches: list[_Match] = []
        for candidate in candidates:
            matches += self._match(candidate, mentioned)
        transfers = [i for i in indicators or () if i.type == "arms_transfer"]
        chosen: dict[tuple[str, str], Indicator] = {}
        for match in matches:
            indicator = self._indicator(text, match, transfers)
            key = (match.listed.list_name, match.listed.entity.entity_id)
            if key not in chosen or (indicator.fields["role"] and not chosen[key].fields["role"]):
                chosen[key] = indicator
        return sorted(chosen.values(), key=lambda ind: (ind.evidence.start, ind.evidence.trigger_start or 0))

    # -- matching ---------------------------------------------------------------------------------------------

    def _match(self, candidate: Candidate, mentioned: _Lazy) -> list[_Match]:
        if candidate.cue == "imo":
            return [
                _Match(candidate, candidate.start, candidate.end, listed, f"IMO {candidate.imo}", 1.0, ("imo number",))
                for listed in self.index.by_imo.get(candidate.imo or "", ())
            ]
        if candidate.cue == "aircraft":
            return [
                _Match(
                    candidate, candidate.start, candidate.end, listed, listed.entity.name, 1.0, ("registration mark",)
                )
                for listed in self.index.by_registration.get(candidate.text, ())
            ]
        return self._match_run(candidate, mentioned)

    def _match_run(self, candidate: Candidate, mentioned: _Lazy) -> list[_Match]:
        """The longest matching end of a name run: a name ends its run (see the module docstring), and the
        words before it may only be titles or descriptions ("Defence Minister", "State Corporation")."""
        words = list(re.finditer(r"\S+", candidate.text))
        for first in range(max(0, len(words) - MAX_SPAN_WORDS), len(words)):
            start, end = words[first].start(), words[-1].end()
            span = candidate.text[start:end]
            match = self._best(candidate, span, first, [w.group() for w in words[:first]], mentioned)
            if match is not None:
                if match[0].entity.entity_type == "person":
                    start += _title_length(span)
                return [_Match(candidate, candidate.start + start, candidate.start + end, *match)]
        return []

    def _best(
        self, candidate: Candidate, span: str, first: int, dropped: list[str], mentioned: _Lazy
    ) -> tuple[ListedEntity, str, float, tuple[str, ...]] | None:
        """The best-scoring listed name the span matches and the text corroborates, if any."""
        scored: dict[int, tuple[IndexedName, float]] = {}
        for kinds in _NORMAL_FORMS:  # each type's own normal form: "Lady R" is a ship, not a lady
            tokens = name_tokens(span, next(iter(kinds)))
            if tokens:
                scored.update(
                    (id(name), (name, score)) for name, score in self.index.scored(tokens, kinds, self._generic)
                )
        best: tuple[ListedEntity, str, float, tuple[str, ...]] | None = None
        for name, score in scored.values():
            if best is not None and score <= best[2]:
                continue
            reasons = self._corroborate(candidate, span, name, score, first, dropped, mentioned)
            if reasons is not None:
                best = (name.listed, name.name, round(score, 3), reasons)
        return best

    def _generic(self, word: str) -> bool:
        return self.index.word_frequency(word) > GENERIC_WORD

    def _corroborate(
        self,
        candidate: Candidate,
        span: str,
        name: IndexedName,
        score: float,
        first: int,
        dropped: list[str],
        mentioned: _Lazy,
    ) -> tuple[str, ...] | None:
        """The reasons to believe the match, or None when the text does not support it (see module doc)."""
        entity = name.listed.entity
        kind = entity.entity_type
        reasons = ["exact name" if score >= 0.999 else f"close name ({score:.2f})"]
        if not name.primary:
            reasons.append("weak alias" if name.weak else "alias")
        countries = {c for c in (*entity.countries, entity.flag) if c}
        in_text = sorted(countries & mentioned.value) if countries else []
        if in_text:
            reasons.append(
                f"{'flag' if kind == 'vessel' else 'country'} {', '.join(c.upper() for c in in_text)} in text"
            )
        if (candidate.cue == "vessel") != (kind == "vessel"):
            return None  # a vessel named as one matches vessels only, and only so
        if kind == "vessel":
            reasons.append("named as a vessel")
            if first != 0:
                return None
            if candidate.imo is not None:
                if candidate.imo != entity.imo:
                    return None
                reasons.append("imo number")
            elif len(name.tokens) == 1 and (score < 0.999 or (len(name.tokens[0]) <= SHORT_VESSEL and not in_text)):
                return None  # one-word names ("Progress", "Sky") only exactly, and short ones with the flag
            return tuple(reasons)
        if name.weak and not in_text:
            return None
        words = name_tokens(span, kind)
        if kind == "person":
            if any(self.index.person_words[w] for word in dropped for w in name_tokens(word, "person")):
                return None  # a name word before it ("Kim" of "Kim Jong-chol"): a longer, other name
            common = all(self.index.word_frequency(w) > COMMON_WORD for w in words)
            partial = len(words) < len(name.tokens)
            surname_common = any(self.index.word_frequency(w) > COMMON_SURNAME for w in name.surname)
            if not in_text and ((common and len(words) <= 3) or (partial and surname_common)):
                return None  # "Ali Hassan", "Sergei Ivanov": too many people carry the name
            return tuple(reasons)
        if len(words) == 1:
            if first != 0 or len(name.tokens) != 1:
                return None  # one word of a longer name ("Lighthouse" of "Lighthouse Reports", "Vostochny")
            if _ACRONYM.match(span) and len(span) >= MIN_ACRONYM:
                reasons.append("acronym")
            elif self.countries.is_group(span):
                reasons.append("armed group")
            elif not in_text and not (self._distinctive(words[0]) and (score >= 0.999 or len(words[0]) >= 10)):
                return None
            return tuple(reasons)
        written = [fold(w) for w in span.split() if not _ACRONYM.match(w)]  # "VTB" is no ordinary word
        if len(words) <= 3 and all(w in written and self._generic_name_word(w) for w in words) and not in_text:
            return None  # "Sun Properties", "Global Sea Line": ordinary words make many company names
        return tuple(reasons)

    def _generic_name_word(self, word: str) -> bool:
        return self.index.word_frequency(word) > COMMON_ORG_WORD

    def _distinctive(self, word: str) -> bool:
        """A long one-word name that hardly any other list name shares: "Rosoboronexport", "Sovcomflot"; not
        "Legion" or "Progress", which need their country in the text."""
        if len(word) < DISTINCTIVE_LENGTH:
            return False
        return self.index.word_frequency(word) <= 2

    # -- the indicator ----------------------------------------------------------------------------------------

    def _indicator(self, text: str, match: _Match, transfers: list[Indicator]) -> Indicator:
        entity = match.listed.entity
        sentence: Sentence = match.candidate.sentence
        role = _role(text, match, transfers)
        indicator = Indicator(
            type="sanctioned_entity",
            confidence=match.score,
            modality="asserted",
            evidence=Evidence(
                text[sentence.start : sentence.end], sentence.start, sentence.end, match.start, match.end
            ),
            fields={
                "name": text[match.start : match.end],
                "matched_name": match.matched_name,
                "list": match.listed.list_title,
                "program": "; ".join(entity.programs) or None,
                "entity_id": entity.entity_id,
                "entity_type": entity.entity_type,
                "score": match.score,
                "reasons": list(match.reasons),
                "role": role,
            },
        )
        indicator.fired(f"screening.{entity.entity_type}")
        return indicator


def _title_length(span: str) -> int:
    """Characters of leading titles ("President ", "Defence Minister ") before a person's name."""
    offset = 0
    for word in span.split(" ")[:-1]:
        if fold(remove_person_prefixes(fold(word) + " x")) != "x":
            break
        offset += len(word) + 1
    return offset


def _role(text: str, match: _Match, transfers: list[Indicator]) -> str | None:
    """supplier, recipient or carrier when the name is in the sentence of an arms transfer (module doc). A
    vessel or aircraft is also the carrier in a sentence that has it carry weapons ("the tanker Angara
    carried artillery shells") even when the extractor found no transfer there (it names no supplier)."""
    kind = match.listed.entity.entity_type
    sentence = match.candidate.sentence
    transfer = next((t for t in transfers if t.evidence.start <= match.start < t.evidence.end), None)
    if transfer is None:
        if kind in ("vessel", "aircraft") and _carries_weapons(text[sentence.start : sentence.end]):
            return "carrier"
        return None
    if kind in ("vessel", "aircraft"):
        return "carrier"
    written = fold(text[match.start : match.end])
    listed = {fold(n.name) for n in match.listed.entity.names}
    for side in ("supplier", "recipient"):
        value = transfer.fields.get(side)
        if isinstance(value, str) and fold(value) and (fold(value) == written or fold(value) in listed):
            return side
    before = text[max(sentence.start, match.start - 40) : match.start]
    if _TOWARDS.search(before):
        return "recipient"
    if _FROM.search(before):
        return "supplier"
    if _SUPPLY_VERB.search(text[match.end : sentence.end]) and not _SUPPLY_VERB.search(
        text[sentence.start : match.start]
    ):
        return "supplier"  # "KOMID supplied missile parts to Iran": named before the verb of supplying
    return None


@lru_cache(maxsize=1)
def _weapon_terms() -> re.Pattern[str]:
    """The weapons lexicon's terms (alerts/data/weapons.yaml) as one whole-word, case-blind pattern."""
    from alerts.extract.weapons import default_lexicon

    terms = sorted((t for t in default_lexicon().terms if len(t) > 2), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")s?\b", re.IGNORECASE)


def _carries_weapons(sentence: str) -> bool:
    return bool(_CARRY_VERB.search(sentence) and _weapon_terms().search(sentence))


@lru_cache(maxsize=65536)
def _party(text: str) -> str | None:
    from alerts.extract.parties import resolve_name

    return resolve_name(text)


class CountryFinder:
    """The states a text names (names, demonyms, capitals), as lower-case ISO codes, and the armed groups it
    names, through the party gazetteer's plain-string resolution."""

    def is_group(self, text: str) -> bool:
        """True for a non-state armed group the gazetteer knows ("Hamas", "Hezbollah"): its slug is lower case."""
        code = _party(text)
        return code is not None and code.islower()

    def codes(self, runs: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for run in runs:
            for part in _country_parts(run):
                code = _party(part)
                if code and len(code) == 2 and code.isupper():
                    found.add(code.lower())
        return found


def _country_parts(run: str) -> list[str]:
    """The run itself and its one- and two-word pieces: "North Korean Kim Su Il" holds "North Korean"."""
    words = run.split()
    parts = [run]
    parts += words
    parts += [" ".join(words[i : i + 2]) for i in range(len(words) - 1)]
    return parts
