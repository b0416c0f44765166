"""The one HTTP client every network source uses: conditional GET, a deadline, a size cap, retries with back-off.

Why one place: a news source left running for months meets every failure a web server can produce. Feeds and
article pages must behave the same way under them: a 5xx or a timeout is retried with exponential back-off, a
4xx is a clear failure at once, a body over the cap is refused while it streams (before it is all in memory),
and a 304 answers a conditional GET without a body. Only http(s) URLs are fetched, a redirect to any other
scheme is a lasting failure, and every connection (redirects included) goes through alerts.netguard: public
addresses only unless `allow_private_networks`, and one deadline for connect, headers and body together.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpcore
import httpx

from alerts.errors import AlertsError
from alerts.limits import MAX_ARTICLE_BYTES
from alerts.netguard import BlockedAddress, GuardedBackend, RequestClock

log = logging.getLogger(__name__)

USER_AGENT = "sanctions-alerts/0.1 (scheduled news monitor)"
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_REDIRECTS = 5


class FetchError(AlertsError):
    """A URL could not be fetched: `str()` is one line naming the URL and the reason."""

    def __init__(
        self,
        url: str,
        reason: str,
        *,
        status: int | None = None,
        transient: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.transient = transient  # a timeout, a connection failure or a 5xx: worth trying again next run
        self.retry_after = retry_after  # seconds the server asked us to wait (429/503 Retry-After)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A completed GET. `not_modified` is a 304: `content` is empty and the caller's cached copy stands."""

    url: str  # the final URL, after redirects
    status: int
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport on a connection pool whose connections go through a `GuardedBackend`.

    httpx has no public way to hand its pool a network backend, so the pool it builds is replaced by one made
    the same way plus the backend. An explicit transport also stops httpx from using proxies named in the
    environment, which would connect for us to addresses the guard never saw."""

    def __init__(self, backend: GuardedBackend) -> None:
        super().__init__()
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=10,
            max_keepalive_connections=10,
            keepalive_expiry=5.0,
            network_backend=backend,
        )


class HttpFetcher:
    """A small, reusable HTTP client (one connection pool) with the retry and size policy described above.

    `timeout` is both httpx's per-operation timeout and one deadline for each attempt as a whole (connect,
    redirects, headers and body), so a server that trickles headers or bytes cannot hold a run. Back-off
    sleeps and blocked reads wait on `stop_event`, so a scheduler asked to shut down is not kept waiting.
    """

    def __init__(
        self,
        *,
        timeout: float = 20.0,
        max_bytes: int = MAX_ARTICLE_BYTES,
        retries: int = 3,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        stop_event: threading.Event | None = None,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] | None = None,
        allow_private_networks: bool | Sequence[str] = False,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.retries = max(0, retries)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.stop_event = stop_event
        self._sleep = sleep
        self._clock = RequestClock(stop_event)
        self._client = httpx.Client(
            transport=_GuardedTransport(GuardedBackend(self._clock, allow_private_networks)),
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
        )

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None, accept: str | None = None
    ) -> FetchResult:
        """GET `url`, retrying transient failures; FetchError when it cannot be had."""
        if not url.lower().startswith(("http://", "https://")):
            raise FetchError(url, "only http and https URLs are fetched")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        attempt = 0
        while True:
            try:
                return self._get_once(url, headers)
            except FetchError as error:
                if not error.transient or attempt >= self.retries:
                    if attempt:
                        raise FetchError(
                            url,
                            f"{error.reason} (after {attempt + 1} attempts)",
                            status=error.status,
                            transient=error.transient,
                        ) from None
                    raise
                delay = self.backoff * 2**attempt * random.uniform(0.8, 1.2)
                delay = min(self.max_backoff, max(delay, error.retry_after or 0.0))
                attempt += 1
                log.info("%s: %s; retry %d of %d in %.2fs", url, error.reason, attempt, self.retries, delay)
                if self._wait(delay):
                    raise FetchError(
                        url, f"{error.reason}; retries abandoned on shutdown", status=error.status, transient=True
                    ) from None

    def _wait(self, delay: float) -> bool:
        """Sleep `delay` seconds; True when the stop event was set meanwhile."""
        if self._sleep is not None:
            self._sleep(delay)
            return False
        if self.stop_event is not None:
            return self.stop_event.wait(delay)
        time.sleep(delay)
        return False

    def _get_once(self, url: str, headers: dict[str, str]) -> FetchResult:
        self._clock.start(self.timeout)
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in RETRY_STATUSES:
                    wait = response.headers.get("retry-after", "")
                    raise FetchError(
                        url,
                        f"HTTP {status} {response.reason_phrase}".rstrip(),
                        status=status,
                        transient=True,
                        retry_after=float(wait) if wait.isdigit() else None,
                    )
                if status >= 400:
                    raise FetchError(url, f"HTTP {status} {response.reason_phrase}".rstrip(), status=status)
                if status == 304:
                    return self._result(response, b"")
                if not 200 <= status < 300:
                    raise FetchError(url, f"unexpected HTTP {status}", status=status)
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(
                        url, f"body of {int(declared):,} bytes is over the {self.max_bytes:,}-byte cap", status=status
                    )
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise FetchError(url, f"body over the {self.max_bytes:,}-byte cap", status=status)
                return self._result(response, bytes(body))
        except BlockedAddress as error:
            raise FetchError(url, str(error)) from None
        except httpx.TimeoutException:  # a phase's timeout, or the whole attempt's deadline
            reason = "abandoned on shutdown" if self._clock.stopping else f"timed out after {self.timeout:g}s"
            raise FetchError(url, reason, transient=True) from None
        except httpx.TooManyRedirects:
            raise FetchError(url, f"more than {MAX_REDIRECTS} redirects") from None
        except httpx.UnsupportedProtocol as error:  # a redirect to file:, gopher:, ...: no retry can change that
            raise FetchError(url, f"refused: redirect to a URL that is not http(s) ({error})") from None
        except httpx.TransportError as error:
            reason = str(error) or type(error).__name__
            raise FetchError(url, f"connection failed ({reason})", transient=True) from None
        except httpx.InvalidURL as error:
            raise FetchError(url, f"invalid URL ({error})") from None
        finally:
            self._clock.stop()

    @staticmethod
    def _result(response: httpx.Response, content: bytes) -> FetchResult:
        headers = {key.lower(): value for key, value in response.headers.items()}
        return FetchResult(
            url=str(response.url),
            status=response.status_code,
            content=content,
            headers=headers,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
        )
