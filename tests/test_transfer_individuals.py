"""Named individuals as suppliers (alerts/extract/individuals.py), and group nouns that are things."""

from __future__ import annotations

from tests.extraction_helpers import pairs, transfers


def test_a_smuggler_named_by_surname_is_the_supplier_by_his_full_name(extractor):
    text = (
        "Marek Dolinsky, a resident of Ohio, was arrested on Monday on sanctions charges. "
        "According to the indictment, Dolinsky shipped rifle scopes and drone parts to Iran through Dubai."
    )
    assert ("marek dolinsky", "IR") in pairs(extractor, text)


def test_a_person_who_buys_is_no_recipient(extractor):
    text = "Court papers say Tomas Varga bought thirty assault rifles from a dealer in Texas."
    assert all(recipient != "tomas varga" for _, recipient in pairs(extractor, text))


def test_a_leader_stays_his_state(extractor):
    text = "Russian President Vladimir Putin said Putin would send more tanks to Belarus."
    assert all(supplier != "vladimir putin" for supplier, _ in pairs(extractor, text))


def test_o_rings_are_no_smuggling_ring(extractor):
    text = "The broker also exported 6,000 silicone rubber O-rings, which could have military uses for aircraft."
    assert all("rings" not in str(recipient) for _, recipient in pairs(extractor, text))


def test_a_person_who_smuggles_foreign_made_goods_supplies_them_not_their_maker(extractor):
    text = "Prosecutors said a Turkish citizen who tried to export German military radios to Iran faces ten years."
    found = transfers(extractor, text)
    assert all(i.fields["supplier"] != "DE" for i in found)
    assert any("party.person_not_origin" in i.heuristics for i in found)
