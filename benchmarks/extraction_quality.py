"""Extraction quality on the labelled dev set: runs the Extractor, then the shared scorer on its output.

    python benchmarks/extraction_quality.py [--eval-dir ../shared/eval] [--show-errors] [--keep PRED.jsonl]
                                            [--speed-articles 1000]

It first prints, for each labelled file (dev, dev2, dev3), how many of the articles that have a gold transfer
reach the parser at all (the prefilter passes at least one stretch of them): every one should.

The dev set (`dev.jsonl`) and the scorer (`score.py`) live outside the product, in ../shared/eval (their
README explains the figures). This script writes one prediction line per article, {"article_id",
"indicators", "alerts": []}, and calls `score.py LABELS --predictions PRED`: the extraction figures
(transfer-pair F1, claim F1, weapon-category F1) are meaningful here; the alert figures stay at zero until the
rule pack is evaluated too (then score with `score.py --cmd "alerts analyze"`). It also prints how fast the
extractor ran over the dev texts, next to plain `nlp.pipe` over the same texts, and -- since the dev texts are
nearly all relevant, which leaves the prefilter nothing to skip -- over a generated news-like feed in which a
few percent of the articles are relevant (benchmarks/corpus.py), the mix a scheduled run sees.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate

from alerts.config import ExtractionConfig
from alerts.extract import Extractor
from alerts.model import Article

REPO = Path(__file__).resolve().parent.parent
DEFAULT_EVAL_DIR = REPO.parent / "shared" / "eval"
#: The labelled files whose articles with a gold transfer must all pass the prefilter.
PREFILTER_FILES = ("dev.jsonl", "dev2.jsonl", "dev3.jsonl")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR, help="folder with dev.jsonl and score.py")
    parser.add_argument("--labels", default="dev.jsonl", help="labels file inside --eval-dir (default: %(default)s)")
    parser.add_argument("--show-errors", action="store_true", help="list every disagreement the scorer finds")
    parser.add_argument("--keep", type=Path, help="also write the predictions to this JSONL file")
    parser.add_argument(
        "--speed-articles",
        type=int,
        default=1000,
        help="generated articles for the speed comparison (0: skip it; default %(default)s)",
    )
    args = parser.parse_args()

    labels_path = args.eval_dir / args.labels
    scorer = args.eval_dir / "score.py"
    if not labels_path.is_file() or not scorer.is_file():
        print(
            f"extraction_quality: no evaluation data: expected {labels_path} and {scorer} "
            f"(the shared eval folder is not part of the product; pass --eval-dir)",
            file=sys.stderr,
        )
        return 2

    with labels_path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    articles = [Article(id=str(r["id"]), text=r["text"], title=r.get("title")) for r in records]
    words = sum(a.word_count for a in articles)

    extractor = Extractor(ExtractionConfig())
    for name in PREFILTER_FILES:
        path = args.eval_dir / name
        if path.is_file():
            passed, total = _prefilter_recall(extractor, path)
            print(f"prefilter on {name}: {passed}/{total} articles with a gold transfer reach the parser")
        else:
            print(f"prefilter on {name}: skipped, {path} is missing", file=sys.stderr)
    results, extract_seconds, pipe_seconds = _timed(extractor, articles)

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        for article, indicators in results:
            record = {"article_id": article.id, "indicators": [i.to_dict() for i in indicators], "alerts": []}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    if args.keep:
        args.keep.write_text(Path(out.name).read_text(encoding="utf-8"), encoding="utf-8")

    print(f"dev set: {len(articles)} articles, {words} words, {sum(len(i) for _, i in results)} indicators")
    print(
        f"speed on the dev texts: extractor {words / extract_seconds:,.0f} words/s; plain nlp.pipe (all "
        f"components, whole texts) {words / pipe_seconds:,.0f} words/s"
    )
    if args.speed_articles:
        feed = generate(args.speed_articles)
        feed_words = sum(a.word_count for a in feed)
        _, feed_seconds, feed_pipe_seconds = _timed(extractor, feed)
        print(
            f"speed on a generated feed ({len(feed)} articles, {feed_words} words, a few percent relevant): "
            f"extractor {feed_words / feed_seconds:,.0f} words/s; "
            f"plain nlp.pipe {feed_words / feed_pipe_seconds:,.0f} words/s; {feed_pipe_seconds / feed_seconds:.1f}x"
        )
    sys.stdout.flush()
    command = [sys.executable, str(scorer), str(labels_path), "--predictions", out.name]
    if args.show_errors:
        command.append("--show-errors")
    return subprocess.run(command, check=False).returncode


def _prefilter_recall(extractor: Extractor, path: Path) -> tuple[int, int]:
    """(articles with a gold transfer that the prefilter and the party gate send to the parser, articles with a
    gold transfer): an article they drop whole can yield no indicator, however good the finders are."""
    with path.open(encoding="utf-8") as handle:
        labelled = [json.loads(line) for line in handle if line.strip()]
    with_transfer = [r for r in labelled if r.get("transfers")]
    limit = extractor.config.max_article_chars
    passed = sum(1 for r in with_transfer if extractor.relevant_chunks(r["text"][:limit])[0])
    return passed, len(with_transfer)


def _timed(extractor: Extractor, articles: list[Article]) -> tuple[list, float, float]:
    """(results, extractor seconds, plain nlp.pipe seconds) over the same articles."""
    started = time.perf_counter()
    results = list(extractor.extract_many(articles))
    extract_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for _ in extractor.nlp.pipe((a.text for a in articles), batch_size=extractor.config.batch_size):
        pass
    return results, extract_seconds, time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
