"""Screening articles against official sanctions lists: the `sanctioned_entity` indicator.

    extractor = with_screening(Extractor(config.extraction), config, store)

`with_screening` wraps any extractor so that each article's indicators gain the listed entities it names
(alerts/screening/screener.py says how a name is matched and when the text must corroborate it). The lists
come from the database (`alerts lists update`; the shipped OFAC snapshot is stored on first use); without a
store (`alerts analyze`, which writes nothing) the configured local lists are read directly. The name index is
built once per process and per set of list versions.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

from alerts.config import AppConfig, ScreeningConfig
from alerts.errors import InputError
from alerts.lists.model import ListEntity
from alerts.lists.update import configured_lists, ensure_lists, read_list
from alerts.model import Article, Indicator
from alerts.screening.screener import Screener

if TYPE_CHECKING:
    from storage import Store

__all__ = ["Screener", "ScreeningExtractor", "load_screener", "with_screening"]

log = logging.getLogger(__name__)


class _Extractor(Protocol):
    def extract(self, article: Article) -> list[Indicator]: ...

    def extract_many(
        self, articles: Iterable[Article], *, article_seconds: float | None = None
    ) -> Iterator[tuple[Article, list[Indicator] | InputError]]: ...


class ScreeningExtractor:
    """An extractor whose indicators include the screening matches: a drop-in for `Extractor`.

    With a `reload` function, the screener is asked for again at each batch: a long-running scheduler picks
    up the lists `alerts lists update` stored meanwhile (an unchanged list costs one query: screeners are
    cached by list version)."""

    def __init__(self, inner: _Extractor, screener: Screener, reload: Callable[[], Screener] | None = None) -> None:
        self.inner = inner
        self.screener = screener
        self.reload = reload

    def extract(self, article: Article) -> list[Indicator]:
        found = next(self.extract_many([article]))[1]
        if isinstance(found, InputError):
            raise found
        return found

    def extract_many(
        self, articles: Iterable[Article], *, article_seconds: float | None = None
    ) -> Iterator[tuple[Article, list[Indicator] | InputError]]:
        """The inner extractor's results with the screening matches added; an article over its analysis
        budget stays an error (its text was not read through, so it is not screened either)."""
        screener = self.screener = self.reload() if self.reload is not None else self.screener
        for article, indicators in self.inner.extract_many(articles, article_seconds=article_seconds):
            if isinstance(indicators, InputError):
                yield article, indicators
            else:
                yield article, indicators + screener.screen(article, indicators)

    def __getattr__(self, name: str) -> object:  # pipeline_names, nlp, config: the inner extractor's
        return getattr(self.inner, name)


_CACHE: dict[tuple[str, ...], Screener] = {}
_CACHE_LOCK = threading.Lock()


def load_screener(config: ScreeningConfig, store: Store | None = None) -> Screener:
    """The screener over the newest stored versions of the configured lists (storing the local ones first
    when the database has none), or, with no store, over the configured local list files read directly."""
    sources = configured_lists(config)
    lists: dict[str, tuple[str, list[ListEntity]]] = {}
    if store is not None:
        from storage.sanctions_lists import SanctionLists

        ensure_lists(store, config)
        stored = SanctionLists(store)
        versions = {v.list_name: v for v in stored.versions()}
        wanted = [s for s in sources if s.name in versions]
        key = tuple(f"{s.name}@{versions[s.name].sha256}" for s in wanted)
        with _CACHE_LOCK:
            if key not in _CACHE:
                entities = stored.current_entities(s.name for s in wanted)
                _CACHE.clear()  # an index takes tens of megabytes: keep only the one for the newest versions
                _CACHE[key] = Screener.from_lists({s.name: (versions[s.name].title, entities[s.name]) for s in wanted})
            return _CACHE[key]
    local = [s for s in sources if s.url is None]
    key = tuple(f"{s.name}@{s.path}" for s in local)
    with _CACHE_LOCK:
        if key not in _CACHE:
            from alerts.fetch import HttpFetcher

            with HttpFetcher() as fetcher:  # never used: local files only
                for source in local:
                    snapshot, _, _ = read_list(source, fetcher)
                    lists[source.name] = (source.label, snapshot.entities)
            _CACHE[key] = Screener.from_lists(lists)
        return _CACHE[key]


def with_screening(extractor: _Extractor, config: AppConfig, store: Store | None = None) -> _Extractor:
    """`extractor` with screening added, or unchanged when `screening.enabled` is false in config.yaml."""
    if not config.screening.enabled:
        return extractor

    def reload() -> Screener:
        return load_screener(config.screening, store)

    return ScreeningExtractor(extractor, reload(), reload if store is not None else None)
