"""Snoozes that could never hold, or that are already in force, are refused with the reason and a suggestion."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alerts.cli import app
from alerts.rules import load_rule_pack
from alerts.rules.matches import key_problem
from storage import DuplicateSnoozeError, Store

from review_data import NOW, populate

RULES = Path(__file__).resolve().parent.parent / "rules"


@pytest.fixture()
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("ALERTS_DATABASE_URL", raising=False)
    config = tmp_path / "config.yaml"
    config.write_text(f"database_url: sqlite:///desk.db\nrules_dir: {RULES}\n", encoding="utf-8")
    with Store(f"sqlite:///{tmp_path / 'desk.db'}") as store:
        populate(store)
    return config


def snooze(config: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["snooze", *args, "--for", "7d", "--note", "known", "--config", str(config)])
    return result.exit_code, result.output


def test_a_key_in_another_shape_is_refused_with_the_rule_s_shape(config):
    code, out = snooze(config, "arms-transfer-embargoed-asserted", "--key", "KP>RU")
    assert code == 2
    assert "keys its alerts as supplier=...|recipient=..." in out
    assert "did you mean supplier=KP|recipient=RU?" in out


def test_a_key_in_the_rule_s_shape_is_taken(config):
    code, out = snooze(config, "arms-transfer-embargoed-asserted", "--key", "supplier=KP|recipient=RU")
    assert code == 0, out
    assert "silenced until" in out


def test_a_key_the_rule_has_alerted_on_is_taken_as_it_is(config):
    code, out = snooze(config, "kp-ru-arms", "--key", "KP>RU")  # a stored key, whatever its shape
    assert code == 0, out


def test_an_identical_snooze_is_refused_the_second_time(config):
    assert snooze(config, "arms-transfer-embargoed-asserted")[0] == 0
    code, out = snooze(config, "arms-transfer-embargoed-asserted")
    assert code == 2
    assert "arms-transfer-embargoed-asserted (all keys) is already snoozed until" in out
    assert "alerts unsnooze 1" in out


def test_the_store_refuses_a_snooze_that_adds_nothing_but_takes_a_longer_one(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'a.db'}") as store:
        store.snooze("r", "k=1", NOW + timedelta(days=7), "ann", "why", now=NOW)
        with pytest.raises(DuplicateSnoozeError):
            store.snooze(
                "r", "k=1", NOW + timedelta(days=7, seconds=30), "bob", "again", now=NOW + timedelta(seconds=30)
            )
        with pytest.raises(DuplicateSnoozeError):
            store.snooze("r", "k=1", NOW + timedelta(days=1), "bob", "shorter", now=NOW)
        store.snooze("r", "k=2", NOW + timedelta(days=7), "ann", "other key", now=NOW)
        store.snooze("r", None, NOW + timedelta(days=7), "ann", "whole rule", now=NOW)
        longer = store.snooze("r", "k=1", NOW + timedelta(days=30), "ann", "longer", now=NOW)
        assert longer.until == NOW + timedelta(days=30)


def test_key_problem_names_the_dedupe_fields_of_a_rule():
    pack = load_rule_pack(RULES)
    rule = next(r for r in pack.rules if r.id == "arms-transfer-embargoed-asserted")
    assert key_problem(rule, "supplier=IR|recipient=RU") is None
    assert "did you mean supplier=IR|recipient=houthis?" in key_problem(rule, "IR -> houthis")
    assert "did you mean supplier=KP|recipient=RU?" in key_problem(
        rule, "supplier=KP|recipent=RU", ["supplier=KP|recipient=RU"]
    )
