"""A cheap keyword pass that decides which parts of an article the full spaCy pipeline sees.

Most news is irrelevant, and parsing costs ~3,000 words/s against ~350,000 for plain string work (measured
with en_core_web_sm 3.8 on 2 cores; benchmarks/throughput.py prints today's figures). The article is cut into
sentences with a conservative regular expression (it never splits after abbreviations such as "U.S.", "Oct."
or initials), and a sentence is kept when one of its lower-cased words is a weapon, shipment, sanction,
cooperation or visit term, or when it holds a multi-word weapon term as a whole phrase (alerts/extract/phrases.py).
Neighbouring kept sentences of a paragraph are merged into one chunk, so the parser still sees them together and
re-segments them itself.
Chunks are (start, end) offsets into the original text: evidence offsets stay offsets into the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from alerts.extract.cooperation import CORE_DOMAINS, DOMAINS, TRIGGER_WORDS
from alerts.extract.cues import default_cues
from alerts.extract.phrases import PhraseFinder
from alerts.extract.sanction_instruments import instrument_lexicon
from alerts.extract.sanctions import OFF_TOPIC
from alerts.extract.transfer_lexicon import transfer_lexicon
from alerts.extract.visits import TITLES, VISIT_NOUNS, VISIT_VERBS
from alerts.extract.weapons import WeaponLexicon

SANCTION_WORDS: frozenset[str] = frozenset(
    "sanction sanctions sanctioned sanctioning embargo embargoes embargoed blacklist blacklisted".split()
)
_TRANSFERS = transfer_lexicon()
# Words (lower case) that can start an indicator besides the weapons lexicon itself: visits, and the transfer
# words that need no weapon in their sentence (alerts/data/transfers.yaml `standalone_cues`).
CUE_WORDS: frozenset[str] = (
    SANCTION_WORDS
    | _TRANSFERS.forms(_TRANSFERS["standalone_cues"])
    | frozenset(
        "visit visits visited visiting trip arrival arrived arrives arriving welcomed hosted travelled traveled".split()
    )
)
# The visit finder's other triggers ("Kim received the Russian defence minister", "the premier toured Hanoi") are
# common words in other news: they are cues only beside one of its title words (alerts/extract/visits.py).
VISIT_WORDS: frozenset[str] = _TRANSFERS.forms(VISIT_VERBS | VISIT_NOUNS)
TITLE_WORDS: frozenset[str] = frozenset(TITLES)
# A denial often names no weapon at all ("The UAE has denied arming the RSF", "Tehran denies this"): a denial
# word is a cue by itself, so that the modality stage can attach it to the claim it denies. The words are the
# written forms of the modality lexicon's article-level denial verbs and its denial nouns ("despite Tehran's
# denials") (alerts/data/cues/modality.yaml).
DENIAL_WORDS: frozenset[str] = _TRANSFERS.forms(set(default_cues()["article_denial"])) | default_cues()["denial_noun"]
# So is a word that calls the claims false ("Beijing called the reports baseless"): the `falsity_predicate` cue
# class, except "lie" and "lies" (too common as verbs).
FALSITY_WORDS: frozenset[str] = default_cues()["falsity_predicate"] - frozenset(("lie", "lies"))
# Likewise the article's words about its own sources ("Reuters could not verify the claims", "CNN cited sources"),
# which alerts/extract/source_doubt.py reads: the `unverified` and `cited_unnamed` cue classes.
SOURCE_DOUBT_WORDS: frozenset[str] = _TRANSFERS.forms(
    set(default_cues()["unverified"] | default_cues()["cited_unnamed"])
)
# "Wagner has been supplying the RSF in its fight against the army": a verb of arming with a military word
# (transfers.yaml `arming_verbs`, `military_cues`) is a cue by itself too.
# "used cargo flights to arm its allies": the verb "arm" too ("arms" is a weapon word already, and "armed" is
# too common to count: "armed groups").
ARMING_VERBS: frozenset[str] = _TRANSFERS.forms(_TRANSFERS["arming_verbs"]) | {"arm", "arming"}
MILITARY_WORDS: frozenset[str] = _TRANSFERS["military_cues"]
# Cooperation words start an indicator only with a military, space or nuclear word in the same sentence
# ("cooperation on rail freight and tourism" is skipped; "military and space cooperation" is kept). Every word
# the cooperation finder takes for a trigger or a core domain (alerts/extract/cooperation.py) is one here too,
# with the forms of its verbs: "defence deals" and "the two navies collaborated" reach it.
COOPERATION_WORDS: frozenset[str] = (
    frozenset(
        """
        cooperation co-operation ties pact treaty deal agreement drills exercises manoeuvres maneuvers pledge clause
        """.split()
    )
    | TRIGGER_WORDS
    | _TRANSFERS.forms({"cooperate", "collaborate"})
)
DOMAIN_WORDS: frozenset[str] = frozenset("military defence defense space nuclear security".split()) | frozenset(
    word for word, domain in DOMAINS.items() if domain in CORE_DOMAINS
)

_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[-•*])")
# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before whitespace and an
# upper-case letter, digit or opening quote -- unless the word before the stop is an abbreviation.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z]|\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Capt|Maj|Adm|Cmdr|Gov|Sen|Rep|St|Mt|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos|Inc|Ltd|Co|Corp|Jr|Sr|Prof|Rev|Fig|Art|"
    r"vs|approx|est|etc|incl|ca))$"
)
_ABBREVIATION_WINDOW = 64
_MEMO_WORDS = 100_000  # words whose designator answer is remembered (a few MB)
_WORD = re.compile(r"[a-z0-9][a-z0-9\-]*")


@dataclass(frozen=True, slots=True)
class Chunk:
    """A stretch of the article to parse: `text[start:end]`."""

    start: int
    end: int


def _sentences(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """(start, end) of each sentence in text[start:end], without leading or trailing whitespace."""
    position = start
    for match in _SENTENCE_END.finditer(text, start, end):
        # Only the word before the stop can be an abbreviation: look at a bounded window, not the whole run
        # since the last sentence end (which grows without limit in "U.S. A. B. ..." and made this quadratic).
        before = text[max(position, match.start() - _ABBREVIATION_WINDOW) : match.start()]
        if _ABBREVIATION.search(before):
            continue
        yield position, match.start() + 1
        position = match.end()
    if position < end:
        yield position, end


def _paragraphs(text: str) -> Iterable[tuple[int, int]]:
    position = 0
    for match in _PARAGRAPH.finditer(text):
        yield position, match.start()
        position = match.end()
    yield position, len(text)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class Prefilter:
    """Selects the chunks of an article worth parsing."""

    def __init__(self, lexicon: WeaponLexicon) -> None:
        words = set(CUE_WORDS)
        phrases = []
        for term in lexicon.terms:
            # a one-word term is a cue word; a longer one ("Storm Shadow", "armoured cars") is a cue only as a
            # whole phrase, as the weapon tagger matches it: its words alone ("storm", "cars") are ordinary news
            if term.isdigit():
                continue  # a bare number is no cue of its own
            if _WORD.fullmatch(term):
                words.add(term)
            else:
                phrases.append(term)
        words |= {"technology", "equipment", "components", "satellite", "satellites"}
        self.words = frozenset(words)
        self.phrases = PhraseFinder(phrases)
        self.designator = re.compile("|".join(f"(?:{pattern})" for pattern, _ in lexicon.designators))
        self._designated: dict[str, bool] = {}
        self.instruments = instrument_lexicon()

    def _designator(self, word: str) -> bool:
        """Whether a word is a model designator ("t-72s"), remembered: the pattern has a hundred alternatives, and
        news repeats its words."""
        found = self._designated.get(word)
        if found is None:
            if len(self._designated) >= _MEMO_WORDS:
                self._designated.clear()
            found = self._designated[word] = bool(self.designator.match(word))
        return found

    def relevant(self, sentence: str) -> bool:
        """True when a lower-cased word of the sentence is a cue word or a one-word weapon term or designator, when
        it holds a multi-word weapon term, or when a cooperation word meets a domain word (a visit word a title, a
        verb of arming a military word). A sentence whose only cue is "sanction" and that speaks of sport ("the
        league sanctioned the club") is skipped: the sanctions finder would reject it anyway."""
        lowered = sentence.lower()
        words = _WORD.findall(lowered)
        parts = set("-".join(words).split("-"))  # the words, and the parts of hyphenated ones
        cues = set(self.words.intersection(words))
        for word in words:
            if word not in cues and (
                self._designator(word) or ("-" in word and not self.words.isdisjoint(word.split("-")))
            ):
                cues.add(word)
        if cues and not cues <= SANCTION_WORDS:
            return True
        if self.phrases.occurs_in(lowered):
            return True
        if cues:
            return not parts & OFF_TOPIC
        return (
            bool(parts & COOPERATION_WORDS and parts & DOMAIN_WORDS)
            or bool(parts & DENIAL_WORDS)
            or bool(parts & FALSITY_WORDS)
            or bool(parts & SOURCE_DOUBT_WORDS)
            or bool(parts & ARMING_VERBS and parts & MILITARY_WORDS)
            or bool(parts & VISIT_WORDS and parts & TITLE_WORDS)
            or self.instruments.named_in(lowered)  # "OFAC designated ...", "the Entity List"
        )

    def chunks(self, text: str) -> list[Chunk]:
        """The relevant stretches of `text`, in order: runs of kept sentences within one paragraph."""
        found: list[Chunk] = []
        for p_start, p_end in _paragraphs(text):
            run: tuple[int, int] | None = None
            for s_start, s_end in _sentences(text, *_strip(text, p_start, p_end)):
                if self.relevant(text[s_start:s_end]):
                    run = (run[0], s_end) if run else (s_start, s_end)
                elif run:
                    found.append(Chunk(*run))
                    run = None
            if run:
                found.append(Chunk(*run))
        return found
