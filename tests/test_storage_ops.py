"""Runs, quarantine, source state and leases on a real SQLite file and a real PostgreSQL schema."""

from __future__ import annotations

import os
import socket
from datetime import timedelta

import pytest

from storage import NotFoundError, StorageError, Store

from storage_factories import T0


@pytest.fixture()
def store(database_url: str):
    with Store(database_url) as opened:
        yield opened


def test_runs_are_recorded_newest_first(store: Store) -> None:
    first = store.start_run("seeds", T0)
    store.finish_run(first, T0 + timedelta(seconds=5), "ok", {"articles_new": 7, "alerts_new": 2})
    second = store.start_run("feed", T0 + timedelta(minutes=1))
    store.finish_run(second, T0 + timedelta(minutes=2), "failed", {}, "HTTP 500 from feed")
    runs = store.list_runs()
    assert [run.id for run in runs] == [second, first]
    assert (runs[1].status, runs[1].articles_new, runs[1].alerts_new, runs[1].articles_seen) == ("ok", 7, 2, 0)
    assert runs[1].finished_at == T0 + timedelta(seconds=5)
    assert (runs[0].status, runs[0].error) == ("failed", "HTTP 500 from feed")
    assert runs[0].host == socket.gethostname() and runs[0].pid == os.getpid()
    assert [run.id for run in store.list_runs(source="seeds")] == [first]
    with pytest.raises(StorageError):
        store.finish_run(first, T0, "ok", {"bogus": 1})
    with pytest.raises(StorageError):
        store.finish_run(first, T0, "done")
    with pytest.raises(NotFoundError):
        store.finish_run(999, T0, "ok")


def test_runs_of_dead_processes_are_marked_interrupted(store: Store) -> None:
    mine = store.start_run("seeds", T0)
    with store.transaction() as session:  # a run a killed process left behind on this host
        from storage.models import RunRow

        dead = RunRow(
            source="seeds",
            started_at=T0,
            status="running",
            host=socket.gethostname(),
            pid=2**22 + 12345,
            articles_new=0,
            articles_seen=0,
            quarantined=0,
            indicators=0,
            alerts_new=0,
            alerts_deduplicated=0,
            alerts_escalated=0,
            suppressed=0,
        )
        session.add(dead)
        session.flush()
        dead_id = dead.id
    assert store.recover_interrupted_runs(now=T0 + timedelta(hours=1)) == 1
    statuses = {run.id: run.status for run in store.list_runs()}
    assert statuses == {mine: "running", dead_id: "interrupted"}


def test_quarantine_is_idempotent_per_origin_and_content(store: Store) -> None:
    first = store.quarantine("seeds/bad.txt", "seeds", "not UTF-8", b"\xff\xfe\x00bad", T0)
    again = store.quarantine("seeds/bad.txt", "seeds", "not UTF-8 (again)", b"\xff\xfe\x00bad", T0 + timedelta(hours=1))
    assert again == first
    other = store.quarantine("seeds/empty.txt", "seeds", "empty article", None, T0)
    assert other != first
    entries = store.list_quarantine()
    assert [entry.id for entry in entries] == [first, other]  # newest sighting first
    entry = store.get_quarantine(first)
    assert (entry.attempts, entry.reason, entry.first_seen, entry.last_seen) == (
        2,
        "not UTF-8 (again)",
        T0,
        T0 + timedelta(hours=1),
    )
    assert entry.content == b"\xff\xfe\x00bad"
    assert entries[0].content is None  # listings leave the content out
    assert store.get_quarantine(other).content is None

    store.resolve_quarantine(first, T0 + timedelta(hours=2))
    assert [entry.id for entry in store.list_quarantine()] == [other]
    assert len(store.list_quarantine(include_resolved=True)) == 2
    store.quarantine("seeds/bad.txt", "seeds", "still broken", b"\xff\xfe\x00bad", T0 + timedelta(hours=3))
    assert store.get_quarantine(first).resolved_at is None  # failing again re-opens it
    with pytest.raises(NotFoundError):
        store.resolve_quarantine(999)


def test_quarantine_caps_content(store: Store) -> None:
    from storage.quarantine import MAX_CONTENT_BYTES

    huge = "x" * (MAX_CONTENT_BYTES + 10)
    entry = store.get_quarantine(store.quarantine("feed:item", "feed", "over the size cap", huge, T0))
    assert entry.content_size == MAX_CONTENT_BYTES + 10
    assert len(entry.content or b"") == MAX_CONTENT_BYTES
    assert entry.truncated


def test_source_state_round_trips_json(store: Store) -> None:
    assert store.get_source_state("feed", "http://127.0.0.1/rss") is None
    store.set_source_state("feed", "http://127.0.0.1/rss", {"etag": '"abc"', "modified": None}, T0)
    store.set_source_state("feed", "http://127.0.0.1/rss", {"etag": '"def"', "modified": "Sat, 01 Mar 2026"}, T0)
    store.set_source_state("seeds", "a.txt", {"mtime": 1.5, "size": 10, "hash": "ab"}, T0)
    assert store.get_source_state("feed", "http://127.0.0.1/rss") == {"etag": '"def"', "modified": "Sat, 01 Mar 2026"}
    assert store.source_states("seeds") == {"a.txt": {"mtime": 1.5, "size": 10, "hash": "ab"}}


def test_lease_refuses_a_second_holder_until_it_expires(store: Store) -> None:
    ttl = timedelta(minutes=10)
    mine = store.acquire_lease("scheduler", "host-a:100", ttl, T0)
    assert mine and mine.holder == "host-a:100"
    refused = store.acquire_lease("scheduler", "host-b:200", ttl, T0 + timedelta(minutes=1))
    assert not refused
    assert (refused.holder, refused.host, refused.pid) == ("host-a:100", "host-a", 100)
    assert refused.expires_at == T0 + ttl
    # Renewing keeps it ours; the other holder is still refused past the first expiry.
    assert store.renew_lease("scheduler", "host-a:100", ttl, T0 + timedelta(minutes=9))
    assert not store.acquire_lease("scheduler", "host-b:200", ttl, T0 + timedelta(minutes=11))
    assert store.acquire_lease("scheduler", "host-a:100", ttl, T0 + timedelta(minutes=12))  # re-acquire is fine
    # A stale lease (holder died, never renewed) is taken over.
    taken = store.acquire_lease("scheduler", "host-b:200", ttl, T0 + timedelta(minutes=23))
    assert taken and taken.holder == "host-b:200" and taken.acquired_at == T0 + timedelta(minutes=23)
    assert not store.renew_lease("scheduler", "host-a:100", ttl, T0 + timedelta(minutes=24))  # A lost it
    assert not store.release_lease("scheduler", "host-a:100")
    assert store.release_lease("scheduler", "host-b:200")
    assert store.lease_holder("scheduler") is None
    assert store.acquire_lease("scheduler", "host-a:100", ttl, T0 + timedelta(minutes=25))


def test_lease_default_holder_is_this_process(store: Store) -> None:
    lease = store.acquire_lease("scheduler", ttl=timedelta(minutes=1))
    assert (lease.host, lease.pid) == (socket.gethostname(), os.getpid())
    assert store.release_lease("scheduler")
