"""Names reduced to the form the sanctions world compares them in.

A list writes "KOREA MINING DEVELOPMENT TRADING CORPORATION", "YO'N, Cho'ng-Nam" or "SOVFRACHT OAO"; a
newspaper writes "Korea Mining Development Trading Corp.", "Yon Chong Nam" or "Sovfracht". Both sides go through
the same steps: transliteration to ASCII (normality, the library OpenSanctions uses), case folding,
apostrophes dropped (McCune-Reischauer "Cho'ng" is "Chong" in most papers), other punctuation to spaces, and
legal-form words ("LLC", "Co., Ltd.", "OAO", "JSC") and honorifics ("Mr", "General") removed with rigour's
tables, so that no hand-made list of them is kept here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from normality import ascii_text
from rigour.names import remove_org_types, remove_person_prefixes, replace_org_types_compare

#: Arabic articles and particles: "al-Assad", "Assad" and "el Assad" are one surname.
PARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an"})
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`\u00b4]")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """ASCII, lower case, apostrophes dropped, any other non-alphanumeric run a single space."""
    ascii_form = ascii_text(text) or ""
    ascii_form = _APOSTROPHES.sub("", ascii_form.lower())
    return _NON_WORD.sub(" ", ascii_form).strip()


@lru_cache(maxsize=65536)
def name_tokens(text: str, entity_type: str | None = None) -> tuple[str, ...]:
    """The comparable words of a name: folded, without legal forms (organisations) or honorifics (people).
    When the removal would leave nothing ("Trading Company"), the folded words are kept."""
    folded = fold(text)
    if entity_type in (None, "organization", "vessel"):
        stripped = fold(remove_org_types(replace_org_types_compare(folded)))
    else:
        stripped = folded
    if entity_type in (None, "person"):
        stripped = fold(remove_person_prefixes(stripped))
    words = (stripped or folded).split()
    return tuple(w for w in words if w not in PARTICLES) or tuple(words)


def surname_tokens(list_name: str) -> tuple[str, ...]:
    """The surname of a person as OFAC writes it ("KIM, Yong Chol" -> ("kim",)); empty when not marked."""
    if "," not in list_name:
        return ()
    words = fold(list_name.split(",", 1)[0]).split()
    return tuple(w for w in words if w not in PARTICLES) or tuple(words)
