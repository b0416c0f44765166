"""Extract and evaluate, nothing stored: the core that `alerts analyze`, storing runs and rule tests share.

An `Analyzer` pairs the spaCy extractor with the current rule engine. It streams: articles go through
`nlp.pipe` in batches and come out in input order with their indicators and the rules they fire. With an
`article_seconds` budget, an article that takes longer comes out with `error` set and nothing found, so the
caller can quarantine it and go on (docs/limits.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from alerts.errors import InputError
from alerts.model import Article, Indicator, RuleMatch


class IndicatorExtractor(Protocol):
    def extract_many(
        self, articles: Iterable[Article], *, article_seconds: float | None = None
    ) -> Iterator[tuple[Article, list[Indicator] | InputError]]: ...


class MatchEvaluator(Protocol):
    def evaluate(self, indicators: list[dict[str, Any]]) -> list[RuleMatch]: ...


@dataclass(slots=True)
class Analysis:
    """One article's result: its indicators (in text order) and the rule matches over them."""

    article: Article
    indicators: list[Indicator]
    matches: list[RuleMatch]
    error: InputError | None = None  # the article was not analysed (over its budget): quarantine it

    def to_dict(self) -> dict[str, Any]:
        """The `alerts analyze --format jsonl` record (docs/analyze.md)."""
        return {
            "article_id": self.article.id,
            "indicators": [indicator.to_dict() for indicator in self.indicators],
            "alerts": [match.to_dict() for match in self.matches],
        }


class Analyzer:
    """Extract indicators with spaCy, then evaluate them against a rule engine, article by article."""

    def __init__(
        self, extractor: IndicatorExtractor, engine: MatchEvaluator, article_seconds: float | None = None
    ) -> None:
        self.extractor = extractor
        self.engine = engine
        self.article_seconds = article_seconds

    def analyze(self, article: Article) -> Analysis:
        return next(self.analyze_many([article]))

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        for article, indicators in self.extractor.extract_many(articles, article_seconds=self.article_seconds):
            if isinstance(indicators, InputError):
                yield Analysis(article, [], [], error=indicators)
                continue
            matches = self.engine.evaluate([indicator.to_dict() for indicator in indicators])
            yield Analysis(article, indicators, matches)
