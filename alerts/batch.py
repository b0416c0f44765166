"""Analysing a batch of stored articles and saving it in one transaction: the unit of work that an in-process
run, a queue job and a reprocess all share.

Three modes:
- `new`: the batch's articles not analysed yet (a job finds the others done and skips them);
- `extract`: extract every article of the batch again, evaluate the current rules, and mark what vanished;
- `rules`: evaluate the current rules over the stored indicators only (no spaCy), and mark what vanished.

A batch is saved in one transaction, so it is all or nothing, and saving is idempotent: running the same
batch twice (a job retried after its worker died) leaves the database as one run did.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from alerts.analyzer import Analysis, Analyzer, IndicatorExtractor
from alerts.dates import event_date, utcnow
from alerts.model import Article
from alerts.rulebook import RuleBook
from storage import AnalysisOutcome, ArticleAnalysis, Store

log = logging.getLogger(__name__)

Mode = Literal["new", "extract", "rules"]
MODES: tuple[str, ...] = ("new", "extract", "rules")
#: What an article that cannot be analysed is reported with: (row id, article, reason).
FailureHandler = Callable[[int, Article, str], None]


def analyse_with_fallback(
    analyzer: Analyzer, batch: Sequence[tuple[int, Article]], on_failure: FailureHandler
) -> Iterator[tuple[int, Analysis]]:
    """Analyse in one spaCy batch; when it fails, redo the batch one by one and report the culprit. An article
    over its analysis budget is reported too: one article never stops the others."""
    try:
        analyses = list(analyzer.analyze_many(article for _, article in batch))
    except Exception:  # noqa: BLE001 - one bad article must not stop the others
        analyses = []
        for row_id, article in batch:
            try:
                analyses.append(analyzer.analyze(article))
            except Exception as error:  # noqa: BLE001
                on_failure(row_id, article, f"extractor error: {type(error).__name__}: {error}")
    rows = {id(article): row_id for row_id, article in batch}
    for analysis in analyses:
        row_id = rows[id(analysis.article)]
        if analysis.error is not None:
            on_failure(row_id, analysis.article, analysis.error.reason)
        else:
            yield row_id, analysis


def to_save(row_id: int, analysis: Analysis) -> ArticleAnalysis:
    """The stored form of one analysis, with the date the text gives for what it reports."""
    article = analysis.article
    happened = event_date(article.text, article.published_at)  # never the run's date: docs/analyze.md
    return ArticleAnalysis(row_id, analysis.indicators, analysis.matches, happened)


@dataclass(slots=True)
class BatchResult:
    """What one batch did: how many articles it saved, what saving changed, how many failed."""

    articles: int = 0
    failed: int = 0
    outcome: AnalysisOutcome = field(default_factory=AnalysisOutcome)


class BatchAnalyser:
    """Runs batches of stored article ids through extraction and rules into the store.

    The extractor is needed for the `new` and `extract` modes only; the rule book is reloaded per batch,
    which costs a few file stats unless the rules changed (alerts.rulebook).
    """

    def __init__(
        self,
        store: Store,
        rulebook: RuleBook,
        extractor: IndicatorExtractor | None = None,
        clock: Callable[[], datetime] = utcnow,
        article_seconds: float | None = None,
    ) -> None:
        self.store = store
        self.rulebook = rulebook
        self.extractor = extractor
        self.clock = clock
        self.article_seconds = article_seconds  # each article's analysis budget (docs/limits.md)

    def process(self, article_ids: Sequence[int], mode: Mode = "new", reprocess_id: int | None = None) -> BatchResult:
        if mode not in MODES:
            raise ValueError(f"batch mode is one of {', '.join(MODES)}, not {mode!r}")
        engine = self.rulebook.reload()
        result = BatchResult()
        items: list[ArticleAnalysis] = []
        now = self.clock()
        if mode == "rules":
            found = self.store.current_indicators(article_ids)
            for row_id in sorted(found):
                indicators = found[row_id]
                matches = engine.evaluate([indicator.to_dict() for indicator in indicators])
                items.append(ArticleAnalysis(row_id, indicators, matches))
        else:
            if self.extractor is None:
                raise ValueError(f"batch mode {mode!r} extracts: it needs an extractor")
            batch = self.store.articles_by_ids(article_ids, unprocessed_only=mode == "new")
            analyzer = Analyzer(self.extractor, engine, article_seconds=self.article_seconds)

            def failed(row_id: int, article: Article, reason: str) -> None:
                log.warning("article %s (row %d) not analysed: %s", article.origin or article.id, row_id, reason)
                self.store.quarantine(article.origin or article.id, article.source, reason, article.text, now)
                self.store.mark_failed(row_id, reason, now)
                result.failed += 1

            items = [to_save(row_id, analysis) for row_id, analysis in analyse_with_fallback(analyzer, batch, failed)]
        if items:
            result.outcome = self.store.save_batch(items, now, None if mode == "new" else reprocess_id)
        result.articles = len(items)
        return result
