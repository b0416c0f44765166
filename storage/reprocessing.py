"""Reprocessing stored articles: the `reprocesses` rows, their selection and progress, and the vanished marks.

A reprocess covers the analysed articles ingested since a moment (or all of them). Each article it re-analyses
is saved with `articles.reprocessed_by` set to the reprocess's id in the same transaction, so progress is one
indexed count, a resumed reprocess only looks at the articles still pointing elsewhere, and an article done
twice (a job retried after its worker died) is simply saved again, which changes nothing.

Nothing is deleted. An indicator a re-extraction no longer finds, and a match (article, rule, dedupe key) the
current rules no longer make, get `vanished_at`; an alert none of whose articles still supports it does too.
A mark is cleared when the indicator or match comes back.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from alerts.model import Indicator
from storage.errors import NotFoundError, StorageError
from storage.models import (
    DEDUPE_KEY_LENGTH,
    REPROCESS_MODES,
    AlertArticleRow,
    AlertRow,
    ArticleRow,
    IndicatorRow,
    ReprocessRow,
)
from storage.sql import table
from storage.types import UTCDateTime


@dataclass(frozen=True, slots=True)
class ReprocessRecord:
    id: int
    mode: str  # extract | rules
    since: datetime | None
    started_at: datetime
    finished_at: datetime | None
    total: int


def _selection(since: datetime | None) -> sa.ColumnElement[bool]:
    """The articles a reprocess covers: analysed ones (pending ones are the next run's) that did not fail
    (quarantined until retried), ingested since `since`."""
    condition = sa.and_(ArticleRow.processed_at.is_not(None), ArticleRow.failed_at.is_(None))
    return condition if since is None else sa.and_(condition, ArticleRow.ingested_at >= since)


def start_or_resume(session: Session, mode: str, since: datetime | None, now: datetime) -> tuple[ReprocessRecord, bool]:
    """The unfinished reprocess with this mode and selection (resumed: False), else a new one (True)."""
    if mode not in REPROCESS_MODES:
        raise StorageError(f"a reprocess mode is one of {', '.join(REPROCESS_MODES)}, not {mode!r}")
    since_matches = ReprocessRow.since.is_(None) if since is None else ReprocessRow.since == since
    found = session.scalars(
        sa.select(ReprocessRow)
        .where(ReprocessRow.mode == mode, since_matches, ReprocessRow.finished_at.is_(None))
        .order_by(ReprocessRow.id.desc())
        .limit(1)
    ).one_or_none()
    if found is not None:
        return _record(found), False
    total = session.scalar(sa.select(sa.func.count()).select_from(ArticleRow).where(_selection(since))) or 0
    row = ReprocessRow(mode=mode, since=since, started_at=now, finished_at=None, total=total)
    session.add(row)
    session.flush()
    return _record(row), True


def get(session: Session, reprocess_id: int) -> ReprocessRecord:
    row = session.get(ReprocessRow, reprocess_id)
    if row is None:
        raise NotFoundError(f"no reprocess with id {reprocess_id}")
    return _record(row)


def pending_ids(session: Session, reprocess: ReprocessRecord, after: int = 0, limit: int | None = None) -> list[int]:
    """Ids above `after` of the covered articles this reprocess has not saved yet, in id order (a page of
    `limit`: an archive of millions is walked page by page)."""
    query = (
        sa.select(ArticleRow.id)
        .where(
            _selection(reprocess.since),
            ArticleRow.reprocessed_by.is_distinct_from(reprocess.id),
            ArticleRow.id > after,
        )
        .order_by(ArticleRow.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def remaining_count(session: Session, reprocess: ReprocessRecord) -> int:
    return (
        session.scalar(
            sa.select(sa.func.count())
            .select_from(ArticleRow)
            .where(_selection(reprocess.since), ArticleRow.reprocessed_by.is_distinct_from(reprocess.id))
        )
        or 0
    )


def done_count(session: Session, reprocess_id: int) -> int:
    return (
        session.scalar(
            sa.select(sa.func.count()).select_from(ArticleRow).where(ArticleRow.reprocessed_by == reprocess_id)
        )
        or 0
    )


def finish(session: Session, reprocess_id: int, now: datetime) -> None:
    session.execute(sa.update(ReprocessRow).where(ReprocessRow.id == reprocess_id).values(finished_at=now))


def mark_reprocessed(
    session: Session,
    article_id: int,
    reprocess_id: int,
    fingerprints: Collection[str],
    matches: Collection[tuple[str, str]],
    now: datetime,
) -> None:
    """After an article's analysis was saved again: mark what it no longer has, unmark what came back.

    `fingerprints`: its indicators now; `matches`: its (rule id, dedupe key) pairs now.
    """
    stamp = sa.literal(now, UTCDateTime())
    indicators = table(IndicatorRow)
    session.execute(
        sa.update(indicators)
        .where(indicators.c.article_id == article_id)
        .values(
            vanished_at=sa.case(
                (indicators.c.fingerprint.in_(list(fingerprints)), None),
                else_=sa.func.coalesce(indicators.c.vanished_at, stamp),
            )
        )
    )
    links, alerts = table(AlertArticleRow), table(AlertRow)
    current = {(rule_id, key[:DEDUPE_KEY_LENGTH]) for rule_id, key in matches}
    touched: list[int] = []
    for link_id, alert_id, rule_id, key, vanished in session.execute(
        sa.select(links.c.id, links.c.alert_id, alerts.c.rule_id, alerts.c.dedupe_key, links.c.vanished_at)
        .join(alerts, alerts.c.id == links.c.alert_id)
        .where(links.c.article_id == article_id)
    ):
        present = (rule_id, key) in current
        if present == (vanished is None):
            continue
        session.execute(sa.update(links).where(links.c.id == link_id).values(vanished_at=None if present else now))
        touched.append(alert_id)
    if touched:
        _mark_alerts(session, touched, stamp)
    session.execute(sa.update(ArticleRow).where(ArticleRow.id == article_id).values(reprocessed_by=reprocess_id))


def _mark_alerts(session: Session, alert_ids: Sequence[int], stamp: sa.ColumnElement[datetime]) -> None:
    """An alert is vanished when none of its links still stands; it comes back with the first that does."""
    links, alerts = table(AlertArticleRow), table(AlertRow)
    standing = sa.select(links.c.id).where(links.c.alert_id == alerts.c.id, links.c.vanished_at.is_(None)).exists()
    session.execute(
        sa.update(alerts)
        .where(alerts.c.id.in_(sorted(set(alert_ids))))
        .values(vanished_at=sa.case((standing, None), else_=sa.func.coalesce(alerts.c.vanished_at, stamp)))
    )


def current_indicators(session: Session, article_ids: Sequence[int]) -> dict[int, list[Indicator]]:
    """Each stored article's indicators that have not vanished, in extraction order: what `--rules-only`
    evaluates. Ids of no stored article are left out."""
    existing = session.scalars(sa.select(ArticleRow.id).where(ArticleRow.id.in_(list(article_ids))))
    found: dict[int, list[Indicator]] = {article_id: [] for article_id in existing}
    indicators = table(IndicatorRow)
    for article_id, data in session.execute(
        sa.select(indicators.c.article_id, indicators.c.data)
        .where(indicators.c.article_id.in_(list(article_ids)), indicators.c.vanished_at.is_(None))
        .order_by(indicators.c.article_id, indicators.c.position, indicators.c.id)
    ):
        found[article_id].append(Indicator.from_dict(data))
    return found


def vanished_matches(session: Session, since: datetime | None = None) -> list[tuple[int, str, str]]:
    """(article id, rule id, dedupe key) of every match marked vanished (at or after `since`)."""
    links, alerts = table(AlertArticleRow), table(AlertRow)
    query = (
        sa.select(links.c.article_id, alerts.c.rule_id, alerts.c.dedupe_key)
        .join(alerts, alerts.c.id == links.c.alert_id)
        .where(links.c.vanished_at.is_not(None))
        .order_by(links.c.article_id, alerts.c.rule_id, alerts.c.dedupe_key)
    )
    if since is not None:
        query = query.where(links.c.vanished_at >= since)
    return [tuple(row) for row in session.execute(query)]


def _record(row: ReprocessRow) -> ReprocessRecord:
    return ReprocessRecord(row.id, row.mode, row.since, row.started_at, row.finished_at, row.total)
