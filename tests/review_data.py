"""A small, realistic alert database for the review, report and notification tests, built through the real Store.

Indicators and rule matches are constructed directly (no spaCy): the evidence offsets are computed from the
article text exactly as the extractor reports them, so `alerts show` highlights real trigger words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from alerts.model import Article, Escalation, Evidence, Indicator, RuleMatch
from storage import Store

#: "now" of the fixture world; tests pass it (or a moment after it) as the clock.
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

SEED_TEXT = (
    "Lavrov arrives in Pyongyang\n"
    "Russian Foreign Minister Sergei Lavrov arrived in Pyongyang on Wednesday. "
    "According to the US, North Korea has shipped more than 1,000 containers of military equipment and munitions "
    "to Russia by rail and sea. "
    "Such transfers would violate international sanctions against North Korea. "
    "The two countries agreed to deepen military and space cooperation."
)
MIRROR_TEXT = (
    "Containers cross the border\n"
    "Satellite images suggest North Korea shipped artillery shells to Russia by rail last month."
)
TANKS_TEXT = "Germany delivers tanks\nGermany delivered Leopard tanks to Ukraine on Monday."


def evidence(text: str, sentence_start: str, trigger: str) -> Evidence:
    """Evidence for the sentence of `text` that starts with `sentence_start`, triggered by `trigger`."""
    start = text.index(sentence_start)
    end = text.index(".", start) + 1
    trigger_start = text.index(trigger, start)
    return Evidence(text[start:end], start, end, trigger_start, trigger_start + len(trigger))


def transfer(text: str, sentence: str, trigger: str, supplier: str, recipient: str, **extra) -> Indicator:
    fields = {
        "supplier": supplier,
        "recipient": recipient,
        "weapon_categories": extra.pop("weapon_categories", ["military_equipment_unspecified"]),
        "items": extra.pop("items", trigger),
        "quantity": extra.pop("quantity", None),
        "mode_of_transport": extra.pop("mode_of_transport", []),
    }
    return Indicator(
        "arms_transfer",
        extra.pop("confidence", 0.9),
        extra.pop("modality", "asserted"),
        evidence(text, sentence, trigger),
        extra.pop("attribution", None),
        fields,
    )


def match(
    rule_id: str, severity: str, key: str, indexes: tuple[int, ...], title: str | None = None, **extra
) -> RuleMatch:
    return RuleMatch(
        rule_id=rule_id,
        rule_version="v1",
        title=title or f"{rule_id} {key}",
        severity=severity,
        dedupe_key=key,
        indicator_indexes=indexes,
        dedupe_window=extra.get("window", timedelta(days=7)),
        escalation=extra.get("escalation"),
        tags=tuple(extra.get("tags", ("test",))),
    )


def seed_indicators() -> list[Indicator]:
    text = SEED_TEXT
    return [
        transfer(
            text,
            "According to the US",
            "has shipped",
            "KP",
            "RU",
            items="military equipment and munitions",
            quantity="more than 1,000 containers",
            mode_of_transport=["rail", "sea"],
            attribution="US",
            weapon_categories=["military_equipment_unspecified", "artillery_ammunition"],
        ),
        Indicator(
            "sanctions_reference",
            0.85,
            "asserted",
            evidence(text, "Such transfers", "would violate"),
            None,
            {"parties": ["KP", "RU"], "regime": "UN", "kind": "violation"},
        ),
        Indicator(
            "military_cooperation",
            0.8,
            "planned",
            evidence(text, "The two countries", "cooperation"),
            None,
            {"parties": ["KP", "RU"], "domains": ["military", "space"]},
        ),
        Indicator(
            "high_level_visit",
            0.9,
            "asserted",
            evidence(text, "Russian Foreign Minister", "arrived"),
            None,
            {"visitor_state": "RU", "host_state": "KP", "visitor": "Sergei Lavrov"},
        ),
    ]


SEED_MATCHES = [
    match(
        "kp-ru-arms",
        "critical",
        "KP>RU",
        (0,),
        "Arms transfer between embargoed states",
        escalation=Escalation(2, timedelta(days=7), "critical"),
    ),
    match("sanctions-violation", "high", "KP,RU", (1,), "Open reference to a sanctions violation"),
    match("military-cooperation", "medium", "KP,RU", (2,), "Military cooperation with an embargoed state"),
    match("high-level-visit", "low", "RU>KP", (3,), "High-level visit to an embargoed state"),
]


@dataclass
class Fixture:
    """Ids of what `populate` stored, by role."""

    arms: int  # critical, corroborated by a second source
    sanctions: int  # high
    cooperation: int  # medium
    visit: int  # low
    tanks: int  # info (DE -> UA)
    seed_article: int
    mirror_article: int


def populate(store: Store, now: datetime = NOW) -> Fixture:
    """Three articles over three days: the seed (4 alerts), a second source for KP>RU, and DE -> UA tanks."""
    day1, day2, day3 = now - timedelta(days=3), now - timedelta(days=2), now - timedelta(days=1)
    seed = Article(
        "lavrov-pyongyang",
        SEED_TEXT,
        "Lavrov arrives in Pyongyang",
        "https://efe.example/lavrov",
        published_at=day1 - timedelta(days=2),
        source="EFE",
        origin="seeds/lavrov.txt",
    )
    seed_id, _ = store.ingest(seed, now=day1)
    outcome = store.save_analysis(seed_id, seed_indicators(), SEED_MATCHES, now=day1)
    arms, sanctions, cooperation, visit = outcome.new_alert_ids

    mirror = Article(
        "mirror",
        MIRROR_TEXT,
        "Containers cross the border",
        "https://wire.example/containers",
        published_at=None,
        source="Wire",
        origin="feed:wire",
    )
    mirror_id, _ = store.ingest(mirror, now=day2)
    store.save_analysis(
        mirror_id,
        [
            transfer(
                MIRROR_TEXT,
                "Satellite images",
                "shipped",
                "KP",
                "RU",
                weapon_categories=["artillery_ammunition"],
                items="artillery shells",
                mode_of_transport=["rail"],
                modality="alleged",
            )
        ],
        [SEED_MATCHES[0]],
        now=day2,
    )

    tanks = Article("tanks", TANKS_TEXT, "Germany delivers tanks", None, published_at=day3, source="DW", origin="dw")
    tanks_id, _ = store.ingest(tanks, now=day3)
    tanks_outcome = store.save_analysis(
        tanks_id,
        [
            transfer(
                TANKS_TEXT,
                "Germany delivered",
                "delivered",
                "DE",
                "UA",
                weapon_categories=["armored_vehicles"],
                items="Leopard tanks",
            )
        ],
        [match("arms-transfer-any", "info", "DE>UA", (0,), "Arms transfer")],
        now=day3,
    )
    return Fixture(arms, sanctions, cooperation, visit, tanks_outcome.new_alert_ids[0], seed_id, mirror_id)
