"""Storing articles once: deduplicated by content hash and by canonical URL, across every source."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

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


def find_article(session: Session, content_hash: str, url_hash: str | None) -> int | None:
    """The id of the stored article with this content or this canonical URL (content wins)."""
    found = session.scalar(sa.select(ArticleRow.id).where(ArticleRow.content_hash == content_hash))
    if found is None and url_hash is not None:
        found = session.scalar(sa.select(ArticleRow.id).where(ArticleRow.url_hash == url_hash))
    return found


def ingest(session: Session, article: Article, now: datetime) -> tuple[int, bool]:
    """Store `article` unless the same content or URL is stored already: (row id, created?).

    Insert-or-ignore rather than check-then-insert, so that two processes ingesting the same story at the
    same moment still end with one row; the loser reads the winner's id.
    """
    content_hash = article.content_hash
    canonical, url_hash = url_identity(article.url)
    existing = find_article(session, content_hash, url_hash)
    if existing is not None:
        return existing, False
    inserted = session.execute(
        insert_ignore(session, table(ArticleRow)).returning(ArticleRow.id),
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
        },
    ).scalar_one_or_none()
    if inserted is not None:
        return inserted, True
    row_id = find_article(session, content_hash, url_hash)
    assert row_id is not None, "an ignored insert implies a conflicting row"
    return row_id, False


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
