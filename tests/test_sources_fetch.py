"""The shared HTTP client against a real local server: back-off, Retry-After, shutdown during back-off,
redirects, compressed bodies and the size cap on what is decoded."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator

import pytest

from alerts.fetch import FetchError, HttpFetcher

from sources_http import LocalServer, Reply


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    running = LocalServer().start()
    yield running
    running.close()


def test_backoff_grows_exponentially_and_honours_retry_after(server: LocalServer) -> None:
    server.routes["/busy"] = [Reply(503), Reply(500), Reply(429, headers={"Retry-After": "7"}), Reply(body=b"done")]
    delays: list[float] = []
    with HttpFetcher(allow_private_networks=True, retries=3, backoff=0.5, sleep=delays.append) as fetcher:
        result = fetcher.get(server.url("/busy"))
    assert result.content == b"done" and result.status == 200
    assert len(delays) == 3
    assert 0.4 <= delays[0] <= 0.6 and 0.8 <= delays[1] <= 1.2  # 0.5 s, then 1 s, with jitter
    assert delays[2] == 7  # the server's Retry-After beats the 2 s back-off


def test_backoff_is_capped(server: LocalServer) -> None:
    server.routes["/down"] = Reply(502)
    delays: list[float] = []
    with HttpFetcher(
        allow_private_networks=True, retries=4, backoff=10, max_backoff=15, sleep=delays.append
    ) as fetcher:
        with pytest.raises(FetchError, match=r"HTTP 502 Bad Gateway \(after 5 attempts\)") as caught:
            fetcher.get(server.url("/down"))
    assert caught.value.transient and caught.value.status == 502
    assert max(delays) == 15


def test_a_shutdown_cuts_the_backoff_short(server: LocalServer) -> None:
    server.routes["/down"] = Reply(500)
    stop = threading.Event()
    stop.set()
    with HttpFetcher(allow_private_networks=True, retries=5, backoff=3600, stop_event=stop) as fetcher:
        with pytest.raises(FetchError, match="retries abandoned on shutdown"):
            fetcher.get(server.url("/down"))
    assert len(server.hits("/down")) == 1


def test_redirects_are_followed_and_reported(server: LocalServer) -> None:
    server.routes["/old"] = Reply(301, headers={"Location": "/new"})
    server.routes["/new"] = Reply(body=b"moved", headers={"ETag": '"n"'})
    with HttpFetcher(allow_private_networks=True) as fetcher:
        result = fetcher.get(server.url("/old"))
    assert result.url == server.url("/new") and result.content == b"moved" and result.etag == '"n"'


def test_redirect_loops_fail_without_retry(server: LocalServer) -> None:
    server.routes["/loop"] = Reply(302, headers={"Location": "/loop"})
    with HttpFetcher(allow_private_networks=True, retries=3, sleep=lambda _: None) as fetcher:
        with pytest.raises(FetchError, match="more than 5 redirects") as caught:
            fetcher.get(server.url("/loop"))
    assert not caught.value.transient


def test_compressed_bodies_are_decoded_and_capped_by_their_decoded_size(server: LocalServer) -> None:
    text = b"<rss>" + b"a" * 500_000 + b"</rss>"
    server.routes["/gz"] = Reply(body=gzip.compress(text), headers={"Content-Encoding": "gzip"})
    with HttpFetcher(allow_private_networks=True, max_bytes=1_000_000) as fetcher:
        assert fetcher.get(server.url("/gz")).content == text
    with HttpFetcher(allow_private_networks=True, max_bytes=100_000) as fetcher:  # 500 KB that compress to under 1 KB
        with pytest.raises(FetchError, match="body over the 100,000-byte cap"):
            fetcher.get(server.url("/gz"))


def test_only_http_urls_are_fetched() -> None:
    with HttpFetcher(allow_private_networks=True) as fetcher:
        with pytest.raises(FetchError, match="only http and https"):
            fetcher.get("file:///etc/passwd")
