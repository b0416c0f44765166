"""The weapons lexicon as a spaCy component: it marks weapon mentions in `doc.spans["weapons"]`.

The lexicon is data (alerts/data/weapons.yaml). Terms are matched on lower-cased words, not lemmas, because
the lemmatizer turns "arms" into "arm"; model designators ("T-72", "Su-30", "Shahed-136") are single tokens
matched by regular expression. Overlaps resolve to the longest match, so "anti-tank missiles" is one mention
with one category; an `exclude` phrase ("think tank", "arms embargo") swallows the weapon word it covers.
Civilian goods that share a weapon's name ("camera drones", drones shipped to hobbyists) are dropped unless
their sentence speaks of the military (the lexicon's `civilian` section).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from alerts.model import WEAPON_CATEGORIES
from alerts.yamlio import load_yaml_file

LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "weapons.yaml"
SPAN_KEY = "weapons"
_EXCLUDE = "EXCLUDE"
AMBIGUOUS = "~"  # label prefix of terms marked `ambiguous` in the lexicon


@dataclass(frozen=True)
class Civilian:
    """When a weapon word names civilian goods (weapons.yaml `civilian`): all lower-cased."""

    phrases: tuple[str, ...] = ()
    terms: frozenset[str] = frozenset()
    cues: frozenset[str] = frozenset()
    military_context: tuple[str, ...] = ()


@dataclass(frozen=True)
class WeaponLexicon:
    """Terms and designator patterns, each with the weapon categories it stands for."""

    terms: dict[str, tuple[str, ...]]
    designators: tuple[tuple[str, tuple[str, ...]], ...]
    exclude: tuple[str, ...]
    ambiguous: frozenset[str] = frozenset()
    civilian: Civilian = field(default_factory=lambda: Civilian())
    makers: tuple[tuple[re.Pattern[str], str], ...] = ()  # (model pattern, state that makes it)

    @classmethod
    def load(cls, path: Path = LEXICON_PATH) -> WeaponLexicon:
        data = load_yaml_file(path) or {}
        terms: dict[str, tuple[str, ...]] = {}
        designators: list[tuple[str, tuple[str, ...]]] = []
        ambiguous: set[str] = set()
        for entry in data.get("entries", []):
            categories = tuple(entry["categories"])
            unknown = set(categories) - set(WEAPON_CATEGORIES)
            if unknown:
                raise ValueError(f"{path}: unknown weapon categories {sorted(unknown)}")
            for term in entry.get("terms", []):
                key = str(term).lower()
                terms[key] = tuple(dict.fromkeys(terms.get(key, ()) + categories))
                if entry.get("ambiguous"):
                    ambiguous.add(key)
            for pattern in entry.get("designators", []):
                re.compile(pattern)
                designators.append((pattern, categories))
        exclude = tuple(str(p).lower() for p in data.get("exclude", []))
        spec = data.get("civilian") or {}
        civilian = Civilian(
            phrases=tuple(str(p).lower() for p in spec.get("phrases", [])),
            terms=frozenset(str(p).lower() for p in spec.get("terms", [])),
            cues=frozenset(str(p).lower() for p in spec.get("cues", [])),
            military_context=tuple(str(p).lower() for p in spec.get("military_context", [])),
        )
        makers = tuple(
            (re.compile(str(pattern)), str(code))
            for code, patterns in (data.get("makers") or {}).items()
            for pattern in patterns
        )
        return cls(terms, tuple(designators), exclude, frozenset(ambiguous), civilian, makers)


def span_categories(span: Span) -> list[str]:
    """The weapon categories of a mention in `doc.spans["weapons"]`."""
    return span.label_.lstrip(AMBIGUOUS).split("+")


def model_maker(span: Span, lexicon: WeaponLexicon | None = None) -> str | None:
    """The state that makes the model a weapon mention names ("Su-35s" -> RU, "Bayraktar TB2" -> TR), or None
    for generic goods ("drones") and models the lexicon's `makers` do not list."""
    text = span.text.lower()
    for pattern, code in (lexicon or default_lexicon()).makers:
        if pattern.search(text):
            return code
    return None


