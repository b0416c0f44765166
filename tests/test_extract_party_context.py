"""Party resolution in the places news writing trips it: datelines, forces named by their leader, counter-
sanctions, civilian goods that share a weapon's name, and historic background. Sentences written for this
project (never the shared dev set)."""

from __future__ import annotations

import pytest

from alerts.extract.discourse import Discourse, historic_time
from alerts.extract.parties import dateline_ranges, resolve_name

from extraction_helpers import indicators
from extraction_helpers import pair_list as pairs

# ---------------------------------------------------------------- 1. datelines


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("TEHRAN, June 2 - Officials said", "TEHRAN, June 2 -"),
        ("ANKARA, 14 Feb 2025 (dpa) -- Officials", "ANKARA, 14 Feb 2025 (dpa) --"),
        ("Caracas, Nov 3 (EFE).- The government", "Caracas, Nov 3 (EFE).-"),
        ("MINSK (AFP) -Lukashenko said", "MINSK (AFP) -"),
        ("BAMAKO — The junta", "BAMAKO —"),
        ("SANAA, Yemen – Rebels", "SANAA, Yemen –"),
        ("Islamabad: The army", "Islamabad: "),
        ("A headline\n\nDAMASCUS - Officials", "DAMASCUS -"),
    ],
)
def test_dateline_forms_are_found(text, dateline):
    assert [text[a:b] for a, b in dateline_ranges(text)] == [dateline]


@pytest.mark.parametrize(
    "text",
    [
        "Moscow-based analysts doubt the figures.",
        "Iran: a timeline of drone deliveries",  # a heading that names the party
        "Putin: Russia will answer",
        "Kremlin: no talks planned",  # a seat that speaks for the state
        "KCNA - The North fired two missiles",  # an outlet, not a place
        "Officials in TEHRAN - not elsewhere - agreed.",  # not at the start of a line
        "Tehran sent drones to Moscow - and more may follow.",
    ],
)
def test_text_that_is_no_dateline(text):
    assert dateline_ranges(text) == []


def test_dateline_city_is_no_supplier(extractor):
    text = "TEHRAN, May 9 - Belarus has sent armoured vehicles to Russia, a defence ministry source said."
    assert pairs(extractor, text) == [("BY", "RU")]


def test_dateline_city_is_no_recipient(extractor):
    text = (
        "NAIROBI - Police seized a truck carrying rifles meant for al-Shabaab. "
        "Detectives think the guns were smuggled from Yemen."
    )
    assert all(recipient != "KE" for _, recipient in pairs(extractor, text))
    assert ("YE", "al-shabaab") in pairs(extractor, text)


def test_dateline_in_title_case_with_agency(extractor):
    text = "Title line\n\nBeijing, Oct 2 (Xinhua).- Iran shipped drones to Russia by sea, officials said."
    assert pairs(extractor, text) == [("IR", "RU")]


def test_capital_as_metonym_still_resolves(extractor):
    assert pairs(extractor, "Tehran has shipped drones to Moscow, officials said.") == [("IR", "RU")]


# ---------------------------------------------------------------- 2. forces named by their leader


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        (
            "Militias loyal to the renegade Libyan general Khalifa Haftar received drones from the UAE, diplomats say.",
            "lna",
        ),
        ("Fighters allied with Hemedti took delivery of anti-tank missiles from Chad, a UN report says.", "rsf"),
        ("Egypt sent ammunition to troops commanded by Khalifa Haftar, officials say.", "lna"),
        ("Iran smuggled rockets to gunmen led by Naim Qassem, Israeli officers say.", "hezbollah"),
        ("Hemedti-aligned fighters received mortar shells from the UAE, monitors say.", "rsf"),
    ],
)
def test_forces_named_by_their_leader_are_the_group(extractor, text, recipient):
    assert [r for _, r in pairs(extractor, text)] == [recipient]


def test_a_leader_near_other_forces_lends_them_nothing(extractor):
    doc = extractor.nlp("Troops loyal to the government shelled positions held by Haftar.")
    assert [(e.text, e.id_) for e in doc.ents if e.id_] == [("Haftar", "lna")]


# ---------------------------------------------------------------- 3. sanctions imposed by an embargoed state


def sanctions(extractor, text: str) -> list[tuple[list[str], str | None]]:
    return [(i.fields["parties"], i.fields["regime"]) for i in indicators(extractor, text, "sanctions_reference")]


@pytest.mark.parametrize(
    ("text", "imposer", "target"),
    [
        ("Iran imposed counter-sanctions on a dozen German officials on Sunday.", "IR", "DE"),
        ("North Korea slapped retaliatory sanctions on three Japanese trading houses.", "KP", "JP"),
        ("Tehran said it would impose sanctions on US defence contractors.", "IR", "US"),
    ],
)
def test_counter_sanctions_list_the_imposer_as_a_party(extractor, text, imposer, target):
    [(parties, regime)] = sanctions(extractor, text)
    assert regime == imposer
    assert imposer in parties and target in parties


def test_western_sanctions_keep_the_target_only(extractor):
    assert sanctions(extractor, "The EU imposed fresh sanctions on Belarus over the crackdown.") == [(["BY"], "EU")]
    assert sanctions(extractor, "The United States announced sanctions on Iran's oil exports.") == [(["IR"], "US")]


def test_speaker_named_elsewhere_in_the_sentence_stays_a_party(extractor):
    text = (
        "Minsk hit back at the new Western measures by banning EU diplomats, "
        "the Belarusian foreign ministry said, calling the sanctions unlawful."
    )
    [(parties, _)] = sanctions(extractor, text)
    assert "BY" in parties


