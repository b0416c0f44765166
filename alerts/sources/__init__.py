"""Where articles come from: files and folders, JSONL dumps, RSS/Atom feeds and lists of article pages.

Every reader yields `Article` objects, or `InputError`s for inputs that cannot be used, so that one bad
file or line is reported (and quarantined by a storing run) while the rest goes on. A configured source
(`build_source`) is a `Source`: a name and `fetch(state)`, remembering between runs what it already read
through a `SourceState` (the database's `StoreSourceState`, or `MemorySourceState` for one-off runs).
"""

from __future__ import annotations

import threading

from alerts.config import SourceConfig
from alerts.sources.base import Source, SourceError, SourceItem, SourceState
from alerts.sources.feed import FeedSource
from alerts.sources.folder import FolderSource
from alerts.sources.jsonl import JsonlSource
from alerts.sources.state import MemorySourceState, StoreSourceState
from alerts.sources.url_list import UrlListSource

__all__ = [
    "SOURCE_TYPES",
    "FeedSource",
    "FolderSource",
    "JsonlSource",
    "MemorySourceState",
    "Source",
    "SourceError",
    "SourceItem",
    "SourceState",
    "StoreSourceState",
    "UrlListSource",
    "build_source",
]


#: The source classes by their `type:` in config.yaml.
SOURCE_TYPES: dict[str, type[FolderSource | JsonlSource | FeedSource | UrlListSource]] = {
    "folder": FolderSource,
    "jsonl": JsonlSource,
    "feed": FeedSource,
    "url_list": UrlListSource,
}


def build_source(config: SourceConfig, stop_event: threading.Event | None = None) -> Source:
    """The Source for one `sources:` entry of config.yaml. `stop_event` cuts network retry back-offs short
    when a scheduler shuts down. A source missing what its type needs raises SourceError."""
    factory = SOURCE_TYPES.get(config.type)
    if factory is None:
        raise SourceError(config.name, f"unknown source type {config.type!r}")
    return factory.from_config(config, stop_event)
