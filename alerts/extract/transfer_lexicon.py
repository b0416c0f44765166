"""The transfer vocabulary (alerts/data/transfers.yaml), loaded once and shared by the finder and the prefilter.

Why one module: the words that make the transfer finder read a sentence must also make the prefilter let that
sentence through, or a new trigger is parsed nowhere. Both read the lists from here, so adding a verb to the
YAML is enough for both (docs/analyze.md, "How transfers are read").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer

from alerts.yamlio import load_yaml_file

LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "transfers.yaml"

#: The sections that are plain word lists (lemmas, lower case).
WORD_LISTS = (
    "give_verbs",
    "carry_verbs",
    "receive_verbs",
    "order_verbs",
    "induct_verbs",
    "support_verbs",
    "seize_verbs",
    "bare_verbs",
    "use_verbs",
    "pledge_verbs",
    "arrive_verbs",
    "light_receive_verbs",
    "light_give_verbs",
    "destined_words",
    "decide_verbs",
    "norm_words",
    "deal_nouns",
    "making_verbs",
    "countering_words",
    "content_verbs",
    "give_nouns",
    "receive_nouns",
    "seize_nouns",
    "supplier_nouns",
    "buyer_nouns",
    "use_nouns",
    "attack_nouns",
    "help_nouns",
    "military_cues",
    "origin_words",
    "not_goods",
    "blocking_words",
    "not_destination",
    "force_nouns",
    "domestic_words",
    "domestic_prefixes",
    "denial_tails",
    "claim_appositions",
    "more_cues",
    "mode_preps",
    "route_preps",
    "route_nouns",
    "holder_nouns",
    "standalone_cues",
    "not_company_words",
    "company_nouns",
    "company_suffixes",
    "stance_words",
    "group_nouns",
    "not_role_holders",
    "arming_verbs",
    "list_introducers",
    "designating_verbs",
    "penalty_nouns",
    "bearing_verbs",
    "involvement_words",
    "responsibility_words",
    "facilitating_verbs",
    "individual_nouns",
    "ring_nouns",
    "ring_qualifiers",
    "government_nouns",
    "gerund_subject_preps",
    "gerund_subject_verbs",
    "captured_words",
    "onward_verbs",
    "onward_cues",
    "owning_verbs",
)


@dataclass(frozen=True)
class TransferLexicon:
    """Word lists by section name, plus the transport table, verb modes and irregular forms."""

    lists: dict[str, frozenset[str]]
    transport: dict[str, frozenset[str]]
    verb_modes: dict[str, str]
    irregular: dict[str, tuple[str, ...]]

    def __getitem__(self, section: str) -> frozenset[str]:
        return self.lists[section]

    def forms(self, lemmas: frozenset[str] | set[str]) -> frozenset[str]:
        """The written forms of `lemmas` ("supply" -> supply, supplies, supplied, supplying): the regular
        English endings plus the listed irregular forms. Over-generation ("sendd") is harmless: the prefilter
        only looks words up in the set."""
        found: set[str] = set()
        for lemma in lemmas:
            found |= {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
            if lemma.endswith("e"):
                found.add(lemma[:-1] + "ing")
            if lemma.endswith("y"):
                found |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
            found.update(self.irregular.get(lemma, ()))
        return frozenset(found)

    @classmethod
    def load(cls, path: Path = LEXICON_PATH) -> TransferLexicon:
        data: dict[str, Any] = load_yaml_file(path) or {}
        missing = [name for name in WORD_LISTS if name not in data]
        if missing:
            raise ValueError(f"{path}: missing sections {missing}")
        lists = {name: frozenset(str(word).lower() for word in data[name]) for name in WORD_LISTS}
        transport = {mode: frozenset(str(w).lower() for w in words) for mode, words in data["transport"].items()}
        modes = {str(verb): str(mode) for verb, mode in data["verb_modes"].items()}
        unknown = set(modes.values()) - set(transport)
        if unknown:
            raise ValueError(f"{path}: verb_modes name unknown modes {sorted(unknown)}")
        irregular = {
            str(lemma): tuple(str(f).lower() for f in forms)
            for lemma, forms in (data.get("irregular_forms") or {}).items()
        }
        return cls(lists, transport, modes, irregular)


#: The trigger sections whose hyphenated words must reach the parser as one token.
_TRIGGER_LISTS = ("give_verbs", "give_nouns", "receive_verbs", "receive_nouns", "supplier_nouns", "buyer_nouns")


def keep_triggers_whole(nlp: Language, lexicon: TransferLexicon | None = None) -> None:
    """Make the pipeline read hyphenated trigger words ("re-export", "re-exporting") as the listed word.

    spaCy's English tokenizer splits a hyphen between letters, so "accused of re-exporting chips to Russia"
    reaches the parser as "re - exporting", which it reads as an adjective on the goods: the trigger listed in
    transfers.yaml never appears as a verb. A special case per written form (and its capitalised form at the
    start of a sentence) keeps the word whole; its norm, which the tagger and parser read, is the word after
    the prefix ("exporting"), so it is parsed as the verb it is; and the attribute ruler gives it the listed
    lemma, which the rule lemmatizer would garble ("re-exporte")."""
    lexicon = lexicon or transfer_lexicon()
    words = {w for name in _TRIGGER_LISTS for w in lexicon[name] if "-" in w}
    ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None
    tokenizer: Tokenizer = nlp.tokenizer
    for word in sorted(words):
        for form in sorted(lexicon.forms(frozenset({word}))):
            if "-" not in form:
                continue
            for written in {form, form[0].upper() + form[1:]}:
                tokenizer.add_special_case(written, [{ORTH: written, NORM: form.split("-")[-1]}])
            if ruler is not None:
                ruler.add([[{"LOWER": form}]], {"LEMMA": word})  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def transfer_lexicon() -> TransferLexicon:
    """The shipped transfer vocabulary, read once per process."""
    return TransferLexicon.load()