def test_a_speaker_alone_is_no_party(extractor):
    [(parties, _)] = sanctions(extractor, "Washington said Iran had breached UN sanctions.")
    assert parties == ["IR"]


# ---------------------------------------------------------------- 4. civilian goods with a weapon's name


@pytest.mark.parametrize(
    "text",
    [
        "A Shenzhen start-up exported camera drones to Japanese photographers, the firm said.",
        "India bought agricultural drones from Israel to spray crops in Punjab.",
        "The retailer shipped toy drones and other gadgets to shoppers in Britain before Christmas.",
        "The company sold thousands of drones to hobbyists in Germany last year.",
        "Firefighters aimed jets of water at the burning depot as Turkey sent aid to Syria.",
        "A wholesaler shipped firework rockets from China to Hungary before New Year's Eve.",
    ],
)
def test_civilian_goods_are_no_arms_transfer(extractor, text):
    assert indicators(extractor, text, "arms_transfer") == []


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Iran has shipped kamikaze drones to Russia, Ukrainian officials say.", ("IR", "RU")),
        ("Turkey sold armed drones to Ethiopia's army, diplomats say.", ("TR", "ET")),
        ("China supplied commercial drones to Russian troops for reconnaissance, a report says.", ("CN", "RU")),
        ("Iran delivered UAVs to the Sudanese army, a UN panel found.", ("IR", "SD")),
    ],
)
def test_military_drones_stay_weapons(extractor, text, pair):
    assert pair in pairs(extractor, text)


# ---------------------------------------------------------------- 5. historic background


def first_sentence(extractor, text: str):
    return next(extractor.nlp(text).sents)


def verb(sentence, lemma: str):
    return next(t for t in sentence if t.lemma_ == lemma)


@pytest.mark.parametrize(
    "text",
    [
        "Paris sold Mirage jets to Libya in the 1970s.",
        "In 1982 Israel shipped artillery shells to Iran.",
        "In October 1985, the USSR delivered fighter jets to Nicaragua.",
        "During the Cold War, Cuba received tanks from Moscow.",
        "Iraq bought Chinese rockets in the '80s.",
        "In Soviet times, Moscow sent Scud missiles to Yemen.",
    ],
)
def test_dated_background_is_historic(extractor, text):
    assert historic_time(first_sentence(extractor, text), reference_year=2026)


@pytest.mark.parametrize(
    "text",
    [
        "Iran has sent drones to Russia since 2022.",
        "In 2024 North Korea shipped shells to Russia.",
        "Belarus sent Soviet-era tanks to Russia last week.",
        "It was the biggest arms sale since the collapse of the Soviet Union.",
        "Pyongyang shipped 1980 rifles to Moscow, officials say.",
        "Minsk still sends Russia the tanks it received from the Soviet Union in the 1980s.",
    ],
)
def test_current_events_are_not_historic(extractor, text):
    sentence = first_sentence(extractor, text)
    lemma = next(t.lemma_ for t in sentence if t.lemma_ in ("send", "ship", "be"))
    assert not historic_time(sentence, reference_year=2026, trigger=verb(sentence, lemma))


def test_history_in_a_clause_stays_in_that_clause(extractor):
    sentence = first_sentence(extractor, "Egypt, which bought MiG-21s from Moscow in the 1960s, now flies Rafales.")
    assert historic_time(sentence, 2026, trigger=verb(sentence, "buy"))
    assert not historic_time(sentence, 2026, trigger=verb(sentence, "fly"))


def test_the_reference_year_is_the_articles(extractor):
    sentence = first_sentence(extractor, "In 2003 Syria received rifles from Iran.")
    assert historic_time(sentence, reference_year=2026)
    assert not historic_time(sentence, reference_year=2005)
    assert Discourse(reference_year=2005).historic(sentence) is False


@pytest.mark.parametrize("name", ["Soviet Union", "the Soviet Union", "USSR", "Soviets"])
def test_the_soviet_union_is_not_russia(extractor, name):
    assert resolve_name(name) is None
    doc = extractor.nlp(f"In 1979 {name} sent tanks to Afghanistan.")
    assert "RU" not in [e.id_ for e in doc.ents]


def test_retaliation_against_sanctions_is_an_imposition(extractor):
    text = (
        "Tehran retaliated against the latest Western measures by freezing the assets of 40 German companies, "
        "the Iranian foreign ministry said, calling the sanctions a crime."
    )
    found = indicators(extractor, text, "sanctions_reference")
    assert [(i.fields["kind"], "IR" in i.fields["parties"]) for i in found] == [("imposed", True)]


@pytest.mark.parametrize(
    ("text", "party"),
    [
        ("Arms kept reaching the country in open disregard of the UN arms embargo on Somalia, monitors said.", "SO"),
        ("Belarus kept buying parts in defiance of Western sanctions, investigators said.", "BY"),
    ],
)
def test_disregard_and_defiance_of_sanctions_are_violations(extractor, text, party):
    [found] = indicators(extractor, text, "sanctions_reference")
    assert found.fields["kind"] == "violation" and party in found.fields["parties"]


# ---------------------------------------------------------------- lexicon: parts named for their weapon


def test_parts_named_for_a_weapon_carry_its_category(extractor):
    [found] = indicators(
        extractor, "Beijing sold drone engines to Tehran, officials in Washington say.", "arms_transfer"
    )
    assert found.fields["weapon_categories"] == ["drones", "dual_use"]
