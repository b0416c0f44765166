"""The party gazetteer: every string news uses for a state, a state organ, an armed group or a leader.

Why a module of its own: the same table serves the spaCy ruler (which needs phrase patterns, case rules and
context rules) and plain-string resolution (`resolve_name`, for attribution names and tests). Loading it is
cached, so the ruler, `resolve_name` and every pipeline share one copy.

Data (alerts/data/parties/, sources in NOTICE.md and each file's header):
- countries.json (built by tools/build_gazetteer.py from ../shared): names, demonyms and capitals of UN
  members + TW, XK, PS, HK, MO, and the strings that must never resolve;
- the hand-curated YAML (the files to edit): seats.yaml (seats of government), organs.yaml (state organs,
  media, arms exporters, blocs), groups.yaml (armed groups), leaders.yaml (dated office-holders),
  context.yaml (case rules, non-party phrases, context rules); compiled into curated.json by the same script.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from alerts.yamlio import load_yaml_file, to_plain

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "parties"

STATE = "STATE"  # a state: name, short name, demonym, acronym, capital or seat of government
ORG_STATE = "ORG_STATE"  # a state organ, state media or state arms exporter; implies its state
GROUP = "GROUP"  # a non-state armed group (code: a lower-case slug, docs/indicators.md)
PERSON = "PERSON"  # a leader or minister (code: the state or group the person acts for)
PARTY_LABELS = frozenset({STATE, ORG_STATE, GROUP, PERSON})

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Term:
    """One surface form: the text to match, what it resolves to, and how strictly it must be matched."""

    text: str
    code: str
    label: str
    kind: str  # name | demonym | capital | seat | organ | group | leader
    cased: bool  # match only as written (else case-insensitively)
    rule: str | None = None  # a context rule that must pass (context.yaml `rules`)
    role: str | None = None  # seat/organ role or kind, for callers that care (e.g. "foreign_ministry")


@dataclass(frozen=True, slots=True)
class ContextRule:
    """When an ambiguous term is not the party (see context.yaml for the meaning of each field)."""

    reject_next: tuple[tuple[str, ...], ...] = ()
    reject_prev: tuple[tuple[str, ...], ...] = ()
    reject_in_sentence: re.Pattern[str] | None = None
    keep_in_sentence: re.Pattern[str] | None = None
    require_in_sentence: re.Pattern[str] | None = None
    require_in_text: re.Pattern[str] | None = None
    person_name: bool = False
    shared_surname: bool = False
    reject_prev_in_caps: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Leader:
    """A dated office-holder; `roles` keeps role and years for a date-aware resolver."""

    name: str
    party: str
    aliases: tuple[str, ...]
    roles: tuple[dict[str, Any], ...]

    def roles_in(self, year: int) -> list[str]:
        """The roles held during `year` ("foreign_minister"); empty when the person held no listed office then."""
        return [r["role"] for r in self.roles if r.get("from", 0) <= year <= r.get("to", 9999)]


@dataclass(frozen=True, slots=True)
class Followers:
    """How news names a leader's forces ("forces loyal to Khalifa Haftar"); see context.yaml `followers`."""

    nouns: frozenset[str] = frozenset()
    links: tuple[tuple[str, ...], ...] = ()  # longest first
    between: frozenset[str] = frozenset()
    hyphen: frozenset[str] = frozenset()


