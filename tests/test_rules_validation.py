"""`alerts rules validate`: every kind of mistake is reported as file:line:column: reason, and rejected alone."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from alerts.rules import load_rule_pack

LIST = """\
name: embargoed_states
description: test list
entries:
  - {value: KP, source: "UNSCR 1718"}
  - {value: RU, source: "EU 2014/512"}
  - {value: houthis, source: "UNSCR 2216"}
"""

GOOD = """\
id: good
title: Good rule
severity: high
when:
  type: arms_transfer
  supplier: {in_list: embargoed_states}
"""


def pack_with(tmp_path: Path, **files: str):
    rules = tmp_path / "rules"
    (rules / "lists").mkdir(parents=True, exist_ok=True)
    (rules / "lists" / "embargoed_states.yaml").write_text(LIST)
    for name, text in files.items():
        (rules / f"{name}.yaml").write_text(textwrap.dedent(text))
    return load_rule_pack(rules)


def only_problem(tmp_path: Path, text: str) -> str:
    pack = pack_with(tmp_path, good=GOOD, bad=text)
    assert [rule.id for rule in pack.rules] == ["good"], pack.problems
    assert pack.problems, "the broken file must be reported"
    return "\n".join(str(problem) for problem in pack.problems)


def test_good_rule_loads_with_a_version(tmp_path):
    pack = pack_with(tmp_path, good=GOOD)
    assert pack.problems == []
    (rule,) = pack.rules
    assert rule.id == "good" and len(rule.version) == 12 and rule.lists == ("embargoed_states",)
    assert rule.file == "rules/good.yaml" and rule.line == 1


def test_yaml_syntax_error_names_file_line_and_column(tmp_path):
    report = only_problem(tmp_path, "id: bad\ntitle: [unclosed\nseverity: high\n")
    assert report.startswith("rules/bad.yaml:") and "YAML syntax" in report
    line = int(report.split(":")[1])
    assert line >= 2


def test_unknown_rule_field_suggests_the_right_one(tmp_path):
    report = only_problem(tmp_path, GOOD.replace("id: good", "id: bad").replace("severity:", "severty:"))
    assert "rules/bad.yaml:3:1: unknown rule field 'severty' (did you mean 'severity'?)" in report


def test_unknown_indicator_field_suggests_the_right_one(tmp_path):
    text = GOOD.replace("id: good", "id: bad").replace("  supplier:", "  suplier:")
    assert "rules/bad.yaml:6:3: unknown indicator field 'suplier' (did you mean 'supplier'?)" in only_problem(
        tmp_path, text
    )


def test_unknown_indicator_type(tmp_path):
    text = GOOD.replace("id: good", "id: bad").replace("type: arms_transfer", "type: arms_transfr")
    assert "type is never 'arms_transfr' (did you mean 'arms_transfer'?)" in only_problem(tmp_path, text)


def test_unknown_operator_suggests_the_right_one(tmp_path):
    text = GOOD.replace("id: good", "id: bad").replace("in_list:", "inlist:")
    assert "rules/bad.yaml:6:14: unknown operator 'inlist' for supplier (did you mean 'in_list'?)" in only_problem(
        tmp_path, text
    )


def test_operator_that_does_not_fit_the_field(tmp_path):
    text = GOOD.replace("id: good", "id: bad").replace(
        "supplier: {in_list: embargoed_states}", "supplier: {contains: KP}"
    )
    assert "operator 'contains' does not apply to supplier (a single value)" in only_problem(tmp_path, text)


def test_unknown_list_is_an_error_with_a_hint(tmp_path):
    text = GOOD.replace("id: good", "id: bad").replace("embargoed_states", "embargoed_state")
    assert "unknown list 'embargoed_state' (did you mean 'embargoed_states'?)" in only_problem(tmp_path, text)


def test_duplicate_ids_across_files(tmp_path):
    pack = pack_with(tmp_path, a=GOOD, b=GOOD)
    assert [rule.file for rule in pack.rules] == ["rules/a.yaml"]
    assert [str(problem) for problem in pack.problems] == [
        "rules/b.yaml:1:1: duplicate rule id 'good', first defined at rules/a.yaml:1"
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("severity: high", "severity: urgent"), "severity 'urgent' is not one of info, low, medium, high, critical"),
        (("severity: high", "severity: hihg"), "(did you mean 'high'?)"),
        (("title: Good rule\n", ""), "rule needs 'title'"),
        (("id: bad", "id: 'bad id'"), "id 'bad id' may use only letters"),
    ],
)
def test_bad_rule_fields(tmp_path, change, expected):
    text = GOOD.replace("id: good", "id: bad").replace(*change)
    assert expected in only_problem(tmp_path, text)


def test_bad_durations(tmp_path):
    text = GOOD.replace("id: good", "id: bad") + "dedupe:\n  key: [supplier]\n  window: 7 days\n"
    assert "rules/bad.yaml:9:3: window '7 days' is not a duration like 30m, 6h, 7d or 2w" in only_problem(
        tmp_path, text
    )


def test_escalation_must_raise_the_severity(tmp_path):
    text = GOOD.replace("id: good", "id: bad") + "escalate: {sources: 3, window: 7d, severity: medium}\n"
    assert "escalation severity 'medium' must be above the rule's 'high'" in only_problem(tmp_path, text)


def test_escalation_becomes_the_model_escalation(tmp_path):
    pack = pack_with(tmp_path, good=GOOD + "escalate: {sources: 3, window: 14d, severity: critical}\n")
    escalation = pack.rules[0].escalation
    assert (escalation.count, escalation.window.days, escalation.to_severity) == (3, 14, "critical")


@pytest.mark.parametrize(
    ("when", "reason"),
    [
        (
            "  all:\n    - type: arms_transfer\n    - type: high_level_visit\n",
            "type cannot be arms_transfer and high_level_visit",
        ),
        ("  type: high_level_visit\n  supplier: KP\n", "supplier is not a field of high_level_visit"),
        ("  confidence: {gte: 0.8, lt: 0.5}\n", "no confidence between 0 and 1"),
        ("  modality: {in: [asserted], not_in: [asserted]}\n", "no value of modality passes every test"),
        ("  weapon_categories: {contains: drones, not_contains: drones}\n", "weapon_categories"),
        (
            "  supplier: {present: true}\n  not: {supplier: {present: true}}\n",
            "supplier must be both present and missing",
        ),
    ],
)
def test_conditions_that_can_never_match(tmp_path, when, reason):
    text = f"id: bad\ntitle: Bad\nseverity: low\nwhen:\n{when}"
    report = only_problem(tmp_path, text)
    assert "rules/bad.yaml:4:1: condition can never match:" in report and reason in report


def test_eq_against_a_value_outside_the_enum(tmp_path):
    text = "id: bad\ntitle: Bad\nseverity: low\nwhen:\n  modality: confirmed\n"
    assert "rules/bad.yaml:5:3: modality is never 'confirmed'" in only_problem(tmp_path, text)


def test_party_fields_take_codes_not_names(tmp_path):
    text = "id: bad\ntitle: Bad\nseverity: low\nwhen:\n  supplier: North Korea\n"
    assert "supplier holds codes like KP or houthis, never 'North Korea'" in only_problem(tmp_path, text)


def test_stable_rule_needs_a_firing_example(tmp_path):
    text = (
        GOOD.replace("id: good", "id: bad")
        + "status: stable\nexamples:\n  - {text: 'Nothing here.', expect: no_fire}\n"
    )
    assert "a stable rule needs at least one example with expect: fire" in only_problem(tmp_path, text)


def test_bad_example_expectation(tmp_path):
    text = GOOD.replace("id: good", "id: bad") + "examples:\n  - {text: 'x', expect: fires}\n"
    assert "expect 'fires' is not one of fire, no_fire (did you mean 'fire'?)" in only_problem(tmp_path, text)


def test_null_value_points_to_present(tmp_path):
    text = "id: bad\ntitle: Bad\nseverity: low\nwhen:\n  supplier:\n"
    assert "use {present: false}" in only_problem(tmp_path, text)


def test_refs_only_in_join_rules(tmp_path):
    text = "id: bad\ntitle: Bad\nseverity: low\nwhen:\n  supplier: {eq: {ref: a.recipient}}\n"
    assert "refs compare two indicators" in only_problem(tmp_path, text)


JOIN = """\
id: join
title: Join
severity: medium
when:
  indicators:
    visit:
      type: high_level_visit
    cooperation:
      type: military_cooperation
      parties: {contains: {ref: visit.host_state}}
