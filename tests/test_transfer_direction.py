"""Who supplied whom: the party that polices the trade is no supplier, the target of an attack no recipient,
and sentences the parser misreads still read the right way round."""

from __future__ import annotations

import pytest

from alerts.model import Article


def pairs(extractor, text: str) -> set[tuple[str | None, str | None]]:
    found = extractor.extract(Article(id="direction", text=text))
    return {(i.fields["supplier"], i.fields["recipient"]) for i in found if i.type == "arms_transfer"}


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # double object, which the parser hangs on the goods
        ("Moscow handed Minsk tactical nuclear weapons last year.", ("RU", "BY")),
        ("The Emirates gave Haftar's forces drones and armoured vehicles.", ("AE", "lna")),
        # a reduced relative read as an active verb
        ("Drones sent to Russia by Iran have struck power stations across the country.", ("IR", "RU")),
        # the owner of a plan does its verb, not the one who comments on it
        ("Washington has warned Ankara over Turkey's plan to buy Russian S-400 missile systems.", ("RU", "TR")),
        # the one who rejects allegations of supplying is the accused
        ("Kigali rejected allegations of supplying the M23 with mortars.", ("RW", "m23")),
    ],
)
def test_the_parties_read_the_right_way_round(extractor, text, pair):
    assert pair in pairs(extractor, text)


def test_the_seizing_party_is_no_supplier(extractor):
    text = "The French navy seized assault rifles bound for Sudan off the coast of Eritrea."
    assert all(supplier != "FR" for supplier, _ in pairs(extractor, text))


@pytest.mark.parametrize("verb", ["thwarted", "foiled", "uncovered"])
def test_the_party_that_stops_a_shipment_is_no_side(extractor, verb):
    text = f"Omani police {verb} a cache of rifles smuggled from Iran."
    found = pairs(extractor, text)
    assert found and all("OM" not in pair for pair in found)


def test_the_sanctioning_party_is_no_supplier(extractor):
    text = "The United States sanctioned three firms that shipped drone parts to Russia, officials said."
    assert all(supplier != "US" for supplier, _ in pairs(extractor, text))


def test_the_target_of_use_is_no_recipient(extractor):
    text = "Russia launched Iranian-made Shahed drones against Ukraine's power grid overnight."
    assert pairs(extractor, text) == {("IR", "RU")}


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Egypt quietly bought two dozen Su-35 fighter jets in 2018, the newspaper said.", ("RU", "EG")),
        ("Japan received its first F-35A at a ceremony in Texas.", ("US", "JP")),
        ("Niger has acquired Bayraktar TB2 drones to fight insurgents.", ("TR", "NE")),
    ],
)
def test_with_no_supplier_named_the_model_maker_supplied(extractor, text, pair):
    assert pair in pairs(extractor, text)


def test_a_named_supplier_wins_over_the_model_maker(extractor):
    text = "Poland handed over Soviet-designed MiG-29 fighter jets to Ukraine."
    assert pairs(extractor, text) == {("PL", "UA")}


def test_supplying_an_armed_group_is_arming_it(extractor):
    text = "The mercenary outfit Wagner has been supplying the RSF in its war against the Sudanese army."
    assert ("wagner", "rsf") in pairs(extractor, text)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Pyongyang would like Russia to provide it with satellite technology, officials said.", ("RU", "KP")),
        ("Kyiv asked Berlin to send Taurus cruise missiles.", ("DE", "UA")),
    ],
)
def test_the_object_of_a_request_does_the_giving(extractor, text, pair):
    assert pair in pairs(extractor, text)


@pytest.mark.parametrize(
    "text",
    [
        "Moscow has denied the report and said Washington should provide evidence.",
        "The ministry denied sending observers to the border.",
    ],
)
def test_a_denied_verb_of_giving_with_other_goods_is_no_transfer(extractor, text):
    assert pairs(extractor, text) == set()
