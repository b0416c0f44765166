"""Where a network source may connect, and for how long: the address guard and the overall deadline.

Both live in the connection layer (an httpcore network backend that `alerts.fetch` gives its client) so that
they hold for every connection the client opens, the first request and every redirect alike:

- Server-side request forgery: a feed or page URL, or a redirect from one, may name any host. Fetching an
  internal address (the machine itself, the office network, a cloud metadata service at 169.254.169.254) and
  storing what came back (quarantine keeps bodies) would let whoever controls a feed read inside the network.
  So the host is resolved here, every address is checked, and the connection goes to the address that was
  checked (no second lookup a DNS server could answer differently). Only globally routable addresses pass,
  unless the source sets `allow_private_networks`: `true` for any address (an intranet feed), or a list of
  networks (`["10.20.0.0/16"]`) to let one subnet through and still refuse the rest (metadata included).
- Deadline: httpx's timeouts bound each network operation, so a server that sends one header line a second
  never trips them. Here every connect, read and write gets at most the time left before the request's
  deadline, and reads wait in short slices so that a shutdown (the stop event) ends them at once.
"""

from __future__ import annotations

import concurrent.futures
import ipaddress
import socket
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

import httpcore

#: How long one blocking read waits before the deadline and the stop event are looked at again.
READ_SLICE = 0.5
_RESOLVER = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="alerts-dns")


class BlockedAddress(Exception):
    """The host resolves to an address a source may not reach; `str()` says which and why."""


def address_problem(address: str) -> str | None:
    """Why `address` is not a public internet address ("loopback", "private", ...), or None when it is."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind in ("loopback", "link_local", "private", "multicast", "reserved", "unspecified"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    if not ip.is_global:  # shared address space (100.64.0.0/10, some clouds' metadata), documentation ranges
        return "non-public"
    return None


class RequestClock:
    """The deadline of the request under way on this thread, and the stop event that can cut it short."""

    def __init__(self, stop_event: threading.Event | None = None) -> None:
        self.stop_event = stop_event
        self._local = threading.local()

    def start(self, seconds: float) -> None:
        self._local.deadline = time.monotonic() + seconds
        self._local.seconds = seconds

    def stop(self) -> None:
        self._local.deadline = None

    @property
    def stopping(self) -> bool:
        return self.stop_event is not None and self.stop_event.is_set()

    def remaining(self, timeout: float | None) -> float | None:
        """The smaller of `timeout` and the time left; raises once the deadline has passed."""
        deadline = getattr(self._local, "deadline", None)
        if deadline is None:
            return timeout
        left = deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout(f"no complete response within {self._local.seconds:g}s")
        return left if timeout is None else min(timeout, left)


class GuardedBackend(httpcore.SyncBackend):
    """Opens connections only to vetted addresses, with every operation held to the request's deadline."""

    def __init__(self, clock: RequestClock, allow_private_networks: bool | Sequence[str] = False) -> None:
        self.clock = clock
        self.allow_all = allow_private_networks is True
        self.allowed = (
            []
            if isinstance(allow_private_networks, bool)
            else [ipaddress.ip_network(network, strict=False) for network in allow_private_networks]
        )

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._vetted(host, port)
        error: Exception | None = None
        for address in addresses:
            try:
                stream = super().connect_tcp(
                    address, port, self.clock.remaining(timeout), local_address, socket_options
                )
            except httpcore.ConnectError as failure:  # try the host's next address
                error = failure
                continue
            return DeadlineStream(stream, self.clock)
        raise error or httpcore.ConnectError(f"{host} has no address")

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise BlockedAddress("unix sockets are never used by network sources")

    def _vetted(self, host: str, port: int) -> list[str]:
        """The addresses of `host`, all of them allowed, else BlockedAddress naming the first refused one."""
        budget = self.clock.remaining(None)
        lookup = _RESOLVER.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
        try:
            found = lookup.result(timeout=budget)
        except concurrent.futures.TimeoutError:
            raise httpcore.ConnectTimeout(f"resolving {host} took too long") from None
        except OSError as error:
            raise httpcore.ConnectError(f"cannot resolve {host}: {error.strerror or error}") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        if not self.allow_all:
            for address in addresses:
                problem = address_problem(address)
                if problem is not None and not any(ipaddress.ip_address(address) in net for net in self.allowed):
                    raise BlockedAddress(
                        f"{host} resolves to {address}, a {problem} address: refused "
                        "(set allow_private_networks on the source to fetch from an internal network)"
                    )
        return addresses


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose reads, writes and TLS handshake never outlast the request's deadline."""

    def __init__(self, stream: httpcore.NetworkStream, clock: RequestClock) -> None:
        self._stream = stream
        self._clock = clock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        waited = 0.0
        while True:
            left = self._clock.remaining(timeout)
            if timeout is not None and waited >= timeout:
                raise httpcore.ReadTimeout(f"no data for {timeout:g}s")
            piece = READ_SLICE if left is None else min(READ_SLICE, left)
            started = time.monotonic()
            try:
                return self._stream.read(max_bytes, piece)
            except httpcore.ReadTimeout:
                waited += time.monotonic() - started
            if self._clock.stopping:
                raise httpcore.ReadTimeout("abandoned on shutdown")

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._clock.remaining(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        upgraded = self._stream.start_tls(ssl_context, server_hostname, self._clock.remaining(timeout))
        return DeadlineStream(upgraded, self._clock)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)
