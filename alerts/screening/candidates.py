"""The names in an article that could be on a list: proper-name runs, vessels by their cue, IMO numbers.

Why not spaCy's NER: extraction parses only the stretches its prefilter keeps (about a tenth of an article),
and a name on a sanctions list matters wherever it is. So the whole text is scanned with regular expressions
that cost microseconds: runs of capitalised words (which contain every PERSON and ORG name NER would find,
and more: the list comparison, not this scan, decides), vessels named after "the tanker", "MV", "the vessel"
and the like or before an IMO number, "IMO 9xxxxxx" on its own, and aircraft registration marks.

Each candidate carries the cue that typed it (vessel, aircraft) or hints at a type (a legal form or an
honorific in the run), which the screener uses as corroboration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Lower-case words that may sit inside a proper name ("Bank of Kunlun", "Abu Bakr al-Baghdadi"); not "and",
#: which more often joins two names than sits in one.
_CONNECTORS = r"(?:of|the|for|de|del|da|la|le|al|el|bin|ibn|bint|abu|van|von|der|&)"
_WORD = r"(?:(?:al|el|ad|as|ash|bin|ibn|abu)-)?(?:[A-Z][\w'’.\-]*[\w.]|[A-Z])"
NAME_RUN = re.compile(rf"\b{_WORD}(?:[ \t]+(?:{_CONNECTORS}[ \t]+)*{_WORD})*(?:[ \t]+\d{{1,3}}\b)?")
VESSEL_CUE = re.compile(
    r"\b(?:(?:the|a|an|its|Russian|Iranian|North Korean|Chinese|flagged|sanctioned|designated)[ \t]+)?"
    r"(?:(?:oil|crude|chemical|product|gas|LNG|LPG|cargo|container|bulk|general[ \t]+cargo|ro-ro|"
    r"roll-on[ \t]+roll-off|merchant|fishing)[ \t]+)?"
    r"(?:tanker|vessel|ship|freighter|carrier|bulker|supertanker|boat)s?[ \t]+(?:called[ \t]+|named[ \t]+)?"
    r"|\bM/?V[ \t]+|\bM/T[ \t]+",
)
IMO_NUMBER = re.compile(r"\bIMO(?:[ \t]+(?:number|No\.?))?[ \t:#]*(\d{7})\b")
REGISTRATION = re.compile(r"\b(?:[A-Z]{1,2}|[A-Z]\d|\d[A-Z])-[A-Z0-9]{3,5}\b")
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])|\n\s*\n|\n(?=[A-Z“\"])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen col lt sgt capt adm maj st co corp inc ltd jr sr no vs u.s u.n u.k e.u gov sen rep"
    " dept mt ft jan feb mar apr jun jul aug sep sept oct nov dec".split()
)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Candidate:
    """A name in the text: `text[start:end]`, the sentence it is in, and what typed it (if anything)."""

    text: str
    start: int
    end: int
    sentence: Sentence
    cue: str | None = None  # "vessel" (after a vessel word, or with an IMO number), "imo", "aircraft"
    imo: str | None = None


def sentences(text: str) -> list[Sentence]:
    """Sentence spans without their surrounding whitespace; a full stop after an abbreviation or an initial
    ("U.S.", "Co.", "J.") does not end one."""
    spans: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group().startswith("."):
            before = text[max(0, match.start() - 5) : match.start()].split()
            word = before[-1].lower().lstrip('("“') if before else ""
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        spans.append(_trimmed(text, start, match.end()))
        start = match.end()
    spans.append(_trimmed(text, start, len(text)))
    return [span for span in spans if span.end > span.start]


def _trimmed(text: str, start: int, end: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end)


def _strip_run(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a trailing possessive or full stop, and a leading "The" or "MV"."""
    chunk = text[start:end]
    for prefix in ("MV ", "M/V ", "M/T ", "The "):
        if chunk.startswith(prefix) and len(chunk) > len(prefix):
            chunk, start = chunk[len(prefix) :], start + len(prefix)
    for suffix in ("'s", "’s", "'", "’", "."):
        if chunk.endswith(suffix) and len(chunk) > len(suffix):
            chunk = chunk[: -len(suffix)]
            break
    return start, start + len(chunk)


_POSSESSIVE_END = re.compile(r"(?:'s|’s|s'|s’)(?=\s)")


def _runs(chunk: str) -> list[tuple[int, int]]:
    """Name runs, cut after a possessive: "Viktor Vekselberg's Renova" is two names."""
    runs: list[tuple[int, int]] = []
    for match in NAME_RUN.finditer(chunk):
        start = match.start()
        for cut in _POSSESSIVE_END.finditer(chunk, match.start(), match.end()):
            runs.append((start, cut.end()))
            start = cut.end() + 1
        if start < match.end():
            runs.append((start, match.end()))
    return runs


def find_candidates(text: str) -> list[Candidate]:
    """Every candidate name of the text, in text order (a vessel or IMO candidate may overlap a name run)."""
    found: list[Candidate] = []
    for sentence in sentences(text):
        chunk = text[sentence.start : sentence.end]
        base = sentence.start
        vessel_starts = {m.end() for m in VESSEL_CUE.finditer(chunk)}
        imos = list(IMO_NUMBER.finditer(chunk))
        for run in _runs(chunk):
            start, end = _strip_run(chunk, run[0], run[1])
            cue = "vessel" if run[0] in vessel_starts or start in vessel_starts else None
            imo = None
            following = chunk[end : end + 30]
            after = next(
                (m for m in imos if 0 <= m.start() - end <= 4 or following.lstrip(" ,(").startswith(m.group())), None
            )
            if after is not None:
                cue, imo = "vessel", after.group(1)
            found.append(Candidate(chunk[start:end], base + start, base + end, sentence, cue, imo))
        for match in imos:
            found.append(
                Candidate(match.group(), base + match.start(), base + match.end(), sentence, "imo", match.group(1))
            )
        for match in REGISTRATION.finditer(chunk):
            found.append(Candidate(match.group(), base + match.start(), base + match.end(), sentence, "aircraft"))
    return found
