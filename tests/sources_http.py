"""A real HTTP server on 127.0.0.1 (an ephemeral port, in a thread) for the source and fetch tests.

Each path answers with a scripted `Reply`, or a function of the request returning one, or a list of replies
served in turn (the last one repeats), so a test can say "500, then 200" or "200, then 304 when the client
sends the ETag back". Every request is recorded with its headers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (a slow server)
    content_length: bool = True  # False: no Content-Length, the body streams until the connection closes
    chunk_size: int = 65536


@dataclass
class Request:
    path: str
    headers: dict[str, str]


Script = Reply | Callable[[Request], Reply] | list[Reply]


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Script] = {}
        self.requests: list[Request] = []
        self._served: dict[str, int] = {}
        self._closing = threading.Event()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self._closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def url(self, path: str) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def hits(self, path: str) -> list[Request]:
        return [request for request in self.requests if request.path == path]

    def _reply_for(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            script = self.routes.get(request.path.split("?", 1)[0])
            count = self._served.get(request.path, 0)
            self._served[request.path] = count + 1
        if script is None:
            return Reply(404, b"not found")
        if isinstance(script, list):
            return script[min(count, len(script) - 1)]
        if callable(script):
            return script(request)
        return script

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                request = Request(self.path, {key.lower(): value for key, value in self.headers.items()})
                reply = server._reply_for(request)
                if reply.delay and server._closing.wait(reply.delay):
                    return
                try:
                    self.send_response(reply.status)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    if reply.content_length:
                        self.send_header("Content-Length", str(len(reply.body)))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    for start in range(0, len(reply.body), reply.chunk_size):
                        self.wfile.write(reply.body[start : start + reply.chunk_size])
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a size cap or a timeout): that is what the test checks

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler
