"""Builders shared by the storage tests: articles, indicators and rule matches as the pipeline makes them.

(Named test_storage_* to stay inside the storage area; it holds no tests.)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alerts.model import Article, Escalation, Evidence, Indicator, RuleMatch

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def article(n: int, *, source: str | None = "EFE", url: str | None = None, text: str | None = None) -> Article:
    body = text or f"Article {n}. North Korea shipped more than {n} containers of munitions to Russia by rail."
    return Article(id=f"a{n}", text=body, title=f"Title {n}", url=url, source=source, origin=f"test:{n}")


def transfer(supplier: str = "KP", recipient: str = "RU", start: int = 0, **fields: object) -> Indicator:
    sentence = f"{supplier} shipped munitions to {recipient}."
    return Indicator(
        type="arms_transfer",
        confidence=0.9,
        modality="asserted",
        attribution="US",
        evidence=Evidence(sentence, start, start + len(sentence), trigger_start=start + 3, trigger_end=start + 10),
        fields={"supplier": supplier, "recipient": recipient, "weapon_categories": ["artillery_ammunition"], **fields},
    )


def sanctions(start: int = 50) -> Indicator:
    sentence = "That would violate international sanctions."
    return Indicator(
        type="sanctions_reference",
        confidence=0.8,
        modality="asserted",
        evidence=Evidence(sentence, start, start + len(sentence)),
        fields={"parties": ["KP", "RU"], "regime": "UN", "kind": "violation"},
    )


def match(
    key: str = "KP>RU",
    *,
    rule: str = "arms-to-embargoed",
    severity: str = "high",
    indexes: tuple[int, ...] = (0,),
    window: timedelta | None = timedelta(days=7),
    escalation: Escalation | None = None,
) -> RuleMatch:
    return RuleMatch(
        rule_id=rule,
        rule_version="v1",
        title=f"Arms transfer {key}",
        severity=severity,
        dedupe_key=key,
        indicator_indexes=indexes,
        dedupe_window=window,
        escalation=escalation,
        tags=("regime.un.dprk",),
    )
