"""Companies and procurement fronts as parties: "Hyundai Rotem", "the drone maker Baykar", "Tako LLC".

A company that supplies or receives weapons is named (docs/indicators.md) by its own name in lower case ("qods aviation
industries"), not by the state it is registered in: the firm is who the designation, the court case or the
investigation is about. A name counts as a company when the statistical NER calls it an organisation, when
it stands in apposition to a company noun ("Turkey's largest defence company, Baykar"), or when it ends with a
company word ("Co. Ltd.", "Industries"), and none of its words marks a newspaper, a court or a government body
(alerts/data/transfers.yaml `company_nouns`, `company_suffixes`, `not_company_words`).
"""

from __future__ import annotations

from spacy.tokens import Token

from alerts.extract.parties import entity_bounds, token_party
from alerts.extract.transfer_lexicon import transfer_lexicon

_LEX = transfer_lexicon()
_NAME_DEPS = ("compound", "flat", "nmod")


def _name_tokens(token: Token) -> list[Token]:
    """The proper-name stretch headed by `token`: its entity when the NER marked one, else its compounds."""
    if token.ent_type_ == "ORG" and token.ent_iob_ in ("B", "I"):
        start, end = entity_bounds(token)
        return [t for t in token.doc[start:end] if t.lower_ not in ("the", "'s", "’s")]
    names = [c for c in token.lefts if c.dep_ in _NAME_DEPS and c.pos_ == "PROPN"]
    first = min([token.i, *(c.left_edge.i for c in names)])
    return [t for t in token.doc[first : token.i + 1] if t.pos_ in ("PROPN", "NOUN", "PUNCT") and t.text != ","]


def _state_in_firm_name(words: list[Token]) -> bool:
    """ "Korea Aerospace Industries", "China Electronics Technology Group": a state's name that opens a name of
    three words or more ending in a company word is part of the firm's name, not the state."""
    return (
        len(words) >= 3
        and words[-1].lower_ in _LEX["company_suffixes"]
        and words[0].pos_ == "PROPN"
        and all(not token_party(t) for t in words[1:])
        and all(t.is_title or t.is_upper for t in words)
    )


def _as_company(token: Token, described: bool = False) -> str | None:
    """The lower-case name headed by `token` if it reads as a firm's name; `described` when a company noun
    says it is one ("the drone maker Baykar"), which overrules the NER taking it for a person."""
    words = _name_tokens(token)
    if not words or not any(t.pos_ == "PROPN" for t in words):
        return None
    if any(
        token_party(t) for t in words if t.pos_ == "PROPN" and t.lower_ not in _LEX["company_suffixes"]
    ) and not _state_in_firm_name(words):
        return None  # "Russia's Rosoboronexport" resolves to its state in the gazetteer; "Iran" is no company
    lowered = [t.lower_ for t in words]
    if set(lowered) & _LEX["not_company_words"]:
        return None
    if any(c.dep_ == "poss" and c.ent_type_ == "ORG_STATE" for c in token.children):
        return None  # "the SAF's Defense Industries System": a branch of a state organ is that state
    first = words[0]
    if first.i > 0 and first.doc[first.i - 1].text == "$":
        return None  # a share ticker, "$KOG"
    proper = all(t.is_title or t.is_upper or not t.is_alpha or t.lower_ in _LEX["company_suffixes"] for t in words)
    if not proper or (not described and any(t.ent_type_ == "PERSON" for t in words)):
        return None  # "the government of", "Edgar Moreno": a phrase or a person, not a firm's name
    return " ".join(lowered).replace(" .", ".")


def firm_named(token: Token) -> Token | None:
    """The proper name a company noun stands beside: "the drone maker, Baykar" (the name in apposition to
    the noun), "Acme Ltd. and Delta Co., two Chinese firms accused of ..." (the noun in apposition to the
    names, which is where a reduced relative clause hangs what the firms did), or "four firms, including Acme"
    (the one of them the text names)."""
    for child in token.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return child
    if token.dep_ == "appos" and token.head.pos_ == "PROPN":
        return token.head
    for prep in token.children:  # "four Chinese companies, including Xiamen Limbach": the one it names
        if prep.dep_ == "prep" and prep.lower_ in ("including", "notably", "namely"):
            named = [o for o in prep.children if o.dep_ == "pobj" and o.pos_ == "PROPN"]
            if named:
                return named[0]
    for child in token.children:  # "Acme Ltd. and Delta Co., two firms", the names parsed as the noun's modifier
        if child.dep_ == "nmod" and child.pos_ == "PROPN" and child.ent_type_ == "ORG":
            return child
    left = token.left_edge.i
    before = token.doc[left - 2] if left >= 2 and token.doc[left - 1].text == "," else None
    if before is not None and before.pos_ == "PROPN" and before.ent_type_ == "ORG":
        return before  # "Acme Ltd., two firms accused of", whatever arc the parser drew between them
    return None


def company_party(token: Token) -> str | None:
    """The company an argument head names, in lower case, or None.

    "Hyundai Rotem Co." (an ORG entity) -> "hyundai rotem co."; "Turkey's largest defence company, Baykar"
    (head "company", apposition "Baykar") -> "baykar"; "the Chinese firm Xiamen Limbach" -> "xiamen limbach".
    """
    lemma = token.lemma_.lower()
    if lemma in _LEX["company_nouns"] or token.lower_ in _LEX["company_nouns"]:
        named = firm_named(token)
        return _as_company(named, described=True) if named is not None else None
    if token.pos_ != "PROPN":
        return None
    described = any(
        c.dep_ in ("compound", "appos", "amod") and c.lemma_.lower() in _LEX["company_nouns"] for c in token.children
    ) or (token.dep_ == "appos" and token.head.lemma_.lower() in _LEX["company_nouns"])
    suffixed = token.lower_ in _LEX["company_suffixes"] or any(
        c.lower_ in _LEX["company_suffixes"] for c in token.rights if c.dep_ in ("compound", "appos", "npadvmod")
    )
    if token.ent_type_ == "ORG" or described or suffixed:
        return _as_company(token, described)
    return None


def _entity_start(token: Token) -> int:
    start = token.i
    while start > 0 and token.doc[start].ent_iob_ == "I":
        start -= 1
    return start


def coordinated_firms(token: Token) -> list[str]:
    """Firms listed right before the one `token` heads: "Shenzhen Jinghon Electronics and Shenzhen Rion
    Technology Co." is parsed in many shapes (the first firm a modifier of the second, or of the company noun
    after them), while the NER still marks two organisations. So the list is read off the text: organisations
    that are firms, each followed by "and" or a comma, up to the name `token` heads."""
    own = _name_tokens(token)
    if not own:
        return []
    doc, i = token.doc, min(t.i for t in own)
    found: list[str] = []
    while i >= 2 and doc[i - 1].lower_ in ("and", ",") and doc[i - 2].ent_type_ == "ORG":
        name = _as_company(doc[i - 2], described=True)
        if not name:
            break
        found.insert(0, name)
        i = _entity_start(doc[i - 2])
    return found