"""


def test_join_rule_loads(tmp_path):
    pack = pack_with(tmp_path, join=JOIN)
    assert pack.problems == []
    assert [alias for alias, _ in pack.rules[0].aliases] == ["visit", "cooperation"]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (("ref: visit.host_state", "ref: visti.host_state"), "ref to 'visti': only an indicator named before this one"),
        (("ref: visit.host_state", "ref: visit.hoststate"), "ref to unknown field 'hoststate'"),
        (("ref: visit.host_state", "ref: visit.parties"), "a ref must name a single-valued field"),
        (("parties: {contains:", "parties: {not_contains:"), "operator 'not_contains' cannot take a ref"),
        (
            (
                "      parties: {contains: {ref: visit.host_state}}",
                "      any:\n        - parties: {contains: {ref: visit.host_state}}\n        - type: military_cooperation",
            ),
            "a ref must be a plain test of its indicator, not inside any: or not:",
        ),
    ],
)
def test_bad_joins(tmp_path, change, reason):
    report = only_problem(tmp_path, JOIN.replace("id: join", "id: bad").replace(*change))
    assert reason in report


def test_join_dedupe_keys_name_aliases(tmp_path):
    text = JOIN.replace("id: join", "id: bad") + "dedupe: {key: [host_state]}\n"
    assert "in a join, key fields are alias.field" in only_problem(tmp_path, text)


def test_deep_nesting_is_refused_with_a_clear_error(tmp_path):
    condition = "{type: arms_transfer}"
    for _ in range(40):
        condition = "{not: " + condition + "}"
    text = f"id: bad\ntitle: Bad\nseverity: low\nwhen: {condition}\n"
    assert "nested deeper than" in only_problem(tmp_path, text)


def test_a_ten_megabyte_file_is_refused_unread(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "huge.yaml").write_text("id: huge\ndescription: " + "x" * 10_000_000 + "\n")
    pack = load_rule_pack(rules)  # refused on its size, before any parsing
    assert pack.rules == []
    assert [str(problem) for problem in pack.problems] == [
        "rules/huge.yaml:1:1: file is 10,000,023 bytes, over the 32,000-byte limit"
    ]


def test_a_deeply_nested_yaml_document_is_refused_not_crashed(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "deep.yaml").write_text("when: " + "[" * 10_000 + "]" * 10_000 + "\n")
    pack = load_rule_pack(rules)
    assert pack.rules == [] and "nest" in str(pack.problems[0])


def test_python_tags_are_never_constructed(tmp_path):
    text = "id: bad\ntitle: !!python/object/apply:os.system ['touch pwned']\nseverity: low\nwhen: {type: visit}\n"
    pack = pack_with(tmp_path, bad=text)
    assert pack.rules == [] and pack.problems
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


def test_list_entries_need_a_source(tmp_path):
    rules = tmp_path / "rules"
    (rules / "lists").mkdir(parents=True)
    (rules / "lists" / "embargoed_states.yaml").write_text("name: embargoed_states\nentries:\n  - {value: KP}\n")
    (rules / "good.yaml").write_text(GOOD)
    pack = load_rule_pack(rules)
    problems = [str(problem) for problem in pack.problems]
    assert "rules/lists/embargoed_states.yaml:3:5: entry 'KP' needs a 'source' (where the fact comes from)" in problems
    assert any("unknown list 'embargoed_states'" in problem for problem in problems)
    assert pack.rules == []


def test_pack_version_follows_content(tmp_path):
    first = pack_with(tmp_path, good=GOOD).version
    assert pack_with(tmp_path, good=GOOD).version == first
    (tmp_path / "rules" / "lists" / "embargoed_states.yaml").write_text(
        LIST + '  - {value: IR, source: "UNSCR 1747"}\n'
    )
    changed = load_rule_pack(tmp_path / "rules")
    assert changed.version != first


def test_a_join_part_may_use_two_contains_refs_at_most(tmp_path):
    three = JOIN.replace("id: join", "id: bad").replace(
        "      parties: {contains: {ref: visit.host_state}}",
        "      all:\n"
        "        - parties: {contains: {ref: visit.host_state}}\n"
        "        - parties: {contains: {ref: visit.visitor_state}}\n"
        "        - parties: {contains: {ref: visit.attribution}}",
    )
    assert "more than 2 'contains' refs" in only_problem(tmp_path, three)