@dataclass
class Gazetteer:
    terms: list[Term] = field(default_factory=list)
    not_parties: list[str] = field(default_factory=list)
    not_parties_lower: frozenset[str] = frozenset()
    never: frozenset[str] = frozenset()  # lower-cased strings that must never resolve
    rules: dict[str, ContextRule] = field(default_factory=dict)
    extend: tuple[tuple[str, ...], ...] = ()  # organ phrases that extend a state name: ("foreign", "ministry")
    leaders: dict[str, Leader] = field(default_factory=dict)  # by lower-cased name or alias
    display_names: dict[str, str] = field(default_factory=dict)  # code -> name for people ("KP" -> "North Korea")
    name_neighbours: frozenset[str] = frozenset()  # capitalised words that are not given names (titles, days)
    # bare surname (lower) -> first three letters of the leader's given names in any listed spelling, so that
    # "Aleksandr Lukashenka" keeps its surname while "Marvin Scholz" does not
    given_prefixes: dict[str, frozenset[str]] = field(default_factory=dict)
    single_words: set[str] = field(default_factory=set)  # lower-cased one-word terms: a cheap pre-check
    followers: Followers = field(default_factory=lambda: Followers())  # "forces loyal to <leader>" (context.yaml)
    group_states: dict[str, str] = field(default_factory=dict)  # group slug -> the state it fights in (groups.yaml)
    _exact: dict[str, Term] = field(default_factory=dict)
    _lower: dict[str, Term] = field(default_factory=dict)

    def add(self, term: Term) -> None:
        """Register a term and its spelling variants; the first registration of a string wins."""
        base = _LEADING_THE.sub("", term.text)  # "the State of Palestine": the article stays outside the entity
        if base.lower() in self.never:
            return
        texts = _variants(base)
        if term.cased:  # datelines and headlines in capitals: "BEIJING", "GEORGIA" (context rules still apply)
            texts += [t.upper() for t in texts if not t.isupper() and sum(c.isalpha() for c in t) > 2]
        for text in texts:
            variant = Term(text, term.code, term.label, term.kind, term.cased, term.rule, term.role)
            if text in self._exact:
                continue
            self.terms.append(variant)
            self._exact[text] = variant
            if " " not in text:
                self.single_words.add(text.lower())
            if not variant.cased:
                self._lower.setdefault(text.lower(), variant)

    def lookup(self, text: str) -> Term | None:
        """The term a whole string names, ignoring a leading "the" and a trailing possessive; no context rules."""
        text = " ".join(text.replace("’", "'").split())
        text = _POSSESSIVE.sub("", _LEADING_THE.sub("", text)).strip()
        if not text or text.lower() in self.never:
            return None
        return self._exact.get(text) or self._lower.get(text.lower())


def _variants(text: str) -> list[str]:
    """The spellings news uses for one name: as given, without diacritics, with hyphens spaced in multi-word
    names ("Kim Jong Un"), with straight and curly apostrophes."""
    out = [text]
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    for candidate in (folded, text.replace("-", " ") if " " in text else text):
        if candidate not in out:
            out.append(candidate)
    for candidate in list(out):
        if "'" in candidate:
            out.append(candidate.replace("'", "’"))
    return out


def _words(phrases: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p.lower().split()) for p in phrases)


def _regex(phrases: list[str] | None) -> re.Pattern[str] | None:
    return phrase_regex(phrases) if phrases else None


