"""A coordinated list of suppliers or recipients gives one transfer per party."""

from __future__ import annotations

from alerts.model import Article


def pairs(extractor, text: str) -> set[tuple[str | None, str | None]]:
    found = extractor.extract(Article(id="lists", text=text))
    return {(i.fields["supplier"], i.fields["recipient"]) for i in found if i.type == "arms_transfer"}


def test_five_recipients_in_one_list(extractor):
    text = (
        "According to the panel, Pyongyang has sold ballistic missiles to Egypt, Iran, Libya, Pakistan and "
        "Syria over three decades."
    )
    assert {("KP", code) for code in ("EG", "IR", "LY", "PK", "SY")} <= pairs(extractor, text)


def test_a_list_of_suppliers(extractor):
    text = "Germany, Norway and Denmark delivered air defence systems to Ukraine this winter."
    assert {("DE", "UA"), ("NO", "UA"), ("DK", "UA")} <= pairs(extractor, text)


def test_the_list_is_recorded_as_a_heuristic(extractor):
    found = extractor.extract(Article(id="lists", text="Minsk shipped tanks to Russia and Serbia in May."))
    transfers = [i for i in found if i.type == "arms_transfer"]
    assert {i.fields["recipient"] for i in transfers} == {"RU", "RS"}
    assert all("party.coordinated_list" in i.heuristics for i in transfers)


def test_a_plural_pronoun_stands_for_the_whole_list_before_it(extractor):
    text = (
        "Several Nordic governments, including Finland, Norway and Denmark, said on Monday that they would "
        "send howitzers to Kyiv."
    )
    assert {("FI", "UA"), ("NO", "UA"), ("DK", "UA")} <= pairs(extractor, text)


def test_a_singular_pronoun_keeps_only_the_nearest_party(extractor):
    text = "Officials in Finland, Norway and Denmark said Poland had promised that it would send howitzers to Kyiv."
    assert ("PL", "UA") in pairs(extractor, text)
    assert ("FI", "UA") not in pairs(extractor, text)
