"""The scorer (alerts.scoring): pinned by small hand-made cases with exact expected numbers."""

from __future__ import annotations

import pytest

from alerts.scoring import alert_wanted, normalise_party, score


def _label(id_: str, transfers=(), sanctions: bool = False, sanctioned: bool = False) -> dict:
    transfers = [dict(zip(("supplier", "recipient", "mode", "weapon_categories"), t)) for t in transfers]
    return {
        "id": id_,
        "text": "...",
        "transfers": transfers,
        "sanctions_mentioned": sanctions,
        "sanctioned_party": sanctioned,
    }


def _prediction(id_: str, transfers=(), severities=()) -> dict:
    indicators = [
        {"type": "arms_transfer", "supplier": s, "recipient": r, "modality": m, "weapon_categories": c}
        for s, r, m, c in transfers
    ]
    indicators.append({"type": "sanctions_reference", "parties": ["KP"], "modality": "asserted"})
    return {"article_id": id_, "indicators": indicators, "alerts": [{"severity": s} for s in severities]}


def test_scorer_counts_pairs_claims_categories_and_alerts() -> None:
    labels = [
        _label(
            "a",
            [
                ("KP", "RU", "asserted", ["missiles", "artillery_ammunition"]),
                ("KP", "RU", "denied", ["missiles"]),
                ("RU", "KP", "speculative", ["space_satellite"]),
            ],
            sanctioned=True,
        ),
        _label("b", [("Houthi rebels", "unknown", "alleged", ["drones"])], sanctions=True, sanctioned=True),
        _label("c"),
    ]
    predictions = [
        _prediction(
            "a",
            [("KP", "RU", "asserted", ["missiles", "drones"]), ("DE", "UA", "planned", ["armored_vehicles"])],
            ["critical"],
        ),
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
    [
        ("kp", "KP"),
        ("Houthi rebels", "houthis"),
        ("Haftar's forces", "lna"),
        ("Rapid Support Forces", "rsf"),
        ("Chinese companies", "CN"),
        ("unknown", None),
        (None, None),
        ("Western countries", None),
        ("M23", "m23"),
    ],
)
def test_party_normalisation(written: str | None, normalised: str | None) -> None:
    assert normalise_party(written) == normalised
