"""Score extraction and default alerts against a labelled set of articles, so quality is a number, not a hunch.

Users label their own news (one JSON object per article) and compare it with what `alerts analyze --format
jsonl` printed for the same articles (or with `Analysis.to_dict()` records). The figures follow the project's
evaluation definitions, so a set scored here and by the external evaluation agree:

- transfer pairs: the set of (supplier, recipient) per article, scored by precision, recall and F1;
- claims: (supplier, recipient, modality) per article, so an asserted and a denied transfer between the same
  parties are two claims;
- weapon categories: for each pair found by both sides, the categories they share (true positives), add or
  miss, pooled over the set into one F1;
- alerts, per article: an alert of medium or higher is wanted when a sanctioned or embargoed party takes part
  in a transfer that is not denied, or when the text reports sanctions against or by such a party
  (`sanctioned_party` and (a live transfer or `sanctions_mentioned`)).

A transfer whose supplier or recipient is unknown (on either side) is left out of pairs, claims and
categories: the labels cannot say whether it was right.

Label record: {"id", "text", "arms_transfer", "transfers": [{"supplier", "recipient", "items",
"weapon_categories", "mode"}], "sanctions_mentioned", "sanctioned_party", "states", "notes"}; `mode` uses the
indicator modalities of docs/indicators.md. Prediction record: {"article_id", "indicators": [...], "alerts": [...]}.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ALERTING_SEVERITIES = frozenset({"medium", "high", "critical"})

# Words in a free-text party name -> the group slug (docs/indicators.md); lets labels written as "Houthi rebels" or "Haftar's forces"
# match an extractor that says `houthis` or `lna`.
GROUP_WORDS: dict[str, str] = {
    "houthi": "houthis",
    "ansar allah": "houthis",
    "hezbollah": "hezbollah",
    "hizbollah": "hezbollah",
    "hamas": "hamas",
    "rapid support": "rsf",
    "rsf": "rsf",
    "wagner": "wagner",
    "shabaab": "al-shabaab",
    "irish republican": "ira",
    "haftar": "lna",
    "libyan national army": "lna",
    "m23": "m23",
    "march 23 movement": "m23",
}
SLUGS = frozenset(GROUP_WORDS.values())
# Words that do not tell one company or group name from another ("Qods Aviation Industries Co.").
NAME_NOISE = frozenset(
    {
        "the",
        "of",
        "and",
        "group",
        "company",
        "companies",
        "co",
        "ltd",
        "limited",
        "llc",
        "inc",
        "jsc",
        "corporation",
        "corp",
        "firm",
        "plc",
    }
)
# Companies named with their state in the label ("Chinese companies", "Shahed Aviation (IR)").
COMPANY_WORDS: dict[str, str] = {"chinese compan": "CN", "(ir)": "IR"}
UNKNOWN_PARTIES = frozenset({"", "unknown", "none", "null"})

Pair = tuple[str, str]
Claim = tuple[str, str, str | None]


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives, with the figures they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, found: bool, wanted: bool) -> None:
        if found and wanted:
            self.tp += 1
        elif found:
            self.fp += 1
        elif wanted:
            self.fn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Scores:
    """The figures for one labelled set, and one line per disagreement (`errors`) for a reviewer to read."""

    articles: int
    missing_outputs: int
    transfer_precision: float
    transfer_recall: float
    transfer_f1: float
    claim_precision: float
    claim_recall: float
    claim_f1: float
    category_precision: float
    category_recall: float
    category_f1: float
    alert_precision: float
    alert_recall: float
    alert_f1: float
    false_alerts: int
    missed_alerts: int
    errors: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float | int]:
        """Every figure except the error list, in a stable order (for tables and JSON)."""
        data = asdict(self)
        data.pop("errors")
        return data

    def summary(self) -> str:
        """One line, `name=value` pairs, as the evaluation scripts print last."""
        return " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in self.figures().items())


def normalise_party(party: Any) -> str | None:
    """A party as docs/indicators.md writes it: an ISO alpha-2 code, a group slug, a lower-cased name, or None if unknown."""
    if party is None:
        return None
    text = str(party).strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    low = text.lower()
    for words, slug in (*GROUP_WORDS.items(), *COMPANY_WORDS.items()):
        if words in low:
            return slug
    if low in UNKNOWN_PARTIES or "western countries" in low:
        return None
    return low


def alert_wanted(label: Mapping[str, Any]) -> bool:
    """Whether an analyst wants a medium-or-higher alert on this labelled article (see the module docstring)."""
    if not label.get("sanctioned_party"):
        return False
    live_transfer = any(t.get("mode") != "denied" for t in label.get("transfers") or [])
    return live_transfer or bool(label.get("sanctions_mentioned"))


def score(labels: Iterable[Mapping[str, Any]], predictions: Iterable[Mapping[str, Any]]) -> Scores:
    """Compare labelled articles with predictions matched by id (`id` in a label, `article_id` in a prediction).

    A labelled article without a prediction counts as one with no indicators and no alerts (and in
    `missing_outputs`); predictions for articles that are not labelled are ignored.
    """
    by_id = {str(p.get("article_id")): p for p in predictions}
    pairs, claims, categories, alerts = Counts(), Counts(), Counts(), Counts()
    errors: list[str] = []
    missing = 0
    labels = list(labels)
    for label in labels:
        article_id = str(label["id"])
        prediction = by_id.get(article_id)
        if prediction is None:
            missing += 1
            prediction = {}
        gold_pairs, gold_claims = gold_transfers(label)
        got_pairs, got_claims = _transfers(
            predicted_key(i, gold_pairs) + (i.get("modality"), i.get("weapon_categories"))
            for i in predicted_transfers(prediction)
        )
        for pair in sorted(gold_pairs.keys() | got_pairs.keys()):
            found, wanted = pair in got_pairs, pair in gold_pairs
            pairs.add(found, wanted)
            if found and wanted:
                for category in gold_pairs[pair] | got_pairs[pair]:
                    categories.add(category in got_pairs[pair], category in gold_pairs[pair])
            else:
                errors.append(f"{article_id}: {'extra' if found else 'missed'} transfer {pair[0]} -> {pair[1]}")
        for claim in sorted(gold_claims | got_claims, key=str):
            found, wanted = claim in got_claims, claim in gold_claims
            claims.add(found, wanted)
            if found != wanted and claim[:2] in gold_pairs and claim[:2] in got_pairs:
                errors.append(f"{article_id}: {'extra' if found else 'missed'} claim {claim}")
        wanted = alert_wanted(label)
        raised = any(a.get("severity") in ALERTING_SEVERITIES for a in prediction.get("alerts") or [])
        alerts.add(raised, wanted)
        if raised != wanted:
            errors.append(f"{article_id}: alert wanted={wanted} raised={raised}")
    return Scores(
        articles=len(labels),
        missing_outputs=missing,
        transfer_precision=pairs.precision,
        transfer_recall=pairs.recall,
        transfer_f1=pairs.f1,
        claim_precision=claims.precision,
        claim_recall=claims.recall,
        claim_f1=claims.f1,
        category_precision=categories.precision,
        category_recall=categories.recall,
        category_f1=categories.f1,
        alert_precision=alerts.precision,
        alert_recall=alerts.recall,
        alert_f1=alerts.f1,
        false_alerts=alerts.fp,
        missed_alerts=alerts.fn,
        errors=errors,
    )


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Records of a JSONL file (labels or predictions); blank lines are skipped."""
    with Path(path).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def gold_transfers(label: Mapping[str, Any]) -> tuple[dict[Pair, set[str]], set[Claim]]:
    """The labelled pairs (with their categories) and claims of one article; unknown parties left out."""
    return _transfers(
        (
            normalise_party(t.get("supplier")),
            normalise_party(t.get("recipient")),
            t.get("mode"),
            t.get("weapon_categories"),
        )
        for t in label.get("transfers") or []
    )


