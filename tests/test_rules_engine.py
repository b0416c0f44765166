"""The durable_rules engine on the default pack and on small packs: matches, keys, joins, lists, no leftovers."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import psutil
import pytest

from alerts.rules import PlainEvaluator, RuleEngine, load_rule_pack

EVIDENCE = {"sentence": "s", "start": 0, "end": 1}


def transfer(supplier, recipient, modality="asserted", **extra):
    return {
        "type": "arms_transfer", "confidence": 0.8, "modality": modality, "attribution": None, "evidence": EVIDENCE,
        "supplier": supplier, "recipient": recipient, "weapon_categories": ["artillery_ammunition"], "items": "shells",
        "quantity": None, "mode_of_transport": None, **extra,
    }  # fmt: skip


def visit(visitor_state, host_state):
    return {
        "type": "high_level_visit", "confidence": 0.9, "modality": "asserted", "attribution": None,
        "evidence": EVIDENCE, "visitor_state": visitor_state, "host_state": host_state, "visitor": "Sergey Lavrov",
    }  # fmt: skip


def cooperation(*parties, modality="asserted"):
    return {
        "type": "military_cooperation", "confidence": 0.7, "modality": modality, "attribution": None,
        "evidence": EVIDENCE, "parties": list(parties), "domains": ["military", "space"],
    }  # fmt: skip


def sanctions(*parties, kind="violation"):
    return {
        "type": "sanctions_reference", "confidence": 0.75, "modality": "speculative", "attribution": None,
        "evidence": EVIDENCE, "parties": list(parties), "regime": None, "kind": kind,
    }  # fmt: skip


@pytest.fixture(scope="module")
def default_pack(repo_root):
    return load_rule_pack(repo_root / "rules")


@pytest.fixture(scope="module")
def engine(default_pack):
    return RuleEngine(default_pack)


def test_default_pack_loads_without_problems(default_pack):
    assert default_pack.problems == []
    assert len(default_pack.rules) >= 8
    assert {"embargoed_states", "partial_embargo_states", "un_embargoed_states"} <= set(default_pack.lists)
    embargoed = default_pack.lists["embargoed_states"]
    assert {"KP", "IR", "RU", "BY", "SY", "MM", "houthis"} <= set(embargoed.values)
    assert not {"UA", "DE", "US", "IQ", "LB", "YE"} & set(embargoed.values)
    assert all(entry["source"] for entry in embargoed.entries)


def test_seed_article_indicators_get_the_spec_severities(engine):
    indicators = [
        transfer(
            "KP", "RU", attribution="US", quantity="more than 1,000 containers", mode_of_transport=["rail", "sea"]
        ),
        transfer("KP", "RU", modality="speculative", attribution="New York Times"),
        transfer("RU", "KP", modality="speculative"),
        sanctions("KP", "RU"),
        cooperation("KP", "RU"),
        visit("RU", "KP"),
        transfer("DE", "UA"),
    ]
    matches = engine.evaluate(indicators)
    highest = {}
    for match in matches:
        for index in match.indicator_indexes:
            ranks = ["info", "low", "medium", "high", "critical"]
            if ranks.index(match.severity) > ranks.index(highest.get(index, "info")):
                highest[index] = match.severity
    assert highest[0] == "critical"
    assert highest[1] in ("medium", "high", "critical") and highest[2] in ("medium", "high", "critical")
    assert highest[3] == "high"
    assert highest[4] == "medium"
    assert "low" in {match.severity for match in matches if match.indicator_indexes == (5,)}
    assert [match.severity for match in matches if 6 in match.indicator_indexes] == ["info"]
    asserted = next(match for match in matches if match.rule_id == "arms-transfer-embargoed-asserted")
    assert asserted.dedupe_key == "supplier=KP|recipient=RU"
    assert asserted.dedupe_window.days == 7 and asserted.rule_version
    assert engine.evaluate(indicators) == PlainEvaluator(engine.rules).evaluate(indicators)


def test_same_key_in_one_article_is_one_match_with_all_its_indicators(engine):
    matches = engine.evaluate([transfer("KP", "RU"), transfer("KP", "RU", items="rockets")])
    asserted = [match for match in matches if match.rule_id == "arms-transfer-embargoed-asserted"]
    assert len(asserted) == 1 and asserted[0].indicator_indexes == (0, 1)


def test_no_indicators_and_unmatched_indicators(engine):
    assert engine.evaluate([]) == []
    assert engine.evaluate([visit("FR", "DE"), sanctions("FR", kind="mention")]) == []


def test_join_needs_related_indicators(engine):
    joined = "visit-with-cooperation-embargoed"
    related = engine.evaluate([visit("RU", "KP"), cooperation("KP", "RU")])
    (match,) = [match for match in related if match.rule_id == joined]
    assert match.indicator_indexes == (0, 1)
    assert match.dedupe_key == "visit.visitor_state=RU|visit.host_state=KP"
    unrelated = engine.evaluate([visit("RU", "KP"), cooperation("IR", "RU")])
    assert joined not in {match.rule_id for match in unrelated}
    denied = engine.evaluate([cooperation("KP", "RU", modality="denied"), visit("RU", "KP")])
    assert joined not in {match.rule_id for match in denied}


THREE_PART = """\
id: visit-deal-violation
title: Visit, cooperation and a sanctions violation around one host
severity: high
when:
  indicators:
    visit: {type: high_level_visit, host_state: {in_list: embargoed_states}}
    deal:
      type: military_cooperation
      parties: {contains: {ref: visit.host_state}}
    breach:
      type: sanctions_reference
      kind: violation
      parties: {contains: {ref: visit.host_state}}
      modality: {eq: {ref: deal.modality}}
