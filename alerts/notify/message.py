"""What a notification says about an alert: one JSON payload (webhook) and one plain-text mail, same facts.

Both carry what a reader needs to decide whether to open the terminal: severity, rule, key, how many sources,
the evidence sentences with their trigger words, the articles with links, and the command to see the rest.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from storage import AlertDetail


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def payload(detail: AlertDetail, notifier: str) -> dict[str, Any]:
    """The webhook's JSON body (stable keys; receivers may deduplicate on `alert.id`)."""
    alert = detail.alert
    evidence = []
    for article in detail.articles:
        for stored in article.indicators:
            indicator = stored.indicator
            found = indicator.evidence
            trigger = None
            if found.trigger_start is not None and found.trigger_end is not None:
                trigger = found.sentence[found.trigger_start - found.start : found.trigger_end - found.start]
            evidence.append(
                {
                    "sentence": found.sentence,
                    "trigger": trigger,
                    "type": indicator.type,
                    "modality": indicator.modality,
                    "attribution": indicator.attribution,
                    "article_id": article.article_id,
                }
            )
    return {
        "event": "alert",
        "notifier": notifier,
        "alert": {
            "id": alert.id,
            "rule_id": alert.rule_id,
            "rule_version": alert.rule_version,
            "title": alert.title,
            "severity": alert.severity,
            "base_severity": alert.base_severity,
            "status": alert.status,
            "dedupe_key": alert.dedupe_key,
            "tags": list(alert.tags),
            "first_seen": _iso(alert.first_seen),
            "last_seen": _iso(alert.last_seen),
            "source_count": alert.source_count,
            "article_count": alert.article_count,
        },
        "evidence": evidence,
        "articles": [
            {
                "id": article.article_id,
                "title": article.title,
                "url": article.url,
                "source": article.source,
                "published_at": _iso(article.published_at),
                "ingested_at": _iso(article.ingested_at),
            }
            for article in detail.articles
        ],
    }


def subject(detail: AlertDetail) -> str:
    alert = detail.alert
    return f"[{alert.severity.upper()}] {alert.title} ({alert.dedupe_key}) - alert #{alert.id}"


def text_body(detail: AlertDetail) -> str:
    """The mail body: plain text, trigger words in **...**, one block per article."""
    alert = detail.alert
    lines = [
        f"{alert.title}",
        f"Severity: {alert.severity}"
        + (f" (raised from {alert.base_severity})" if alert.severity != alert.base_severity else ""),
        f"Rule: {alert.rule_id} (version {alert.rule_version})   Key: {alert.dedupe_key}",
        f"Sources: {alert.source_count}   Articles: {alert.article_count}   Status: {alert.status}",
        f"First seen: {alert.first_seen:%Y-%m-%d %H:%M} UTC   Last seen: {alert.last_seen:%Y-%m-%d %H:%M} UTC",
    ]
    for article in detail.articles:
        lines += ["", f"- {article.title or article.external_id} ({article.source})"]
        if article.url:
            lines.append(f"  {article.url}")
        published = f"{article.published_at:%Y-%m-%d}" if article.published_at else "unknown"
        lines.append(f"  published {published}, ingested {article.ingested_at:%Y-%m-%d %H:%M} UTC")
        for stored in article.indicators:
            found = stored.indicator.evidence
            sentence = found.sentence
            if found.trigger_start is not None and found.trigger_end is not None:
                a, b = found.trigger_start - found.start, found.trigger_end - found.start
                if 0 <= a < b <= len(sentence):
                    sentence = f"{sentence[:a]}**{sentence[a:b]}**{sentence[b:]}"
            lines.append(f'  "{sentence}"')
    lines += ["", f"Review it with: alerts show {alert.id}"]
    return "\n".join(lines) + "\n"
