"""`alerts quarantine retry` of a page whose download failed fetches it again (a real local HTTP server)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from alerts.analysis import Analyzer
from alerts.fetch import HttpFetcher
from alerts.quarantine import retry_quarantined
from storage import Store

from review_data import SEED_TEXT
from sources_http import LocalServer, Reply

PAGE = (
    "<html><head><title>Lavrov arrives in Pyongyang</title></head><body><article><h1>Lavrov arrives in Pyongyang</h1>"
    + "".join(f"<p>{sentence.strip()}.</p>" for sentence in SEED_TEXT.split("\n", 1)[1].split(". "))
    + "</article></body></html>"
).encode()


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    running = LocalServer().start()
    yield running
    running.close()


@pytest.fixture()
def store(sqlite_url: str) -> Iterator[Store]:
    with Store(sqlite_url) as opened:
        yield opened


def fetcher() -> HttpFetcher:
    return HttpFetcher(timeout=2.0, retries=0)


def test_a_page_that_failed_to_download_is_fetched_again(store, server, extractor, repo_root: Path):
    from alerts.rulebook import RuleBook

    server.routes["/news/lavrov"] = Reply(body=PAGE, headers={"Content-Type": "text/html; charset=utf-8"})
    url = server.url("/news/lavrov")
    entry = store.quarantine(url, "pages", "HTTP 503 (after 4 attempts)", b"")
    with fetcher() as client:
        [outcome] = retry_quarantined(
            store, [store.get_quarantine(entry)], lambda: Analyzer(extractor, RuleBook(repo_root / "rules").reload()),
            client,
        )
    assert outcome.resolved, outcome.detail
    assert outcome.alerts_new > 0
    assert len(server.hits("/news/lavrov")) == 1
    assert store.list_quarantine() == []


def test_a_page_that_still_fails_stays_with_the_new_reason(store, server):
    server.routes["/gone"] = Reply(status=404)
    entry = store.quarantine(server.url("/gone"), "pages", "HTTP 503", b"")
    with fetcher() as client:
        [outcome] = retry_quarantined(store, [store.get_quarantine(entry)], lambda: None, client)  # type: ignore[arg-type, return-value]
    assert not outcome.resolved
    assert "download failed again: HTTP 404" in outcome.detail
    assert len(server.hits("/gone")) == 1
    [kept] = store.list_quarantine()
    assert kept.attempts == 2 and "HTTP 404" in kept.reason
