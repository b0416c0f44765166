"""Retrying quarantined inputs (`alerts quarantine retry`): re-read the stored bytes, analyse what reads.

A web page that could not be downloaded at all (no bytes were kept) is downloaded again instead: what failed
was the network or the server, and re-reading nothing would only fail the same way.

An input lands in quarantine either because it could not be read (empty, binary, not UTF-8, bad JSON, no
text in a page) or because analysis failed on it (an extractor error: the article itself is stored and
marked failed). Retrying makes sense after a fix (a newer extractor, a raised size cap, a repaired file), so
this reads the same bytes the same way a source would, then:

- still unreadable, or analysis fails again: the entry stays, with the new reason and one more attempt;
- readable: the article is stored (or found: same content hash), analysed with the current rule pack and
  saved with its alerts, and the entry is resolved.

Feed entries are stored as the feed's JSON record, not as an article: their feed's next run reads them again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from alerts.analyzer import Analyzer
from alerts.errors import InputError
from alerts.fetch import FetchError, HttpFetcher
from alerts.model import Article
from alerts.sources.files import parse_jsonl_line, text_article
from alerts.sources.pages import extract_page, is_html
from alerts.wording import plural
from storage import QuarantineRecord, Store

_JSONL_LINE = re.compile(r":\d+$")  # "dump.jsonl:12", "<stdin>:3"
_FEED_ENTRY = re.compile(r" \[[^\]]+\]$")  # "https://example.org/rss [entry-key]"


@dataclass(frozen=True, slots=True)
class RetryOutcome:
    entry_id: int
    origin: str
    resolved: bool
    detail: str
    alerts_new: int = 0


def reread(entry: QuarantineRecord, fetcher: HttpFetcher | None = None) -> Article:
    """The quarantined bytes read as their source would read them; InputError when they still do not read.

    A page with no bytes kept (its download failed) is fetched again with `fetcher`.
    """
    raw = entry.content or b""
    if not raw and _is_page(entry.origin) and fetcher is not None:
        return _download(entry.origin, fetcher)
    if entry.truncated:
        raise InputError(
            entry.origin, f"only the first {len(raw):,} of {entry.content_size:,} bytes were kept; re-read the source"
        )
    if _FEED_ENTRY.search(entry.origin):
        raise InputError(entry.origin, f"{entry.reason} (a feed entry: its feed's next run reads it again)")
    if _JSONL_LINE.search(entry.origin):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(entry.origin, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
        result = parse_jsonl_line(line, entry.origin)
        if isinstance(result, InputError):
            raise result
        return result
    if entry.origin.startswith(("http://", "https://")) and raw.lstrip()[:1] == b"<":
        page = extract_page(raw, entry.origin, "text/html")
        if page is None:
            raise InputError(entry.origin, "no article text found in the page")
        return Article(
            id=entry.origin,
            text=page.text,
            title=page.title,
            url=entry.origin,
            published_at=page.published_at,
            origin=entry.origin,
        )
    return text_article(raw, entry.origin, PurePath(entry.origin).stem or entry.origin)


def _is_page(origin: str) -> bool:
    return origin.startswith(("http://", "https://")) and not _FEED_ENTRY.search(origin)


def _download(url: str, fetcher: HttpFetcher) -> Article:
    """The page at `url` fetched again and read as the url_list source reads it."""
    try:
        response = fetcher.get(url)
    except FetchError as error:
        raise InputError(url, f"download failed again: {error.reason}") from None
    if not is_html(response.content_type):
        raise InputError(url, f"not an HTML page ({response.content_type})", response.content)
    page = extract_page(response.content, response.url, response.content_type)
    if page is None:
        raise InputError(url, "no article text found in the page", response.content)
    return Article(id=url, text=page.text, title=page.title, url=url, published_at=page.published_at, origin=url)


#: Builds the fetcher for a source's pages (by source name): the CLI gives each source's network permissions.
FetcherFactory = Callable[[str | None], HttpFetcher]


def retry_quarantined(
    store: Store,
    entries: Sequence[QuarantineRecord],
    analyzer_factory: Callable[[], Analyzer],
    fetcher_for: FetcherFactory = lambda source: HttpFetcher(),
) -> list[RetryOutcome]:
    """Retry each entry (with its content: `Store.get_quarantine`); the analyzer is built only if one reads.

    Pages whose download failed are fetched again with `fetcher_for(entry.source)`, one fetcher per source
    (the default refuses internal addresses, as a source does unless its config allows them).
    """
    fetchers: dict[str | None, HttpFetcher] = {}

    def fetcher(source: str | None) -> HttpFetcher:
        if source not in fetchers:
            fetchers[source] = fetcher_for(source)
        return fetchers[source]

    try:
        return _retry(store, entries, analyzer_factory, fetcher)
    finally:
        for opened in fetchers.values():
            opened.close()


def _retry(
    store: Store,
    entries: Sequence[QuarantineRecord],
    analyzer_factory: Callable[[], Analyzer],
    fetcher_for: FetcherFactory,
) -> list[RetryOutcome]:
    outcomes: list[RetryOutcome] = []
    pending: list[tuple[QuarantineRecord, int, Article]] = []
    for entry in entries:
        needs_download = not entry.content and _is_page(entry.origin)
        try:
            article = reread(entry, fetcher_for(entry.source) if needs_download else None)
        except InputError as error:
            store.quarantine(entry.origin, entry.source, error.reason, error.raw or entry.content)
            outcomes.append(RetryOutcome(entry.id, entry.origin, False, f"still unreadable: {error.reason}"))
            continue
        article.source = article.source or entry.source
        row_id, _ = store.ingest(article)
        stored = store.get_article(row_id)
        if stored.processed_at is not None and stored.failed_at is None:
            store.resolve_quarantine(entry.id)
            outcomes.append(
                RetryOutcome(entry.id, entry.origin, True, f"already stored and analysed as article {row_id}")
            )
            continue
        store.retry_failed([row_id])
        pending.append((entry, row_id, stored.article))
    if pending:
        outcomes += _analyse(store, pending, analyzer_factory())
    order = {entry.id: index for index, entry in enumerate(entries)}
    return sorted(outcomes, key=lambda outcome: order[outcome.entry_id])


def _analyse(
    store: Store, pending: list[tuple[QuarantineRecord, int, Article]], analyzer: Analyzer
) -> list[RetryOutcome]:
    outcomes: list[RetryOutcome] = []
    for entry, row_id, article in pending:
        try:
            analysis = analyzer.analyze(article)
            reason = analysis.error.reason if analysis.error is not None else None
        except Exception as error:  # noqa: BLE001 - the extractor failing again is the answer, not a crash
            reason = f"extractor error: {type(error).__name__}: {error}"
        if reason is not None:
            store.mark_failed(row_id, reason)
            store.quarantine(entry.origin, entry.source, reason, entry.content)
            outcomes.append(RetryOutcome(entry.id, entry.origin, False, f"analysis failed again: {reason}"))
            continue
        saved = store.save_analysis(row_id, analysis.indicators, analysis.matches)
        store.resolve_quarantine(entry.id)
        outcomes.append(
            RetryOutcome(
                entry.id,
                entry.origin,
                True,
                f"stored as article {row_id}: {plural(len(analysis.indicators), 'indicator')}, "
                f"{plural(saved.alerts_new, 'new alert')}",
                saved.alerts_new,
            )
        )
    return outcomes