"""


def pack_dir(tmp_path: Path, repo_root: Path, **rules: str) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(repo_root / "rules" / "lists", folder / "lists")
    for name, text in rules.items():
        (folder / f"{name}.yaml").write_text(text)
    return folder


def test_three_part_join(tmp_path, repo_root):
    pack = load_rule_pack(pack_dir(tmp_path, repo_root, three=THREE_PART))
    assert pack.problems == []
    engine = RuleEngine(pack)
    breach = {**sanctions("KP", "RU"), "modality": "asserted"}
    found = [visit("RU", "KP"), cooperation("RU", "KP"), breach, cooperation("IR", "RU")]
    assert [(m.rule_id, m.indicator_indexes) for m in engine.evaluate(found)] == [("visit-deal-violation", (0, 1, 2))]
    speculative = [visit("RU", "KP"), cooperation("RU", "KP"), sanctions("KP", "RU")]
    assert engine.evaluate(speculative) == []
    assert engine.leftover_facts() == 0


LISTS = """\
id: all-parties-embargoed
title: Every party of a cooperation is embargoed
severity: low
when:
  type: military_cooperation
  parties: {all_in_list: embargoed_states}
"""


def test_list_operators(tmp_path, repo_root):
    engine = RuleEngine(load_rule_pack(pack_dir(tmp_path, repo_root, lists=LISTS)))
    found = [cooperation("KP", "RU"), cooperation("KP", "CN", "FR"), cooperation()]
    assert [match.indicator_indexes for match in engine.evaluate(found)] == [(0,)]


def test_an_unchanged_pack_reuses_its_ruleset(default_pack):
    first, second = RuleEngine(default_pack), RuleEngine(default_pack)
    assert [r.name for r in first.compiled.rulesets] == [r.name for r in second.compiled.rulesets]
    found = [transfer("IR", "RU")]
    assert first.evaluate(found) == second.evaluate(found)


def test_concurrent_evaluations_do_not_mix(engine):
    articles = [[transfer("KP", "RU")], [visit("RU", "KP")], [transfer("DE", "UA")], [cooperation("KP", "RU")]]
    expected = [engine.evaluate(article) for article in articles]
    results: dict[int, list] = {}
    errors: list[BaseException] = []

    def worker(number: int) -> None:
        try:
            for _ in range(200):
                got = engine.evaluate(articles[number])
                if got != expected[number]:
                    results[number] = got
        except BaseException as error:  # noqa: BLE001 - surfaced below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and results == {}


def test_ten_thousand_articles_leave_no_state_and_no_memory_growth(engine):
    articles = [
        [transfer("KP", "RU"), visit("RU", "KP"), cooperation("KP", "RU")],
        [transfer("DE", "UA"), sanctions("IR", "RU")],
        [visit("FR", "DE")],
        [cooperation("RU", "KP"), visit("RU", "KP"), transfer("RU", "KP", modality="speculative")],
    ]
    process = psutil.Process()
    for number in range(1_000):  # warm up allocator pools before the baseline
        engine.evaluate(articles[number % 4])
    baseline = process.memory_info().rss
    fired = 0
    for number in range(10_000):
        fired += len(engine.evaluate(articles[number % 4]))
    growth = process.memory_info().rss - baseline
    assert fired > 10_000
    assert engine.leftover_facts() == 0
    assert growth < 8 * 1024 * 1024, f"RSS grew by {growth / 1e6:.1f} MB over 10,000 articles"


def test_repeated_list_items_and_odd_values_are_harmless(engine):
    found = [
        cooperation("KP", "KP", "RU", "RU"),
        visit("RU", "KP"),
        {**transfer("KP", "RU"), "items": 'the "Times" said\nshells \\ 😀', "attribution": "\u2400"},
    ]
    assert engine.evaluate(found) == PlainEvaluator(engine.rules).evaluate(found)
    assert engine.leftover_facts() == 0


def test_a_rule_file_with_several_rules_is_rejected_whole(tmp_path, repo_root):
    good = "- id: one\n  title: One\n  severity: low\n  when: {type: high_level_visit}\n"
    bad = "- id: two\n  title: Two\n  severity: loww\n  when: {type: high_level_visit}\n"
    folder = pack_dir(tmp_path, repo_root, both=good + bad)
    (folder / "nested").mkdir()
    (folder / "nested" / "three.yaml").write_text(good.replace("one", "three"))
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "four.yaml").write_text("not: [a rule")
    pack = load_rule_pack(folder)
    assert [rule.id for rule in pack.rules] == ["three"]
    assert [str(problem) for problem in pack.problems] == [
        "rules/both.yaml:7:3: severity 'loww' is not one of info, low, medium, high, critical (did you mean 'low'?)"
    ]
