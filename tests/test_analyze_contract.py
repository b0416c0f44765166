"""`alerts analyze`: the contract of docs/analyze.md (schema, input kinds, bad lines) and the seed article's table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alerts.cli import app
from alerts.model import INDICATOR_FIELDS, MODALITIES, SEVERITIES, WEAPON_CATEGORIES, severity_rank

SEED = "seeds/lavrov-pyongyang-efe.txt"
runner = CliRunner()


def analyze(repo_root: Path, *args: str, stdin: str | None = None) -> tuple[list[dict], str, int]:
    result = runner.invoke(
        app, ["analyze", *args, "--format", "jsonl", "--config", str(repo_root / "config.yaml")], input=stdin
    )
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return records, result.stderr, result.exit_code


@pytest.fixture(scope="module")
def seed_record(repo_root: Path) -> dict:
    records, _, code = analyze(repo_root, str(repo_root / SEED))
    assert code == 0
    assert len(records) == 1
    return records[0]


def alerts_for(record: dict, predicate) -> list[dict]:
    """The alerts that rest on one indicator satisfying `predicate` alone (join rules are left out)."""
    wanted = {i for i, indicator in enumerate(record["indicators"]) if predicate(indicator)}
    return [alert for alert in record["alerts"] if len(alert["indicators"]) == 1 and alert["indicators"][0] in wanted]


def max_severity(alerts: list[dict]) -> str | None:
    return max((a["severity"] for a in alerts), key=severity_rank, default=None)


def transfers(record: dict, supplier: str, recipient: str) -> list[dict]:
    return [
        i
        for i in record["indicators"]
        if i["type"] == "arms_transfer" and i["supplier"] == supplier and i["recipient"] == recipient
    ]


def test_every_indicator_has_the_spec_shape(seed_record: dict, repo_root: Path) -> None:
    text = (repo_root / SEED).read_text(encoding="utf-8").strip()
    assert seed_record["article_id"] == "lavrov-pyongyang-efe"
    assert seed_record["indicators"], "the seed article must yield indicators"
    for indicator in seed_record["indicators"]:
        assert set(INDICATOR_FIELDS[indicator["type"]]) <= indicator.keys()
        assert 0.0 <= indicator["confidence"] <= 1.0
        assert indicator["modality"] in MODALITIES
        evidence = indicator["evidence"]
        assert text[evidence["start"] : evidence["end"]] == evidence["sentence"]
        if indicator["type"] == "arms_transfer":
            assert set(indicator["weapon_categories"]) <= set(WEAPON_CATEGORIES)
            assert set(indicator["mode_of_transport"] or []) <= {"rail", "sea", "air", "road"}
    for alert in seed_record["alerts"]:
        assert {"rule_id", "severity", "title"} <= alert.keys()
        assert alert["severity"] in SEVERITIES


def test_seed_shipment_by_rail_and_sea_is_critical(seed_record: dict) -> None:
    found = [
        i
        for i in transfers(seed_record, "KP", "RU")
        if i["modality"] == "asserted" and {"rail", "sea"} <= set(i["mode_of_transport"] or [])
    ]
    assert found, seed_record["indicators"]
    shipment = found[0]
    assert shipment["attribution"] == "US"
    assert "1,000 containers" in (shipment["quantity"] or "")
    assert "military equipment" in (shipment["items"] or "")
    assert max_severity(alerts_for(seed_record, lambda i: i is shipment)) == "critical"


def test_seed_speculative_missiles_and_ammunition(seed_record: dict) -> None:
    found = [
        i
        for i in transfers(seed_record, "KP", "RU")
        if i["modality"] == "speculative"
        and {"anti_tank_missiles", "artillery_ammunition"} <= set(i["weapon_categories"])
    ]
    assert found, seed_record["indicators"]
    assert found[0]["attribution"] == "New York Times"
    severity = max_severity(alerts_for(seed_record, lambda i: i is found[0]))
    assert severity is not None and severity_rank(severity) >= severity_rank("medium")


def test_seed_speculative_technology_in_exchange(seed_record: dict) -> None:
    found = [
        i
        for i in transfers(seed_record, "RU", "KP")
        if i["modality"] == "speculative"
        and "space_satellite" in i["weapon_categories"]
        and {"naval", "nuclear"} & set(i["weapon_categories"])
    ]
    assert found, seed_record["indicators"]
    severity = max_severity(alerts_for(seed_record, lambda i: i is found[0]))
    assert severity is not None and severity_rank(severity) >= severity_rank("medium")


def test_seed_sanctions_violation_is_high(seed_record: dict) -> None:
    found = [
        i
        for i in seed_record["indicators"]
        if i["type"] == "sanctions_reference" and i["kind"] == "violation" and {"KP", "RU"} <= set(i["parties"])
    ]
    assert found, seed_record["indicators"]
    assert max_severity(alerts_for(seed_record, lambda i: i is found[0])) == "high"


def test_seed_military_and_space_cooperation_is_medium(seed_record: dict) -> None:
    found = [
        i
        for i in seed_record["indicators"]
        if i["type"] == "military_cooperation"
        and {"KP", "RU"} <= set(i["parties"])
        and {"military", "space"} <= set(i["domains"])
    ]
    assert found, seed_record["indicators"]
    assert max_severity(alerts_for(seed_record, lambda i: i is found[0])) == "medium"


def test_seed_lavrov_visit_is_low(seed_record: dict) -> None:
    found = [
        i
        for i in seed_record["indicators"]
        if i["type"] == "high_level_visit"
        and i["visitor_state"] == "RU"
        and i["host_state"] == "KP"
        and "Lavrov" in (i["visitor"] or "")
    ]
    assert found, seed_record["indicators"]
    assert max_severity(alerts_for(seed_record, lambda i: i is found[0])) == "low"


def test_transfer_without_embargoed_party_alerts_no_higher_than_info(repo_root: Path) -> None:
    records, _, code = analyze(repo_root, str(repo_root / "seeds/germany-ukraine-tanks.txt"))
    assert code == 0
    assert transfers(records[0], "DE", "UA")
    assert all(alert["severity"] == "info" for alert in records[0]["alerts"])


@pytest.mark.parametrize("name", ["phone-launch.txt", "league-sanctions-player.txt", "russia-strikes-kyiv.txt"])
def test_words_in_other_senses_yield_nothing(repo_root: Path, name: str) -> None:
    records, _, _ = analyze(repo_root, str(repo_root / "seeds" / name))
    assert records[0]["indicators"] == []
    assert records[0]["alerts"] == []


def test_inputs_keep_order_and_bad_lines_are_reported(repo_root: Path, tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        json.dumps({"id": "a1", "text": "The company shipped its new phone."})
        + "\n"
        + "{not json\n"
        + json.dumps({"id": "a2"})
        + "\n"
        + json.dumps({"id": "a3", "text": "Germany delivered tanks to Ukraine.", "title": "t"})
        + "\n",
        encoding="utf-8",
    )
    folder = tmp_path / "folder" / "nested"
    folder.mkdir(parents=True)
    (folder / "b1.txt").write_text("Title\n\nRussia delivered drones to Iran.", encoding="utf-8")
    records, stderr, code = analyze(repo_root, str(dump), str(tmp_path / "folder"))
    assert code == 0
    assert [r["article_id"] for r in records] == ["a1", "a3", "nested/b1"]
    assert f"{dump}:2" in stderr and "invalid JSON" in stderr
    assert f"{dump}:3" in stderr and "text" in stderr


def test_standard_input_is_jsonl(repo_root: Path) -> None:
    line = json.dumps({"id": "s1", "text": "Iran shipped drones to Russia, officials said."})
    records, _, code = analyze(repo_root, "-", stdin=line + "\n")
    assert code == 0
    assert [r["article_id"] for r in records] == ["s1"]
