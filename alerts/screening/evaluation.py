"""Scoring the screener on labelled sentences (tests/data/screening_cases.jsonl, benchmarks/screening.py).

A case is `{"id", "kind", "text", "expect": [entity ids]}`; `expect` is empty for a trap. A found entity
that is expected is a true positive, one that is not a false positive, an expected one not found a false
negative. Figures are given overall and per `kind` (exact names, aliases, transliterations, vessels by name
and by IMO number, and each kind of trap).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alerts.model import Article
from alerts.screening.screener import Screener


@dataclass(slots=True)
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass(slots=True)
class ScreeningScore:
    total: Tally = field(default_factory=Tally)
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    errors: list[str] = field(default_factory=list)
    cases: int = 0


def load_cases(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score_screening(screener: Screener, cases: list[dict[str, Any]]) -> ScreeningScore:
    result = ScreeningScore(cases=len(cases))
    for case in cases:
        found = {i.fields["entity_id"]: i for i in screener.screen(Article(case["id"], case["text"]))}
        expected = set(case["expect"])
        kind = result.by_kind[case["kind"]]
        for tally in (result.total, kind):
            tally.tp += len(expected & found.keys())
            tally.fp += len(found.keys() - expected)
            tally.fn += len(expected - found.keys())
        for entity_id in sorted(found.keys() - expected):
            f = found[entity_id].fields
            result.errors.append(f"FP {case['id']} {f['name']!r} -> {f['matched_name']} #{entity_id} {f['reasons']}")
        for entity_id in sorted(expected - found.keys()):
            result.errors.append(f"FN {case['id']} #{entity_id}: {case['text']}")
    return result
