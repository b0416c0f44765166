"""Would a learned component beat the named heuristics? Two classifiers, scored only on held-out folds.

    python benchmarks/learned_baselines.py [--eval-dir ../shared/eval] [--folds 10]

Needs scikit-learn (`pip install -e ".[bench]"`) and the labelled sets of ../shared/eval (dev, dev2, dev3), which
are not part of the product. The extractor runs once over every labelled article; then:

1. A pair filter: logistic regression over each predicted (supplier, recipient) pair of an article -- the named
   heuristics that produced it, its modalities and weapon categories, the kinds of its two sides (state, slug,
   free name), how many indicators and pairs the article has, whether the reverse pair is there too -- that
   keeps a pair when its probability reaches a threshold. Pair precision/recall/F1 per file, as the shared
   scorer counts them, for the rules alone and for the filter at several thresholds.
2. A modality classifier: for each indicator on a pair that gold records with a single mode, logistic
   regression over our modality, the indicator's heuristics and the words of its sentence; accuracy against
   gold, beside the accuracy of our modality stage.

Every learned figure comes from folds the model was not trained on: grouped k-fold over all articles (an
article's pairs never straddle training and test), and leave-one-file-out (train on two files, score the third:
the closest these files come to news on unseen topics). Nothing is asserted: the figures decide whether a learned
component earns its place in the product.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alerts.config import ExtractionConfig
from alerts.extract import Extractor
from alerts.model import Article

REPO = Path(__file__).resolve().parent.parent
FILES = ("dev", "dev2", "dev3")
THRESHOLDS = (0.2, 0.3, 0.4, 0.5)


def load_scorer(eval_dir: Path) -> ModuleType:
    """The shared scorer's party normalisation and name matching, so pairs count exactly as `score.py` counts."""
    spec = importlib.util.spec_from_file_location("score", eval_dir / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_modes(score: ModuleType, label: dict[str, Any]) -> dict[tuple[str, str], set[str]]:
    modes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for transfer in label.get("transfers", []):
        key = (score.norm(transfer.get("supplier")), score.norm(transfer.get("recipient")))
        if None not in key:
            modes[key].add(transfer.get("mode"))
    return modes


def side_kind(score: ModuleType, party: str) -> str:
    if len(party) == 2 and party.isupper():
        return "state"
    return "free" if score.free_name(party) else "slug"


def predicted_pairs(
    score: ModuleType, indicators: list[dict[str, Any]], gold_names: set[str]
) -> dict[tuple[str, str], list[dict[str, Any]]]:
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for indicator in indicators:
        if indicator["type"] != "arms_transfer":
            continue
        key = (score.norm(indicator.get("supplier")), score.norm(indicator.get("recipient")))
        if None not in key:
            pairs[score.match_names(key, gold_names)].append(indicator)
    return pairs


def pair_features(score: ModuleType, key: tuple[str, str], indicators: list[dict[str, Any]], pairs: dict) -> dict:
    features: dict[str, float] = {}
    for indicator in indicators:
        for heuristic in indicator.get("heuristics", []):
            features[f"heuristic={heuristic}"] = 1
        features[f"modality={indicator['modality']}"] = 1
        for category in indicator.get("weapon_categories") or []:
            features[f"category={category}"] = 1
        features["attributed"] = max(features.get("attributed", 0), int(bool(indicator.get("attribution"))))
    features[f"supplier={side_kind(score, key[0])}"] = 1
    features[f"recipient={side_kind(score, key[1])}"] = 1
    features["indicators"] = min(len(indicators), 5) / 5
    features["pairs_in_article"] = min(len(pairs), 8) / 8
    features["confidence"] = max(i["confidence"] for i in indicators)
    features["reverse_pair_too"] = int((key[1], key[0]) in pairs)
    return features


def collect(score: ModuleType, extractor: Extractor, eval_dir: Path) -> tuple[list[dict], list[dict], dict[str, int]]:
    """(pair rows, modality rows, gold pair count per file) from one extractor pass over every labelled file."""
    pair_rows: list[dict] = []
    modality_rows: list[dict] = []
    gold_pairs: dict[str, int] = {}
    for name in FILES:
        labels = [json.loads(line) for line in (eval_dir / f"{name}.jsonl").open(encoding="utf-8") if line.strip()]
        articles = [Article(id=str(label["id"]), text=label["text"]) for label in labels]
        results = {article.id: indicators for article, indicators in extractor.extract_many(articles)}
        gold_pairs[name] = 0
        for label in labels:
            modes = gold_modes(score, label)
            gold_pairs[name] += len(modes)
            names = {party for key in modes for party in key if score.free_name(party)}
            indicators = [i.to_dict() for i in results[str(label["id"])]]
            pairs = predicted_pairs(score, indicators, names)
            group = f"{name}/{label['id']}"
            for key, found in pairs.items():
                features = pair_features(score, key, found, pairs)
                pair_rows.append({"file": name, "group": group, "y": int(key in modes), "features": features})
                if len(modes.get(key, ())) != 1:
                    continue
                for indicator in found:
                    words = set(re.findall(r"[a-z']+", indicator["evidence"]["sentence"].lower()))
                    row = {f"word={w}": 1 for w in words} | {f"ours={indicator['modality']}": 1}
                    row |= {f"heuristic={h}": 1 for h in indicator.get("heuristics", [])}
                    modality_rows.append(
                        {"group": group, "y": next(iter(modes[key])), "ours": indicator["modality"], "features": row}
                    )
        print(f"{name}: {len(labels)} articles, {gold_pairs[name]} gold pairs", flush=True)
    return pair_rows, modality_rows, gold_pairs


def pair_figures(rows: list[dict], keep: list[bool], gold_pairs: dict[str, int], name: str) -> str:
    kept = [row for row, k in zip(rows, keep, strict=True) if k and row["file"] == name]
    right = sum(row["y"] for row in kept)
    precision = right / len(kept) if kept else 0.0
    recall = right / gold_pairs[name] if gold_pairs[name] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f"{precision:.3f}/{recall:.3f}/{f1:.3f}"


def held_out_probabilities(rows: list[dict], splits: list[tuple[list[int], list[int]]]) -> list[float]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    probabilities = [1.0] * len(rows)
    for train, test in splits:
        vectorizer = DictVectorizer()
        model = LogisticRegression(max_iter=3000).fit(
            vectorizer.fit_transform([rows[i]["features"] for i in train]), [rows[i]["y"] for i in train]
        )
        scores = model.predict_proba(vectorizer.transform([rows[i]["features"] for i in test]))[:, 1]
        for i, value in zip(test, scores, strict=True):
            probabilities[i] = float(value)
    return probabilities


def grouped_folds(rows: list[dict], folds: int) -> list[tuple[list[int], list[int]]]:
    from sklearn.model_selection import GroupKFold

    groups = [row["group"] for row in rows]
    return [(list(a), list(b)) for a, b in GroupKFold(n_splits=folds).split(rows, groups=groups)]


def report_pair_filter(rows: list[dict], gold_pairs: dict[str, int], folds: int) -> None:
    print("\npair filter: pair precision/recall/F1 per file (learned figures from held-out folds only)")
    print(
        "  rules alone:        "
        + "  ".join(f"{n} {pair_figures(rows, [True] * len(rows), gold_pairs, n)}" for n in FILES)
    )
    probabilities = held_out_probabilities(rows, grouped_folds(rows, folds))
    for threshold in THRESHOLDS:
        keep = [p >= threshold for p in probabilities]
        figures = "  ".join(f"{n} {pair_figures(rows, keep, gold_pairs, n)}" for n in FILES)
        print(f"  {folds}-fold, p >= {threshold}: {figures}")
    for held in FILES:
        train = [i for i, row in enumerate(rows) if row["file"] != held]
        test = [i for i, row in enumerate(rows) if row["file"] == held]
        probabilities = held_out_probabilities(rows, [(train, test)])
        figures = "  ".join(
            f"p >= {t}: {pair_figures(rows, [p >= t for p in probabilities], gold_pairs, held)}" for t in THRESHOLDS
        )
        print(f"  trained without {held}, scored on it: {figures}")


def report_modality(rows: list[dict], folds: int) -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    ours = sum(row["ours"] == row["y"] for row in rows) / len(rows)
    right = 0
    for train, test in grouped_folds(rows, folds):
        vectorizer = DictVectorizer()
        model = LogisticRegression(max_iter=3000).fit(
            vectorizer.fit_transform([rows[i]["features"] for i in train]), [rows[i]["y"] for i in train]
        )
        predicted = model.predict(vectorizer.transform([rows[i]["features"] for i in test]))
        right += sum(p == rows[i]["y"] for i, p in zip(test, predicted, strict=True))
    modes = Counter(row["y"] for row in rows)
    print(f"\nmodality on {len(rows)} indicators of single-mode gold pairs ({dict(modes)}):")
    print(f"  our modality stage: accuracy {ours:.3f}; learned, {folds}-fold held out: {right / len(rows):.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    parser.add_argument("--folds", type=int, default=10)
    args = parser.parse_args()
    missing = [f"{n}.jsonl" for n in FILES if not (args.eval_dir / f"{n}.jsonl").is_file()]
    if missing or not (args.eval_dir / "score.py").is_file():
        print(
            f"learned_baselines: no evaluation data in {args.eval_dir} (score.py, {', '.join(FILES)})", file=sys.stderr
        )
        return 2
    if importlib.util.find_spec("sklearn") is None:
        print('learned_baselines: needs scikit-learn: pip install -e ".[bench]"', file=sys.stderr)
        return 2
    score = load_scorer(args.eval_dir)
    pair_rows, modality_rows, gold_pairs = collect(score, Extractor(ExtractionConfig()), args.eval_dir)
    report_pair_filter(pair_rows, gold_pairs, args.folds)
    report_modality(modality_rows, args.folds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
