"""Retrying quarantined inputs (`alerts quarantine retry`): re-read the stored bytes, analyse what reads.

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

from alerts.analysis import Analyzer
from alerts.errors import InputError
from alerts.model import Article
from alerts.sources.files import parse_jsonl_line, text_article
from alerts.sources.pages import extract_page
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


def reread(entry: QuarantineRecord) -> Article:
    """The quarantined bytes read as their source would read them; InputError when they still do not read."""
    raw = entry.content or b""
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
            id=entry.origin, text=page.text, title=page.title, url=entry.origin, published_at=page.published_at,
            origin=entry.origin,
        )
    return text_article(raw, entry.origin, PurePath(entry.origin).stem or entry.origin)


def retry_quarantined(
    store: Store, entries: Sequence[QuarantineRecord], analyzer_factory: Callable[[], Analyzer]
) -> list[RetryOutcome]:
    """Retry each entry (with its content: `Store.get_quarantine`); the analyzer is built only if one reads."""
    outcomes: list[RetryOutcome] = []
    pending: list[tuple[QuarantineRecord, int, Article]] = []
    for entry in entries:
        try:
            article = reread(entry)
        except InputError as error:
            store.quarantine(entry.origin, entry.source, error.reason, entry.content)
            outcomes.append(RetryOutcome(entry.id, entry.origin, False, f"still unreadable: {error.reason}"))
            continue
        article.source = article.source or entry.source
        row_id, _ = store.ingest(article)
        stored = store.get_article(row_id)
        if stored.processed_at is not None and stored.failed_at is None:
            store.resolve_quarantine(entry.id)
            outcomes.append(RetryOutcome(entry.id, entry.origin, True, f"already stored and analysed as article {row_id}"))
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
                entry.id, entry.origin, True,
                f"stored as article {row_id}: {len(analysis.indicators)} indicators, {saved.alerts_new} new alerts",
                saved.alerts_new,
            )
        )
    return outcomes
