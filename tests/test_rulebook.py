"""`RuleBook.reload`, called before every batch: it parses the pack again only when a file in the folder
changed, and then picks the edit up."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import alerts.rulebook
from alerts.rulebook import RuleBook


def test_the_pack_is_parsed_again_only_when_a_file_changed(
    tmp_path: Path, repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(repo_root / "rules", rules)
    parsed: list[Path] = []
    real_load = alerts.rulebook.load_rule_pack

    def counting_load(folder: Path):  # the real loader, counted
        parsed.append(folder)
        return real_load(folder)

    monkeypatch.setattr(alerts.rulebook, "load_rule_pack", counting_load)
    book = RuleBook(rules)
    engine = book.reload()
    assert book.reload() is engine and book.reload() is engine
    assert len(parsed) == 1

    rule = rules / "arms-transfer-other.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("severity: info", "severity: low", 1), encoding="utf-8")
    edited = book.reload()
    assert len(parsed) == 2 and edited is not engine
    assert {r.id: r.severity for r in book.pack.rules}["arms-transfer-other"] == "low"

    (rules / "lists" / "notes.txt").write_text("a file beside the lists counts as a change too\n", encoding="utf-8")
    assert book.reload() is edited and len(parsed) == 3  # parsed again; same content hash, same engine
