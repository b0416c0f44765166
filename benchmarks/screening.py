"""Screening precision and recall on the labelled sentences in tests/data/screening_cases.jsonl.

    python benchmarks/screening.py [--show-errors] [--cases FILE]

Screens each sentence against the shipped OFAC SDN snapshot (as `alerts analyze` does with no lists
configured) and prints precision and recall overall and per kind of case (targets: P >= 0.95, R >= 0.90),
and the time per sentence. No threshold: it measures.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from alerts.config import ScreeningConfig
from alerts.screening import load_screener
from alerts.screening.evaluation import load_cases, score_screening

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=Path, default=REPO / "tests" / "data" / "screening_cases.jsonl")
    parser.add_argument("--show-errors", action="store_true", help="print every false positive and negative")
    args = parser.parse_args()
    start = time.perf_counter()
    screener = load_screener(ScreeningConfig())
    built = time.perf_counter() - start
    cases = load_cases(args.cases)
    start = time.perf_counter()
    result = score_screening(screener, cases)
    seconds = time.perf_counter() - start
    print(
        f"screener over {screener.index.entity_count:,} entities, {len(screener.index.names):,} names: "
        f"built in {built:.1f} s"
    )
    print(f"{result.cases} cases in {seconds:.2f} s ({1000 * seconds / max(1, result.cases):.1f} ms a sentence)")
    print(f"{'kind':<20} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}")
    for kind, tally in sorted(result.by_kind.items()):
        print(f"{kind:<20} {tally.tp:>4} {tally.fp:>4} {tally.fn:>4} {tally.precision:>10.3f} {tally.recall:>8.3f}")
    total = result.total
    print(f"{'all':<20} {total.tp:>4} {total.fp:>4} {total.fn:>4} {total.precision:>10.3f} {total.recall:>8.3f}")
    if args.show_errors:
        for error in result.errors:
            print(error)


if __name__ == "__main__":
    main()
