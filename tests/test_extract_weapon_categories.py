"""Weapon categories follow the label conventions (the shared eval README): radars and drone detectors are air
defence, RPG launchers are infantry weapons, propellants are dual-use goods as well as the munitions they fill,
sea mines are unspecified equipment, a "satellite-guided" weapon is no satellite, and "rockets and missiles" are
missiles, not rocket artillery, and rifle-calibre rounds are small-arms ammunition."""

from __future__ import annotations

import pytest

from extraction_helpers import transfers


def categories(extractor, text: str, pair: tuple[str, str]) -> set[str]:
    found = [i for i in transfers(extractor, text) if (i.fields["supplier"], i.fields["recipient"]) == pair]
    assert found, f"no {pair} transfer in {text!r}"
    return {c for i in found for c in i.fields["weapon_categories"]}


@pytest.mark.parametrize(
    ("text", "pair", "expected"),
    [
        ("France will deliver four ground surveillance radars to Romania next year.", ("FR", "RO"), {"air_defense"}),
        ("Israel sold drone detection systems to Azerbaijan in 2021.", ("IL", "AZ"), {"air_defense"}),
        ("Bulgaria shipped RPG-7 launchers to Ukraine in the spring.", ("BG", "UA"), {"small_arms"}),
        (
            "A Chinese firm sold tonnes of gunpowder to the Russian army, officials said.",
            ("CN", "RU"),
            {"artillery_ammunition", "dual_use"},
        ),
        (
            "Beijing supplied sodium perchlorate to Iran for its missile forces, the report said.",
            ("CN", "IR"),
            {"missiles", "dual_use"},
        ),
        (
            "Russia sent naval mines to Iran last year, the officials said.",
            ("RU", "IR"),
            {"military_equipment_unspecified"},
        ),
        ("Iran will supply satellite-guided missiles to Russia, officials said.", ("IR", "RU"), {"missiles"}),
        ("Syria smuggled rockets and missiles to the Houthis, the envoy said.", ("SY", "houthis"), {"missiles"}),
        ("Bulgaria sold two million 7.62mm rounds to Ukraine last year.", ("BG", "UA"), {"small_arms"}),
        ("Iran shipped 300,000 small-arms rounds to the Houthis.", ("IR", "houthis"), {"small_arms"}),
    ],
)
def test_categories_follow_the_label_conventions(extractor, text, pair, expected):
    assert categories(extractor, text, pair) == expected


def test_what_a_later_sentence_says_was_seized_is_the_interception_s_goods(extractor):
    text = (
        "The navy intercepted a fishing boat carrying Iranian weapons bound for the Houthis in Yemen. "
        "Sailors seized 40 cruise missiles and dozens of attack drones during the search, officials said."
    )
    assert {"missiles", "drones"} <= categories(extractor, text, ("IR", "houthis"))


def test_goods_named_to_compare_or_the_seizing_warship_are_not_the_contents(extractor):
    text = (
        "The navy intercepted a fishing boat carrying Iranian weapons bound for the Houthis in Yemen. "
        "The rifles seized by a guided-missile destroyer were similar to anti-tank missiles seized in May."
    )
    found = categories(extractor, text, ("IR", "houthis"))
    assert "small_arms" in found
    assert not found & {"anti_tank_missiles", "naval"}
