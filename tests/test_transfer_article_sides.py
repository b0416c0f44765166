"""A transfer the parser saw in two halves, its supplier in one paragraph and its recipient in a later one, is
completed from the article, but only when the article leaves no doubt which halves belong together."""

from __future__ import annotations

from alerts.model import Article

FILLER = (
    "The aircraft can stay aloft for more than a day and carry four guided bombs under their wings. Analysts who "
    "have studied satellite pictures of the airfield say the hangars were extended over the winter, and that new "
    "fuel tanks were dug into the hillside behind the runway."
)


def transfers(extractor, text: str) -> list:
    return [i for i in extractor.extract(Article(id="halves", text=text)) if i.type == "arms_transfer"]


def test_a_lone_supplier_and_a_lone_recipient_are_one_transfer(extractor):
    text = (
        "Beijing quietly sold a batch of armed drones last spring, two people familiar with the deal said.\n\n"
        f"{FILLER}\n\nSix of the drones have since been delivered to Myanmar, a diplomat said."
    )
    found = transfers(extractor, text)
    assert found
    assert {(i.fields["supplier"], i.fields["recipient"]) for i in found} == {("CN", "MM")}
    assert any("party.paired_halves" in i.heuristics for i in found)


def test_halves_stay_open_when_two_suppliers_could_be_meant(extractor):
    text = (
        f"Ankara sold a batch of armed drones in the autumn, people familiar with the deal said.\n\n{FILLER}\n\n"
        "Beijing quietly sold a batch of armed drones last spring, the same people said.\n\n"
        f"{FILLER}\n\nSix of the drones have since been delivered to Myanmar, a diplomat said."
    )
    found = transfers(extractor, text)
    assert not any("party.paired_halves" in i.heuristics for i in found)
    assert ("CN", "MM") not in {(i.fields["supplier"], i.fields["recipient"]) for i in found}
