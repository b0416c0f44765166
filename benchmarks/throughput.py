"""Throughput of `analyze` and of a storing run, next to the spaCy pipeline's own `nlp.pipe`, same texts.

    python benchmarks/throughput.py [--articles 3000] [--relevant-share 0.04]

Prints articles/s and words/s for: plain `nlp.pipe` over every text (the configured model, all components),
`Analyzer` (extract + evaluate, what `alerts analyze` does), and `Pipeline.run_source` into a fresh SQLite
file (what `alerts run --once` does), and the ratio of each to plain `nlp.pipe`. No threshold: it measures.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from corpus import generate  # benchmarks/ is on sys.path as the script's folder

from alerts.analysis import Analyzer
from alerts.config import AppConfig, ExtractionConfig, SourceConfig
from alerts.extract import Extractor
from alerts.pipeline import Pipeline
from alerts.rulebook import RuleBook
from storage import Store

REPO = Path(__file__).resolve().parent.parent


def timed(label: str, articles: int, words: int, work) -> float:
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {seconds:8.1f} s {articles / seconds:9.1f} articles/s {words / seconds:11,.0f} words/s")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--relevant-share", type=float, default=0.04)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()

    articles = generate(args.articles, args.relevant_share)
    words = sum(article.word_count for article in articles)
    extraction = ExtractionConfig(batch_size=args.batch_size)
    extractor = Extractor(extraction)
    print(f"corpus: {len(articles)} articles, {words:,} words, {args.relevant_share:.0%} relevant; model {extraction.spacy_model}")

    nlp_seconds = timed(
        "nlp.pipe (full pipeline)", len(articles), words,
        lambda: [None for _ in extractor.nlp.pipe((a.text for a in articles), batch_size=args.batch_size)],
    )
    analyzer = Analyzer(extractor, RuleBook(REPO / "rules").reload())
    analyze_seconds = timed("analyze (extract + evaluate)", len(articles), words, lambda: list(analyzer.analyze_many(articles)))

    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "corpus.jsonl"
        dump.write_text("".join(json.dumps({"id": a.id, "title": a.title, "text": a.text}) + "\n" for a in articles))
        config = AppConfig(
            database_url=f"sqlite:///{tmp}/bench.db",
            rules_dir=REPO / "rules",
            extraction=extraction,
            sources=[SourceConfig(name="bench", type="jsonl", path=dump)],
        )
        with Store(config.database_url) as store:
            pipeline = Pipeline(config, store, extractor)
            store_seconds = timed("run --once (storing, SQLite)", len(articles), words, lambda: pipeline.run_all())

    print(f"analyze / nlp.pipe speed ratio: {nlp_seconds / analyze_seconds:.2f}x")
    print(f"storing run / nlp.pipe speed ratio: {nlp_seconds / store_seconds:.2f}x")


if __name__ == "__main__":
    main()
