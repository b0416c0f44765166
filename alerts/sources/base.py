"""What every source is: a name and a `fetch(state)` generator, plus the state it keeps between runs.

State contract (why sources are generators): a source records that an item is done only when its consumer
asks for the next item, i.e. after the consumer has stored the previous one. A run that stops between
articles (SIGTERM, crash) therefore never marks as done an article that was not stored; at worst the next
run reads a few items again and the pipeline's content-hash deduplication absorbs them. A consumer must
finish with (store) an item before asking for the next. State that answers a whole request (a feed's ETag)
is saved only when the generator is exhausted, since a 304 next time would otherwise hide unread entries.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol, runtime_checkable

from alerts.errors import AlertsError, InputError
from alerts.model import Article

JSONValue = Any  # whatever json.dumps accepts: dict, list, str, int, float, bool, None
SourceItem = Article | InputError


class SourceError(AlertsError):
    """A source failed as a whole (feed down, HTTP 500 after retries, malformed XML, timeout, body over cap).

    The scheduler records the run as failed and goes on with the other sources; the next run tries again.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"source {source}: {reason}")
        self.source = source
        self.reason = reason


@runtime_checkable
class SourceState(Protocol):
    """A per-source key/value store of JSON values, persisted between runs by the storage layer."""

    def get(self, key: str) -> JSONValue | None: ...

    def set(self, key: str, value: JSONValue) -> None: ...


@runtime_checkable
class Source(Protocol):
    """A configured news source. `fetch` yields articles and per-item InputErrors; SourceError ends it."""

    name: str

    def fetch(self, state: SourceState) -> Iterator[SourceItem]: ...


class Checkpoint:
    """A JSON value a source updates item by item but writes back to its state at most every `every` updates
    or `seconds` seconds (and on `flush`), so a folder of 10,000 files does not rewrite its map 10,000 times.

    Progress not yet written is simply redone by the next run; deduplication makes that harmless.
    """

    def __init__(
        self,
        state: SourceState,
        key: str,
        default: JSONValue,
        every: int = 100,
        seconds: float = 5.0,
        prepare: Callable[[], None] | None = None,
    ) -> None:
        self.state = state
        self.key = key
        stored = state.get(key)
        self.value = stored if stored is not None else default
        self.every = every
        self.seconds = seconds
        self.prepare = prepare  # completes `value` just before it is written (e.g. costly fingerprints)
        self._pending = 0
        self._last_flush = time.monotonic()

    def touched(self) -> None:
        """Record that `value` was changed in place; write it back when enough changes or time accumulated."""
        self._pending += 1
        if self._pending >= self.every or time.monotonic() - self._last_flush >= self.seconds:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            if self.prepare is not None:
                self.prepare()
            self.state.set(self.key, self.value)
            self._pending = 0
        self._last_flush = time.monotonic()
