"""Throughput of `analyze` and of a storing run, next to the spaCy pipeline's own `nlp.pipe`, same texts.

    python benchmarks/throughput.py [--articles 3000] [--relevant-share 0.05] [--screening both|on|off]

Prints articles/s and words/s for: plain `nlp.pipe` over every text (the configured model, all components),
`Analyzer` (extract + evaluate, what `alerts analyze` does), and `Pipeline.run_source` into a fresh SQLite
file (what `alerts run --once` does), and the ratio of each to plain `nlp.pipe`, in wall time and in CPU time
(the steadier figure on a shared machine; issue 11's target is a storing run 20x plain `nlp.pipe` on a
5%-relevant corpus, the default here). The storing run is measured with screening against the shipped OFAC
list off and on (`--screening both`, the default), each into its own fresh database, and the time screening
adds is printed (CPU time and wall time); loading the list into SQL and building the name index happen once
per database and are timed apart. No threshold: it measures.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from corpus import generate  # benchmarks/ is on sys.path as the script's folder

from alerts.analyzer import Analyzer
from alerts.config import AppConfig, ExtractionConfig, ScreeningConfig, SourceConfig
from alerts.extract import Extractor
from alerts.pipeline import Pipeline
from alerts.rulebook import RuleBook
from alerts.screening import with_screening
from storage import Store

REPO = Path(__file__).resolve().parent.parent


def timed(label: str, articles: int, words: int, work) -> tuple[float, float]:
    """Run `work`; print and return (wall seconds, CPU seconds of this process). On a shared machine the CPU
    time is the steadier figure: the wall time also counts what other processes took."""
    start, cpu = time.perf_counter(), time.process_time()
    work()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"{label:<38} {seconds:8.1f} s {cpu:8.1f} s cpu {articles / seconds:9.1f} articles/s "
        f"{words / seconds:11,.0f} words/s"
    )
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--relevant-share", type=float, default=0.05)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument(
        "--screening",
        choices=("both", "on", "off"),
        default="both",
        help="storing run with screening on, off, or both (to measure what it adds)",
    )
    args = parser.parse_args()

    articles = generate(args.articles, args.relevant_share)
    words = sum(article.word_count for article in articles)
    extraction = ExtractionConfig(batch_size=args.batch_size)
    extractor = Extractor(extraction)
    print(
        f"corpus: {len(articles)} articles, {words:,} words, {args.relevant_share:.0%} relevant; model {extraction.spacy_model}"
    )

    nlp_seconds, nlp_cpu = timed(
        "nlp.pipe (full pipeline)",
        len(articles),
        words,
        lambda: [None for _ in extractor.nlp.pipe((a.text for a in articles), batch_size=args.batch_size)],
    )
    analyzer = Analyzer(extractor, RuleBook(REPO / "rules").reload())
    analyze_seconds, analyze_cpu = timed(
        "analyze (extract + evaluate)", len(articles), words, lambda: list(analyzer.analyze_many(articles))
    )

    modes = {"both": (False, True), "on": (True,), "off": (False,)}[args.screening]
    store_seconds: dict[bool, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "corpus.jsonl"
        dump.write_text("".join(json.dumps({"id": a.id, "title": a.title, "text": a.text}) + "\n" for a in articles))
        for screening in modes:
            config = AppConfig(
                database_url=f"sqlite:///{tmp}/bench-{screening}.db",
                rules_dir=REPO / "rules",
                extraction=extraction,
                sources=[SourceConfig(name="bench", type="jsonl", path=dump)],
                screening=ScreeningConfig(enabled=screening),
            )
            with Store(config.database_url) as store:
                start = time.perf_counter()
                screened = with_screening(extractor, config, store)
                if screening:
                    print(f"{'lists into SQL + name index (once)':<38} {time.perf_counter() - start:8.1f} s")
                pipeline = Pipeline(config, store, screened)
                label = f"run --once (storing, screening {'on' if screening else 'off'})"
                store_seconds[screening] = timed(label, len(articles), words, pipeline.run_all)

    print(
        f"analyze / nlp.pipe speed ratio: {nlp_seconds / analyze_seconds:.2f}x wall, {nlp_cpu / analyze_cpu:.2f}x cpu"
    )
    for screening, (seconds, cpu) in store_seconds.items():
        print(
            f"storing run (screening {'on' if screening else 'off'}) / nlp.pipe speed ratio: "
            f"{nlp_seconds / seconds:.2f}x wall, {nlp_cpu / cpu:.2f}x cpu"
        )
    if len(store_seconds) == 2:
        (wall_off, cpu_off), (wall_on, cpu_on) = store_seconds[False], store_seconds[True]
        print(
            f"screening adds {cpu_on / cpu_off - 1:+.1%} to the storing run's CPU time "
            f"({wall_on / wall_off - 1:+.1%} wall time)"
        )


if __name__ == "__main__":
    main()
