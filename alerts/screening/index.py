"""The names of every listed entity, indexed for blocking, and the comparison of one candidate with one name.

Blocking (why the screener never compares all pairs): each list name is filed under the four-letter prefixes
of its words ("prig" for PRIGOZHIN, so that "Prigozhin" and "Prigojin" meet; "yevg" for YEVGENIY and Yevgeny).
A candidate from the text is compared only with the names filed under its rarest word's keys that also carry
the keys of its other words (all but one): a handful of the 19,000 names of the OFAC list. The comparisons of
a candidate are memoised: news repeats its names.

Comparison (`compare`): the candidate's words are aligned with the list name's words in any order (rapidfuzz
ratio per word, so transliterations within a letter or two still align), which handles "KIM, Yong Chol" vs
"Kim Yong Chol" and "Sovfracht OAO" vs "OAO Sovfracht"; the words run together are compared too, for
"Chong-Nam" vs "Chongnam". A person may be named without middle names or patronymic, but never without the
surname; an organisation or vessel must be named in full.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio
from rigour.text import metaphone

from alerts.lists.model import ListEntity
from alerts.screening.names import name_tokens, surname_tokens

PREFIX = 4
#: How many words' blocking results are memoised before the memo starts afresh.
CACHE_WORDS = 50_000
#: A comparison scoring at least this (0..1) is a match.
MIN_SCORE = 0.9
#: The two rarest words' names are both searched when together they are no more than this.
SMALL_POOL = 400
#: Words matching at this ratio (0-100) or better count as the same word ("yevgeny" / "yevgeniy": 93).
WORD_MATCH = 80


@dataclass(frozen=True, slots=True)
class ListedEntity:
    """A listed entity as the screener needs it, with the list it comes from."""

    list_name: str
    list_title: str
    entity: ListEntity


@dataclass(frozen=True, slots=True)
class IndexedName:
    """One name or alias of a listed entity, pre-processed for comparison."""

    listed: ListedEntity
    name: str
    tokens: tuple[str, ...]
    surname: tuple[str, ...]
    weak: bool
    primary: bool
    entity_type: str


def _keys(token: str) -> set[str]:
    """Where a word is filed: its first letters, and its sound (metaphone), so that "Setchin" meets "SECHIN"
    and "Shoygu" meets "SHOIGU"."""
    keys = {token[:PREFIX]}
    sound = _sound(token) if len(token) >= 4 else ""
    if len(sound) >= 3:  # a two-letter sound ("RS" for "raisi") would file thousands of names together
        keys.add("~" + sound)
    return keys


@lru_cache(maxsize=65536)
def _sound(word: str) -> str:
    return metaphone(word)


def _word_score(a: str, b: str) -> float:
    """0..100 similarity of two words; short words (<4 letters) must be equal, and words that sound the same
    (metaphone: "sergey"/"sergei", "qassem"/"qasem") score at least 95."""
    if a == b:
        return 100.0
    if min(len(a), len(b)) < 4:
        return 0.0
    score = ratio(a, b)
    if score >= 75 and min(len(a), len(b)) >= 5 and a[0] == b[0] and _sound(a) == _sound(b):
        return max(score, 95.0)
    return score


def compare(candidate: tuple[str, ...], name: IndexedName, generic: Callable[[str], bool] = lambda _: False) -> float:
    """How well the candidate words name `name`, 0..1 (0: they do not). See the module docstring. An
    organisation may be named without the `generic` words of its listed name ("Almaz-Antey" for "Aerospace
    Defense Concern Almaz-Antey") as long as every distinctive word is there."""
    target = name.tokens
    if not candidate or not target:
        return 0.0
    person = name.entity_type == "person"
    used: set[int] = set()
    weighted = 0.0
    for word in candidate:
        best, best_j = 0.0, -1
        for j, other in enumerate(target):
            if j not in used:
                score = _word_score(word, other)
                if score > best:
                    best, best_j = score, j
        if best < WORD_MATCH:
            return _compact(candidate, name)
        used.add(best_j)
        weighted += best * len(word)
    similarity = weighted / (100.0 * sum(len(w) for w in candidate))
    covered = sum(len(target[j]) for j in used) / sum(len(w) for w in target)
    if person:
        if len(candidate) < 2 or (name.surname and not set(name.surname) <= {target[j] for j in used}):
            return _compact(candidate, name)
        if not name.surname and covered < 0.6:
            return _compact(candidate, name)
        return max(similarity * (0.92 + 0.08 * covered), _compact(candidate, name))
    if covered < 0.85:
        left_out = [t for j, t in enumerate(target) if j not in used]
        kept = [target[j] for j in used]
        if not all(generic(t) for t in left_out) or (all(generic(t) for t in kept) and len(kept) < 3):
            return _compact(candidate, name)
        covered = 0.85
    return max(similarity * (0.9 + 0.1 * covered), _compact(candidate, name))


def _compact(candidate: tuple[str, ...], name: IndexedName) -> float:
    """The words run together, in the order written and with a surname moved last ("kim yong chol" as
    "yongcholkim"): catches split or joined syllables ("Chong-Nam", "Chongnam")."""
    text = "".join(candidate)
    joined = "".join(name.tokens)
    if abs(len(text) - len(joined)) > 0.08 * max(len(text), len(joined)):
        return 0.0  # lengths this far apart cannot reach the 0.92 similarity below
    forms = {joined}
    if name.surname:
        rest = [t for t in name.tokens if t not in name.surname]
        forms.add("".join(rest + list(name.surname)))
    best = max(Levenshtein.normalized_similarity(text, form) for form in forms)
    if len(text) < 8 or (name.entity_type == "person" and len(candidate) < 2):
        return 1.0 if best == 1.0 and len(candidate) > 1 else 0.0
    return best if best >= 0.92 else 0.0


class NameIndex:
    """Every name of every listed entity, filed under its blocking keys; IMO numbers and MMSIs looked up
    exactly."""

    def __init__(self, listed: Iterable[ListedEntity]) -> None:
        self.names: list[IndexedName] = []
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self.by_imo: dict[str, list[ListedEntity]] = defaultdict(list)
        self.by_registration: dict[str, list[ListedEntity]] = defaultdict(list)
        self.word_counts: Counter[str] = Counter()
        self.person_words: Counter[str] = Counter()
        self._cache: dict[str, frozenset[int]] = {}
        self._single_cache: dict[str, frozenset[int]] = {}
        self._scores: dict[tuple[tuple[str, ...], frozenset[str]], list[tuple[IndexedName, float]]] = {}
        self.entity_count = 0
        for item in listed:
            self.entity_count += 1
            entity = item.entity
            if entity.imo:
                self.by_imo[entity.imo].append(item)
            for position, list_name in enumerate(entity.names):
                if entity.entity_type == "aircraft":
                    self.by_registration[list_name.name.upper()].append(item)
                    continue
                tokens = name_tokens(list_name.name, entity.entity_type)
                surname = surname_tokens(list_name.name) if entity.entity_type == "person" else ()
                indexed = IndexedName(
                    item, list_name.name, tokens, surname, list_name.weak, position == 0, entity.entity_type
                )
                number = len(self.names)
                self.names.append(indexed)
                self.word_counts.update(set(tokens))
                if entity.entity_type == "person":
                    self.person_words.update(set(tokens))
                for key in {key for t in tokens for key in _keys(t)}:
                    self.by_key[key].append(number)

    def candidates(self, tokens: tuple[str, ...]) -> list[IndexedName]:
        """The names filed under the keys of all the candidate's words but one at most (a transliteration may
        change a word's first letter: "Evgeny" / "YEVGENIY", "Shoygu" / "SHOIGU"); for a single word, only the
        one-word names. The names of the rarest word are the pool, with those of the next rarest when both are
        few: the cost never depends on a common word's names."""
        if len(tokens) == 1:
            return [self.names[n] for n in sorted(self._filed(tokens[0], single=True))]
        sets = sorted((self._filed(t) for t in set(tokens)), key=len)
        misses = 1 if len(sets) > 1 else 0
        pool = sets[0] | sets[1] if misses and len(sets[0]) + len(sets[1]) <= SMALL_POOL else sets[0]
        found = [n for n in pool if sum(n not in other for other in sets) <= misses]
        return [self.names[number] for number in sorted(found)]

    def scored(
        self, tokens: tuple[str, ...], entity_types: frozenset[str], generic: Callable[[str], bool]
    ) -> list[tuple[IndexedName, float]]:
        """The candidate names of `entity_types` that `tokens` (as `name_tokens` gives them for those types)
        compare with at MIN_SCORE or better, with their score, memoised."""
        key = (tokens, entity_types)
        found = self._scores.get(key)
        if found is None:
            if len(self._scores) > CACHE_WORDS:
                self._scores.clear()
            found = self._scores[key] = [
                (name, score)
                for name in self.candidates(tokens)
                if name.entity_type in entity_types and (score := compare(tokens, name, generic)) >= MIN_SCORE
            ]
        return found

    def _filed(self, token: str, single: bool = False) -> frozenset[int]:
        """The names filed under a word's keys (only the one-word names with `single`), memoised."""
        cache = self._single_cache if single else self._cache
        found = cache.get(token)
        if found is None:
            if len(cache) > CACHE_WORDS:
                cache.clear()  # a long-running scheduler meets ever new words: keep memory bounded
            ids = {n for key in _keys(token) for n in self.by_key.get(key, ())}
            if single:
                ids = {n for n in ids if len(self.names[n].tokens) == 1}
            found = cache[token] = frozenset(ids)
        return found

    def word_frequency(self, word: str) -> int:
        """How many list names carry this (folded) word: how common a name word is."""
        return self.word_counts[word]
