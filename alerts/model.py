"""The domain types every stage shares: an article, an indicator and the evidence behind it.

They are plain dataclasses on purpose: extraction produces them in a hot loop, the rule engine reads them as
flat JSON facts, storage persists them, and `alerts analyze` prints them. `Indicator.to_dict()` is the one
place that defines the indicator shape (docs/indicators.md), so every consumer sees the same fields.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal, get_args

IndicatorType = Literal[
    "arms_transfer", "sanctions_reference", "military_cooperation", "high_level_visit", "sanctioned_entity"
]
Modality = Literal["asserted", "alleged", "planned", "speculative", "denied"]
Severity = Literal["info", "low", "medium", "high", "critical"]

INDICATOR_TYPES: tuple[str, ...] = (
    "arms_transfer",
    "sanctions_reference",
    "military_cooperation",
    "high_level_visit",
    "sanctioned_entity",
)
ENTITY_TYPES: tuple[str, ...] = ("person", "organization", "vessel", "aircraft")
ENTITY_ROLES: tuple[str, ...] = ("supplier", "recipient", "carrier")
MODALITIES: tuple[str, ...] = ("asserted", "alleged", "planned", "speculative", "denied")
SEVERITIES: tuple[str, ...] = get_args(Severity)
WEAPON_CATEGORIES: tuple[str, ...] = (
    "artillery_ammunition",
    "missiles",
    "anti_tank_missiles",
    "air_defense",
    "drones",
    "small_arms",
    "armored_vehicles",
    "aircraft",
    "naval",
    "nuclear",
    "space_satellite",
    "military_equipment_unspecified",
    "dual_use",
)

#: The type-specific fields of each indicator type (docs/indicators.md).
INDICATOR_FIELDS: dict[str, tuple[str, ...]] = {
    "arms_transfer": ("supplier", "recipient", "weapon_categories", "items", "quantity", "mode_of_transport", "route"),
    "sanctions_reference": ("parties", "regime", "kind"),
    "military_cooperation": ("parties", "domains"),
    "high_level_visit": ("visitor_state", "host_state", "visitor"),
    # a name in the article found on an official sanctions list (alerts/screening/)
    "sanctioned_entity": (
        "name",
        "matched_name",
        "list",
        "program",
        "entity_id",
        "entity_type",
        "score",
        "reasons",
        "role",
    ),
}


def severity_rank(severity: str) -> int:
    """Order severities so that `info` < `low` < ... < `critical`."""
    return SEVERITIES.index(severity)


#: Characters some outlets use for an apostrophe, folded to the one spaCy's tokenizer splits possessives on
#: ("Iranʼs" -> "Iran’s"). One character for one, so evidence offsets are unaffected.
_APOSTROPHES = str.maketrans({"\u02bc": "\u2019"})
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def normalise_text(text: str) -> str:
    """Unicode NFC, unified newlines and apostrophes, no trailing whitespace: the form hashed and analysed.
    A lone surrogate (a JSON `"\\ud800"` escape) becomes U+FFFD: it cannot be encoded, stored or printed."""
    text = _LONE_SURROGATE.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def content_hash(text: str) -> str:
    """SHA-256 of the normalised text with whitespace runs folded: the article's identity for deduplication."""
    folded = " ".join(normalise_text(text).split()).casefold()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Article:
    """One news article as it enters the pipeline. `text` is already normalised (see `normalise_text`)."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    source: str | None = None
    origin: str | None = None  # where it was read from: "seeds/x.txt", "dump.jsonl:12", a feed URL

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where an indicator comes from. `text[start:end] == sentence`; the trigger span is the words that made it."""

    sentence: str
    start: int
    end: int
    trigger_start: int | None = None
    trigger_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"sentence": self.sentence, "start": self.start, "end": self.end}
        if self.trigger_start is not None and self.trigger_end is not None:
            data["trigger"] = {"start": self.trigger_start, "end": self.trigger_end}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        trigger = data.get("trigger") or {}
        return cls(
            sentence=data["sentence"],
            start=data["start"],
            end=data["end"],
            trigger_start=trigger.get("start"),
            trigger_end=trigger.get("end"),
        )


@dataclass(slots=True)
class Indicator:
    """A typed claim found in an article, with its evidence. `fields` holds the type-specific fields."""

    type: str
    confidence: float
    modality: str
    evidence: Evidence
    attribution: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    #: The named heuristics that made or shaped this indicator ("transfer.give_verb", "modality.hedge_modal"),
    #: in the order they fired: the provenance `alerts evaluate --by-heuristic` scores one heuristic at a time.
    heuristics: list[str] = field(default_factory=list)

    def fired(self, name: str) -> None:
        """Record that the heuristic `name` made or changed this indicator (once, in firing order)."""
        if name not in self.heuristics:
            self.heuristics.append(name)

    def to_dict(self) -> dict[str, Any]:
        """The flat shape of docs/indicators.md: common keys plus the type's own fields (every one present, null when unknown),
        and the names of the heuristics behind it."""
        data: dict[str, Any] = {
            "type": self.type,
            "confidence": round(self.confidence, 3),
            "modality": self.modality,
            "attribution": self.attribution,
            "evidence": self.evidence.to_dict(),
        }
        for name in INDICATOR_FIELDS[self.type]:
            data[name] = self.fields.get(name)
        data["heuristics"] = list(self.heuristics)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Indicator:
        kind = data["type"]
        return cls(
            type=kind,
            confidence=float(data["confidence"]),
            modality=data["modality"],
            attribution=data.get("attribution"),
            evidence=Evidence.from_dict(data["evidence"]),
            fields={name: data.get(name) for name in INDICATOR_FIELDS[kind]},
            heuristics=list(data.get("heuristics") or []),
        )

    @property
    def fingerprint(self) -> str:
        """A stable identity within an article: same type, fields, modality and evidence span -> same indicator."""
        parts = [self.type, self.modality, str(self.evidence.start), str(self.evidence.end)]
        parts += [f"{k}={self.fields.get(k)!r}" for k in INDICATOR_FIELDS[self.type]]
        return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Escalation:
    """Raise an alert to `to_severity` once its dedupe key has `count` distinct sources within `window`."""

    count: int
    window: timedelta
    to_severity: str


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """One rule firing on one article: what the rule engine hands to storage and to `alerts analyze`.

    `indicator_indexes` point into the article's indicator list (a join rule matches several indicators).
    `dedupe_key` is the rendered key (e.g. "supplier=KP|recipient=RU"); one alert per rule and key within `dedupe_window`.
    """

    rule_id: str
    rule_version: str
    title: str
    severity: str
    dedupe_key: str
    indicator_indexes: tuple[int, ...]
    dedupe_window: timedelta | None = None
    escalation: Escalation | None = None
    tags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The `alerts` entry of the analyze contract (docs/analyze.md), plus the key and the indicators it rests on."""
        return {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "title": self.title,
            "rule_version": self.rule_version,
            "dedupe_key": self.dedupe_key,
            "indicators": list(self.indicator_indexes),
        }
