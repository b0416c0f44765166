"""A side given as a group noun with its members listed ("countries such as A, B and C") is one transfer per
member; a list of countries that only condemn or watch a transfer is no side of it."""

from __future__ import annotations

from alerts.model import Article, Indicator


def transfers(extractor, text: str) -> list[Indicator]:
    return [i for i in extractor.extract(Article(id="members", text=text)) if i.type == "arms_transfer"]


def pairs(extractor, text: str) -> set[tuple[str | None, str | None]]:
    return {(i.fields["supplier"], i.fields["recipient"]) for i in transfers(extractor, text)}


def test_suppliers_listed_after_such_as(extractor):
    found = transfers(extractor, "Countries such as Iran, Belarus and North Korea have shipped drones to Russia.")
    assert {(i.fields["supplier"], i.fields["recipient"]) for i in found} >= {("IR", "RU"), ("BY", "RU"), ("KP", "RU")}
    assert all("party.group_members_listed" in i.heuristics for i in found)


def test_recipients_listed_after_including(extractor):
    text = "Moscow sold helicopters to several African states, including Mali, Sudan and Niger."
    assert {("RU", "ML"), ("RU", "SD"), ("RU", "NE")} <= pairs(extractor, text)


def test_members_of_the_countries_where_firms_are(extractor):
    text = "Firms in countries like China, Turkey and Kazakhstan have exported drone components to Russia."
    assert {("CN", "RU"), ("TR", "RU"), ("KZ", "RU")} <= pairs(extractor, text)


def test_a_list_hung_on_the_relative_clause(extractor):
    text = "States that sell howitzers to Armenia, like France and India, are fuelling the conflict, Baku said."
    assert {("FR", "AM"), ("IN", "AM")} <= pairs(extractor, text)


def test_members_said_to_be_among_the_group(extractor):
    text = "Belarus and Iran are among the countries that have delivered weapons to Russia."
    found = transfers(extractor, text)
    assert {(i.fields["supplier"], i.fields["recipient"]) for i in found} >= {("BY", "RU"), ("IR", "RU")}
    assert any("party.members_of_the_group" in i.heuristics for i in found)


def test_one_of_the_group(extractor):
    assert ("RU", "lna") in pairs(extractor, "Russia is one of the states that have been sending arms to the LNA.")


def test_sentence_initial_plural_is_still_a_located_noun(extractor):
    text = "Entities in China, Hong Kong and the UAE were designated for supplying drone engines to Iran."
    assert {("CN", "IR"), ("HK", "IR"), ("AE", "IR")} <= pairs(extractor, text)


def test_countries_that_condemn_a_transfer_are_no_side(extractor):
    text = "Countries including Germany, France and Italy condemned the delivery of Iranian drones to Russia."
    assert pairs(extractor, text) == {("IR", "RU")}


def test_examples_of_goods_are_no_party(extractor):
    text = "Moscow supplied weapons like Iranian drones and North Korean shells to its troops in the south."
    assert not {pair for pair in pairs(extractor, text) if pair[0] in ("IR", "KP")}


def test_a_citizen_described_by_a_relative_clause_keeps_no_nationality_as_side(extractor):
    text = "A Chinese citizen who tried to smuggle American rifle scopes into China was sentenced on Monday."
    assert ("CN", "CN") not in pairs(extractor, text)
    assert not any(s == "CN" for s, _ in pairs(extractor, text))
