"""Denials stated in a sentence or paragraph of their own attach to the claim they speak of (the same
parties), as a second, denied record; accusations so named make the accuser's claim alleged. News-style
text written for this test."""

from __future__ import annotations

import pytest

from alerts.model import Article, Indicator


def transfers(extractor, text: str) -> list[Indicator]:
    return [i for i in extractor.extract(Article(id="s", text=text)) if i.type == "arms_transfer"]


def claims(extractor, text: str) -> set[tuple[str | None, str | None, str]]:
    return {(i.fields["supplier"], i.fields["recipient"], i.modality) for i in transfers(extractor, text)}


@pytest.mark.parametrize(
    "denial",
    [
        "Islamabad has denied the reports.",
        "Pakistan denies this.",
        "The Pakistani foreign ministry rejected the claims on Tuesday.",
        "Islamabad dismissed the accusations as baseless.",
        "Islamabad has denied responsibility.",
        "Pakistan denied any role.",
        "Islamabad called the reports baseless.",
        "Pakistan hit back at the accusations, calling them false.",
    ],
)
def test_a_denial_in_a_later_paragraph_yields_a_denied_record(extractor, denial: str) -> None:
    text = f"Pakistan shipped 500 assault rifles to Sudan in March, officials in Chad said.\n\n{denial}"
    found = transfers(extractor, text)
    denied = [i for i in found if i.modality == "denied"]
    assert [(i.fields["supplier"], i.fields["recipient"]) for i in denied] == [("PK", "SD")]
    assert denied[0].attribution == "PK"
    assert "modality.article_denial" in denied[0].heuristics
    assert denied[0].fields["weapon_categories"] == ["small_arms"]  # what the denied claim was about
    assert text[denied[0].evidence.start : denied[0].evidence.end] == denial
    assert any(i.modality != "denied" for i in found)  # the claim itself stays, as a record of its own


def test_a_denial_before_the_claim_attaches_to_it(extractor) -> None:
    text = (
        "North Korea on Friday denied the reports.\n\n"
        "A Japanese newspaper had said that North Korea shipped artillery shells to Russia last month."
    )
    assert ("KP", "RU", "denied") in claims(extractor, text)


def test_a_recipient_can_deny_receiving(extractor) -> None:
    text = "Iran sent drones to Venezuela last year, the report said. Caracas rejected the report."
    assert ("IR", "VE", "denied") in claims(extractor, text)


@pytest.mark.parametrize(
    "other",
    [
        "Chad denied the reports.",  # not a party to the claim
        "Islamabad rejected the offer.",  # no claim is denied
        "Islamabad did not deny the reports.",  # no denial
        "Islamabad called the reports troubling.",  # no claim called false
    ],
)
def test_no_denial_without_a_party_denying_a_claim(extractor, other: str) -> None:
    text = f"Pakistan shipped 500 assault rifles to Sudan in March, officials in Chad said. {other}"
    assert all(mood != "denied" for _, _, mood in claims(extractor, text))


