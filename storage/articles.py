"""Storing articles once: deduplicated by content hash and by canonical URL, across every source."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from alerts.model import Article
from alerts.urls import canonical_url
from storage.errors import NotFoundError
from storage.models import ArticleRow
from storage.records import StoredArticle
from storage.sql import insert_ignore, rowcount, table


def url_identity(url: str | None) -> tuple[str | None, str | None]:
    """(canonical URL, its SHA-256) for a URL worth deduplicating on, else (None, None)."""
    if not url or not url.strip():
        return None, None
    canonical = canonical_url(url)
    return canonical, hashlib.sha256(canonical.encode("utf-8")).hexdigest()


#: Hashes per IN list: far below SQLite's bound-parameter limit, whatever its build.
_LOOKUP_CHUNK = 500


def _ids_by(session: Session, column: Literal["content_hash", "url_hash"], hashes: set[str]) -> dict[str, int]:
    """{hash: article id} for the stored articles whose `column` holds one of `hashes`."""
    field = getattr(ArticleRow, column)
    found: dict[str, int] = {}
    listed = sorted(hashes)
    for start in range(0, len(listed), _LOOKUP_CHUNK):
        query = sa.select(field, ArticleRow.id).where(field.in_(listed[start : start + _LOOKUP_CHUNK]))
        found.update({key: row_id for key, row_id in session.execute(query)})
    return found


def ingest(session: Session, article: Article, now: datetime) -> tuple[int, bool]:
    """Store `article` unless the same content or URL is stored already: (row id, created?)."""
    return ingest_many(session, [article], now)[0]


def ingest_many(session: Session, articles: Sequence[Article], now: datetime) -> list[tuple[int, bool]]:
    """Store each article unless the same content or canonical URL is stored already (or comes earlier in the
    batch): (row id, created?) for each, in order.

    A handful of statements for the whole batch, not two or three per article: the lookups by content and URL
    hash are IN lists, the new rows one multi-row insert. Insert-or-ignore rather than check-then-insert, so
    that two processes ingesting the same story at the same moment still end with one row; the loser reads the
    winner's id in the lookup after the insert.
    """
    identities = [(article.content_hash, *url_identity(article.url)) for article in articles]
    by_content = _ids_by(session, "content_hash", {content for content, _, _ in identities})
    by_url = _ids_by(session, "url_hash", {url for _, _, url in identities if url is not None})
    fresh = [
        (article, content_hash, canonical, url_hash)
        for article, (content_hash, canonical, url_hash) in zip(articles, identities, strict=True)
        if content_hash not in by_content and (url_hash is None or url_hash not in by_url)
    ]
    created: set[int] = set()
    if fresh:
        rows = [
            {
                "external_id": article.id,
                "content_hash": content_hash,
                "url": article.url,
                "canonical_url": canonical,
                "url_hash": url_hash,
                "title": article.title,
                "text": article.text,
                "source": article.source,
                "origin": article.origin,
                "published_at": article.published_at,
                "ingested_at": now,
                "word_count": article.word_count,
            }
            for article, content_hash, canonical, url_hash in fresh
        ]
        statement = insert_ignore(session, table(ArticleRow)).returning(ArticleRow.id)
        created = {row_id for (row_id,) in session.execute(statement, rows)}
        by_content |= _ids_by(session, "content_hash", {content_hash for _, content_hash, _, _ in fresh})
        by_url |= _ids_by(session, "url_hash", {url_hash for _, _, _, url_hash in fresh if url_hash})
    results: list[tuple[int, bool]] = []
    for content_hash, _, url_hash in identities:
        row_id = by_content.get(content_hash)
        if row_id is None and url_hash is not None:
            row_id = by_url.get(url_hash)
        assert row_id is not None, "an ignored insert implies a conflicting row"
        results.append((row_id, row_id in created))
        created.discard(row_id)  # a second copy in the same batch is a duplicate of the first
    return results


def to_article(row: ArticleRow) -> Article:
    return Article(
        id=row.external_id,
        text=row.text,
        title=row.title,
        url=row.url,
        published_at=row.published_at,
        source=row.source,
        origin=row.origin,
    )


def to_stored(row: ArticleRow) -> StoredArticle:
    return StoredArticle(
        id=row.id,
        article=to_article(row),
        content_hash=row.content_hash,
        canonical_url=row.canonical_url,
        ingested_at=row.ingested_at,
        event_date=row.event_date,
        word_count=row.word_count,
        processed_at=row.processed_at,
        failed_at=row.failed_at,
        failure=row.failure,
    )


def get_article(session: Session, article_id: int) -> StoredArticle:
    row = session.get(ArticleRow, article_id)
    if row is None:
        raise NotFoundError(f"no article with id {article_id}")
    return to_stored(row)


def unprocessed(session: Session, limit: int | None = None) -> list[tuple[int, Article]]:
    """Articles stored but never analysed (a crash or a stop between ingest and save), oldest first.

    Articles whose analysis failed are left out: they are in quarantine and come back only on request.
    """
    query = (
        sa.select(ArticleRow)
        .where(ArticleRow.processed_at.is_(None), ArticleRow.failed_at.is_(None))
        .order_by(ArticleRow.id)
        .limit(limit)
    )
    return [(row.id, to_article(row)) for row in session.scalars(query)]


def by_ids(session: Session, article_ids: Sequence[int], unprocessed_only: bool = False) -> list[tuple[int, Article]]:
    """(row id, Article) for the given ids that exist, in id order; with `unprocessed_only`, only those never
    analysed and not failed (what an analysis job still has to do)."""
    query = sa.select(ArticleRow).where(ArticleRow.id.in_(list(article_ids))).order_by(ArticleRow.id)
    if unprocessed_only:
        query = query.where(ArticleRow.processed_at.is_(None), ArticleRow.failed_at.is_(None))
    return [(row.id, to_article(row)) for row in session.scalars(query)]


def list_articles(
    session: Session, since: datetime | None = None, until: datetime | None = None, limit: int | None = None
) -> list[StoredArticle]:
    """Stored articles by ingestion time, oldest first (e.g. to replay an edited rule pack over them)."""
    query = sa.select(ArticleRow).order_by(ArticleRow.ingested_at, ArticleRow.id).limit(limit)
    if since is not None:
        query = query.where(ArticleRow.ingested_at >= since)
    if until is not None:
        query = query.where(ArticleRow.ingested_at < until)
    return [to_stored(row) for row in session.scalars(query)]


def mark_failed(session: Session, article_id: int, reason: str, now: datetime) -> None:
    _update(session, article_id, failed_at=now, failure=reason)


def clear_failure(session: Session, article_ids: Sequence[int]) -> int:
    """Make failed articles pending again, so that the next run analyses them; returns how many."""
    result = session.execute(
        sa.update(ArticleRow)
        .where(ArticleRow.id.in_(article_ids), ArticleRow.failed_at.is_not(None))
        .values(failed_at=None, failure=None)
    )
    return rowcount(result)


def _update(session: Session, article_id: int, **values: object) -> None:
    result = session.execute(sa.update(ArticleRow).where(ArticleRow.id == article_id).values(**values))
    if rowcount(result) != 1:
        raise NotFoundError(f"no article with id {article_id}")
