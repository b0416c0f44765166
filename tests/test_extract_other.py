"""Sanctions references, military cooperation and visits on sentences written for these tests."""

from __future__ import annotations

import pytest

from alerts.model import Article, Indicator


def found(extractor, text: str, kind: str) -> list[Indicator]:
    return [i for i in extractor.extract(Article(id="t", text=text)) if i.type == kind]


@pytest.mark.parametrize(
    ("text", "kind", "regime", "parties"),
    [
        ("The shipments would violate U.N. sanctions on North Korea.", "violation", "UN", {"KP"}),
        ("The EU imposed new sanctions on Belarus on Monday.", "imposed", "EU", {"BY"}),
        ("Tankers helped Iran evade US sanctions on its oil.", "evasion", "US", {"IR"}),
        ("Analysts discussed the sanctions against Venezuela.", "mention", None, {"VE"}),
        ("The bank was fined for violating US sanctions on Iran.", "violation", "US", {"IR"}),
        ("Washington announced new Iran sanctions on Friday.", "imposed", "US", {"IR"}),
        ("The European Union adopted a new package of sanctions against Russia.", "imposed", "EU", {"RU"}),
        ("The EU sanctioned three Iranian drone makers.", "imposed", "EU", {"IR"}),
        ("Pyongyang breached U.N. sanctions again, the report said.", "violation", "UN", {"KP"}),
        (
            "A Panama-flagged tanker violated U.N. sanctions by transferring fuel to a North Korean ship.",
            "violation",
            "UN",
            {"PA", "KP"},
        ),
    ],
)
def test_sanctions_kinds_regimes_and_parties(extractor, text, kind, regime, parties):
    (row,) = found(extractor, text, "sanctions_reference")
    assert row.fields["kind"] == kind
    assert row.fields["regime"] == regime
    assert set(row.fields["parties"]) == parties


@pytest.mark.parametrize(
    "text",
    [
        "The league sanctioned the player for a late tackle.",
        "The club was sanctioned with a fine of 30,000 francs by the football federation.",
        "Severity of sanctions: 3",
    ],
)
def test_sanctions_in_other_senses(extractor, text):
    assert found(extractor, text, "sanctions_reference") == []


def test_cooperation_between_named_states(extractor):
    (row,) = found(extractor, "Iran and Russia expanded their military cooperation this year.", "military_cooperation")
    assert set(row.fields["parties"]) == {"IR", "RU"}
    assert row.fields["domains"] == ["military"]


def test_cooperation_between_the_two_countries_resolves_from_the_article(extractor):
    text = (
        "Belarus and Russia held talks in Minsk on Friday.\n\n"
        "Officials said defence and nuclear cooperation between the two countries would deepen."
    )
    (row,) = found(extractor, text, "military_cooperation")
    assert set(row.fields["parties"]) == {"BY", "RU"}
    assert set(row.fields["domains"]) == {"military", "nuclear"}


def test_cooperation_in_a_treaty_between_the_sentence_states(extractor):
    text = "Russia and Iran signed a partnership treaty that includes defence cooperation."
    (row,) = found(extractor, text, "military_cooperation")
    assert set(row.fields["parties"]) == {"RU", "IR"}


def test_a_mutual_defence_pledge_between_the_two_countries(extractor):
    text = "Putin arrived in Pyongyang, and the two countries signed a treaty that includes a mutual defence pledge."
    (row,) = found(extractor, text, "military_cooperation")
    assert set(row.fields["parties"]) == {"RU", "KP"}


def test_a_trade_partnership_is_not_military_cooperation(extractor):
    text = "China and Brazil agreed a strategic partnership on soybean exports."
    assert found(extractor, text, "military_cooperation") == []


def test_visit_by_a_titled_official(extractor):
    (row,) = found(extractor, "Iranian Defence Minister Ali Karimi arrived in Moscow on Monday.", "high_level_visit")
    assert row.fields["visitor_state"] == "IR"
    assert row.fields["host_state"] == "RU"
    assert row.fields["visitor"] == "Ali Karimi"


def test_visit_noun_with_a_known_visitor(extractor):
    text = "Chinese Foreign Minister Li Na praised the talks.\n\nLi Na's visit to Pyongyang lasted three days."
    rows = found(extractor, text, "high_level_visit")
    assert [(r.fields["visitor_state"], r.fields["host_state"]) for r in rows] == [("CN", "KP")]


@pytest.mark.parametrize(
    ("text", "visitor_state", "host_state"),
    [
        ("Kim Jong Un received Russian Defence Minister Andrei Belousov in Pyongyang on Friday.", "RU", "KP"),
        ("Iran's president paid a state visit to Russia in July.", "IR", "RU"),
        ("Putin will visit North Korea next week, the Kremlin said.", "RU", "KP"),
    ],
)
def test_visit_forms(extractor, text, visitor_state, host_state):
    rows = found(extractor, text, "high_level_visit")
    assert [(r.fields["visitor_state"], r.fields["host_state"]) for r in rows] == [(visitor_state, host_state)]


def test_a_company_receiving_a_delegation_is_no_state_visit(extractor):
    assert found(extractor, "The company received a trade delegation from Japan.", "high_level_visit") == []