def is_ambiguous(span: Span) -> bool:
    """True for words with a common civilian sense ("jets", "components"): they need a military context."""
    return span.label_.startswith(AMBIGUOUS)


@lru_cache(maxsize=1)
def default_lexicon() -> WeaponLexicon:
    return WeaponLexicon.load()


class WeaponTagger:
    """Marks weapon mentions: `doc.spans["weapons"]`, each span labelled with its categories joined by '+'
    (prefixed with '~' for an ambiguous term)."""

    def __init__(self, nlp: Language, lexicon: WeaponLexicon) -> None:
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_label: dict[str, list[str]] = {}
        for term, categories in lexicon.terms.items():
            label = (AMBIGUOUS if term in lexicon.ambiguous else "") + "+".join(categories)
            by_label.setdefault(label, []).append(term)
        by_label.setdefault(_EXCLUDE, []).extend(lexicon.exclude)
        for label, terms in by_label.items():
            self.phrases.add(label, [nlp.make_doc(term) for term in terms])
        # One alternation with a named group per designator family: a single regex test per token (a spaCy
        # Matcher with REGEX predicates costs several times more on long texts).
        self.labels: dict[str, str] = {}
        alternatives = []
        for number, (pattern, categories) in enumerate(lexicon.designators):
            self.labels[f"d{number}"] = "+".join(categories)
            alternatives.append(f"(?P<d{number}>{pattern})")
        self.designator = re.compile("|".join(alternatives)) if alternatives else None
        self.civilian = lexicon.civilian
        self.civilian_phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.civilian_phrases.add("CIVILIAN", [nlp.make_doc(p) for p in lexicon.civilian.phrases])
        self.military = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.military.add("MILITARY", [nlp.make_doc(p) for p in lexicon.civilian.military_context])

    def _civilian(self, doc: Doc, spans: list[Span]) -> set[int]:
        """Token positions of weapon mentions that name civilian goods here: inside a civilian phrase ("camera
        drones") or a civilian-sense term in a sentence with a civilian buyer ("drones for hobbyists"), in a
        sentence without a military word ("attack", "army", "Shahed" keep them weapons)."""
        phrases = [(start, end) for _, start, end in self.civilian_phrases(doc)]
        cues = {t.i for t in doc if t.lower_ in self.civilian.cues}
        if not phrases and not cues:
            return set()
        military = {
            doc[start].sent.start if doc.has_annotation("SENT_START") else 0 for _, start, _ in self.military(doc)
        }
        found: set[int] = set()
        for span in spans:
            sent = span.sent if doc.has_annotation("SENT_START") else doc[:]
            if sent.start in military:
                continue
            inside_phrase = any(start <= span.start and span.end <= end for start, end in phrases)
            cued = span.text.lower() in self.civilian.terms and any(sent.start <= i < sent.end for i in cues)
            if inside_phrase or cued:
                found.add(span.start)
        return found

    def __call__(self, doc: Doc) -> Doc:
        found = [Span(doc, start, end, label=match_id) for match_id, start, end in self.phrases(doc)]
        if self.designator is not None:
            for token in doc:
                match = self.designator.match(token.lower_)
                if match and match.lastgroup:
                    found.append(Span(doc, token.i, token.i + 1, label=self.labels[match.lastgroup]))
        weapons = [
            span
            for span in filter_spans(found)
            if span.label_ != _EXCLUDE and not (len(span) == 1 and span.root.pos_ in ("VERB", "AUX"))
        ]  # "Russia shells towns", "Iran arms the rebels": verbs are not goods
        civilian = self._civilian(doc, weapons)
        doc.spans[SPAN_KEY] = [span for span in weapons if span.start not in civilian]
        return doc


@Language.factory("weapon_tagger", default_config={"lexicon_path": None})
def make_weapon_tagger(nlp: Language, name: str, lexicon_path: str | None) -> WeaponTagger:
    """spaCy factory: `nlp.add_pipe("weapon_tagger")` (optionally with another lexicon file)."""
    lexicon = WeaponLexicon.load(Path(lexicon_path)) if lexicon_path else default_lexicon()
    return WeaponTagger(nlp, lexicon)
