"""The seed article must yield every indicator and alert seeds/README.md lists for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerts.model import Article, Indicator


@pytest.fixture(scope="module")
def seed(extractor, repo_root: Path) -> tuple[str, list[Indicator]]:
    text = (repo_root / "seeds" / "lavrov-pyongyang-efe.txt").read_text(encoding="utf-8")
    return text, extractor.extract(Article(id="seed", text=text))


def _of(indicators: list[Indicator], type_: str, **fields) -> list[Indicator]:
    return [i for i in indicators if i.type == type_ and all(i.fields.get(k) == v for k, v in fields.items())]


def test_us_statement_transfer_by_rail_and_sea(seed):
    _, found = seed
    rows = [i for i in _of(found, "arms_transfer", supplier="KP", recipient="RU") if i.modality == "asserted"]
    assert len(rows) == 1
    row = rows[0]
    assert row.attribution == "US"
    assert row.fields["items"] == "military equipment and munition"
    assert row.fields["quantity"] == "more than 1,000 containers"
    assert set(row.fields["mode_of_transport"]) == {"rail", "sea"}
    assert "military_equipment_unspecified" in row.fields["weapon_categories"]


def test_speculative_missiles_and_ammunition_attributed_to_the_new_york_times(seed):
    _, found = seed
    rows = [i for i in _of(found, "arms_transfer", supplier="KP", recipient="RU") if i.modality == "speculative"]
    assert len(rows) == 1
    assert rows[0].attribution == "New York Times"
    assert {"anti_tank_missiles", "artillery_ammunition"} <= set(rows[0].fields["weapon_categories"])


def test_speculative_technology_in_exchange(seed):
    _, found = seed
    rows = _of(found, "arms_transfer", supplier="RU", recipient="KP")
    assert len(rows) == 1
    assert rows[0].modality == "speculative"
    assert {"space_satellite", "naval", "nuclear"} <= set(rows[0].fields["weapon_categories"])


def test_sanctions_violation(seed):
    _, found = seed
    rows = _of(found, "sanctions_reference", kind="violation")
    assert len(rows) == 1
    assert set(rows[0].fields["parties"]) == {"KP", "RU"}
    assert rows[0].fields["regime"] is None  # "international sanctions" names no imposing body


def test_military_and_space_cooperation(seed):
    _, found = seed
    rows = _of(found, "military_cooperation")
    assert len(rows) == 1
    assert set(rows[0].fields["parties"]) == {"KP", "RU"}
    assert set(rows[0].fields["domains"]) >= {"military", "space"}


def test_lavrov_visit(seed):
    _, found = seed
    rows = _of(found, "high_level_visit", visitor_state="RU", host_state="KP")
    assert len(rows) == 1
    assert "Lavrov" in rows[0].fields["visitor"]


def test_every_evidence_points_into_the_article(seed):
    text, found = seed
    assert found
    for indicator in found:
        ev = indicator.evidence
        assert text[ev.start : ev.end] == ev.sentence
        assert ev.start <= ev.trigger_start < ev.trigger_end <= ev.end
        assert 0.0 <= indicator.confidence <= 1.0
