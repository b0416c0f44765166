"""The two places a source's state lives: the database (scheduled and stored runs) or memory (one-off runs).

Both round-trip values through JSON, so a source that works against memory in a test cannot store something
the database would refuse, and a caller mutating a value it read cannot change what was saved.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from alerts.sources.base import JSONValue


def _copy(value: JSONValue) -> JSONValue:
    return json.loads(json.dumps(value, allow_nan=False))


class MemorySourceState:
    """State kept in a dict for the life of the object: `alerts analyze`-style runs that store nothing."""

    def __init__(self, initial: dict[str, JSONValue] | None = None) -> None:
        self._values: dict[str, str] = {}
        for key, value in (initial or {}).items():
            self.set(key, value)

    def get(self, key: str) -> JSONValue | None:
        raw = self._values.get(key)
        return None if raw is None else json.loads(raw)

    def set(self, key: str, value: JSONValue) -> None:
        self._values[key] = json.dumps(value, allow_nan=False)

    def as_dict(self) -> dict[str, JSONValue]:
        return {key: json.loads(raw) for key, raw in self._values.items()}


class _StateStore(Protocol):
    def get_source_state(self, source: str, key: str) -> Any: ...

    def set_source_state(self, source: str, key: str, value: Any) -> None: ...


class StoreSourceState:
    """A source's state in the database (`storage.Store`'s source_state table), scoped to one source name."""

    def __init__(self, store: _StateStore, source_name: str) -> None:
        self.store = store
        self.source_name = source_name

    def get(self, key: str) -> JSONValue | None:
        return self.store.get_source_state(self.source_name, key)

    def set(self, key: str, value: JSONValue) -> None:
        self.store.set_source_state(self.source_name, key, _copy(value))
