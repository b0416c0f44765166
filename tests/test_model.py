"""The shared domain model: text normalisation, content hashes and the indicator's shape (docs/indicators.md)."""

from __future__ import annotations

from alerts.model import Evidence, Indicator, content_hash, normalise_text


def test_normalise_keeps_length_per_character_and_unifies_line_ends() -> None:
    assert normalise_text("Iran\u02bcs drones\r\nline two  \r\n") == "Iran\u2019s drones\nline two"
    assert normalise_text("Cafe\u0301") == "Caf\u00e9"  # NFC


def test_content_hash_ignores_whitespace_and_case() -> None:
    assert content_hash("North Korea  shipped\nshells.") == content_hash("north korea shipped shells.")
    assert content_hash("North Korea shipped shells.") != content_hash("North Korea shipped drones.")


def test_indicator_round_trips_through_its_dict() -> None:
    indicator = Indicator(
        type="arms_transfer",
        confidence=0.8123,
        modality="asserted",
        attribution="US",
        evidence=Evidence("KP shipped shells to RU.", 10, 34, 13, 20),
        fields={"supplier": "KP", "recipient": "RU", "weapon_categories": ["artillery_ammunition"]},
    )
    data = indicator.to_dict()
    assert data["confidence"] == 0.812
    assert data["quantity"] is None and data["mode_of_transport"] is None  # every field present
    assert data["evidence"] == {
        "sentence": "KP shipped shells to RU.",
        "start": 10,
        "end": 34,
        "trigger": {"start": 13, "end": 20},
    }
    again = Indicator.from_dict(data)
    assert again.to_dict() == data
    assert again.fingerprint == Indicator.from_dict(data).fingerprint
