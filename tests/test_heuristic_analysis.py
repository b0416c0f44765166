"""The per-heuristic report: firings, accuracy, sole hits and errors, and false alerts, on hand-made records."""

from __future__ import annotations

from typing import Any

from alerts.heuristic_analysis import UNNAMED, analyse_heuristics


def transfer(supplier: str | None, recipient: str | None, modality: str, *names: str) -> dict[str, Any]:
    return {
        "type": "arms_transfer",
        "supplier": supplier,
        "recipient": recipient,
        "modality": modality,
        "weapon_categories": ["drones"],
        "heuristics": list(names),
    }


def label(article_id: str, *claims: tuple[str, str, str], sanctioned: bool = False) -> dict[str, Any]:
    return {
        "id": article_id,
        "sanctioned_party": sanctioned,
        "sanctions_mentioned": False,
        "transfers": [
            {"supplier": s, "recipient": r, "mode": m, "weapon_categories": ["drones"]} for s, r, m in claims
        ],
    }


def by_name(labels: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> dict[str, Any]:
    return {entry.name: entry for entry in analyse_heuristics(labels, predictions)}


def test_accuracy_separates_right_pairs_from_wrong_modalities() -> None:
    labels = [label("a1", ("IR", "RU", "asserted")), label("a2", ("TR", "UA", "planned"))]
    predictions = [
        {"article_id": "a1", "indicators": [transfer("IR", "RU", "asserted", "transfer.give_verb")], "alerts": []},
        {
            "article_id": "a2",
            "indicators": [transfer("TR", "UA", "asserted", "transfer.give_verb", "modality.none")],
            "alerts": [],
        },
    ]
    figures = by_name(labels, predictions)
    give = figures["transfer.give_verb"]
    assert (give.articles, give.transfers, give.scorable) == (2, 2, 2)
    assert give.pair_accuracy == 1.0 and give.claim_accuracy == 0.5
    assert give.coverage == 1.0
    assert figures["modality.none"].claim_accuracy == 0.0


def test_sole_errors_blame_only_the_heuristic_every_supporting_indicator_shares() -> None:
    labels = [label("a1", ("IR", "houthis", "asserted"))]
    predictions = [
        {
            "article_id": "a1",
            "alerts": [],
            "indicators": [
                transfer("IR", "YE", "asserted", "transfer.give_verb", "party.country_for_group"),
                transfer("IR", "YE", "asserted", "transfer.noun_trigger", "party.country_for_group"),
                transfer("IR", "houthis", "asserted", "transfer.give_verb"),
            ],
        }
    ]
    figures = by_name(labels, predictions)
    assert figures["party.country_for_group"].sole_errors == 1
    assert figures["party.country_for_group"].examples == ["a1: IR -> YE"]
    assert figures["transfer.give_verb"].sole_errors == 0  # the noun trigger made the wrong pair too
    assert figures["transfer.give_verb"].sole_hits == 1


def test_unknown_sides_are_counted_but_not_scored_and_unnamed_code_is_visible() -> None:
    predictions = [{"article_id": "a1", "alerts": [], "indicators": [transfer(None, "RU", "asserted")]}]
    figures = by_name([label("a1", ("KP", "RU", "asserted"))], predictions)
    assert figures[UNNAMED].transfers == 1 and figures[UNNAMED].scorable == 0
    assert figures[UNNAMED].pair_accuracy is None


def test_false_alerts_blame_the_heuristics_of_the_indicators_the_alert_rests_on() -> None:
    sanctions = {"type": "sanctions_reference", "parties": ["KP"], "heuristics": ["sanctions.violation_noun"]}
    predictions = [
        {
            "article_id": "a1",
            "indicators": [transfer("DE", "UA", "asserted", "transfer.give_verb"), sanctions],
            "alerts": [{"rule_id": "r", "severity": "high", "indicators": [1]}],
        }
    ]
    figures = by_name([label("a1", ("DE", "UA", "asserted"))], predictions)
    assert figures["sanctions.violation_noun"].false_alerts == 1
    assert figures["sanctions.violation_noun"].other_indicators == 1
    assert figures["transfer.give_verb"].false_alerts == 0


def test_free_text_company_names_match_the_labelled_name() -> None:
    labels = [label("a1", ("qods aviation industries", "RU", "asserted"))]
    predictions = [
        {"article_id": "a1", "alerts": [], "indicators": [transfer("qods aviation", "RU", "asserted", "party.company")]}
    ]
    assert by_name(labels, predictions)["party.company"].pair_accuracy == 1.0
