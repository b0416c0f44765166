"""Score each named extraction heuristic on its own, as Snorkel's LFAnalysis scores labeling functions.

Every indicator carries the names of the heuristics that made or shaped it (`Indicator.heuristics`). Against a
labelled set, each heuristic gets:

- coverage: the share of labelled articles in which it fired at all;
- transfers: how many arms_transfer indicators it touched, and how many of those name both sides (only those
  can be scored: the labels cannot judge an unknown side);
- pair accuracy: the share of its scorable transfers whose (supplier, recipient) is a labelled pair;
- claim accuracy: the share whose (supplier, recipient, modality) is a labelled claim; a modality heuristic
  with a good pair accuracy and a poor claim accuracy mislabels how sure the text is;
- sole hits / sole errors: labelled pairs it alone supports (every indicator giving that pair carries it) and
  wrong pairs it alone causes; these say what removing it would win or lose;
- false alerts: articles where an alert of medium or higher rests on one of its indicators but no alert is
  wanted.

A heuristic with few firings justified by one sentence, or with sole errors that outnumber its sole hits, is
the first candidate to narrow or remove.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from alerts.scoring import ALERTING_SEVERITIES, alert_wanted, gold_transfers, predicted_key

UNNAMED = "(unnamed)"  # indicators made by code that names no heuristic yet


@dataclass(slots=True)
class HeuristicFigures:
    """What one heuristic did on a labelled set (see the module docstring for each figure)."""

    name: str
    articles: int = 0
    transfers: int = 0
    scorable: int = 0
    pair_correct: int = 0
    claim_correct: int = 0
    sole_hits: int = 0
    sole_errors: int = 0
    false_alerts: int = 0
    other_indicators: int = 0
    coverage: float = 0.0
    examples: list[str] = field(default_factory=list)  # the article ids and pairs of its sole errors

    @property
    def pair_accuracy(self) -> float | None:
        return self.pair_correct / self.scorable if self.scorable else None

    @property
    def claim_accuracy(self) -> float | None:
        return self.claim_correct / self.scorable if self.scorable else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "coverage": round(self.coverage, 3),
            "articles": self.articles,
            "transfers": self.transfers,
            "scorable": self.scorable,
            "pair_accuracy": _round(self.pair_accuracy),
            "claim_accuracy": _round(self.claim_accuracy),
            "sole_hits": self.sole_hits,
            "sole_errors": self.sole_errors,
            "false_alerts": self.false_alerts,
            "other_indicators": self.other_indicators,
            "examples": list(self.examples),
        }


def analyse_heuristics(
    labels: Iterable[Mapping[str, Any]], predictions: Iterable[Mapping[str, Any]], max_examples: int = 5
) -> list[HeuristicFigures]:
    """One `HeuristicFigures` per heuristic named in the predictions, most firings first."""
    by_id = {str(p.get("article_id")): p for p in predictions}
    labels = list(labels)
    figures: dict[str, HeuristicFigures] = {}

    def get(name: str) -> HeuristicFigures:
        return figures.setdefault(name, HeuristicFigures(name))

    for label in labels:
        article_id = str(label["id"])
        prediction = by_id.get(article_id) or {}
        indicators = list(prediction.get("indicators") or [])
        gold_pairs, gold_claims = gold_transfers(label)
        seen: set[str] = set()
        supporters: dict[tuple[str | None, str | None], list[set[str]]] = defaultdict(list)
        for indicator in indicators:
            names = _names(indicator)
            seen |= names
            if indicator.get("type") != "arms_transfer":
                for name in names:
                    get(name).other_indicators += 1
                continue
            key = predicted_key(indicator, gold_pairs)
            for name in names:
                entry = get(name)
                entry.transfers += 1
                if None in key:
                    continue
                entry.scorable += 1
                entry.pair_correct += key in gold_pairs
                entry.claim_correct += (*key, indicator.get("modality")) in gold_claims
            if None not in key:
                supporters[key].append(names)
        for key, name_sets in supporters.items():
            for name in set.intersection(*name_sets):
                entry = get(name)
                if key in gold_pairs:
                    entry.sole_hits += 1
                else:
                    entry.sole_errors += 1
                    if len(entry.examples) < max_examples:
                        entry.examples.append(f"{article_id}: {key[0]} -> {key[1]}")
        for name in seen:
            get(name).articles += 1
        if not alert_wanted(label):
            blamed = {
                name
                for match in prediction.get("alerts") or []
                if match.get("severity") in ALERTING_SEVERITIES
                for index in match.get("indicators") or []
                if 0 <= index < len(indicators)
                for name in _names(indicators[index])
            }
            for name in blamed:
                get(name).false_alerts += 1
    for entry in figures.values():
        entry.coverage = entry.articles / len(labels) if labels else 0.0
    return sorted(figures.values(), key=lambda f: (-f.transfers - f.other_indicators, f.name))


def _names(indicator: Mapping[str, Any]) -> set[str]:
    return set(indicator.get("heuristics") or []) or {UNNAMED}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
