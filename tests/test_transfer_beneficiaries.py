"""The party a transfer is "in support of" or made "on behalf of" is its recipient (alerts/extract/beneficiaries.py)."""

from __future__ import annotations

from extraction_helpers import pairs


def test_weapons_sent_in_support_of_a_group_go_to_the_group(extractor):
    text = "Egypt has been shipping rifles in support of Haftar's Libyan National Army, diplomats said."
    assert pairs(extractor, text) == {("EG", "lna")}


def test_a_firm_buying_on_behalf_of_a_group_supplies_the_group(extractor):
    text = "Investigators say Zephyr Marine Trading LLC bought drone engines in Europe on behalf of the Houthis."
    assert pairs(extractor, text) == {("zephyr marine trading llc", "houthis")}


def test_support_of_something_that_is_no_party_changes_nothing(extractor):
    text = "Britain will send armoured vehicles to Kenya in support of the peace agreement, the ministry said."
    assert pairs(extractor, text) == {("GB", "KE")}
