"""What the extraction tests ask of an extractor: the indicators of one sentence, and their parties as tuples."""

from __future__ import annotations

from datetime import datetime

from alerts.model import Article, Indicator


def indicators(extractor, text: str, kind: str | None = None, published: datetime | None = None) -> list[Indicator]:
    """The indicators of `text` read as one article (of one `kind` when given)."""
    found = extractor.extract(Article(id="t", text=text, published_at=published))
    return [i for i in found if kind is None or i.type == kind]


def transfers(extractor, text: str, published: datetime | None = None) -> list[Indicator]:
    return indicators(extractor, text, "arms_transfer", published)


def pairs(extractor, text: str) -> set[tuple[str | None, str | None]]:
    """(supplier, recipient) of every arms transfer."""
    return {(i.fields["supplier"], i.fields["recipient"]) for i in transfers(extractor, text)}


def pair_list(extractor, text: str) -> list[tuple[str | None, str | None]]:
    """(supplier, recipient) of every arms transfer, in order and with repeats, for tests that count them."""
    return [(i.fields["supplier"], i.fields["recipient"]) for i in transfers(extractor, text)]


def claims(extractor, text: str) -> set[tuple[str | None, str | None, str]]:
    """(supplier, recipient, modality) of every arms transfer."""
    return {(i.fields["supplier"], i.fields["recipient"], i.modality) for i in transfers(extractor, text)}
