"""What an article says about its own sources (alerts/extract/source_doubt.py): an account it could not verify,
and a medium resting on unnamed people, make the claims they speak of alleged. News-style text written for this
test."""

from __future__ import annotations

from alerts.model import Article, Indicator


def transfers(extractor, text: str) -> list[Indicator]:
    return [i for i in extractor.extract(Article(id="d", text=text)) if i.type == "arms_transfer"]


def test_an_account_the_article_could_not_verify_becomes_alleged(extractor) -> None:
    text = (
        "Belarus has sent forty tanks to Russia by rail, a monitoring group said on Monday.\n\n"
        "The Baltic Courier could not independently verify the account."
    )
    found = transfers(extractor, text)
    assert [(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found] == [("BY", "RU", "alleged")]
    assert "modality.unverified" in found[0].heuristics


def test_a_state_that_does_not_confirm_is_no_doubt_of_the_article(extractor) -> None:
    text = "Belarus has sent forty tanks to Russia by rail, a monitoring group said.\n\nMinsk did not confirm it."
    found = transfers(extractor, text)
    assert found and all(i.modality == "asserted" for i in found)


def test_other_stories_of_the_article_keep_their_modality(extractor) -> None:
    text = (
        "Germany delivered two air defence systems to Ukraine in May.\n\n"
        "Belarus has sent forty tanks to Russia by rail, a monitoring group said. "
        "Its account could not be independently verified."
    )
    modes = {(i.fields["supplier"], i.fields["recipient"]): i.modality for i in transfers(extractor, text)}
    assert modes == {("DE", "UA"): "asserted", ("BY", "RU"): "alleged"}


def test_a_medium_that_cited_unnamed_sources_carries_an_allegation(extractor) -> None:
    text = (
        "Eritrea has been shipping rifles to al-Shabaab, according to the Horn Observer.\n\n"
        "The Horn Observer cited sources in the port and shipping records."
    )
    found = transfers(extractor, text)
    assert [(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found] == [
        ("ER", "al-shabaab", "alleged")
    ]
    assert "modality.cited_unnamed" in found[0].heuristics


def test_citing_unnamed_officials_in_the_same_sentence(extractor) -> None:
    text = "Eritrea has shipped rifles to al-Shabaab, the Horn Observer reported, citing unnamed Kenyan officials."
    assert {i.modality for i in transfers(extractor, text)} == {"alleged"}
    evidence = "Eritrea has shipped rifles to al-Shabaab, the Horn Observer reported, citing satellite images."
    assert {i.modality for i in transfers(extractor, evidence)} == {"asserted"}


def test_it_added_goes_on_with_the_account_of_a_medium_citing_unnamed_people(extractor) -> None:
    text = (
        "Citing unnamed European diplomats, Bloomberg said on Monday that Minsk had expanded its arms "
        "factories. Belarus is sending artillery shells to Russia by rail, it added."
    )
    found = transfers(extractor, text)
    assert [(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found] == [("BY", "RU", "alleged")]
    assert "modality.cited_unnamed" in found[0].heuristics


def test_it_added_after_a_named_source_stays_asserted(extractor) -> None:
    text = (
        "Bloomberg said on Monday that Minsk had expanded its arms factories. Belarus is sending artillery "
        "shells to Russia by rail, it added."
    )
    assert {i.modality for i in transfers(extractor, text)} == {"asserted"}


def test_a_prosecutions_word_on_a_person_or_firm_is_a_charge(extractor) -> None:
    for text, supplier in (
        ("Prosecutors also said that John Marsh exported night-vision rifle scopes to Iran.", "john marsh"),
        ("According to the indictment, Delta Apex Trading shipped drone engines to Iran.", "delta apex trading"),
    ):
        found = transfers(extractor, text)
        assert [(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found] == [
            (supplier, "IR", "alleged")
        ], text
        assert "modality.prosecution_source" in found[0].heuristics
    state = transfers(extractor, "A French prosecutor said that Libya shipped 150 tons of rifles to the IRA.")
    assert [(i.fields["supplier"], i.modality) for i in state] == [("LY", "asserted")]


def test_an_unverified_account_of_a_deal_is_an_allegation(extractor) -> None:
    text = (
        "A leaked memo said Belgrade has agreed to supply howitzers to Kyiv.\n\n"
        "The Adriatic Post could not independently verify the memo."
    )
    found = transfers(extractor, text)
    assert [(i.fields["supplier"], i.fields["recipient"], i.modality) for i in found] == [("RS", "UA", "alleged")]
    assert "modality.unverified" in found[0].heuristics


def test_a_claim_the_same_sentence_says_could_not_be_verified_is_alleged(extractor) -> None:
    for text in (
        "Iran sent drones to Russia, a claim that the Baltic Courier could not independently verify.",
        "The shipment of rifles from Bulgaria to Ukraine could not be independently verified.",
    ):
        found = transfers(extractor, text)
        assert found and all(i.modality == "alleged" for i in found), text
        assert all("modality.unverified" in i.heuristics for i in found)