def phrase_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """Whole-word matches of any of the phrases in lower-cased text, the longest first."""
    alternatives = "|".join(re.escape(p.lower()) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _plural(demonym: str) -> str | None:
    """ "Russians", "Israelis": news uses plural demonyms for a state's forces or government."""
    return demonym + "s" if demonym.endswith(("an", "i")) else None


CURATED_FILES = ("context", "leaders", "organs", "groups", "seats")


def compile_curated(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """The hand-curated YAML files as one plain dict (what curated.json holds).

    Why compiled: parsing ~40 KB of YAML with ruamel takes ~0.8 s, JSON ~5 ms, and the ruler must build in
    well under a second. tools/build_gazetteer.py writes curated.json; a test keeps it in sync with the YAML.
    """
    return {name: to_plain(load_yaml_file(data_dir / f"{name}.yaml")) for name in CURATED_FILES}


@lru_cache(maxsize=1)
def load_gazetteer(data_dir: Path = DATA_DIR) -> Gazetteer:
    """Read the shipped party data (countries.json + curated.json) once per process."""
    countries = json.loads((data_dir / "countries.json").read_text(encoding="utf-8"))
    curated = json.loads((data_dir / "curated.json").read_text(encoding="utf-8"))
    return build_gazetteer(countries, curated)


def build_gazetteer(countries: dict[str, Any], curated: dict[str, Any]) -> Gazetteer:
    """Assemble the gazetteer; registration order decides which reading of a shared string wins
    (leaders, organs, groups, seats, then country names)."""
    context = curated["context"]
    cased = {s.lower() for s in context.get("cased", [])}
    term_rules: dict[str, str] = context.get("term_rules", {})
    gaz = Gazetteer(
        never=frozenset(s.lower() for s in countries.get("never", [])), not_parties=list(context.get("not_parties", []))
    )
    gaz.not_parties_lower = frozenset(s.lower() for s in gaz.not_parties)
    gaz.name_neighbours = frozenset(w.lower() for w in context.get("name_neighbours", []))
    followers = context.get("followers") or {}
    gaz.followers = Followers(
        nouns=frozenset(w.lower() for w in followers.get("nouns", [])),
        links=tuple(sorted(_words(followers.get("links", [])), key=len, reverse=True)),
        between=frozenset(w.lower() for w in followers.get("between", [])),
        hyphen=frozenset(w.lower() for w in followers.get("hyphen", [])),
    )
    for name, spec in (context.get("rules") or {}).items():
        gaz.rules[name] = ContextRule(
            reject_next=_words(spec.get("reject_next", [])),
            reject_prev=_words(spec.get("reject_prev", [])),
            reject_in_sentence=_regex(spec.get("reject_in_sentence")),
            keep_in_sentence=_regex(spec.get("keep_in_sentence")),
            require_in_sentence=_regex(spec.get("require_in_sentence")),
            require_in_text=_regex(spec.get("require_in_text")),
            person_name=bool(spec.get("person_name")),
            shared_surname=bool(spec.get("shared_surname")),
            reject_prev_in_caps=frozenset(w.lower() for w in spec.get("reject_prev_in_caps", [])),
        )

    def is_cased(text: str) -> bool:
        return text.lower() in cased or (any(c.isupper() for c in text[1:]) and text.replace(".", "").isupper())

    for entry in curated["leaders"]:
        leader = Leader(
            entry["name"], entry["party"], tuple(entry.get("aliases") or ()), tuple(entry.get("roles") or ())
        )
        for text in (leader.name, *leader.aliases):
            single = " " not in text
            # a bare surname is someone else's in "Marvin Scholz": always check the words around it
            rule = (entry.get("ambiguous") or "person_name") if single else None
            gaz.add(Term(text, leader.party, PERSON, "leader", cased=single, rule=rule))
            for variant in _variants(text):
                gaz.leaders.setdefault(variant.lower(), leader)
        givens = {n.split()[0].lower()[:3] for n in (leader.name, *leader.aliases) if " " in n}
        for text in leader.aliases:
            if " " not in text:
                gaz.given_prefixes[text.lower()] = gaz.given_prefixes.get(text.lower(), frozenset()) | givens
    organs = curated["organs"]
    for code, names in (organs.get("blocs") or {}).items():
        gaz.display_names.setdefault(code, names[0])
        for text in names:
            gaz.add(Term(text, code, STATE, "name", cased=is_cased(text)))
    for code, kinds in organs["organs"].items():
        for kind, names in kinds.items():
            for text in names:
                rule = (organs.get("ambiguous") or {}).get(text)
                gaz.add(Term(text, code, ORG_STATE, "organ", cased=True, rule=rule, role=kind))
    gaz.extend = _words(organs.get("extend", []))
    for slug, spec in curated["groups"].items():
        gaz.display_names.setdefault(slug, spec["names"][0])
        if spec.get("state"):
            gaz.group_states[slug] = spec["state"]
        for text in spec.get("names", []):
            gaz.add(Term(text, slug, GROUP, "group", cased=is_cased(text), rule=spec.get("context")))
        for text, rule in (spec.get("ambiguous") or {}).items():
            gaz.add(Term(text, slug, GROUP, "group", cased=True, rule=rule))
    for entry in curated["seats"]:
        # the seat of a government or head of state stands for the state; that of its army, diplomats, spies or
        # legislature ("the Pentagon", "Foggy Bottom") for one organ of it
        label = STATE if entry.get("role") in ("government", "head_of_state") else ORG_STATE
        gaz.add(
            Term(
                entry["term"],
                entry["code"],
                label,
                "seat",
                cased=True,
                rule=entry.get("context"),
                role=entry.get("role"),
            )
        )
    for code, entry in countries["countries"].items():
        gaz.display_names[code] = entry["name"]
        for text in entry["names"]:
            gaz.add(Term(text, code, STATE, "name", cased=is_cased(text), rule=term_rules.get(text)))
        for text in entry["demonyms"]:
            gaz.add(Term(text, code, STATE, "demonym", cased=is_cased(text), rule=term_rules.get(text)))
            plural = _plural(text)
            if plural:
                gaz.add(Term(plural, code, STATE, "demonym", cased=is_cased(text)))
        for text in entry["capitals"]:
            gaz.add(Term(text, code, STATE, "capital", cased=True, rule=term_rules.get(text), role="government"))
    return gaz
