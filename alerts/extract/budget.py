"""Bounds on what one article may cost the parser: no chunk longer than `max_chunk_chars`, no token longer
than `MAX_TOKEN_CHARS`.

Why: the prefilter merges the relevant sentences of a paragraph into one chunk, and a paragraph has no
length limit. A text without line breaks (a scraped page, a 5 MB dump field) becomes one chunk of the whole
article, and every per-sentence step that looks at its whole document (the weapon spans of the doc, the
parser's own memory) then costs O(chunk) per sentence: quadratic in the article. Cutting chunks to a fixed
size makes the work per chunk constant and the work per article linear in its length.

A long chunk is cut at the last sentence end before the limit, else at the last whitespace, else at the
limit itself. Offsets stay offsets into the article, so evidence is unaffected.

Runs of more than `MAX_TOKEN_CHARS` characters without whitespace ("((((((...", base64, a minified script)
are no words of any language, and spaCy's tokenizer peels affixes off such a run one at a time, at a cost
quadratic in its length. They are left out of the chunks (and blanked for the whole-text mention pass).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from alerts.extract.prefilter import Chunk

#: Where a chunk may be cut, best first: after a sentence's end, then at any whitespace.
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)\]]*(?=\s)")
_WHITESPACE = re.compile(r"\s+")
MAX_TOKEN_CHARS = 200
_OVERLONG = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")


def without_overlong_tokens(text: str) -> str:
    """`text` with every overlong run of non-whitespace replaced by as many spaces: offsets are unchanged."""
    return _OVERLONG.sub(lambda match: " " * len(match.group()), text)


def bounded_chunks(text: str, chunks: Iterable[Chunk], max_chars: int) -> Iterator[Chunk]:
    """`chunks` without overlong tokens, each longer than `max_chars` cut into pieces of at most `max_chars`."""
    for chunk in _split_at_overlong_tokens(text, chunks):
        start = chunk.start
        while chunk.end - start > max_chars:
            cut = _cut_point(text, start, start + max_chars)
            yield Chunk(start, cut)
            start = _skip_space(text, cut, chunk.end)
        if start < chunk.end:
            yield Chunk(start, chunk.end)


def _split_at_overlong_tokens(text: str, chunks: Iterable[Chunk]) -> Iterator[Chunk]:
    for chunk in chunks:
        start = chunk.start
        for match in _OVERLONG.finditer(text, chunk.start, chunk.end):
            if match.start() > start:
                yield Chunk(start, match.start())
            start = match.end()
        if start < chunk.end:
            yield Chunk(start, chunk.end)


def _cut_point(text: str, start: int, limit: int) -> int:
    """The best place to end a piece that starts at `start` and may not pass `limit` (always > start).

    Only the second half of the window is searched, so each piece is at least half the limit long and the
    number of pieces (and the scanning) stays linear in the chunk's length."""
    floor = start + (limit - start) // 2
    for pattern in (_SENTENCE_BREAK, _WHITESPACE):
        last = None
        for match in pattern.finditer(text, floor, limit):
            last = match
        if last is not None:
            return last.end() if pattern is _SENTENCE_BREAK else last.start()
    return limit


def _skip_space(text: str, position: int, end: int) -> int:
    while position < end and text[position].isspace():
        position += 1
    return position
