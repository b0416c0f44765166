"""`feed` sources: RSS 0.9x/1.0/2.0 and Atom feeds, fetched politely and parsed with feedparser.

A run sends a conditional GET (the ETag and Last-Modified of the last complete run); a 304 means nothing new.
Each entry becomes an Article: id = the entry's id (else its link), url = the canonical link, the published
(or updated) date, and as text the title followed by the longest of its content and summary with the HTML
stripped. Entries already handed on unchanged are remembered (by a fingerprint of their fields) so a feed
that changes one entry does not resend the other forty. With `fetch_pages`, an entry that carries only a
title has its page fetched and its main text extracted.

Whole-feed failures (unreachable, HTTP error after retries, a timeout, a body over the cap, XML feedparser
cannot read with no entries, a document that is not a feed) raise SourceError; one unusable entry is an
InputError.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import threading
from calendar import timegm
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from alerts.config import SourceConfig
from alerts.errors import InputError
from alerts.fetch import FetchError, HttpFetcher
from alerts.limits import MAX_ARTICLE_BYTES
from alerts.model import Article, normalise_text
from alerts.sources.base import Checkpoint, SourceError, SourceItem, SourceState
from alerts.sources.pages import extract_page, html_to_text, is_html
from alerts.urls import canonical_url

log = logging.getLogger(__name__)

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
HTTP_KEY = "http"
#: feedparser's complaints about HTTP headers rather than the XML: common, and the entries are fine.
_HARMLESS = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)
ENTRIES_KEY = "entries"


def _entry_datetime(entry: Any) -> datetime | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(name)
        if parsed:
            return datetime.fromtimestamp(timegm(parsed), tz=UTC)
    return None


def _entry_body(entry: Any) -> str:
    """The longest of the entry's content blocks and summary, as plain text."""
    candidates = [block.get("value") or "" for block in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    texts = [html_to_text(candidate) for candidate in candidates if candidate.strip()]
    return max(texts, key=len, default="")


def _fingerprint(entry: Any) -> str:
    """What makes an entry "changed": its id, link, title, dates and text blocks."""
    raw = dict(entry)  # the plain dict: FeedParserDict's legacy key aliases warn on `updated`
    fields = {key: raw.get(key) for key in ("id", "link", "title", "summary", "published", "updated")}
    fields["content"] = [block.get("value") for block in raw.get("content") or []]
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:32]


class FeedSource:
    """The new and changed entries of one RSS or Atom feed."""

    def __init__(
        self,
        name: str,
        url: str,
        *,
        timeout: float = 20.0,
        max_bytes: int = MAX_ARTICLE_BYTES,
        retries: int = 3,
        backoff: float = 1.0,
        fetch_pages: bool = False,
        stop_event: threading.Event | None = None,
        allow_private_networks: bool | list[str] = False,
    ) -> None:
        self.name = name
        self.url = url
        self.fetch_pages = fetch_pages
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
    def from_config(cls, config: SourceConfig, stop_event: threading.Event | None = None) -> FeedSource:
        if not config.url:
            raise SourceError(config.name, "a feed source needs a `url`")
        return cls(
            config.name,
            config.url,
            timeout=config.timeout,
            max_bytes=config.max_bytes,
            retries=config.retries,
            fetch_pages=config.fetch_pages,
            stop_event=stop_event,
            allow_private_networks=config.allow_private_networks,
        )

    def fetch(self, state: SourceState) -> Iterator[SourceItem]:
        with self._new_fetcher() as fetcher:
            validators = state.get(HTTP_KEY) or {}
            try:
                response = fetcher.get(
                    self.url,
                    etag=validators.get("etag"),
                    last_modified=validators.get("last_modified"),
                    accept=FEED_ACCEPT,
                )
            except FetchError as error:
                raise SourceError(self.name, error.reason) from None
            if response.not_modified:
                log.info("%s: feed not modified since the last run", self.name)
                return
            headers = {"content-location": response.url}
            if response.content_type:  # an empty type would make feedparser call any feed "not XML"
                headers["content-type"] = response.content_type
            parsed = feedparser.parse(io.BytesIO(response.content), response_headers=headers)
            self._check(parsed)
            checkpoint = Checkpoint(state, ENTRIES_KEY, {})
            seen: dict[str, str] = checkpoint.value
            current: set[str] = set()
            deferred = False
            try:
                for entry in parsed.entries:
                    fingerprint = _fingerprint(entry)
                    key = entry.get("id") or entry.get("link") or f"sha256:{fingerprint}"  # no id: content is identity
                    current.add(key)
                    if seen.get(key) == fingerprint:
                        continue
                    item = self._entry_item(fetcher, entry, key)
                    if item is None:
                        deferred = True  # a page fetch failed for now: try the entry again next run
                        continue
                    yield item
                    seen[key] = fingerprint
                    checkpoint.touched()
                for key in set(seen) - current:  # entries gone from the feed can never come back unchanged
                    del seen[key]
                    checkpoint.touched()
            finally:
                checkpoint.flush()
            if not deferred:  # only a complete run may make the next one conditional
                state.set(HTTP_KEY, {"etag": response.etag, "last_modified": response.last_modified})

    def _check(self, parsed: Any) -> None:
        """Raise SourceError for a document that is not a usable feed."""
        if parsed.entries:
            if parsed.bozo and not isinstance(parsed.bozo_exception, _HARMLESS):
                log.warning(
                    "%s: feed is not well-formed (%s); using the %d entries read",
                    self.name,
                    parsed.bozo_exception,
                    len(parsed.entries),
                )
            return
        if parsed.bozo:
            reason = str(parsed.get("bozo_exception") or "unreadable XML").strip().splitlines()[0]
            raise SourceError(self.name, f"malformed feed: {reason}")
        if not parsed.version:
            raise SourceError(self.name, "the response is not an RSS or Atom feed")

    def _entry_item(self, fetcher: HttpFetcher, entry: Any, key: str) -> SourceItem | None:
        origin = f"{self.url} [{key}]"  # stable while the feed's other entries come and go
        title = html_to_text(entry.get("title") or "") or None
        link = entry.get("link")
        url = canonical_url(link) if link else None
        published = _entry_datetime(entry)
        body = _entry_body(entry)
        if not body and self.fetch_pages and link:
            try:
                page = fetcher.get(link)
            except FetchError as error:
                if error.transient:
                    log.warning("%s: page of entry %s not fetched, retrying next run: %s", self.name, key, error)
                    return None
                return InputError(origin, f"entry page {error}", json.dumps(dict(entry), default=str))
            extracted = extract_page(page.content, page.url, page.content_type) if is_html(page.content_type) else None
            if extracted is not None:
                return Article(
                    id=key,
                    text=extracted.text,
                    title=title or extracted.title,
                    url=url,
                    published_at=published or extracted.published_at,
                    origin=origin,
                )
        title_line = None if title and body.startswith(title) else title  # no headline twice
        text = normalise_text("\n\n".join(part for part in (title_line, body) if part))
        if not text:
            return InputError(origin, "feed entry has no title and no text", json.dumps(dict(entry), default=str))
        return Article(id=key, text=text, title=title, url=url, published_at=published, origin=origin)
