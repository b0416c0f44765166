"""Parties news names without a state code: companies and procurement fronts, unlisted armed groups, and groups
named with their country."""

from __future__ import annotations

import pytest

from alerts.model import Article


def pairs(extractor, text: str) -> set[tuple[str | None, str | None]]:
    found = extractor.extract(Article(id="named", text=text))
    return {(i.fields["supplier"], i.fields["recipient"]) for i in found if i.type == "arms_transfer"}


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "Hanwha Aerospace will supply 96 self-propelled howitzers to Romania under the contract.",
            ("hanwha aerospace", "RO"),
        ),
        ("Turkey's largest drone maker, Baykar, delivered six TB2 drones to Niger last month.", ("baykar", "NE")),
        (
            "The Chinese firm Sinotech Components Co. shipped drone engines to Iran's military, prosecutors said.",
            ("sinotech components co.", "IR"),
        ),
    ],
)
def test_a_company_is_the_party_by_its_own_name(extractor, text, pair):
    assert pair in pairs(extractor, text)


def test_two_companies_in_one_subject(extractor):
    text = "Rheinmetall Defence and Krauss-Maffei Wegmann will deliver Leopard 2 tanks to Lithuania."
    found = pairs(extractor, text)
    assert ("rheinmetall defence", "LT") in found


def test_a_newspaper_is_no_company(extractor):
    text = "The Kyiv Independent reported that Denmark sent F-16 fighter jets to Ukraine."
    assert pairs(extractor, text) == {("DK", "UA")}


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Investigators say American traffickers supplied assault rifles to Haitian gangs.", (None, "haitian gangs")),
        ("Iran has sent rockets to Shiite militias in Iraq, two officials said.", ("IR", "iraqi shiite militias")),
        ("The panel found that Asmara sold rifles to smuggling rings in Sudan.", ("ER", "sudanese smuggling rings")),
        ("Sudan's paramilitary RSF received armed drones from the Emirates, the panel found.", ("AE", "rsf")),
        ("Iran smuggled missiles to Yemen's Houthi rebels aboard a dhow.", ("IR", "houthis")),
    ],
)
def test_a_group_is_the_group_not_its_country(extractor, text, pair):
    found = pairs(extractor, text)
    if pair[0] is None:
        assert any(recipient == pair[1] for _, recipient in found)
    else:
        assert pair in found


@pytest.mark.parametrize(
    "text",
    [
        "Aid groups said the Emirates was providing military supplies via the Chad airstrip to Sudan’s Rapid "
        "Support Forces (RSF), a militia fighting the army.",
        "Experts found the Emirates was shipping military supplies via the Amdjarass airstrip to Sudan’s Rapid "
        "Support Forces (RSF), which is fighting the army.",
    ],
)
def test_a_group_named_with_its_country_is_the_recipient_whatever_the_parse(extractor, text):
    """The parser leaves "Sudan" as the object of "to" and hangs the group elsewhere: the group is still meant."""
    assert ("AE", "rsf") in pairs(extractor, text)


def test_the_rebels_are_the_group_the_story_names(extractor):
    text = (
        "The M23 has seized the town of Goma. According to the report, Rwandan soldiers gave the rebels "
        "mortars and anti-aircraft guns."
    )
    assert ("RW", "m23") in pairs(extractor, text)


def test_customers_named_by_nationality_are_of_that_party(extractor):
    text = "Prosecutors say the firm arranged the supply of dual-use microchips to Iranian customers via Dubai."
    found = pairs(extractor, text)
    assert any(recipient == "IR" for _, recipient in found)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Iran shipped assault rifles to Houthi-held Yemen, the navy said.", ("IR", "houthis")),
        ("The Emirates supplied armed drones to RSF-controlled parts of Darfur, the panel found.", ("AE", "rsf")),
    ],
)
def test_a_place_held_by_a_group_is_the_group(extractor, text, pair):
    assert pair in pairs(extractor, text)


def test_firms_described_as_accused_of_supplying_are_the_suppliers(extractor):
    text = (
        "Washington also sanctioned Ningbo Acme Electronics and Harbin Delta Technology Co., two Chinese firms "
        "accused of supplying missile parts to the Houthis."
    )
    found = pairs(extractor, text)
    assert {("ningbo acme electronics", "houthis"), ("harbin delta technology co.", "houthis")} <= found


def test_an_unlisted_group_as_object_is_the_recipient(extractor):
    text = "Tehran is supplying Shiite militias in Iraq with longer-range rockets, Israeli television reported."
    assert ("IR", "iraqi shiite militias") in pairs(extractor, text)


def test_a_gerund_after_by_is_done_by_the_subject(extractor):
    text = (
        "The Ugandan army violated the embargo by training the rebels and supplying the M23 fighters with "
        "rifles and mortars."
    )
    assert ("UG", "m23") in pairs(extractor, text)


def test_the_end_user_named_after_for_use_by_receives_too(extractor):
    text = "Officials said Pyongyang was shipping artillery shells to Russia for use by Wagner in Ukraine."
    assert {("KP", "RU"), ("KP", "wagner")} <= pairs(extractor, text)


@pytest.mark.parametrize("city", ["Shenzhen", "Ningbo"])
def test_two_listed_firms_whatever_the_parse(extractor, city):
    text = (
        f"The U.S. also sanctioned {city} Kestrel Electronics and {city} Lumen Technology Co., two Chinese "
        "companies accused of supplying drone components to Russia."
    )
    found = pairs(extractor, text)
    assert {(f"{city.lower()} kestrel electronics", "RU"), (f"{city.lower()} lumen technology co.", "RU")} <= found
    assert ("CN", "RU") not in found


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "The broker arranged shipments of drone engines for use in the Houthis' missile production.",
            (None, "houthis"),
        ),
        ("Iran sent drones to Moscow for use in the Ukraine invasion.", ("IR", "RU")),
    ],
)
def test_the_user_of_the_goods_is_the_owner_of_the_work(extractor, text, pair):
    found = pairs(extractor, text)
    assert all(recipient != "UA" for _, recipient in found)
    assert any(recipient == pair[1] for _, recipient in found)


def test_goods_of_one_origin_passed_on_by_another_come_from_the_passer(extractor):
    text = (
        "Qatar has sent Belgian-made rifles to the RSF, the report said. "
        "Investigators also documented the use by the RSF of Belgian-made rifles in its attacks on El Fasher."
    )
    found = [i for i in extractor.extract(Article(id="named", text=text)) if i.type == "arms_transfer"]
    assert {(i.fields["supplier"], i.fields["recipient"]) for i in found} == {("QA", "rsf")}
    assert any("party.origin_passed_on" in i.heuristics for i in found)


def test_an_origin_named_as_a_side_elsewhere_stays_the_supplier(extractor):
    text = "Belgium and Qatar sent rifles to the RSF. The RSF used Belgian-made rifles in its attacks on El Fasher."
    assert ("BE", "rsf") in pairs(extractor, text)


def test_the_owner_of_sent_goods_supplies_them_not_their_maker(extractor):
    text = "The officials said the MiG-29 jets belonged to Peru and were being flown to Belarus for repair."
    found = pairs(extractor, text)
    assert ("PE", "BY") in found
    assert all(supplier != "RU" and recipient != "PE" for supplier, recipient in found)


def test_goods_belonging_to_a_party_are_sent_by_it(extractor):
    found = pairs(extractor, "Rockets belonging to Peru, which bought them from Spain, were shipped to Belarus.")
    assert ("PE", "BY") in found
    assert ("ES", "BY") not in found
