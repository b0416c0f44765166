"""How sure the text is: a modality confusion matrix over the transfer pairs the extractor got right.

    python benchmarks/modality_confusion.py LABELS.jsonl [--predictions PRED.jsonl] [--keep PRED.jsonl]
                                           [--cmd "alerts analyze"] [--scorer ../shared/eval/score.py]

Pair F1 says whether the extractor found who supplied whom; claim F1 adds the modality (asserted, alleged,
planned, speculative, denied). Their gap is what the modality stage costs. This script reads the labelled set
and the engine's output (running `alerts analyze` once, or reading --predictions), normalises parties with the
shared scorer's own functions, and for every (supplier, recipient) pair found on both sides compares the gold
modes with the predicted ones: a row per gold mode, a column per predicted mode ("-" = no such claim). It
prints the matrix, the claim-minus-pair gap, and with --show-errors each wrong claim. With --by-cue it also
prints, for every modality heuristic ("modality.<class>", recorded on the indicators), how many claims on
matched pairs it shaped and how many of those carry a gold modality.

The labelled sets and their scorer live outside the product (../shared/eval); the script says so and stops
when they are missing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SCORER = REPO.parent / "shared" / "eval" / "score.py"
MODES = ("asserted", "alleged", "planned", "speculative", "denied")
NONE = "-"


def _load_scorer(path: Path):  # a module loaded from a file outside the package
    if not path.is_file():
        sys.exit(f"modality_confusion: the shared scorer is missing at {path} (pass --scorer)")
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _claims(score, label: dict, predicted: dict) -> tuple[dict, dict]:
    """{pair: {modes}} for gold and prediction, parties normalised as the scorer does."""
    gold: dict[tuple, set[str]] = {}
    for transfer in label.get("transfers", []):
        key = (score.norm(transfer.get("supplier")), score.norm(transfer.get("recipient")))
        if None not in key:
            gold.setdefault(key, set()).add(transfer.get("mode"))
    names = {party for key in gold for party in key if score.free_name(party)}
    got: dict[tuple, set[str]] = {}
    for indicator in predicted.get("indicators", []):
        if indicator.get("type") != "arms_transfer":
            continue
        key = (score.norm(indicator.get("supplier")), score.norm(indicator.get("recipient")))
        if None not in key:
            got.setdefault(score.match_names(key, names), set()).add(indicator.get("modality"))
    return gold, got


def confusion(score, labels: list[dict], predictions: list[dict]) -> tuple[Counter, list[str]]:
    """(gold mode, predicted mode) counts over matched pairs, and one line per disagreement."""
    by_id = {str(p.get("article_id")): p for p in predictions}
    matrix: Counter = Counter()
    errors: list[str] = []
    for label in labels:
        gold, got = _claims(score, label, by_id.get(str(label["id"]), {}))
        for pair in gold.keys() & got.keys():
            wanted, found = gold[pair], got[pair]
            for mode in sorted(wanted & found):
                matrix[(mode, mode)] += 1
            spare = sorted(found - wanted)
            for mode in sorted(wanted - found):
                instead = spare.pop(0) if spare else NONE
                matrix[(mode, instead)] += 1
                errors.append(f"{label['id']}: {pair[0]} -> {pair[1]} gold {mode}, got {instead}")
            for mode in spare:
                matrix[(NONE, mode)] += 1
                errors.append(f"{label['id']}: {pair[0]} -> {pair[1]} extra {mode}")
    return matrix, errors


def cue_accuracy(score, labels: list[dict], predictions: list[dict]) -> dict[str, Counter]:
    """{heuristic: Counter(right=, wrong=)} over predicted transfers on pairs the gold also has."""
    by_id = {str(p.get("article_id")): p for p in predictions}
    tally: dict[str, Counter] = {}
    for label in labels:
        predicted = by_id.get(str(label["id"]), {})
        gold, _ = _claims(score, label, predicted)
        names = {party for key in gold for party in key if score.free_name(party)}
        for indicator in predicted.get("indicators", []):
            if indicator.get("type") != "arms_transfer":
                continue
            key = score.match_names(
                (score.norm(indicator.get("supplier")), score.norm(indicator.get("recipient"))), names
            )
            if key not in gold:
                continue
            for name in indicator.get("heuristics") or []:
                if name.startswith("modality."):
                    right = indicator.get("modality") in gold[key]
                    tally.setdefault(name, Counter())["right" if right else "wrong"] += 1
    return tally


def _print_matrix(matrix: Counter) -> None:
    columns = (*MODES, NONE)
    print("gold \\ got  " + " ".join(f"{c[:8]:>8}" for c in columns))
    for row in columns:
        cells = [matrix[(row, column)] for column in columns]
        if any(cells):
            print(f"{row:11s} " + " ".join(f"{n:8d}" for n in cells))
    right = sum(n for (g, p), n in matrix.items() if g == p)
    total = sum(n for (g, _), n in matrix.items() if g != NONE)
    print(f"gold claims on matched pairs: {total}, modality right: {right} ({right / total:.3f})" if total else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("labels", type=Path)
    parser.add_argument("--predictions", type=Path, help="read the engine's JSONL output instead of running it")
    parser.add_argument("--keep", type=Path, help="write the engine's output here for later runs")
    parser.add_argument("--cmd", default="alerts analyze", help="engine command (default: %(default)s)")
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER, help="the shared score.py")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--by-cue", action="store_true", help="accuracy of each modality heuristic")
    args = parser.parse_args()
    score = _load_scorer(args.scorer)
    if not args.labels.is_file():
        sys.exit(f"modality_confusion: no labelled set at {args.labels}")
    labels = score.load_jsonl(str(args.labels))
    if args.predictions:
        predictions = score.load_jsonl(str(args.predictions))
    else:
        predictions = score.run_engine(args.cmd, labels)
    if args.keep:
        args.keep.write_text("".join(json.dumps(p) + "\n" for p in predictions), encoding="utf-8")
    figures = score.score(labels, predictions, show_errors=False)
    keys = (
        "transfer_precision",
        "transfer_recall",
        "transfer_f1",
        "claim_f1",
        "category_f1",
        "alert_precision",
        "alert_recall",
    )
    print(" ".join(f"{k}={figures[k]:.3f}" for k in keys))
    print(f"claim_f1 - pair_f1 = {figures['claim_f1'] - figures['transfer_f1']:+.3f}")
    matrix, errors = confusion(score, labels, predictions)
    _print_matrix(matrix)
    if args.by_cue:
        print(f"{'heuristic':32s} {'right':>6s} {'wrong':>6s}")
        for name, counts in sorted(cue_accuracy(score, labels, predictions).items()):
            print(f"{name:32s} {counts['right']:6d} {counts['wrong']:6d}")
    if args.show_errors:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
