"""Replaying indicators through a current and an edited pack: added, removed and re-graded alerts per rule."""

from __future__ import annotations

import shutil

from alerts.rules import load_rule_pack, replay

EVIDENCE = {"sentence": "s", "start": 0, "end": 1}
VISIT = {
    "type": "high_level_visit", "confidence": 0.9, "modality": "asserted", "attribution": None, "evidence": EVIDENCE,
    "visitor_state": "RU", "host_state": "KP", "visitor": "Sergey Lavrov",
}  # fmt: skip
TRANSFER = {
    "type": "arms_transfer", "confidence": 0.9, "modality": "asserted", "attribution": None, "evidence": EVIDENCE,
    "supplier": "DE", "recipient": "UA", "weapon_categories": ["armored_vehicles"], "items": "tanks",
    "quantity": None, "mode_of_transport": None,
}  # fmt: skip


def test_replay_reports_changes_per_rule(tmp_path, repo_root):
    current = load_rule_pack(repo_root / "rules")
    edited_dir = tmp_path / "rules"
    shutil.copytree(repo_root / "rules", edited_dir)
    visit_rule = edited_dir / "high-level-visit-embargoed.yaml"
    visit_rule.write_text(visit_rule.read_text().replace("severity: low", "severity: medium"))
    (edited_dir / "arms-transfer-other.yaml").unlink()
    (edited_dir / "visit-any.yaml").write_text(
        "id: visit-any\ntitle: Any visit\nseverity: info\nwhen: {type: high_level_visit}\n"
    )
    edited = load_rule_pack(edited_dir)
    assert edited.problems == []

    report = replay([("a1", [VISIT]), ("a2", [TRANSFER]), ("a3", [])], current, edited)

    assert report.articles == 3
    assert report.by_rule() == {
        "arms-transfer-other": {"added": 0, "removed": 1, "severity": 0},
        "high-level-visit-embargoed": {"added": 0, "removed": 0, "severity": 1},
        "visit-any": {"added": 1, "removed": 0, "severity": 0},
    }
    regraded = next(change for change in report.changes if change.change == "severity")
    assert (regraded.article_id, regraded.before, regraded.after) == ("a1", "low", "medium")
    assert regraded.dedupe_key == "visitor_state=RU|host_state=KP"


def test_replay_of_the_same_pack_changes_nothing(repo_root):
    pack = load_rule_pack(repo_root / "rules")
    assert replay([("a1", [VISIT]), ("a2", [TRANSFER])], pack, pack).changes == []
