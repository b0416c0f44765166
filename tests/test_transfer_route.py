"""Transit and intermediary parties ("via Oman", "through Chad") go to the transfer's `route`."""

from __future__ import annotations

from alerts.cli.views import describe_indicator
from alerts.model import Article, Indicator


def transfers(extractor, text: str) -> list[Indicator]:
    return [i for i in extractor.extract(Article(id="route", text=text)) if i.type == "arms_transfer"]


def test_via_names_the_transit_state_not_the_recipient(extractor):
    [found] = transfers(extractor, "Tehran smuggled anti-ship missiles to the Houthis via Oman, officials said.")
    assert (found.fields["supplier"], found.fields["recipient"]) == ("IR", "houthis")
    assert found.fields["route"] == ["OM"]
    assert "party.route_via_through" in found.heuristics


def test_through_names_the_transit_state(extractor):
    [found] = transfers(extractor, "The Emirates flew weapons to Sudan's paramilitary RSF through Chad.")
    assert found.fields["supplier"] == "AE"
    assert found.fields["route"] == ["TD"]


def test_with_no_other_supplier_the_intermediaries_supplied(extractor):
    text = "Moscow bought drone engines through Turkey and Kazakhstan to keep its military production going."
    found = transfers(extractor, text)
    assert {(i.fields["supplier"], i.fields["recipient"]) for i in found} == {("TR", "RU"), ("KZ", "RU")}
    assert all(i.fields["route"] == ["TR", "KZ"] for i in found)


def test_a_transfer_without_a_way_has_an_empty_route(extractor):
    [found] = transfers(extractor, "Germany delivered howitzers to Ukraine in March.")
    assert found.fields["route"] == []
    assert found.to_dict()["route"] == []


def test_show_prints_the_route(extractor):
    [found] = transfers(extractor, "Tehran smuggled anti-ship missiles to the Houthis via Oman, officials said.")
    assert "via OM" in describe_indicator(found)


def test_a_stop_on_the_way_goes_to_the_route_and_the_goods_go_on(extractor):
    text = "The helicopters were flown from Belarus to Cyprus, where they were refitted before going on to Chad."
    [found] = transfers(extractor, text)
    assert (found.fields["supplier"], found.fields["recipient"]) == ("BY", "TD")
    assert found.fields["route"] == ["CY"]
    assert "party.stop_on_the_way" in found.heuristics


def test_goods_carried_on_from_the_first_place_go_to_the_last(extractor):
    text = "Serbia shipped mortars to Benin, and the tubes were later trucked across the border to Niger."
    assert {(i.fields["supplier"], i.fields["recipient"]) for i in transfers(extractor, text)} == {("RS", "NE")}


def test_an_onward_leg_with_its_own_doer_leaves_the_stop_no_recipient(extractor):
    text = "Rockets were moved from Sudan to Chad, where Libyan officers collected them and then sent them to Niger."
    pairs = {(i.fields["supplier"], i.fields["recipient"]) for i in transfers(extractor, text)}
    assert ("SD", "TD") not in pairs
    assert ("SD", "NE") not in pairs


def test_a_recipient_that_passes_on_other_goods_stays_the_recipient(extractor):
    text = "China sold drones to Egypt and then delivered tanks to Libya."
    pairs = {(i.fields["supplier"], i.fields["recipient"]) for i in transfers(extractor, text)}
    assert ("CN", "EG") in pairs
