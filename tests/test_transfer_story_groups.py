"""A state named as the place arms go to is the armed group the story has receiving them there
(alerts/extract/story_groups.py); a government that buys stays the state."""

from __future__ import annotations

from extraction_helpers import pairs, transfers


def test_arms_flown_to_the_state_go_to_the_group_the_supplier_arms(extractor):
    text = (
        "The Emirates has been arming the Rapid Support Forces, a UN panel found. Cargo planes flew weapons "
        "from Abu Dhabi to Sudan through an airstrip in Chad, the panel said."
    )
    assert pairs(extractor, text) == {("AE", "rsf")}
    moved = [i for i in transfers(extractor, text) if "party.group_in_its_state" in i.heuristics]
    assert moved and moved[0].evidence.sentence.startswith("Cargo planes")


def test_guns_smuggled_into_mexico_for_a_cartel_go_to_the_cartel(extractor):
    text = (
        "Two Arizona men bought rifles for the Sinaloa Cartel, prosecutors said. The rifles were then smuggled "
        "from the United States into Mexico, the indictment says."
    )
    assert ("US", "sinaloa-cartel") in pairs(extractor, text)
    assert ("US", "MX") not in pairs(extractor, text)


def test_a_state_whose_army_buys_stays_the_state(extractor):
    text = (
        "Iran has supplied combat drones to Sudan's army, which is fighting the Rapid Support Forces. The Emirates "
        "denies arming the RSF. Officials say Iran continues to send drones to Sudan."
    )
    found = pairs(extractor, text)
    assert ("IR", "SD") in found
    assert ("IR", "rsf") not in found


def test_a_place_with_no_group_receiving_there_stays_the_state(extractor):
    text = (
        "Hezbollah fired rockets at northern Israel, the army said. Separately, France delivered armoured "
        "vehicles to Lebanon last week."
    )
    assert ("FR", "LB") in pairs(extractor, text)


def test_the_group_named_with_its_country_in_a_phrase_is_the_only_party(extractor):
    text = "Prosecutors say the brothers bought pistols for Mexico's Los Zetas drug cartel in 2019."
    assert {recipient for _, recipient in pairs(extractor, text)} == {"los-zetas"}
