"""A present-tense giving verb after a list of parties, which en_core_web_sm reads as the first word of a noun
phrase ("Belarus and Iran [ship arms] to Russia"), is still a transfer from every listed party."""

from __future__ import annotations

from alerts.model import Article, Indicator


def transfers(extractor, text: str) -> list[Indicator]:
    return [i for i in extractor.extract(Article(id="misread", text=text)) if i.type == "arms_transfer"]


def pairs(extractor, text: str) -> set[tuple[str | None, str | None]]:
    return {(i.fields["supplier"], i.fields["recipient"]) for i in transfers(extractor, text)}


def test_a_coordinated_subject_before_a_bare_verb(extractor):
    found = transfers(extractor, "Belarus and Iran supply weapons to Russia, according to the ministry.")
    assert {("BY", "RU"), ("IR", "RU")} <= {(i.fields["supplier"], i.fields["recipient"]) for i in found}
    assert all("transfer.verb_read_as_noun" in i.heuristics for i in found)


def test_the_verb_coordinated_with_an_earlier_clause(extractor):
    text = "Both Latvia and Estonia belong to NATO, and supply howitzers and ammunition to Ukraine."
    assert {("LV", "UA"), ("EE", "UA")} <= pairs(extractor, text)


def test_two_lists_in_one_sentence_keep_their_own_recipients(extractor):
    text = "Canada and Norway ship missiles to Ukraine, while Iran and North Korea send drones and shells to Russia."
    found = pairs(extractor, text)
    assert {("CA", "UA"), ("NO", "UA"), ("IR", "RU"), ("KP", "RU")} <= found
    assert not {("IR", "UA"), ("CA", "RU")} & found


def test_a_supply_noun_after_a_determiner_stays_a_noun(extractor):
    assert not pairs(extractor, "The Iran supply route to Hezbollah has been cut, officials said.")
