"""Named-list entries marked `verified: false` count in a rule only when the rule asks for them."""

from __future__ import annotations

import textwrap
from pathlib import Path

from alerts.rules import RuleEngine, load_rule_pack
from alerts.yamlio import load_yaml_file

LIST = """\
name: embargoed_states
description: test list
entries:
  - {value: KP, source: "UNSCR 1718", verified: true}
  - {value: KH, source: "22 CFR 126.1(d)(2)", verified: false}
"""


def pack(tmp_path: Path, condition: str):
    rules = tmp_path / "rules"
    (rules / "lists").mkdir(parents=True)
    (rules / "lists" / "embargoed_states.yaml").write_text(LIST)
    (rules / "rule.yaml").write_text(
        textwrap.dedent(f"""\
        id: rule
        title: Rule
        severity: high
        when:
          type: arms_transfer
          recipient: {condition}
        """)
    )
    return load_rule_pack(rules)


def fires(loaded, recipient: str) -> bool:
    indicator = {
        "type": "arms_transfer",
        "modality": "asserted",
        "confidence": 0.9,
        "supplier": "RU",
        "recipient": recipient,
        "weapon_categories": ["small_arms"],
    }
    return bool(RuleEngine(loaded).evaluate([indicator]))


def test_unverified_entries_do_not_count_by_default(tmp_path: Path) -> None:
    loaded = pack(tmp_path, "{in_list: embargoed_states}")
    assert loaded.problems == []
    assert fires(loaded, "KP") and not fires(loaded, "KH")


def test_a_rule_can_opt_in_to_unverified_entries(tmp_path: Path) -> None:
    loaded = pack(tmp_path, "{in_list: {list: embargoed_states, unverified: true}}")
    assert loaded.problems == []
    assert fires(loaded, "KP") and fires(loaded, "KH")


def test_a_malformed_opt_in_is_rejected_with_its_line(tmp_path: Path) -> None:
    loaded = pack(tmp_path, "{in_list: {list: embargoed_states, unverifed: true}}")
    [problem] = loaded.problems
    assert str(problem) == "rules/rule.yaml:6:15: in_list takes a list name, or {list: NAME, unverified: true|false}"


def test_every_shipped_list_entry_cites_an_instrument_a_url_and_a_date(repo_root: Path) -> None:
    for name in ("embargoed_states", "partial_embargo_states", "un_embargoed_states", "sanctioned_parties"):
        for entry in load_yaml_file(repo_root / "rules" / "lists" / f"{name}.yaml")["entries"]:
            assert entry["instrument"] and entry["as_of"], (name, entry["value"])
            assert str(entry["source_url"]).startswith("https://"), (name, entry["value"])
            assert isinstance(entry["verified"], bool), (name, entry["value"])
            measures = entry.get("measures") or []
            if entry["verified"] and measures:  # verified rests on a measure with a primary source
                assert any(m["verified"] for m in measures), (name, entry["value"])


def test_every_ofac_entry_a_list_cites_is_in_the_shipped_snapshot(repo_root: Path) -> None:
    """A list entry verified by a US designation names its SDN entry; the shipped Treasury file must hold it."""
    import csv
    import gzip
    import re

    with gzip.open(
        repo_root / "alerts" / "data" / "sanctions" / "ofac_sdn_2024-05-03.csv.gz", "rt", encoding="latin-1"
    ) as handle:
        names = {row[0]: row[1] for row in csv.reader(handle) if len(row) > 1}
    cited = 0
    for name in ("embargoed_states", "sanctioned_parties"):
        for entry in load_yaml_file(repo_root / "rules" / "lists" / f"{name}.yaml")["entries"]:
            texts = [entry["instrument"]] + [m["instrument"] for m in entry.get("measures") or []]
            for number, listed in re.findall(r"OFAC SDN entry (\d+) \(([^)]+)\)", " ".join(texts)):
                assert names.get(number) == listed, (name, entry["value"], number, listed)
                cited += 1
    assert cited >= 10
