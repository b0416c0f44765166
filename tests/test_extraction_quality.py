"""Extraction quality on the project's own labelled corpus, so CI sees a regression without the shared dev set.

tests/data/extraction_corpus.jsonl holds 70 short news-style articles written for this project (see
tests/data/README.md): transfers in many phrasings, denials and hedges, sanctions-only stories, and traps
(phones shipped, sports sanctions, weapons fired rather than transferred). The real extractor and the default
rule pack run over it and `alerts.evaluation.score` compares the output with the labels. The floors sit
about 0.1 below the figures measured when they were set (run `pytest -s` to see the current ones), so they
catch a real regression without failing on a one-article change. The scorer itself is pinned by small
hand-made cases with exact expected numbers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alerts.analysis import Analyzer
from alerts.evaluation import Scores, alert_wanted, load_jsonl, normalise_party, score
from alerts.model import MODALITIES, WEAPON_CATEGORIES, Article
from alerts.rulebook import RuleBook

# Measured on 2026-11-28 (transfer P/R/F1 0.958/0.868/0.911, claim F1 0.854, category F1 0.891, alert P/R
# 0.882/0.833); floors about 0.1 lower.
FLOORS = {
    "transfer_precision": 0.85,
    "transfer_recall": 0.75,
    "transfer_f1": 0.80,
    "claim_f1": 0.72,
    "category_f1": 0.78,
    "alert_precision": 0.75,
    "alert_recall": 0.70,
}
PARTY = re.compile(r"^([A-Z]{2}|[a-z0-9]+(-[a-z0-9]+)*|unknown)$")


@pytest.fixture(scope="module")
def corpus(repo_root: Path) -> list[dict]:
    return load_jsonl(repo_root / "tests" / "data" / "extraction_corpus.jsonl")


@pytest.fixture(scope="module")
def measured(corpus: list[dict], extractor, repo_root: Path) -> Scores:
    analyzer = Analyzer(extractor, RuleBook(repo_root / "rules").reload())
    articles = (Article(id=str(label["id"]), text=label["text"]) for label in corpus)
    predictions = [analysis.to_dict() for analysis in analyzer.analyze_many(articles)]
    scores = score(corpus, predictions)
    print("\nextraction quality on tests/data/extraction_corpus.jsonl:\n  " + scores.summary())
    for line in scores.errors:
        print("  " + line)
    return scores


# ------------------------------------------------------------------ the corpus itself


def test_corpus_labels_are_well_formed(corpus: list[dict]) -> None:
    assert 50 <= len(corpus) <= 70
    assert len({label["id"] for label in corpus}) == len(corpus)
    for label in corpus:
        where = label["id"]
        assert label["text"].strip() and label["notes"].strip(), where
        assert label["arms_transfer"] == any(t["mode"] != "denied" for t in label["transfers"]), where
        for transfer in label["transfers"]:
            assert PARTY.match(transfer["supplier"]) and PARTY.match(transfer["recipient"]), where
            assert transfer["mode"] in MODALITIES, where
            assert transfer["items"] and set(transfer["weapon_categories"]) <= set(WEAPON_CATEGORIES), where
        assert all(re.fullmatch(r"[A-Z]{2}", state) for state in label["states"]), where


def test_corpus_mixes_positives_and_traps(corpus: list[dict]) -> None:
    quiet = [label for label in corpus if not label["arms_transfer"] and not label["sanctions_mentioned"]]
    wanted = [label for label in corpus if alert_wanted(label)]
    modes = {t["mode"] for label in corpus for t in label["transfers"]}
    assert len(quiet) >= 0.25 * len(corpus)
    assert 0.3 * len(corpus) <= len(wanted) <= 0.7 * len(corpus)
    assert modes == set(MODALITIES)


# ------------------------------------------------------------------ the extractor on it


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_extraction_quality_floor(measured: Scores, figure: str) -> None:
    value = getattr(measured, figure)
    assert value >= FLOORS[figure], f"{figure} {value:.3f} < floor {FLOORS[figure]}; errors:\n" + "\n".join(
        measured.errors
    )


def test_every_article_gets_an_output(measured: Scores, corpus: list[dict]) -> None:
    assert measured.articles == len(corpus)
    assert measured.missing_outputs == 0


# ------------------------------------------------------------------ the scorer


def _label(id_: str, transfers=(), sanctions: bool = False, sanctioned: bool = False) -> dict:
    transfers = [dict(zip(("supplier", "recipient", "mode", "weapon_categories"), t)) for t in transfers]
    return {"id": id_, "text": "...", "transfers": transfers, "sanctions_mentioned": sanctions,
            "sanctioned_party": sanctioned}


def _prediction(id_: str, transfers=(), severities=()) -> dict:
    indicators = [
        {"type": "arms_transfer", "supplier": s, "recipient": r, "modality": m, "weapon_categories": c}
        for s, r, m, c in transfers
    ]
    indicators.append({"type": "sanctions_reference", "parties": ["KP"], "modality": "asserted"})
    return {"article_id": id_, "indicators": indicators, "alerts": [{"severity": s} for s in severities]}


def test_scorer_counts_pairs_claims_categories_and_alerts() -> None:
    labels = [
        _label("a", [("KP", "RU", "asserted", ["missiles", "artillery_ammunition"]),
                     ("KP", "RU", "denied", ["missiles"]),
                     ("RU", "KP", "speculative", ["space_satellite"])], sanctioned=True),
        _label("b", [("Houthi rebels", "unknown", "alleged", ["drones"])], sanctions=True, sanctioned=True),
        _label("c"),
    ]
    predictions = [
        _prediction("a", [("KP", "RU", "asserted", ["missiles", "drones"]),
                          ("DE", "UA", "planned", ["armored_vehicles"])], ["critical"]),
        _prediction("b", [("houthis", None, "alleged", ["drones"])], ["low"]),
        _prediction("c", [], ["medium"]),
    ]
    scores = score(labels, predictions)
    # pairs: KP>RU hit, RU>KP missed, DE>UA extra; "b" has an unknown party on both sides, so it is left out
    assert (scores.transfer_precision, scores.transfer_recall) == (0.5, 0.5)
    assert scores.transfer_f1 == 0.5
    # claims: (KP,RU,asserted) hit; (KP,RU,denied) and (RU,KP,speculative) missed; (DE,UA,planned) extra
    assert (scores.claim_precision, scores.claim_recall) == (0.5, pytest.approx(1 / 3))
    assert scores.claim_f1 == pytest.approx(0.4)
    # categories of the one shared pair: missiles hit, drones extra, artillery_ammunition missed
    assert (scores.category_precision, scores.category_recall, scores.category_f1) == (0.5, 0.5, 0.5)
    # alerts: "a" wanted and raised; "b" wanted (sanctions reported) but only low; "c" not wanted, raised
    assert (scores.alert_precision, scores.alert_recall) == (0.5, 0.5)
    assert (scores.false_alerts, scores.missed_alerts) == (1, 1)
    assert scores.errors == [
        "a: extra transfer DE -> UA",
        "a: missed transfer RU -> KP",
        "a: missed claim ('KP', 'RU', 'denied')",
        "b: alert wanted=True raised=False",
        "c: alert wanted=False raised=True",
    ]


def test_scorer_treats_a_missing_prediction_as_empty() -> None:
    labels = [_label("x", [("IR", "RU", "asserted", ["drones"])], sanctioned=True), _label("y")]
    scores = score(labels, [_prediction("y"), _prediction("not-labelled", [("US", "TW", "planned", [])])])
    assert scores.articles == 2 and scores.missing_outputs == 1
    assert (scores.transfer_precision, scores.transfer_recall, scores.transfer_f1) == (0.0, 0.0, 0.0)
    assert (scores.alert_precision, scores.alert_recall) == (0.0, 0.0)
    assert scores.missed_alerts == 1 and scores.false_alerts == 0


def test_scorer_perfect_agreement_and_summary() -> None:
    labels = [_label("p", [("BY", "RU", "asserted", ["armored_vehicles"])], sanctioned=True)]
    scores = score(labels, [_prediction("p", [("BY", "RU", "asserted", ["armored_vehicles"])], ["high"])])
    assert scores.transfer_f1 == scores.claim_f1 == scores.category_f1 == scores.alert_f1 == 1.0
    assert scores.errors == []
    assert scores.summary().startswith("articles=1 missing_outputs=0 transfer_precision=1.000 ")
    assert "errors" not in scores.figures()


@pytest.mark.parametrize(
    ("label", "wanted"),
    [
        (_label("d", [("KP", "RU", "denied", [])], sanctioned=True), False),
        (_label("d", [("KP", "RU", "denied", [])], sanctions=True, sanctioned=True), True),
        (_label("d", [("DE", "UA", "planned", [])]), False),
        (_label("d", [], sanctions=True), False),
    ],
)
def test_alert_wanted_follows_the_definition(label: dict, wanted: bool) -> None:
    assert alert_wanted(label) is wanted


@pytest.mark.parametrize(
    ("written", "normalised"),
    [("kp", "KP"), ("Houthi rebels", "houthis"), ("Haftar's forces", "lna"), ("Rapid Support Forces", "rsf"),
     ("Chinese companies", "CN"), ("unknown", None), (None, None), ("Western countries", None), ("M23", "m23")],
)
def test_party_normalisation(written: str | None, normalised: str | None) -> None:
    assert normalise_party(written) == normalised
