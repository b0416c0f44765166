"""Multi-word lexicon terms ("Storm Shadow", "armoured cars", "CNC machines") found as whole phrases.

Why: the prefilter used to make every word of a multi-word term a cue of its own, so "storm", "cars",
"machines", "war" (of "war materiel") and even "s" (of "David's Sling") sent ordinary sentences to the parser.
The weapon tagger only ever tags the whole phrase, so only the whole phrase needs to reach it.

A term is cut into pieces the way spaCy's tokenizer may cut it: runs of letters, runs of digits, and single
other characters ("155mm shells" -> 155 | mm | shells, "David's Sling" -> david | ' | s | sling). Whitespace
may stand between any two pieces, so every text whose tokens the tagger's phrase matcher would match is
matched here too ("155 mm shells" as well as "155mm shells"). Terms are indexed by their first piece: a text
costs one set intersection of its runs of letters or digits with the first pieces, and one search per hit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: A piece of a term or text: a run of letters, a run of digits, or one other visible character.
_PIECE = re.compile(r"[^\W\d_]+|\d+|\S")
#: Where a term may start in a text: at a run of letters or of digits.
_RUN = re.compile(r"[^\W\d_]+|\d+")


def _pattern(pieces: list[str]) -> str:
    """The pieces with optional whitespace between them, not followed by more of the last piece's kind."""
    last = pieces[-1]
    tail = r"(?![^\W\d_])" if last.isalpha() else r"(?!\d)" if last.isdigit() else ""
    return r"\s*".join(re.escape(piece) for piece in pieces) + tail


class PhraseFinder:
    """Answers "does this lower-cased text hold one of the phrases?" in time linear in the text."""

    def __init__(self, phrases: Iterable[str]) -> None:
        by_head: dict[str, list[str]] = {}
        for phrase in phrases:
            pieces = _PIECE.findall(phrase.lower())
            if pieces and _RUN.fullmatch(pieces[0]):
                by_head.setdefault(pieces[0], []).append(_pattern(pieces))
        self._heads = {
            # a term starts where a run of letters (or digits) starts, not inside one
            head: re.compile((r"(?<![^\W\d_])" if head.isalpha() else r"(?<!\d)") + f"(?:{'|'.join(patterns)})")
            for head, patterns in by_head.items()
        }

    def occurs_in(self, lowered: str) -> bool:
        """Whether `lowered` (a lower-cased text) holds one of the phrases."""
        heads = self._heads
        return any(heads[head].search(lowered) for head in heads.keys() & _RUN.findall(lowered))
