"""Transfer extraction on patterns measured as missed or wrong on labelled news, each on sentences written
for these tests: seizers, hedges after the claim, denials without goods, passive use, flights, the return
side of a deal, historic background."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from extraction_helpers import claims, transfers


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("The US Navy seized a shipment of Iranian weapons bound for the Houthis.", ("IR", "houthis")),
        ("Saudi coast guards intercepted a dhow carrying Iranian missiles bound for the Houthis.", ("IR", "houthis")),
        ("Turkish customs confiscated a cargo of Russian rifles destined for Armenia.", ("RU", "AM")),
        ("Greek police impounded a consignment of Iranian drones bound for Russia.", ("IR", "RU")),
    ],
)
def test_the_seizer_is_no_party(extractor, text, pair):
    found = {(i.fields["supplier"], i.fields["recipient"]) for i in transfers(extractor, text)}
    assert found == {pair}


@pytest.mark.parametrize(
    "text",
    [
        "Pyongyang shipped shells to Moscow, the opposition alleged.",
        "Belarus has sent tanks to Russia, Ukrainian intelligence claimed on Friday.",
        "Iran keeps smuggling rifles to Hezbollah across Syria, the Israeli army alleged, adding that it hit a depot.",
    ],
)
def test_a_hedge_after_the_claim_makes_it_alleged(extractor, text):
    assert {i.modality for i in transfers(extractor, text)} == {"alleged"}


def test_a_plain_report_after_the_claim_stays_asserted(extractor):
    # (not an intelligence service: a claim sourced to one is alleged, see tests/test_modality_cues.py)
    assert claims(extractor, "Belarus has sent tanks to Russia, Ukraine's defence ministry said on Friday.") == {
        ("BY", "RU", "asserted")
    }


def test_a_claim_in_a_relative_clause_does_not_hedge_the_transfer(extractor):
    text = "Iran supplied drones to Russia, which Kyiv claimed were used against civilians."
    assert ("IR", "RU", "asserted") in claims(extractor, text)


def test_an_accusation_takes_the_recipient_from_the_story_not_the_accuser(extractor):
    text = "The Houthis fired missiles at a tanker. The United States accused Iran of providing the missiles."
    assert claims(extractor, text) == {("IR", "houthis", "alleged")}


def test_a_denial_and_an_earlier_accusation_are_two_claims(extractor):
    text = (
        "Tehran denied that it had armed the Houthis, a week after London accused Iran of supplying the "
        "rockets fired at tankers."
    )
    assert claims(extractor, text) == {("IR", "houthis", "denied"), ("IR", "houthis", "alleged")}


def test_a_denied_arming_names_no_goods(extractor):
    found = transfers(extractor, "The UAE has denied arming the RSF, despite drone wreckage found in Darfur.")
    assert [(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found] == [("AE", "rsf", "denied")]
    assert found[0].fields["weapon_categories"] == ["military_equipment_unspecified"]


def test_denying_arming_either_side_is_about_the_side_the_story_names(extractor):
    text = (
        "The Rapid Support Forces received armed drones from the United Arab Emirates, a UN panel found. "
        "The UAE has denied arming either side, and called the drone report false."
    )
    assert claims(extractor, text) == {("AE", "rsf", "asserted"), ("AE", "rsf", "denied")}
    denied = next(i for i in transfers(extractor, text) if i.modality == "denied")
    assert denied.fields["weapon_categories"] == ["drones"]


def test_a_denied_supply_to_no_named_party_keeps_the_recipient_open(extractor):
    text = "Egypt has denied supplying the rebels, despite the drone debris found near Tripoli."
    assert claims(extractor, text) == {("EG", None, "denied")}


def test_arming_oneself_is_no_transfer(extractor):
    assert transfers(extractor, "Russia is arming itself with new missiles.") == []


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("North Korean KN-23 missiles were used in Russian strikes on Kharkiv.", ("KP", "RU")),
        ("Iranian Shahed drones were used in a Russian attack on Odesa overnight.", ("IR", "RU")),
        ("Iranian-made drones were used in attacks by the Houthis on shipping.", ("IR", "houthis")),
    ],
)
def test_foreign_weapons_used_in_a_party_s_attacks_tell_of_a_transfer(extractor, text, pair):
    assert {(i.fields["supplier"], i.fields["recipient"]) for i in transfers(extractor, text)} == {pair}


@pytest.mark.parametrize(
    "text",
    [
        "Russia fired missiles at Kyiv.",
        "Russian missiles were used in Russian strikes on Kharkiv.",
        "Missiles were used in Russian strikes on Kharkiv.",
    ],
)
def test_own_weapons_used_in_attacks_are_no_transfer(extractor, text):
    assert transfers(extractor, text) == []


@pytest.mark.parametrize(
    ("text", "pair", "mode"),
    [
        ("Russia flew armoured vehicles to Mali.", ("RU", "ML"), "air"),
        ("Russian transport aircraft flew attack helicopters into Bamako last week.", ("RU", "ML"), "air"),
        ("Cargo planes from Turkey brought drones to Tripoli.", ("TR", "LY"), "air"),
        ("Iran ferried missiles to the Houthis.", ("IR", "houthis"), "sea"),
        ("Smugglers trucked rifles from Libya to Chad.", ("LY", "TD"), "road"),
        ("Iran smuggled rifles overland to the Houthis.", ("IR", "houthis"), "road"),
        ("Turkey airlifted drones to Libya.", ("TR", "LY"), "air"),
    ],
)
def test_carrying_verbs_move_goods_with_their_mode(extractor, text, pair, mode):
    found = transfers(extractor, text)
    assert {(i.fields["supplier"], i.fields["recipient"]) for i in found} == {pair}
    assert mode in found[0].fields["mode_of_transport"]


def test_the_carrying_vehicle_is_not_the_goods(extractor):
    found = transfers(extractor, "Cargo planes from Turkey brought drones to Tripoli.")
    assert found[0].fields["weapon_categories"] == ["drones"]


@pytest.mark.parametrize(
    "text",
    ["Russian pilots flew fighter jets over Syria.", "The war brought drones to the front line."],
)
def test_flying_or_bringing_without_a_party_destination_is_no_transfer(extractor, text):
    assert transfers(extractor, text) == []


def test_help_with_a_programme_in_exchange_is_the_return_transfer(extractor):
    text = "Pyongyang might send Moscow more shells in return for assistance with its spy satellite programme."
    found = {
        (i.fields["supplier"], i.fields["recipient"], tuple(i.fields["weapon_categories"]))
        for i in transfers(extractor, text)
    }
    assert ("RU", "KP", ("space_satellite",)) in found
    assert ("KP", "RU", ("artillery_ammunition",)) in found


def test_a_satellite_programme_alone_is_no_goods(extractor):
    found = transfers(extractor, "Iran sent drones to Russia while pursuing its satellite programme.")
    assert [i.fields["weapon_categories"] for i in found] == [["drones"]]


@pytest.mark.parametrize(
    "text",
    [
        "Moscow supplied Egypt with MiG-21s in the 1960s.",
        "In 1973 Moscow delivered tanks to Syria.",
        "During the Cold War, Moscow supplied tanks to Iraq.",
        "Russia delivered tanks to Syria in March 1998, officials said.",
    ],
)
def test_transfers_placed_long_ago_are_background(extractor, text):
    found = transfers(extractor, text)
    assert found and all(i.confidence == pytest.approx(0.3) for i in found)


@pytest.mark.parametrize(
    "text",
    [
        "Russia delivered tanks designed in the 1970s to Syria.",
        "Russia has supplied tanks to Syria since 2011.",
        "Between 1990 and 2024 Russia delivered tanks to India.",
    ],
)
def test_old_dates_that_do_not_place_the_transfer_keep_it_news(extractor, text):
    found = transfers(extractor, text)
    assert found and all(i.confidence >= 0.5 for i in found)


def test_history_is_measured_from_the_article_date(extractor):
    text = "In 2015 Russia delivered tanks to Syria."
    then = transfers(extractor, text, published=datetime(2017, 5, 1, tzinfo=UTC))
    assert then and then[0].confidence >= 0.5
    later = transfers(extractor, text, published=datetime(2026, 5, 1, tzinfo=UTC))
    assert later and later[0].confidence == pytest.approx(0.3)


def test_a_seizer_named_just_before_is_not_the_implicit_supplier(extractor):
    text = "Kenyan police seized a boat carrying rifles and grenades bound for al-Shabaab, officials said."
    assert all(i.fields["supplier"] != "KE" for i in transfers(extractor, text))


def test_a_side_taken_from_a_hedged_claim_is_hedged_too(extractor):
    text = (
        "Kenyan police seized a boat carrying rifles bound for al-Shabaab, officials said. "
        "Investigators believe the weapons were shipped from Yemen."
    )
    assert claims(extractor, text) == {("YE", "al-shabaab", "alleged")}


def test_an_approved_possible_sale_is_planned(extractor):
    text = "The State Department approved the possible sale of Patriot missiles to Poland."
    assert claims(extractor, text) == {("US", "PL", "planned")}


def test_a_possible_sale_under_discussion_stays_speculative(extractor):
    text = "Washington is weighing the possible sale of Patriot missiles to Poland."
    assert {i.modality for i in transfers(extractor, text)} == {"speculative"}


def test_goods_already_reported_as_the_price_are_no_new_claim(extractor):
    text = (
        "Pyongyang shipped millions of shells to Russia last year. In exchange for the ammunition, Russia "
        "reportedly provided North Korea with fighter jets."
    )
    assert claims(extractor, text) == {("KP", "RU", "asserted"), ("RU", "KP", "alleged")}


def test_goods_first_named_as_the_price_are_the_return_transfer(extractor):
    text = "In exchange for ammunition, Russia reportedly provided North Korea with fighter jets."
    assert claims(extractor, text) == {("KP", "RU", "alleged"), ("RU", "KP", "alleged")}


def test_a_side_taken_from_the_story_keeps_the_story_s_hedge(extractor):
    text = (
        "Investigators believe Iran shipped rifles to the Houthis. "
        "Last week the navy seized Iranian rockets in the Arabian Sea."
    )
    assert claims(extractor, text) == {("IR", "houthis", "alleged")}


@pytest.mark.parametrize(
    "text",
    [
        "Iran has sent two shipments of drones to Russia, with more to come.",
        "Iran has sent drones to Russia and more are planned.",
    ],
)
def test_more_deliveries_announced_are_a_planned_claim(extractor, text):
    assert claims(extractor, text) == {("IR", "RU", "asserted"), ("IR", "RU", "planned")}


def test_more_counted_is_no_announcement(extractor):
    text = "Iran has sent drones to Russia, with more than 100 delivered in May."
    assert claims(extractor, text) == {("IR", "RU", "asserted")}


def test_shipments_that_there_have_been_name_their_destination(extractor):
    assert claims(extractor, "There have been shipments of rifles to the Houthis.") == {(None, "houthis", "asserted")}


def test_counted_shipments_without_sides_belong_to_the_one_supply_of_the_story(extractor):
    text = (
        "Tehran has reportedly sent ballistic missiles to Moscow. An Iranian official confirmed that there "
        "have been at least four shipments of missiles, with more expected in the coming weeks."
    )
    assert claims(extractor, text) == {("IR", "RU", "alleged"), ("IR", "RU", "planned")}


def test_shipments_without_sides_stay_unassigned_in_a_story_of_several_supplies(extractor):
    text = (
        "Tehran has sent missiles to Moscow. Minsk has sent tanks to Moscow. "
        "There have been four shipments of missiles."
    )
    assert claims(extractor, text) == {("IR", "RU", "asserted"), ("BY", "RU", "asserted")}


def test_a_general_activity_does_not_take_the_story_s_sides(extractor):
    text = "China has denied supplying weapons to Russia, saying Beijing strictly controls exports of dual-use items."
    found = transfers(extractor, text)
    assert all("dual_use" not in i.fields["weapon_categories"] for i in found)


def _finder_claims(extractor, text: str) -> set[tuple[str | None, str | None, str]]:
    """The transfer finder alone on a fully parsed text (the keyword prefilter skips sentences without goods)."""
    from alerts.extract import _evidence_for
    from alerts.extract.discourse import Discourse
    from alerts.extract.transfers import TransferFinder

    doc = extractor.nlp(text)
    discourse = Discourse()
    discourse.add(doc, 0)
    finder = TransferFinder()
    found = [i for sentence in doc.sents for i in finder(sentence, discourse, _evidence_for)]
    return {(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found}


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("The UAE has denied arming the Rapid Support Forces.", ("AE", "rsf", "denied")),
        ("Tehran has denied supplying the Houthis.", ("IR", "houthis", "denied")),
        ("Minsk denied that it had sent anything to Moscow.", ("BY", "RU", "denied")),
        ("Iran armed the Houthis.", ("IR", "houthis", "asserted")),
    ],
)
def test_claims_without_goods_on_the_finder_alone(extractor, text, claim):
    assert claim in _finder_claims(extractor, text)


def test_supplying_without_goods_or_denial_is_nothing(extractor):
    # supplying an armed group is arming it (tests/test_transfer_direction.py); a market or a town is no party
    assert _finder_claims(extractor, "Tehran is supplying the Gulf market.") == set()