def test_a_denied_accusation_makes_the_accusers_claim_alleged(extractor) -> None:
    text = "Chad said Pakistan shipped assault rifles to Sudan. Islamabad rejected Chad's allegations."
    found = transfers(extractor, text)
    assert {(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found} == {
        ("PK", "SD", "alleged"),
        ("PK", "SD", "denied"),
    }
    alleged = next(i for i in found if i.modality == "alleged")
    assert "modality.contested_claim" in alleged.heuristics


def test_a_denial_found_in_its_own_sentence_is_not_doubled(extractor) -> None:
    text = "Kyiv said Minsk sent rockets to Russia. Minsk denied sending rockets to Russia."
    denied = [i for i in transfers(extractor, text) if i.modality == "denied"]
    assert len(denied) == 1 and "modality.article_denial" not in denied[0].heuristics


def test_a_spokesperson_calling_the_claims_false_is_a_denial(extractor) -> None:
    text = (
        'Iran sent drones to Russia, US officials said on Monday. "We hear many claims about supplies of '
        'weapons to Russia, but they are groundless," Kremlin spokesman Dmitry Peskov told journalists.'
    )
    denied = [i for i in transfers(extractor, text) if i.modality == "denied"]
    assert [(i.fields["supplier"], i.fields["recipient"], i.attribution) for i in denied] == [("IR", "RU", "RU")]


def test_a_denial_naming_the_accuser_contests_the_accusers_claim_in_the_same_sentence_too(extractor) -> None:
    text = "Israel said Iran supplied rockets to Hamas. Iran rejected Israel's allegations that it supplied rockets."
    assert claims(extractor, text) == {("IR", "hamas", "alleged"), ("IR", "hamas", "denied")}


def test_a_denial_with_a_day_before_its_object_still_names_the_accuser(extractor) -> None:
    """'rejected on Thursday Chadian allegations': the parser hangs the object on "on"; it is still the claim."""
    text = "Chad said Pakistan shipped assault rifles to Sudan. Islamabad rejected on Thursday Chadian allegations."
    assert claims(extractor, text) == {("PK", "SD", "alleged"), ("PK", "SD", "denied")}


def test_a_watchdogs_claim_that_a_party_denies_afterwards_is_an_allegation(extractor) -> None:
    text = (
        "Chinese-made howitzers supplied by Egypt have been identified with the Houthis, Amnesty International "
        "said Thursday. Cairo has repeatedly denied arming the Houthis."
    )
    found = transfers(extractor, text)
    assert {(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found} == {
        ("EG", "houthis", "alleged"),
        ("EG", "houthis", "denied"),
    }
    assert "modality.disputed_report" in next(i for i in found if i.modality == "alleged").heuristics


def test_the_same_watchdog_quoted_again_after_the_denial_still_accuses(extractor) -> None:
    text = (
        "Chinese-made howitzers supplied by Egypt have been identified with the Houthis, Amnesty International "
        'said Thursday. Cairo has repeatedly denied arming the Houthis. "Chinese artillery, re-exported by Egypt, '
        'has been captured in Hodeidah," Amnesty said.'
    )
    found = transfers(extractor, text)
    assert {(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found} == {
        ("EG", "houthis", "alleged"),
        ("EG", "houthis", "denied"),
    }


@pytest.mark.parametrize(
    "text",
    [
        # a state's statement is a formal claim: it stays asserted beside the denial
        "The United States said Iran shipped drones to Russia. Tehran has denied sending drones to Russia.",
        # a report after the denial answers it, or tells another story
        "Tehran has denied sending drones to Russia. Iran shipped drones to Russia last year, the Wall Street "
        "Journal reported.",
    ],
)
def test_a_state_claim_or_a_later_report_stays_asserted_beside_a_denial(extractor, text: str) -> None:
    assert claims(extractor, text) == {("IR", "RU", "asserted"), ("IR", "RU", "denied")}


def test_a_denial_of_another_partys_accusations_makes_the_pairs_unowned_claims_alleged(extractor) -> None:
    text = (
        "Kigali has denied accusations by Kinshasa that it supports the M23 rebels. Rwandan officers provided "
        "the rebels with rifles and mortars, the report said."
    )
    found = transfers(extractor, text)
    assert {(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found} == {
        ("RW", "m23", "denied"),
        ("RW", "m23", "alleged"),
    }
    assert any("modality.contested_pair" in i.heuristics for i in found)
    # no accuser named: the denial contests nothing beyond itself
    unnamed = text.replace("accusations by Kinshasa", "the accusations")
    assert ("RW", "m23", "asserted") in claims(extractor, unnamed)


def test_the_deniers_own_admission_stays_asserted_beside_the_contested_claims(extractor) -> None:
    text = (
        "Tehran rejected Washington's claims that it ships drones to Moscow. Iran shipped 300 drones to Russia "
        "in May, the report said. Iran sold a few drones to Russia before the war, Iran's foreign minister said."
    )
    assert claims(extractor, text) == {("IR", "RU", "denied"), ("IR", "RU", "alleged"), ("IR", "RU", "asserted")}


def test_news_that_a_party_confirms_is_no_separate_allegation(extractor) -> None:
    news = "The talks came amid reports that Russia is already using Iranian drones against Ukraine."
    assert claims(extractor, news) == {("IR", "RU", "alleged")}
    confirmed = f"{news} On Monday the Pentagon confirmed media reports of Iranian drone shipments to Moscow."
    found = transfers(extractor, confirmed)
    assert {(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found} == {("IR", "RU", "asserted")}
    assert "modality.confirm_verb" in found[0].heuristics


@pytest.mark.parametrize(
    "text",
    [
        "Egypt has kept shipping rockets to Sudan's army, despite its denials.",
        "Egypt has kept shipping rockets to Sudan's army, despite repeated denials by Cairo, the panel said.",
        "Egypt has shipped rockets to Sudan's army, the panel said. Cairo's denials have not convinced diplomats.",
    ],
)
def test_a_partys_denial_named_by_a_noun_is_a_denied_record(extractor, text: str) -> None:
    found = transfers(extractor, text)
    assert {(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found} == {
        ("EG", "SD", "asserted"),
        ("EG", "SD", "denied"),
    }
    assert "modality.denial_noun" in next(i for i in found if i.modality == "denied").heuristics


def test_a_denial_of_something_other_than_a_claim_denies_nothing(extractor) -> None:
    text = "Russia has sent tanks to Belarus, officials said. Moscow's denial of access to inspectors angered Brussels."
    assert claims(extractor, text) == {("RU", "BY", "asserted")}


def test_reports_called_fabricated_are_denied(extractor) -> None:
    text = "Reports that Belgrade shipped mortar rounds to Kyiv are fabricated, the Serbian defence minister said."
    assert claims(extractor, text) == {("RS", "UA", "denied")}


def test_the_plans_an_accuser_reports_are_part_of_the_accusation(extractor) -> None:
    text = (
        "A Japanese newspaper reported that Pyongyang had shipped shells to Moscow last month and that more "
        "shipments were expected in the coming weeks. Pyongyang rejected the Japanese allegations."
    )
    assert claims(extractor, text) == {("KP", "RU", "alleged"), ("KP", "RU", "denied")}
