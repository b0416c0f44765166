"""Two processes' worth of writers on one database: the unique keys and locks must leave one of everything.

Threads with a Store each (own engine, own connections) race on the same article and the same alert key;
whatever the interleaving, the database must end with one article, one alert per key, and every article
attached to it.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from storage import Store

from storage_factories import T0, article, match, transfer

REPO_ROOT = Path(__file__).resolve().parent.parent

WRITERS = 4


def _race(database_url: str, work) -> list:
    Store(database_url).close()  # migrate first, so the race is about the data
    barrier = threading.Barrier(WRITERS)

    def run(index: int):
        with Store(database_url) as store:
            barrier.wait()
            return work(store, index)

    with ThreadPoolExecutor(WRITERS) as pool:
        return list(pool.map(run, range(WRITERS)))


def test_concurrent_ingest_of_one_article_stores_it_once(database_url: str) -> None:
    results = _race(database_url, lambda store, _: store.ingest(article(1), T0))
    assert len({row_id for row_id, _ in results}) == 1
    assert sum(created for _, created in results) == 1


def test_concurrent_matches_of_one_key_open_one_alert(database_url: str) -> None:
    def work(store: Store, index: int):
        row_id, _ = store.ingest(article(100 + index, source=f"source-{index}"), T0)
        return store.save_analysis(row_id, [transfer()], [match()], T0 + timedelta(minutes=index))

    outcomes = _race(database_url, work)
    assert sum(o.alerts_new for o in outcomes) == 1
    assert sum(o.alerts_corroborated for o in outcomes) == WRITERS - 1
    with Store(database_url) as store:
        [alert] = store.list_alerts()
        assert (alert.article_count, alert.source_count) == (WRITERS, WRITERS)


def test_concurrent_lease_has_one_winner(database_url: str) -> None:
    leases = _race(database_url, lambda store, i: store.acquire_lease("scheduler", f"host:{i}", timedelta(minutes=5)))
    winners = [lease for lease in leases if lease]
    assert len(winners) == 1
    assert {lease.holder for lease in leases} == {winners[0].holder}


def test_concurrent_upgrades_of_an_empty_database(database_url: str) -> None:
    """Separate processes opening a Store on an empty database at once: one migrates, the others wait and see."""
    script = "import sys; from storage import Store; s = Store(sys.argv[1]); print(s.start_run('seeds')); s.close()"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, database_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=REPO_ROOT,
            text=True,
        )
        for _ in range(WRITERS)
    ]
    results = [process.communicate(timeout=120) + (process.returncode,) for process in processes]
    assert [code for _, _, code in results] == [0] * WRITERS, [err for _, err, _ in results]
    assert len({out.strip() for out, _, _ in results}) == WRITERS
    with Store(database_url) as store:
        assert len(store.list_runs()) == WRITERS


def test_one_store_shared_by_threads(database_url: str) -> None:
    """The scheduler runs sources on worker threads that share one Store."""
    with Store(database_url) as store:
        barrier = threading.Barrier(WRITERS)

        def work(index: int) -> int:
            barrier.wait()
            row_id, _ = store.ingest(article(200 + index, source=f"s{index}"), T0)
            store.save_analysis(row_id, [transfer()], [match()], T0)
            return row_id

        with ThreadPoolExecutor(WRITERS) as pool:
            assert len(set(pool.map(work, range(WRITERS)))) == WRITERS
        [alert] = store.list_alerts()
        assert alert.article_count == WRITERS
