"""Party resolution: the ways news names a state or an armed group, turned into party codes (docs/indicators.md).

A spaCy component (`party_ruler`) placed before "ner" marks every gazetteer name as an entity, so the
statistical NER cannot split or mislabel it: STATE (names, demonyms, acronyms, capitals, seats of government
such as "the Kremlin"), ORG_STATE (state organs and media: IRGC, KCNA, "North Korean state media"), GROUP
(armed groups, code = their slug) and PERSON (leaders and ministers, code = their state or group). The code is
the span's `id_` (and each token's `ent_id_`). `party_code`, `token_party` and `resolve_name` answer "which
party is this?" for entity spans, NER spans, noun phrases, single tokens and plain strings.

Ambiguous names (Washington state, Georgia the US state, Tripoli in Lebanon, Jordan or Kim as a personal
name) are checked against context rules from alerts/data/parties/context.yaml before they become entities.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from alerts.extract.gazetteer import (
    GROUP,
    ORG_STATE,
    PARTY_LABELS,
    PERSON,
    STATE,
    ContextRule,
    Gazetteer,
    Leader,
    Term,
    load_gazetteer,
)

__all__ = [
    "GROUP",
    "ORG_STATE",
    "PARTY_LABELS",
    "PARTY_RULER_NAME",
    "PERSON",
    "STATE",
    "Leader",
    "PartyRuler",
    "add_party_ruler",
    "dateline_ranges",
    "find_leader",
    "party_code",
    "party_name",
    "resolve_name",
    "span_parties",
    "token_party",
]

PARTY_RULER_NAME = "party_ruler"
#: doc.spans key of the names the ruler matched but refused (not-party phrases, failed context rules), so that
#: `token_party` and `party_code` refuse them too when the statistical NER labels them GPE or NORP.
REJECTED_SPANS = "party_ruler_rejected"
_BLOCK = "__not_a_party__"
_SENTENCE_END = frozenset({".", "!", "?", "\n", '"', "“", "”", ":", ";", "(", "-", "—"})

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_UPPER_PLACE = r"[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,3}"
_TITLE_PLACE = r"[A-Z][a-z.'’\-]+(?: (?:[A-Z][a-z.'’\-]+|al|el|es|de|da|do|la|le)){0,3}"
_LINE_BREAK = re.compile(r"\n")
#: A news dateline at the start of an article or paragraph: "SEOUL, March 4 (Reuters) - ", "KYIV, Ukraine -- ",
#: "Seoul, Oct 19 (EFE).- ", "BEIJING – ", "GAZA—", "New Delhi: ". The place says where the reporter filed
#: from, not who did anything, so no name in it is a party.
DATELINE = re.compile(
    rf"[ \t]*(?:(?P<upper>{_UPPER_PLACE})|(?P<title>{_TITLE_PLACE}))"
    r"(?:, *[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,2}){0,2}"  # region: ", Ukraine", ", D.C.", ", ARGENTINA"
    rf"(?:,? *(?:\d{{1,2}} +{_MONTH}|{_MONTH} +\d{{1,2}})(?:,? +\d{{4}})?)?"  # date: "March 4", "19 Oct 2024"
    r"(?: *\([^()\n]{1,40}\))?"  # agency: "(Reuters)", "(EFE)"
    r"(?: *\.? *[—―]|\.[-–]| +(?:--?|–)|(?:--?|–) |: )"  # " - ", " -- ", ".-", " — ", "—", ": "
)


class PartyRuler:
    """Marks gazetteer names as entities with their party code; cheap (two phrase matchers, one pass)."""

    def __init__(self, nlp: Language, name: str = PARTY_RULER_NAME) -> None:
        self.name = name
        self.gazetteer = load_gazetteer()
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._terms: dict[int, Term] = {}
        exact_patterns: dict[str, list[Doc]] = {}
        lower_patterns: dict[str, list[Doc]] = {}
        texts = [t.text for t in self.gazetteer.terms] + self.gazetteer.not_parties
        docs = {text: nlp.make_doc(text) for text in texts}
        for term in self.gazetteer.terms:
            key = f"{term.label}|{term.code}|{term.text}"
            self._terms[nlp.vocab.strings.add(key)] = term
            (exact_patterns if term.cased else lower_patterns).setdefault(key, []).append(docs[term.text])
        lower_patterns[_BLOCK] = [docs[t] for t in self.gazetteer.not_parties]
        self._block = nlp.vocab.strings.add(_BLOCK)
        for key, patterns in exact_patterns.items():
            self.exact.add(key, patterns)
        for key, patterns in lower_patterns.items():
            self.lower.add(key, patterns)

    def __call__(self, doc: Doc) -> Doc:
        return self.mark(doc, doc.text)

    def mark(self, doc: Doc, text: str) -> Doc:
        """Mark the party names of `doc`, whose text the caller already holds: `Doc.text` joins every token
        again on each access, which over whole articles (the party gate's pass) cost a tenth of a storing run."""
        candidates: list[Span] = []
        refused: list[Span] = []
        memo: dict[tuple[str, str], bool] = {}  # per-doc answers of the doc-wide surname check
        datelines = dateline_ranges(text)
        for match_id, start, end in [*self.exact(doc), *self.lower(doc)]:
            if match_id == self._block:
                candidates.append(Span(doc, start, end, label=_BLOCK))
                continue
            term = self._terms[match_id]
            rule = self.gazetteer.rules.get(term.rule) if term.rule else None
            if (
                _alignment_prefix(doc, start)
                or any(a <= doc[start].idx < b for a, b in datelines)
                or (rule is not None and not _context_allows(doc, start, end, rule, term.code, memo, text))
            ):
                refused.append(Span(doc, start, end, label="context"))
                continue
            candidates.append(Span(doc, start, end, label=term.label, span_id=term.code))
        chosen: list[Span] = []
        for span in filter_spans(candidates):
            (refused if span.label_ == _BLOCK else chosen).append(span)
        chosen = self._extend_organs(doc, chosen)
        chosen = sorted(chosen + self._followers(doc, chosen), key=lambda span: span.start)
        # a refusal inside a name that was recognised ("Kim" of "Kim Jong Un") is no refusal
        taken = {i for span in chosen for i in range(span.start, span.end)}
        refused = [s for s in refused if not any(i in taken for i in range(s.start, s.end))]
        if refused:
            doc.spans[REJECTED_SPANS] = refused
        if not chosen:
            return doc
        if doc.has_annotation("ENT_IOB"):
            kept = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
            doc.ents = filter_spans(chosen + kept)
        else:  # leave other tokens unset so the NER still predicts entities around ours
            doc.set_ents(chosen, default="unmodified")
        return doc

    def _followers(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """ "Forces loyal to eastern commander Khalifa Haftar", "fighters led by Hemedti", "Haftar-aligned
        militias": the force noun becomes an entity of its own with the leader's party (lna, rsf), so the
        phrase it heads names that party, as "Haftar's forces" does; the leader keeps his PERSON entity."""
        rules = self.gazetteer.followers
        taken = {i for span in spans for i in range(span.start, span.end)}
        inside = {i: span for span in spans for i in range(span.start, span.end)}
        found: list[Span] = []

        def mark(i: int, code: str) -> None:
            if 0 <= i < len(doc) and i not in taken and doc[i].lower_ in rules.nouns:
                taken.add(i)
                found.append(Span(doc, i, i + 1, label=STATE if code.isupper() else GROUP, span_id=code))

        for span in spans:
            if span.label_ != PERSON or not span.id_:
                continue
            if span.end + 2 < len(doc) and doc[span.end].text == "-" and doc[span.end + 1].lower_ in rules.hyphen:
                i = span.end + 2
                while (
                    i < len(doc)
                    and i - span.end < 5
                    and doc[i].lower_ not in rules.nouns
                    and (doc[i].lower_ in rules.between or i in inside)
                ):
                    i += 1
                mark(i, span.id_)  # "Haftar-led forces", "Haftar-aligned eastern forces"
            i = span.start  # walk back over "the eastern commander", "Libyan", ", the"
            while (
                i > 0
                and span.start - i < 7
                and (doc[i - 1].lower_ in rules.between or (i - 1 in inside and inside[i - 1].label_ in (STATE, GROUP)))
            ):
                i -= 1
            for link in rules.links:
                words = tuple(t.lower_ for t in doc[max(0, i - len(link)) : i])
                if len(words) == len(link) and words == link and i - len(link) > 0:
                    mark(i - len(link) - 1, span.id_)
                    break
        return found

    def _extend_organs(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """ "Russian Foreign Ministry", "North Korean state media": a state name followed by an organ phrase
        becomes one ORG_STATE span, so attribution and NER see the organ, not a bare demonym."""
        out: list[Span] = []
        for i, span in enumerate(spans):
            limit = spans[i + 1].start if i + 1 < len(spans) else len(doc)
            if span.label_ == STATE:
                following = [t.lower_ for t in doc[span.end : min(limit, span.end + 4)]]
                for phrase in self.gazetteer.extend:
                    if tuple(following[: len(phrase)]) == phrase:
                        span = Span(doc, span.start, span.end + len(phrase), label=ORG_STATE, span_id=span.id_)
                        break
            out.append(span)
        return out


@Language.factory(PARTY_RULER_NAME)
def make_party_ruler(nlp: Language, name: str) -> PartyRuler:
    """spaCy factory: `nlp.add_pipe("party_ruler", before="ner")`."""
    return PartyRuler(nlp, name)


def add_party_ruler(nlp: Language) -> None:
    """Insert the party ruler before "ner" (or last, in a pipeline without NER); a no-op if already there."""
    if PARTY_RULER_NAME in nlp.pipe_names:
        return
    if "ner" in nlp.pipe_names:
        nlp.add_pipe(PARTY_RULER_NAME, before="ner")
    else:
        nlp.add_pipe(PARTY_RULER_NAME, last=True)


def dateline_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the datelines that open the text or one of its lines ("SEOUL, March 4 (Wire) - ",
    "Seoul, Oct 19 (EFE).- "). A place in capitals is a dateline unless it names a leader, an organ, a group or
    a seat that speaks for the state ("PUTIN: ...", "KREMLIN - ..."); one in Title Case only when it is a city
    ("New Delhi: "), not a country ("Russia: ..." is a heading that names the party)."""
    found: list[tuple[int, int]] = []
    gaz = load_gazetteer()
    for start in (0, *(m.end() for m in _LINE_BREAK.finditer(text))):
        match = DATELINE.match(text, start)
        if match is None:
            continue
        place = gaz.lookup(match.group("upper") or match.group("title"))
        if place is not None and (
            place.label in (PERSON, ORG_STATE, GROUP)
            or place.role not in (None, "government")  # "Kremlin: ...", "WHITE HOUSE - ..." speak
            or (match.group("title") and place.kind not in ("capital", "seat"))
        ):
            continue
        found.append((match.start(), match.end()))
    return found


# --- context rules ---------------------------------------------------------------------------------------


def _window_text(doc: Doc, start: int, end: int) -> str:
    """The sentence around a match (or, without sentence boundaries, 30 tokens either side), lower-cased."""
    if doc.has_annotation("SENT_START"):
        sent = doc[start].sent
        return sent.text.lower()
    return doc[max(0, start - 30) : min(len(doc), end + 30)].text.lower()


def _next_words(doc: Doc, end: int, n: int = 4) -> list[str]:
    i = end
    if i < len(doc) and doc[i].lower_ in ("'s", "’s"):
        i += 1
    return [t.lower_ for t in doc[i : i + n]]


def _prev_words(doc: Doc, start: int, n: int = 5) -> list[str]:
    i = start
    if i > 0 and doc[i - 1].text == ",":
        i -= 1
    return [t.lower_ for t in doc[max(0, i - n) : i]]


def _is_sentence_start(doc: Doc, i: int) -> bool:
    if i == 0:
        return True
    if doc.has_annotation("SENT_START") and doc[i].is_sent_start:
        return True
    return doc[i - 1].text in _SENTENCE_END or "\n" in doc[i - 1].whitespace_ + doc[i - 1].text


_ALIGNMENT = frozenset({"pro", "anti", "non"})


def _alignment_prefix(doc: Doc, start: int) -> bool:
    """ "pro-Russian separatists", "anti-Houthi forces", "non-Iranian": the name describes alignment, and the
    phrase names someone other than that party."""
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in _ALIGNMENT


def _looks_like_headline(doc: Doc, start: int, end: int) -> bool:
    """Title Case around the match ("Xi Meets Putin In Moscow"): capitalised neighbours say nothing there."""
    window = [t for t in doc[max(0, start - 6) : min(len(doc), end + 6)] if t.is_alpha and not start <= t.i < end]
    capitalised = sum(1 for t in window if t.is_title or t.is_upper)
    return len(window) >= 4 and capitalised >= 0.75 * len(window)


def _inside_personal_name(doc: Doc, start: int, end: int) -> bool:
    """ "Michael Jordan", "Chad Smith", "Marvin Scholz", "Kim Min-jae", "Kim-Minh": a capitalised neighbour that
    is not a title or a function word (context.yaml `name_neighbours`) makes the match part of someone else's
    name. Headlines in Title Case are exempt."""
    if _looks_like_headline(doc, start, end):
        return False
    gaz = load_gazetteer()
    neighbours = gaz.name_neighbours
    if start > 0 and not _is_sentence_start(doc, start):
        prev = doc[start - 1]
        own = gaz.given_prefixes.get(doc[start:end].text.lower(), frozenset())
        if prev.is_title and prev.is_alpha and prev.lower_ not in neighbours and prev.lower_[:3] not in own:
            return True
    if end < len(doc):
        nxt = doc[end]
        if nxt.is_title and nxt.is_alpha and nxt.lower_ not in neighbours and not _is_sentence_start(doc, end):
            return True
        if nxt.text == "-" and end + 1 < len(doc) and doc[end + 1].is_title and not doc[start].is_upper:
            return True  # a hyphenated given name: "Kim-Minh"
    return False


def _other_person_with_surname(doc: Doc, start: int, code: str) -> bool:
    """Whether the doc also names someone else with this surname ("Kim Yong-hyun" beside a bare "Kim"), who is
    not a listed leader of the same party: then the bare surname may be either person, so it stays unresolved."""
    surname = doc[start].text
    gaz = load_gazetteer()
    for token in doc:
        if token.text != surname or token.i + 1 >= len(doc):
            continue
        nxt = doc[token.i + 1]
        if not nxt.is_title or nxt.lower_ in gaz.name_neighbours:
            continue
        names = (gaz.lookup(doc[token.i : token.i + k].text) for k in range(2, 6) if token.i + k <= len(doc))
        if not any(term is not None and term.code == code and term.label == PERSON for term in names):
            return True
    return False


def _context_allows(
    doc: Doc,
    start: int,
    end: int,
    rule: ContextRule,
    code: str = "",
    memo: dict[tuple[str, str], bool] | None = None,
    doc_text: str | None = None,
) -> bool:
    """Whether an ambiguous term at doc[start:end] is the party here. `memo` caches the doc-wide checks;
    `doc_text` is `doc.text` when the caller has it."""
    if rule.reject_prev_in_caps and start > 0:
        prev = doc[start - 1]
        if prev.is_upper and prev.lower_ in rule.reject_prev_in_caps:  # "LET US", "FOR US" in a capitals headline
            return False
    if rule.reject_next:
        following = _next_words(doc, end)
        if any(tuple(following[: len(p)]) == p for p in rule.reject_next):
            return False
    if rule.reject_prev:
        preceding = _prev_words(doc, start)
        if any(len(p) <= len(preceding) and tuple(preceding[-len(p) :]) == p for p in rule.reject_prev):
            return False
    if rule.person_name and _inside_personal_name(doc, start, end):
        return False
    if rule.shared_surname:
        memo = {} if memo is None else memo
        key = (doc[start].text, code)
        if key not in memo:
            memo[key] = _other_person_with_surname(doc, start, code)
        if memo[key]:
            return False
    if rule.require_in_text and not rule.require_in_text.search((doc.text if doc_text is None else doc_text).lower()):
        return False
    if rule.reject_in_sentence or rule.require_in_sentence:
        text = _window_text(doc, start, end)
        if rule.require_in_sentence and not rule.require_in_sentence.search(text):
            return False
        if rule.reject_in_sentence and rule.reject_in_sentence.search(text):
            return bool(rule.keep_in_sentence and rule.keep_in_sentence.search(text))
    return True


# --- resolution -----------------------------------------------------------------------------------------


def resolve_name(text: str) -> str | None:
    """The party code a plain string names ("North Korea's" -> "KP", "the Kremlin" -> "RU", "Hizbollah" ->
    "hezbollah"), or None. Context rules cannot apply to a bare string, so ambiguous names resolve to their
    party sense ("Georgia" -> "GE"); phrases listed as not parties ("Washington Post") resolve to None."""
    gaz = load_gazetteer()
    term = gaz.lookup(text)
    if term is not None:
        return term.code
    cleaned = " ".join(text.split())
    if cleaned.lower() in gaz.not_parties_lower:
        return None
    return _organ_phrase_code(gaz, cleaned)


def _organ_phrase_code(gaz: Gazetteer, text: str) -> str | None:
    """ "the Russian Foreign Ministry" -> RU: a state name followed by one of the organ phrases."""
    words = text.replace("’", "'").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    for phrase in gaz.extend:
        n = len(phrase)
        if len(words) > n and tuple(w.lower() for w in words[-n:]) == phrase:
            term = gaz.lookup(" ".join(words[:-n]))
            if term is not None and term.label == STATE:
                return term.code
    return None


def party_name(code: str) -> str:
    """A readable name for a party code, for reports ("KP" -> "North Korea", "houthis" -> "Houthis"); the code
    itself when unknown."""
    return load_gazetteer().display_names.get(code, code)


def find_leader(text: str) -> Leader | None:
    """The dated office-holder record for a name as news writes it ("Lavrov", "Kim Jong Un"), or None."""
    return load_gazetteer().leaders.get(" ".join(text.replace("’", "'").split()).lower())


def span_parties(span: Span) -> list[str]:
    """Every party named inside a span, in order, without repeats ("Iran and Syria" -> ["IR", "SY"])."""
    found: list[str] = []
    for token in span:
        code = token_party(token)
        if code and code not in found:
            found.append(code)
    return found


def party_code(span: Span) -> str | None:
    """The party a span names: a party_ruler entity's code; else the span's text resolved as a name ("the
    Russian Federation", "russia", "North Korea's", a GPE or NORP the NER found), with the context rules of
    ambiguous names applied in the span's sentence; else the party of its head token when that token belongs
    to a party entity. "Russian jets" names no party (use `token_party` on "Russian")."""
    if span.label_ in PARTY_LABELS and span.id_:
        return span.id_
    if _refused(span.doc, span.start, span.end):
        return None
    code = _resolve_in_doc(span.doc, span.start, span.end)
    if code is not None:
        return code
    root = span.root
    if root.ent_id_ and root.ent_type_ in PARTY_LABELS:
        return root.ent_id_
    return None


def token_party(token: Token) -> str | None:
    """The party a single token belongs to: via its entity (party_ruler code, or a GPE/NORP/ORG entity whose
    text resolves), else the token itself as a demonym or name ("Russian" in "Russian jets")."""
    if token.ent_id_ and token.ent_type_ in PARTY_LABELS:
        return token.ent_id_
    if _refused(token.doc, token.i, token.i + 1):
        return None
    if token.ent_type_ in _NER_PARTY_TYPES:
        start, end = entity_bounds(token)
        code = _resolve_in_doc(token.doc, start, end)
        if code is not None:
            return code
    gaz = load_gazetteer()
    if token.lower_ in gaz.single_words:
        return _resolve_in_doc(token.doc, token.i, token.i + 1, organs=False)
    if "." in token.text and "-" in token.text:  # the tokenizer keeps "U.S.-led", "U.S.-made" as one token
        term = gaz.lookup(token.text.split("-", 1)[0])
        return term.code if term is not None and term.label == STATE else None
    return None


_NER_PARTY_TYPES = frozenset({"GPE", "NORP", "ORG", "LOC", "FAC"})


def _refused(doc: Doc, start: int, end: int) -> bool:
    """Whether the ruler refused a name overlapping doc[start:end] ("Washington" in "Washington state")."""
    group = doc.spans.get(REJECTED_SPANS) if doc.spans else None
    if not group:
        return False
    return any(s.start < end and start < s.end for s in group)


def _resolve_in_doc(doc: Doc, start: int, end: int, organs: bool = True) -> str | None:
    """Resolve doc[start:end] as a name, applying the term's context rule where it stands in the doc (so an
    NER "Georgia" in "Atlanta, Georgia" stays unresolved, as the ruler left it)."""
    gaz = load_gazetteer()
    text = doc[start:end].text
    term = gaz.lookup(text)
    if term is None:
        if not organs or text.lower() in gaz.not_parties_lower:
            return None
        return _organ_phrase_code(gaz, " ".join(text.split()))
    if term.rule:
        rule = gaz.rules.get(term.rule)
        while end > start and doc[end - 1].lower_ in ("'s", "’s", "'", "’"):
            end -= 1
        if doc[start].lower_ == "the" and end - start > 1:
            start += 1
        if rule is not None and not _context_allows(doc, start, end, rule, term.code):
            return None
    return term.code


def entity_bounds(token: Token) -> tuple[int, int]:
    """Token bounds of the NER entity that contains `token` (walking the IOB tags, no doc.ents scan)."""
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end