def predicted_transfers(prediction: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The arms_transfer indicators of one prediction record."""
    return [i for i in prediction.get("indicators") or [] if i.get("type") == "arms_transfer"]


def predicted_key(indicator: Mapping[str, Any], gold_pairs: Mapping[Pair, Any]) -> tuple[str | None, str | None]:
    """An indicator's (supplier, recipient) as the labels write it. A company or group named in free text counts
    as the labelled one of the same article when the words of one name contain the other's ("qods aviation" ~
    "qods aviation industries"), as the project's evaluation scorer matches them."""
    gold_names = {party for pair in gold_pairs for party in pair if _free_name(party)}
    key = (normalise_party(indicator.get("supplier")), normalise_party(indicator.get("recipient")))
    return _match_name(key[0], gold_names), _match_name(key[1], gold_names)


def _free_name(party: str | None) -> bool:
    return party is not None and not (len(party) == 2 and party.isupper()) and party not in SLUGS


def _name_words(name: str) -> frozenset[str]:
    return frozenset(
        w for w in name.replace("-", " ").replace(".", " ").replace(",", " ").split() if w not in NAME_NOISE
    )


def _match_name(party: str | None, gold_names: set[str]) -> str | None:
    if party is None or not _free_name(party):
        return party
    words = _name_words(party)
    for gold in sorted(gold_names):
        other = _name_words(gold)
        if words and other and (words <= other or other <= words):
            return gold
    return party


def _transfers(
    rows: Iterable[tuple[str | None, str | None, str | None, Iterable[str] | None]],
) -> tuple[dict[Pair, set[str]], set[Claim]]:
    """Pairs (with the union of their categories) and claims of one article; unknown parties are left out."""
    pairs: dict[Pair, set[str]] = {}
    claims: set[Claim] = set()
    for supplier, recipient, modality, weapon_categories in rows:
        if supplier is None or recipient is None:
            continue
        pairs.setdefault((supplier, recipient), set()).update(weapon_categories or [])
        claims.add((supplier, recipient, modality))
    return pairs, claims
