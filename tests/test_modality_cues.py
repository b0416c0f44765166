"""Each class of modality cue, on news-style sentences written for this test: the modality it gives a claim
and the heuristic it records ("modality.<class>"), so that the per-heuristic report can score it."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerts.extract.cues import MODES, default_cues, load_cues
from alerts.model import Article, Indicator
from alerts.yamlio import YamlError


def transfers(extractor, text: str) -> list[Indicator]:
    return [i for i in extractor.extract(Article(id="m", text=text)) if i.type == "arms_transfer"]


@pytest.mark.parametrize(
    ("text", "mode", "cue"),
    [
        ("Ankara denied selling armed drones to Niger.", "denied", "denial_verb"),
        ("Berlin refused to send cruise missiles to Kyiv.", "denied", "denial_verb"),
        ("Seoul has ruled out sending artillery shells to Ukraine.", "denied", "denial_phrasal"),
        ("Pakistan failed to deliver the promised rifles to Sudan.", "denied", "denial_verb"),
        ("Berlin halted arms exports to Riyadh.", "denied", "halt_verb"),
        ("Reports that Cairo sold rockets to Moscow are false, the ministry said.", "denied", "falsity_predicate"),
        ("None of the missiles were delivered to Kyiv by Belgrade.", "denied", "negated_participant"),
        ("Ankara has denied reports that it supplied drones to Addis Ababa.", "denied", "denial_verb"),
        ("Minsk may have shipped artillery shells to Russia.", "speculative", "hedge_modal"),
        ("Officials fear that China may have plans to send drones to Russia.", "speculative", "hedge_modal"),
        (
            "Claims that Minsk sent tanks to Russia are not based on evidence, the Kremlin said.",
            "denied",
            "negated_evidence",
        ),
        ("Cairo is considering buying fighter jets from Beijing.", "speculative", "hedge_verb"),
        ("Tripoli asked Moscow to start deliveries of rifles to Libya.", "speculative", "request_verb"),
        ("Kyiv urged Berlin to supply cruise missiles to Ukraine.", "speculative", "request_verb"),
        ("France will deliver six Rafale jets to Serbia next year.", "planned", "plan_modal"),
        ("The tanks are to be delivered to Poland by South Korea in May.", "planned", "be_to"),
        ("Four jets are supposed to be delivered to Belarus by Russia in 2026.", "planned", "plan_verb"),
        ("Egypt agreed to buy 24 fighter jets from France.", "planned", "plan_verb"),
        ("Greece signed a deal to buy submarines from Germany.", "planned", "plan_verb"),
        ("Two Italian shipyards inked contracts with Athens to supply frigates to Greece.", "planned", "plan_verb"),
        ("The agreement provides for the delivery of 40 tanks from Germany to Hungary.", "planned", "deal_subject"),
        (
            "Under the deal, Russia would gain a port while Sudan would receive jets from Russia.",
            "planned",
            "deal_frame",
        ),
        ("Belarus is believed to have sent tanks to Russia.", "alleged", "belief_verb"),
        ("Satellite images suggest that Iran shipped drones to Russia.", "alleged", "belief_verb"),
        ("Iran reportedly supplied drones to the Houthis.", "alleged", "hearsay_adverb"),
        ("Kyiv accused Minsk of supplying rockets to Russia.", "alleged", "accusation_verb"),
        ("A Belarusian firm was charged with shipping rifles to Iran.", "alleged", "accusation_verb"),
        ("Two Syrian traders were indicted for selling drones to Hezbollah.", "alleged", "accusation_verb"),
        ("Iran is said to have delivered missiles to Russia.", "alleged", "reporting_passive"),
        ("Last spring it was reported that Minsk had shipped tanks to Russia.", "alleged", "reporting_passive"),
        ("Iran smuggles rifles to Hezbollah, the Israeli army alleged on Monday.", "alleged", "alleging_after"),
        ("Pakistan shipped rifles to Sudan, according to Ukrainian intelligence.", "alleged", "intelligence_source"),
        ("Iran sent drones to Russia, according to sources familiar with the matter.", "alleged", "anonymous_source"),
        (
            "Minsk has shipped shells to Moscow, according to several reports in the Polish press.",
            "alleged",
            "press_source",
        ),
    ],
)
def test_each_cue_class_sets_the_modality_and_names_itself(extractor, text: str, mode: str, cue: str) -> None:
    found = transfers(extractor, text)
    assert found, text
    assert {i.modality for i in found} == {mode}
    assert all(f"modality.{cue}" in i.heuristics for i in found)


def test_a_plain_statement_stays_asserted_with_no_modality_heuristic(extractor) -> None:
    found = transfers(extractor, "Russia delivered two S-400 batteries to India, the ministry said.")
    assert [(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found] == [("RU", "IN", "asserted")]
    assert not [h for h in found[0].heuristics if h.startswith("modality.")]


@pytest.mark.parametrize(
    "text",
    [
        "Two shipments of rockets from Pyongyang to Damascus were stopped at sea.",  # sent, then stopped
        "All arms transfers from Russia to Sudan should be suspended.",  # a call, not a decision
        "Under a contract signed in 2019, Egypt bought 24 fighter jets from France.",  # a past deal's delivery
    ],
)
def test_stopping_calls_and_past_deals_are_no_denial_or_plan(extractor, text: str) -> None:
    found = transfers(extractor, text)
    assert found and all(i.modality == "asserted" for i in found)


@pytest.mark.parametrize(
    "text",
    [
        "Beijing has called on Washington to stop arms sales to Taipei.",  # presumes the sales
        "Ankara urged Baku to stop sending drones to Yerevan.",  # a call to stop, not a request for drones
        "The Kremlin warned Cairo that it should not buy fighter jets from Paris.",
    ],
)
def test_a_negation_or_halt_asked_for_is_no_denial(extractor, text: str) -> None:
    found = transfers(extractor, text)
    assert found and all(i.modality == "asserted" for i in found), text
    assert all("modality.unrealised_negation" in i.heuristics for i in found)


def test_an_appeal_not_to_supply_weighs_a_transfer_and_denies_none(extractor) -> None:
    found = transfers(extractor, "Washington urged Beijing not to supply weapons to Moscow.")
    assert [(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found] == [("CN", "RU", "speculative")]


def test_goods_negated_in_the_claim_are_denied_only_when_all_are(extractor) -> None:
    for text in (
        "Cairo says it has been shipping food to Libya, not weapons.",
        "Minsk supplied medicine but no rifles to Sudan.",
    ):
        found = transfers(extractor, text)
        assert found and all(i.modality == "denied" for i in found), text
        assert all("modality.negated_goods" in i.heuristics for i in found)
    assert {i.modality for i in transfers(extractor, "Russia sent tanks, not jets, to Syria.")} == {"asserted"}


def test_claims_called_false_past_a_relative_clause_are_denied(extractor) -> None:
    text = "Claims that have been circulating in the press that Cairo sold rockets to Moscow are baseless."
    found = transfers(extractor, text)
    assert [(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found] == [("EG", "RU", "denied")]
    assert "modality.falsity_predicate" in found[0].heuristics


def test_a_plan_for_something_else_does_not_make_the_transfer_planned(extractor) -> None:
    text = "Brussels plans sanctions on firms over drone engines supplied to Iran by Belarus."
    found = transfers(extractor, text)
    assert found and all(i.modality == "asserted" for i in found)


def test_an_accusation_is_the_accusers_claim_not_the_accused(extractor) -> None:
    found = transfers(extractor, "Ukraine accused Belarus of smuggling drones to Russia.")
    assert [(i.fields["supplier"], i.fields["recipient"], i.modality, i.attribution) for i in found] == [
        ("BY", "RU", "alleged", "UA")
    ]
    passive = transfers(extractor, "Belarus was accused of smuggling drones to Russia.")
    assert passive and all(i.modality == "alleged" and i.attribution != "BY" for i in passive)


def test_the_report_named_before_is_no_anonymous_source(extractor) -> None:
    text = (
        "A UN panel published its findings on Monday. According to the report, Eritrea shipped rifles to "
        "al-Shabaab in 2019."
    )
    assert {i.modality for i in transfers(extractor, text)} == {"asserted"}
    anonymous = "According to media reports, Eritrea shipped rifles to al-Shabaab in 2019."
    assert {i.modality for i in transfers(extractor, anonymous)} == {"alleged"}


def test_according_to_a_party_or_a_person_is_no_press_report(extractor) -> None:
    for text in (
        "Minsk has shipped shells to Moscow, according to the Pentagon.",
        "Minsk has shipped shells to Moscow, according to General Anna Kowalska.",
    ):
        assert {i.modality for i in transfers(extractor, text)} == {"asserted"}, text


def test_a_title_with_intelligence_in_it_is_a_person_not_a_spy_agency(extractor) -> None:
    text = "Pakistan shipped rifles to Sudan, said the Treasury's financial intelligence head Mark Smith."
    assert {i.modality for i in transfers(extractor, text)} == {"asserted"}


def test_the_lexicon_names_a_known_mode_for_every_class() -> None:
    cues = default_cues()
    assert cues.classes and all(entry.mode in MODES for entry in cues.classes.values())
    assert "deny" in cues["denial_verb"] and "could" in cues["hedge_modal"] and "reportedly" in cues["hearsay_adverb"]


def test_a_malformed_lexicon_fails_with_file_line_and_reason(tmp_path: Path) -> None:
    bad = tmp_path / "cues.yaml"
    bad.write_text("classes:\n  hedge_modal:\n    mode: unsure\n    words: [could]\n", encoding="utf-8")
    with pytest.raises(YamlError, match=r"cues\.yaml:2:\d+: class hedge_modal: needs a mode"):
        load_cues(bad)


def test_an_intelligence_service_doubting_in_another_clause_does_not_source_the_claim(extractor) -> None:
    text = (
        "Two newspapers reported that Minsk had received rockets from Pyongyang, while Polish intelligence says "
        "it has seen nothing of the kind."
    )
    found = transfers(extractor, text)
    assert found and all("modality.intelligence_source" not in i.heuristics for i in found)


def test_sources_given_a_place_stay_unnamed(extractor) -> None:
    text = "Sources based in Tripoli and on the Tunisian border said Cairo is shipping rifles to Libya."
    found = transfers(extractor, text)
    assert found and {i.modality for i in found} == {"alleged"}
    assert all("modality.anonymous_source" in i.heuristics for i in found)


def test_according_to_reports_of_a_persons_words_carries_the_speech_not_the_claim(extractor) -> None:
    text = (
        'The rebel commander spoke on Sunday. "Libya gave us rifles," he said, according to reports in the '
        "regional press."
    )
    found = transfers(extractor, text)
    assert found and {i.modality for i in found} == {"asserted"}
    unnamed = "Libya gave the rebels rifles, according to reports in the regional press."
    assert {i.modality for i in transfers(extractor, unnamed)} == {"alleged"}


def test_a_joined_clause_about_more_of_the_same_goods_is_a_second_claim(extractor) -> None:
    """'delivered 14 tanks ... and will deliver another 30': the second clause names no goods of its own, but
    makes a claim of its own, planned beside the asserted delivery (modality.conjoined_clause)."""
    found = transfers(extractor, "Germany has delivered 14 tanks to Poland and will deliver another 30 next year.")
    assert {(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found} == {
        ("DE", "PL", "asserted"),
        ("DE", "PL", "planned"),
    }
    planned = next(i for i in found if i.modality == "planned")
    assert "modality.conjoined_clause" in planned.heuristics


def test_a_halt_that_names_no_counterpart_denies_no_claim(extractor) -> None:
    """'had halted all arms sales': a policy of the whole trade, naming no recipient, is no denial of the claim
    about one recipient that the story told (the halt_verb class needs its sides in its own sentence)."""
    text = "Moscow accused Belgrade of selling shells to Ukraine. Serbia's president said the country had halted all arms sales."
    assert all(i.modality != "denied" for i in transfers(extractor, text))
    assert [i.modality for i in transfers(extractor, "Berlin halted arms exports to Riyadh.")] == ["denied"]


@pytest.mark.parametrize(
    "text",
    [
        "Iran shipped drones to Russia, a person familiar with the matter told Reuters.",
        "A battery of air defence missiles was handed to Minsk by Russian officers, a source who helped arrange the "
        "transfer told the Baltic Courier.",
    ],
)
def test_an_unnamed_speaker_the_parser_hangs_on_the_claim_is_still_its_source(extractor, text: str) -> None:
    found = transfers(extractor, text)
    assert found and all(i.modality == "alleged" for i in found), text
    assert all("modality.anonymous_source" in i.heuristics for i in found)


def test_officials_familiar_with_the_matter_are_unnamed(extractor) -> None:
    found = transfers(extractor, "Officials familiar with the matter said Iran had shipped drones to Venezuela.")
    assert found and all(i.modality == "alleged" for i in found)
    assert all("modality.anonymous_source" in i.heuristics for i in found)
    named = transfers(extractor, "US officials said Iran had shipped drones to Venezuela.")
    assert {i.modality for i in named} == {"asserted"}


def test_a_denial_conjoined_to_the_verb_of_the_claim_denies_nothing_of_it(extractor) -> None:
    found = transfers(extractor, "Minsk denied the reports and accused Warsaw of sending rifles to Ukraine.")
    assert [(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found] == [("PL", "UA", "alleged")]
    for text in (  # one object hung on the last of two verbs: the denial or halt still governs it
        "Berlin halted and then cancelled arms exports to Riyadh.",
        "Turkey denied that it had built and shipped drones to Armenia.",
    ):
        shared = transfers(extractor, text)
        assert shared and all(i.modality == "denied" for i in shared), text


@pytest.mark.parametrize(
    ("text", "mode", "cue"),
    [
        ("It is possible that Iran sent drones to Russia.", "speculative", "hedge_predicate"),
        ("It is likely that Minsk shipped shells to Moscow.", "speculative", "hedge_predicate"),
        ("Pakistan has yet to deliver the rifles to Sudan.", "denied", "not_yet"),
        ("The jets are yet to be delivered to Cairo by Paris.", "denied", "not_yet"),
        ("Ankara has so far refrained from sending drones to Kyiv.", "denied", "denial_verb"),
    ],
)
def test_impersonal_likelihood_not_yet_and_refraining(extractor, text: str, mode: str, cue: str) -> None:
    found = transfers(extractor, text)
    assert found and {i.modality for i in found} == {mode}, text
    assert all(f"modality.{cue}" in i.heuristics for i in found)


def test_a_speech_verb_the_parser_takes_for_a_noun_still_names_its_author(extractor) -> None:
    """'..., Kyiv claims' parsed as a noun with a subject: an author's claim, not unauthored news."""
    found = transfers(extractor, "Minsk has handed over 20 tanks to Russia, Kyiv claims.")
    assert found and all(i.modality == "alleged" and "modality.news_about" not in i.heuristics for i in found)


def test_declining_to_comment_or_confirm_is_no_denial_and_no_confirmation(extractor) -> None:
    for text in (
        "The Iranian foreign ministry declined to comment on reports that Tehran had sent drones to Moscow.",
        "Officials refused to confirm reports that Minsk had shipped tanks to Russia.",
    ):
        found = transfers(extractor, text)
        assert found and {i.modality for i in found} == {"alleged"}, text  # the reports' claim, still hedged
    refused = transfers(extractor, "Israel has refused to provide military drones to Ethiopia.")
    assert {i.modality for i in refused} == {"denied"}


@pytest.mark.parametrize(
    "text",
    [
        "Tehran has neither confirmed nor denied sending drones to Moscow.",
        "Iran has not confirmed or denied sending drones to Moscow.",
    ],
)
def test_neither_confirming_nor_denying_is_no_denial(extractor, text: str) -> None:
    found = transfers(extractor, text)
    assert found and {i.modality for i in found} == {"asserted"}, text
    assert all("modality.no_comment" in i.heuristics for i in found)
