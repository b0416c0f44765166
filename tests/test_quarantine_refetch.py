"""`alerts quarantine retry` of a page whose download failed fetches it again (a real local HTTP server)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from alerts.analyzer import Analyzer
from alerts.fetch import HttpFetcher
from alerts.quarantine_retry import retry_quarantined
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


def local_fetcher(source: str | None) -> HttpFetcher:
    """The test server is on 127.0.0.1, which only a source allowed private networks may reach."""
    return HttpFetcher(timeout=2.0, retries=0, allow_private_networks=True)


def test_a_page_that_failed_to_download_is_fetched_again(store, server, extractor, repo_root: Path):
    from alerts.rulebook import RuleBook

    server.routes["/news/lavrov"] = Reply(body=PAGE, headers={"Content-Type": "text/html; charset=utf-8"})
    url = server.url("/news/lavrov")
    entry = store.quarantine(url, "pages", "HTTP 503 (after 4 attempts)", b"")
    [outcome] = retry_quarantined(
        store,
        [store.get_quarantine(entry)],
        lambda: Analyzer(extractor, RuleBook(repo_root / "rules").reload()),
        local_fetcher,
    )
    assert outcome.resolved, outcome.detail
    assert outcome.alerts_new > 0
    assert len(server.hits("/news/lavrov")) == 1
    assert store.list_quarantine() == []


def no_analyzer() -> Analyzer:
    raise AssertionError("nothing read, so the spaCy pipeline must not be loaded")


def test_a_page_on_an_internal_address_is_refused_by_default(store, server):
    server.routes["/page"] = Reply(body=PAGE, headers={"Content-Type": "text/html"})
    entry = store.quarantine(server.url("/page"), "pages", "HTTP 503", b"")
    [outcome] = retry_quarantined(store, [store.get_quarantine(entry)], no_analyzer)
    assert not outcome.resolved and "loopback address: refused" in outcome.detail
    assert server.hits("/page") == []


def test_a_page_that_still_fails_stays_with_the_new_reason(store, server):
    server.routes["/gone"] = Reply(status=404)
    entry = store.quarantine(server.url("/gone"), "pages", "HTTP 503", b"")
    [outcome] = retry_quarantined(store, [store.get_quarantine(entry)], no_analyzer, local_fetcher)
    assert not outcome.resolved
    assert "download failed again: HTTP 404" in outcome.detail
    assert len(server.hits("/gone")) == 1
    [kept] = store.list_quarantine()
    assert kept.attempts == 2 and "HTTP 404" in kept.reason
