"""A hostile HTTP server on 127.0.0.1: slow headers, redirects inward and to other schemes, and shutdown.

The slow-header server is a raw socket that sends one header line a second and never ends its headers:
httpx's per-operation timeouts never fire on it, the overall deadline must. Redirect targets are refused
before any connection is made, so no internal body can be stored.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from alerts.errors import InputError
from alerts.fetch import FetchError, HttpFetcher
from alerts.netguard import address_problem
from alerts.sources import MemorySourceState
from alerts.sources.url_list import UrlListSource

from sources_http import LocalServer, Reply

#: A bound on how long a "cut off" fetch may take: the 1 s deadline plus a loaded CI machine's slack. The
#: server would otherwise hold the request forever.
HANG = 15.0


class SlowHeaderServer:
    """Sends a status line, then one header line a second, for as long as the client listens."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.closing = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self.closing.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._drip, args=(connection,), daemon=True).start()

    def _drip(self, connection: socket.socket) -> None:
        with connection:
            try:
                connection.recv(65536)
                connection.sendall(b"HTTP/1.1 200 OK\r\n")
                for number in range(600):
                    if self.closing.wait(1.0):
                        return
                    connection.sendall(f"X-Drip-{number}: {number}\r\n".encode())
            except OSError:
                return

    def close(self) -> None:
        self.closing.set()
        self.listener.close()


@pytest.fixture()
def slow_headers() -> Iterator[SlowHeaderServer]:
    server = SlowHeaderServer()
    yield server
    server.close()


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    running = LocalServer().start()
    yield running
    running.close()


def test_a_server_that_trickles_headers_is_cut_off_at_the_deadline(slow_headers: SlowHeaderServer) -> None:
    started = time.monotonic()
    with HttpFetcher(timeout=1.0, retries=0, allow_private_networks=True) as fetcher:
        with pytest.raises(FetchError, match="timed out after 1s") as caught:
            fetcher.get(f"http://127.0.0.1:{slow_headers.port}/rss")
    assert caught.value.transient
    assert time.monotonic() - started < HANG


def test_a_shutdown_ends_a_trickling_request_without_waiting_for_its_deadline(slow_headers: SlowHeaderServer) -> None:
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    started = time.monotonic()
    with HttpFetcher(timeout=600, retries=3, stop_event=stop, allow_private_networks=True) as fetcher:
        with pytest.raises(FetchError, match="shutdown"):
            fetcher.get(f"http://127.0.0.1:{slow_headers.port}/rss")
    assert time.monotonic() - started < HANG


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/",
        "http://localhost:9/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:9/",
        "http://[::ffff:127.0.0.1]:9/",
        "http://10.0.0.1/",
        "http://100.100.100.200/",
    ],
)
def test_internal_addresses_are_refused_by_default_and_never_retried(url: str) -> None:
    with HttpFetcher(retries=3, sleep=lambda _: pytest.fail("a refused address is not retried")) as fetcher:
        with pytest.raises(FetchError, match="refused") as caught:
            fetcher.get(url)
    assert not caught.value.transient


def test_public_addresses_pass_the_guard() -> None:
    assert address_problem("93.184.216.34") is None and address_problem("2606:4700::1111") is None
    assert address_problem("169.254.169.254") == "link-local"
    assert address_problem("fd00:ec2::254") == "private"


@pytest.mark.parametrize("target", ["http://127.0.0.2:{port}/secret", "http://169.254.169.254/latest/meta-data/"])
def test_a_redirect_to_an_internal_address_is_refused_and_nothing_is_stored(server: LocalServer, target: str) -> None:
    """The source may reach its own intranet host (127.0.0.1 here), not whatever it redirects to."""
    port = server.url("/").rsplit(":", 1)[1].split("/")[0]
    server.routes["/page"] = Reply(302, headers={"Location": target.format(port=port)})
    server.routes["/secret"] = Reply(body=b"<html><body><p>internal credentials</p></body></html>")
    source = UrlListSource(
        "pages", [server.url("/page")], retries=2, backoff=0.01, allow_private_networks=["127.0.0.1/32"]
    )
    items = list(source.fetch(MemorySourceState()))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "refused" in items[0].reason and items[0].raw is None
    assert server.hits("/secret") == [] and len(server.hits("/page")) == 1


@pytest.mark.parametrize("target", ["file:///etc/passwd", "gopher://127.0.0.1:70/_stats", "ftp://example.org/x"])
def test_a_redirect_to_another_scheme_fails_for_good_without_retry(server: LocalServer, target: str) -> None:
    server.routes["/page"] = Reply(302, headers={"Location": target})
    with HttpFetcher(retries=3, sleep=lambda _: pytest.fail("not transient"), allow_private_networks=True) as fetcher:
        with pytest.raises(FetchError, match="not http") as caught:
            fetcher.get(server.url("/page"))
    assert not caught.value.transient and len(server.hits("/page")) == 1
