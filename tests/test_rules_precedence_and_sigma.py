"""`supersedes:` lets a specific rule replace a general one; Sigma's field names are read where they mean ours."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from alerts.rules import PlainEvaluator, RuleEngine, load_rule_pack

EVIDENCE = {"sentence": "s", "start": 0, "end": 1}

GENERAL = """\
id: transfer-embargoed
title: Arms transfer involving an embargoed state
severity: high
when:
  type: arms_transfer
  any:
    - supplier: {in_list: embargoed}
    - recipient: {in_list: embargoed}
"""
SPECIFIC = """\
id: kp-munitions-to-ru
title: North Korean munitions to Russia
severity: critical
supersedes: [transfer-embargoed]
when:
  type: arms_transfer
  supplier: KP
  recipient: RU
"""
LIST = """\
name: embargoed
description: test list
entries:
  - {value: KP, source: "written for this test"}
  - {value: IR, source: "written for this test"}
"""


def transfer(supplier: str, recipient: str) -> dict:
    return {
        "type": "arms_transfer", "confidence": 0.8, "modality": "asserted", "attribution": None, "evidence": EVIDENCE,
        "supplier": supplier, "recipient": recipient, "weapon_categories": ["artillery_ammunition"], "items": "shells",
        "quantity": None, "mode_of_transport": None,
    }  # fmt: skip


def pack_of(tmp_path: Path, **files: str):
    rules = tmp_path / "rules"
    (rules / "lists").mkdir(parents=True)
    (rules / "lists" / "embargoed.yaml").write_text(LIST, encoding="utf-8")
    for name, text in files.items():
        (rules / f"{name}.yaml").write_text(text, encoding="utf-8")
    return load_rule_pack(rules)


@pytest.mark.parametrize("evaluator", [lambda pack: PlainEvaluator(pack.enabled), RuleEngine])
def test_the_specific_rule_replaces_the_general_one_on_the_same_indicator(tmp_path, evaluator):
    pack = pack_of(tmp_path, general=GENERAL, specific=SPECIFIC)
    assert pack.problems == []
    matches = evaluator(pack).evaluate([transfer("KP", "RU"), transfer("IR", "RU")])
    by_rule = {(m.rule_id, m.indicator_indexes) for m in matches}
    assert by_rule == {("kp-munitions-to-ru", (0,)), ("transfer-embargoed", (1,))}


def test_without_supersedes_both_rules_alert(tmp_path):
    pack = pack_of(tmp_path, general=GENERAL, specific=SPECIFIC.replace("supersedes: [transfer-embargoed]\n", ""))
    matches = PlainEvaluator(pack.enabled).evaluate([transfer("KP", "RU")])
    assert {m.rule_id for m in matches} == {"kp-munitions-to-ru", "transfer-embargoed"}


def test_supersedes_names_rules_that_exist_and_not_each_other(tmp_path):
    pack = pack_of(tmp_path, general=GENERAL, specific=SPECIFIC.replace("[transfer-embargoed]", "[transfer-embargo]"))
    assert [p.reason for p in pack.problems] == [
        "rule kp-munitions-to-ru supersedes unknown rule 'transfer-embargo' (did you mean 'transfer-embargoed'?)"
    ]
    mutual = GENERAL.replace("severity: high\n", "severity: high\nsupersedes: [kp-munitions-to-ru]\n")
    pack = pack_of(tmp_path / "b", general=mutual, specific=SPECIFIC)
    assert [p.reason for p in pack.problems] == [
        "rules kp-munitions-to-ru and transfer-embargoed supersede each other: choose one"
    ]


def test_sigma_fields_with_our_meaning_are_read(tmp_path):
    sigma = GENERAL.replace(
        "severity: high\n",
        (
            "level: informational\ndate: 2026-11-02\nmodified: 2026/11/30\nauthor: Desk\n"
            "related:\n  - {id: older-transfer-rule, type: derived}\n"
        ),
    )
    pack = pack_of(tmp_path, general=sigma)
    assert pack.problems == []
    assert pack.rule("transfer-embargoed").severity == "info"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (("when:", "detection:"), "Sigma's 'detection:' is 'when:' here"),
        (("severity: high", "severity: high\nlevel: high"), "give 'severity' or Sigma's 'level', not both"),
        (("severity: high", "level: urgent"), "level 'urgent' is not one of info, low, medium, high, critical"),
        (("severity: high", "severity: high\ndate: last week"), "date must be a date like 2026-11-30"),
        (("severity: high", "severity: high\nrelated: [{id: x, type: cousin}]"), "related type must be one of"),
        (("severity: high", "severity: high\nlogsource: {product: news}"), "rules read indicators"),
    ],
)
def test_sigma_fields_without_our_meaning_point_to_the_right_one(tmp_path, change, reason):
    pack = pack_of(tmp_path, general=GENERAL.replace(*change))
    assert any(reason in problem.reason for problem in pack.problems), [str(p) for p in pack.problems]
    assert all("description" not in problem.reason for problem in pack.problems)


def test_the_default_pack_still_loads(repo_root, tmp_path):
    shutil.copytree(repo_root / "rules", tmp_path / "rules")
    assert load_rule_pack(tmp_path / "rules").problems == []
