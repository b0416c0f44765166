"""Where an indicator's evidence sits in the parsed chunks of its article.

The finders keep character offsets in the article (`Evidence.start`, `Evidence.trigger_start`); the stages that
run once the article is read (article_scope.py, source_doubt.py, story_groups.py, route_stops.py, passed_on.py)
go back to the parsed tokens through these offsets. The chunk docs carry their article offset in
`doc.user_data["article_offset"]`. A doc's end is taken from its last token, not from `Doc.text`, which joins
every token again on each access.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from alerts.model import Indicator


def _placed(docs: Iterable[Doc]) -> Iterable[tuple[int, int, Doc]]:
    """(article offset of the doc's start, of its end, doc) for each chunk doc."""
    for doc in docs:
        base = int(doc.user_data.get("article_offset", 0))
        end = base + (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0)
        yield base, end, doc


def indicator_sentence(indicator: Indicator, docs: Iterable[Doc]) -> Span | None:
    """The parsed sentence of an indicator's evidence."""
    start, end = indicator.evidence.start, indicator.evidence.end
    for base, doc_end, doc in _placed(docs):
        if base <= start and end <= doc_end:
            return doc.char_span(start - base, end - base, alignment_mode="expand")
    return None


def trigger_token(indicator: Indicator, docs: Iterable[Doc]) -> Token | None:
    """The token that made the indicator, from the trigger offset its evidence keeps (None without one)."""
    start = indicator.evidence.trigger_start
    if start is None:
        return None
    for base, doc_end, doc in _placed(docs):
        if base <= start < doc_end:
            return next((t for t in doc if base + t.idx == start), None)
    return None


def doc_holding(offset: int, docs: Iterable[Doc]) -> tuple[int, Doc] | None:
    """(article offset, doc) of the chunk doc that holds the article offset `offset`."""
    return next(((base, doc) for base, doc_end, doc in _placed(docs) if base <= offset < doc_end), None)
