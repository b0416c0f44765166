"""`url_list` sources: article pages named in config (`urls`) or in a file of URLs (`path`, one a line).

Each page is fetched with the shared HTTP client (conditional GET with the page's last ETag/Last-Modified)
and its main text taken out with trafilatura, with its title and date. A page whose bytes did not change
since the last run is not extracted again. A page that cannot be used (HTTP 404, not HTML, over the cap, no
article text) is an InputError; a transient failure (timeout, 5xx, connection refused) is left for the next
run, and when every page failed that way the source fails as a whole (the site is down).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from alerts.config import SourceConfig
from alerts.errors import InputError
from alerts.fetch import FetchError, FetchResult, HttpFetcher
from alerts.limits import MAX_ARTICLE_BYTES
from alerts.model import Article
from alerts.sources.base import Checkpoint, SourceError, SourceItem, SourceState
from alerts.sources.pages import extract_page, is_html
from alerts.urls import canonical_url

log = logging.getLogger(__name__)

STATE_KEY = "pages"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"


def read_url_file(path: Path) -> list[str]:
    """URLs from a text file: one a line; blank lines and `#` comments ignored."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


class UrlListSource:
    """Articles from a fixed list of page URLs, each fetched and extracted when it is new or changed."""

    def __init__(
        self,
        name: str,
        urls: list[str],
        path: Path | None = None,
        *,
        timeout: float = 20.0,
        max_bytes: int = MAX_ARTICLE_BYTES,
        retries: int = 3,
        backoff: float = 1.0,
        stop_event: threading.Event | None = None,
        allow_private_networks: bool | list[str] = False,
    ) -> None:
        self.name = name
        self.urls = list(urls)
        self.path = Path(path) if path is not None else None
        self._new_fetcher = functools.partial(
            HttpFetcher,
            timeout=timeout,
            max_bytes=max_bytes,
            retries=retries,
            backoff=backoff,
            stop_event=stop_event,
            allow_private_networks=allow_private_networks,
        )

    @classmethod
    def from_config(cls, config: SourceConfig, stop_event: threading.Event | None = None) -> UrlListSource:
        if not config.urls and config.path is None:
            raise SourceError(config.name, "a url_list source needs `urls` or a `path` to a file of URLs")
        return cls(
            config.name,
            config.urls,
            config.path,
            timeout=config.timeout,
            max_bytes=config.max_bytes,
            retries=config.retries,
            stop_event=stop_event,
            allow_private_networks=config.allow_private_networks,
        )

    def all_urls(self) -> list[str]:
        """The configured URLs then the file's, each canonical URL once, in order."""
        urls = list(self.urls)
        if self.path is not None:
            try:
                urls += read_url_file(self.path)
            except (OSError, UnicodeDecodeError) as error:
                raise SourceError(self.name, f"cannot read the URL list {self.path}: {error}") from None
        return list(dict.fromkeys(urls))

    def fetch(self, state: SourceState) -> Iterator[SourceItem]:
        urls = self.all_urls()
        checkpoint = Checkpoint(state, STATE_KEY, {})
        pages: dict[str, dict] = checkpoint.value
        transient: list[FetchError] = []
        try:
            with self._new_fetcher() as fetcher:
                for url in urls:
                    key = canonical_url(url)
                    known = pages.get(key) or {}
                    try:
                        response = fetcher.get(
                            url, etag=known.get("etag"), last_modified=known.get("last_modified"), accept=PAGE_ACCEPT
                        )
                    except FetchError as error:
                        if error.transient:
                            log.warning("%s: %s; will retry next run", self.name, error)
                            transient.append(error)
                        elif known.get("error") != error.reason:  # report a lasting failure once
                            yield InputError(url, error.reason)
                            pages[key] = {"error": error.reason}
                            checkpoint.touched()
                        continue
                    if response.not_modified:
                        continue
                    digest = hashlib.sha256(response.content).hexdigest()
                    if known.get("sha256") == digest:
                        continue
                    yield self._article(url, key, response)
                    pages[key] = {"etag": response.etag, "last_modified": response.last_modified, "sha256": digest}
                    checkpoint.touched()
                for key in set(pages) - {canonical_url(url) for url in urls}:
                    del pages[key]
                    checkpoint.touched()
        finally:
            checkpoint.flush()
        if urls and len(transient) == len(urls):
            raise SourceError(self.name, f"every page failed; first: {transient[0]}")

    def _article(self, url: str, key: str, response: FetchResult) -> SourceItem:
        if not is_html(response.content_type):
            return InputError(url, f"not an HTML page ({response.content_type})", response.content)
        page = extract_page(response.content, response.url, response.content_type)
        if page is None:
            return InputError(url, "no article text found in the page", response.content)
        return Article(
            id=key,
            text=page.text,
            title=page.title,
            url=key,
            published_at=page.published_at,
            source=urlsplit(key).hostname,
            origin=url,
        )
