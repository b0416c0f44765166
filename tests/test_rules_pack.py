"""The default rule pack through the real extractor: the seed article's table, and every embedded example."""

from __future__ import annotations

import pytest

from alerts.model import Article, normalise_text, severity_rank
from alerts.rules import RuleEngine, load_rule_pack, run_examples


@pytest.fixture(scope="module")
def pack(repo_root):
    pack = load_rule_pack(repo_root / "rules")
    assert pack.problems == []
    return pack


def test_seed_article_yields_every_expected_alert(pack, extractor, repo_root):
    text = normalise_text((repo_root / "seeds" / "lavrov-pyongyang-efe.txt").read_text())
    indicators = [indicator.to_dict() for indicator in extractor.extract(Article(id="seed", text=text))]
    matches = RuleEngine(pack).evaluate(indicators)

    def best(predicate) -> str:
        found = [
            match.severity for match in matches for index in match.indicator_indexes if predicate(indicators[index])
        ]
        assert found, "no alert for an expected indicator"
        return max(found, key=severity_rank)

    def transfer(supplier, recipient, modality):
        return lambda i: (i["type"], i.get("supplier"), i.get("recipient"), i["modality"]) == (
            "arms_transfer", supplier, recipient, modality,
        )  # fmt: skip

    assert best(transfer("KP", "RU", "asserted")) == "critical"
    assert severity_rank(best(transfer("KP", "RU", "speculative"))) >= severity_rank("medium")
    assert severity_rank(best(transfer("RU", "KP", "speculative"))) >= severity_rank("medium")
    assert best(lambda i: i["type"] == "sanctions_reference" and i.get("kind") == "violation") == "high"
    assert "medium" in {match.severity for match in matches if match.rule_id == "military-cooperation-embargoed"}
    assert "low" in {match.severity for match in matches if match.rule_id == "high-level-visit-embargoed"}


def test_germany_to_ukraine_is_info_only(pack, extractor):
    article = Article(id="de-ua", text="Germany delivered Leopard tanks to Ukraine on Monday.")
    indicators = [indicator.to_dict() for indicator in extractor.extract(article)]
    assert indicators, "the transfer itself is extracted"
    assert {match.severity for match in RuleEngine(pack).evaluate(indicators)} == {"info"}


def test_every_embedded_example_passes(pack, screened_extractor):
    results = run_examples(pack, screened_extractor)
    assert len(results) >= 2 * len(pack.rules)
    assert [str(result) for result in results if not result.passed] == []


def test_examples_of_one_rule(pack, extractor):
    results = run_examples(pack, extractor, "arms-transfer-other")
    assert {result.rule_id for result in results} == {"arms-transfer-other"}
    with pytest.raises(KeyError):
        run_examples(pack, extractor, "no-such-rule")
