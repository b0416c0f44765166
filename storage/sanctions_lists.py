"""Official sanctions lists in SQL: each update a version, swapped in whole, the one before kept for diffs.

    lists = SanctionLists(store)
    version = lists.save(name, title, snapshot, origin, sha256)   # None when the content is unchanged
    entities = lists.current_entities()

Why whole versions rather than row updates: a list is published whole, screening must never see half an
update, and "what did the last update add and remove" is then a set difference of two versions. Rows go in
with one bulk `insert` per table in one transaction: the 15,000-entity OFAC list stores in about a second.
Only the two newest versions of a list are kept.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from alerts.dates import utcnow
from alerts.lists.model import ListEntity, ListName, ListSnapshot
from storage.models import SanctionEntityRow, SanctionListVersionRow, SanctionNameRow
from storage.store import Store

KEPT_VERSIONS = 2


@dataclass(frozen=True, slots=True)
class ListVersion:
    """One stored version of a list, as `alerts lists` shows it."""

    id: int
    list_name: str
    title: str
    published: date | None
    loaded_at: datetime
    origin: str
    sha256: str
    entity_count: int
    name_count: int


@dataclass(frozen=True, slots=True)
class ListChange:
    """An entity the newest version added or removed."""

    entity_id: str
    entity_type: str
    name: str


@dataclass(frozen=True, slots=True)
class ListDiff:
    list_name: str
    older: ListVersion | None
    newer: ListVersion
    added: list[ListChange]
    removed: list[ListChange]


def _version(row: SanctionListVersionRow) -> ListVersion:
    return ListVersion(
        row.id,
        row.list_name,
        row.title,
        row.published,
        row.loaded_at,
        row.origin,
        row.sha256,
        row.entity_count,
        row.name_count,
    )


class SanctionLists:
    """The sanctions-list tables of one `Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def save(
        self,
        list_name: str,
        title: str,
        snapshot: ListSnapshot,
        origin: str,
        sha256: str,
        now: datetime | None = None,
    ) -> ListVersion | None:
        """Store `snapshot` as the newest version of `list_name`; None (nothing written) when the newest
        version already has this content hash."""
        with self.store.transaction() as session:
            newest = self._newest(session, list_name)
            if newest is not None and newest.sha256 == sha256:
                return None
            row = SanctionListVersionRow(
                list_name=list_name,
                title=title,
                published=snapshot.published,
                loaded_at=now or utcnow(),
                origin=origin,
                sha256=sha256,
                entity_count=len(snapshot.entities),
                name_count=sum(len(entity.names) for entity in snapshot.entities),
            )
            session.add(row)
            session.flush()
            self._insert_entities(session, row.id, snapshot.entities)
            self._prune(session, list_name)
            return _version(row)

    @staticmethod
    def _insert_entities(session: Session, version_id: int, entities: list[ListEntity]) -> None:
        entity_rows = [
            {
                "version_id": version_id,
                "entity_id": e.entity_id,
                "entity_type": e.entity_type,
                "name": e.name,
                "programs": list(e.programs),
                "countries": list(e.countries),
                "imo": e.imo,
                "mmsi": e.mmsi,
                "call_sign": e.call_sign,
                "flag": e.flag,
            }
            for e in entities
        ]
        name_rows = [
            {"version_id": version_id, "entity_id": e.entity_id, "name": n.name, "kind": n.kind, "weak": n.weak}
            for e in entities
            for n in e.names
        ]
        if entity_rows:
            session.execute(sa.insert(SanctionEntityRow), entity_rows)
        if name_rows:
            session.execute(sa.insert(SanctionNameRow), name_rows)

    @staticmethod
    def _newest(session: Session, list_name: str) -> SanctionListVersionRow | None:
        query = (
            sa.select(SanctionListVersionRow)
            .where(SanctionListVersionRow.list_name == list_name)
            .order_by(SanctionListVersionRow.id.desc())
            .limit(1)
        )
        return session.scalars(query).first()

    @staticmethod
    def _prune(session: Session, list_name: str) -> None:
        ids = session.scalars(
            sa.select(SanctionListVersionRow.id)
            .where(SanctionListVersionRow.list_name == list_name)
            .order_by(SanctionListVersionRow.id.desc())
            .offset(KEPT_VERSIONS)
        ).all()
        if ids:
            for table in (SanctionNameRow, SanctionEntityRow):  # explicit: SQLite may run without cascades
                session.execute(sa.delete(table).where(table.version_id.in_(ids)))
            session.execute(sa.delete(SanctionListVersionRow).where(SanctionListVersionRow.id.in_(ids)))

    def versions(self) -> list[ListVersion]:
        """The newest version of every stored list, by list name."""
        with self.store.reading() as session:
            newest = (
                sa.select(sa.func.max(SanctionListVersionRow.id))
                .group_by(SanctionListVersionRow.list_name)
                .scalar_subquery()
            )
            rows = session.scalars(
                sa.select(SanctionListVersionRow)
                .where(SanctionListVersionRow.id.in_(newest))
                .order_by(SanctionListVersionRow.list_name)
            ).all()
            return [_version(row) for row in rows]

    def current_entities(self, list_names: Iterable[str] | None = None) -> dict[str, list[ListEntity]]:
        """The entities of the newest version of each list (or of `list_names`), keyed by list name."""
        wanted = None if list_names is None else set(list_names)
        found: dict[str, list[ListEntity]] = {}
        with self.store.reading() as session:
            for version in self.versions():
                if wanted is None or version.list_name in wanted:
                    found[version.list_name] = self._entities(session, version.id)
        return found

    @staticmethod
    def _entities(session: Session, version_id: int) -> list[ListEntity]:
        names: dict[str, list[ListName]] = defaultdict(list)
        query = (
            sa.select(SanctionNameRow.entity_id, SanctionNameRow.name, SanctionNameRow.kind, SanctionNameRow.weak)
            .where(SanctionNameRow.version_id == version_id)
            .order_by(SanctionNameRow.id)
        )
        for entity_id, name, kind, weak in session.execute(query):
            names[entity_id].append(ListName(name, kind, weak))
        rows = session.execute(
            sa.select(SanctionEntityRow)
            .where(SanctionEntityRow.version_id == version_id)
            .order_by(SanctionEntityRow.id)
        ).scalars()
        return [
            ListEntity(
                row.entity_id,
                row.entity_type,
                names.get(row.entity_id) or [ListName(row.name)],
                tuple(row.programs),
                tuple(row.countries),
                row.imo,
                row.mmsi,
                row.call_sign,
                row.flag,
            )
            for row in rows
        ]

    def diff(self, list_name: str) -> ListDiff | None:
        """What the newest version of `list_name` added and removed against the one before (None: no list)."""
        with self.store.reading() as session:
            rows = session.scalars(
                sa.select(SanctionListVersionRow)
                .where(SanctionListVersionRow.list_name == list_name)
                .order_by(SanctionListVersionRow.id.desc())
                .limit(2)
            ).all()
            if not rows:
                return None
            newer, older = rows[0], rows[1] if len(rows) > 1 else None
            new = self._changes(session, newer.id)
            old = self._changes(session, older.id) if older is not None else {}
            added = [new[key] for key in sorted(new.keys() - old.keys())]
            removed = [old[key] for key in sorted(old.keys() - new.keys())]
            return ListDiff(list_name, _version(older) if older else None, _version(newer), added, removed)

    @staticmethod
    def _changes(session: Session, version_id: int) -> dict[str, ListChange]:
        query = sa.select(SanctionEntityRow.entity_id, SanctionEntityRow.entity_type, SanctionEntityRow.name).where(
            SanctionEntityRow.version_id == version_id
        )
        return {entity_id: ListChange(entity_id, kind, name) for entity_id, kind, name in session.execute(query)}
