"""Small synthetic wire articles for the queue and reprocess tests (our own sentences, none from a corpus).

Each article reports one thing (a transfer, a visit, or nothing), so the alerts they make are known to
differ by party pair; `padding` adds neutral sentences with weapon words, which the prefilter sends to the
parser, to make each article cost some spaCy time.
"""

from __future__ import annotations

import json
from pathlib import Path

TRANSFERS = [
    ("North Korea", "Russia"),
    ("Iran", "Russia"),
    ("Germany", "Ukraine"),
    ("France", "Ukraine"),
    ("Belarus", "Russia"),
    ("Iran", "Yemen's Houthis"),
]
VISITS = [
    ("Russian Foreign Minister Sergei Lavrov", "Pyongyang"),
    ("Chinese Foreign Minister Wang Yi", "Pyongyang"),
]
PADDING = (
    "Analysts in Geneva said the debate about missile budgets would continue into the next year. "
    "A spokesman for the ministry declined to comment on questions about tanks and artillery. "
)


def article(number: int, padding: int = 0) -> dict[str, str]:
    kind = number % 4
    if kind in (0, 1):
        supplier, recipient = TRANSFERS[number % len(TRANSFERS)]
        text = f"{supplier} has shipped thousands of artillery shells to {recipient} by rail, officials said on day {number}."
    elif kind == 2:
        visitor, city = VISITS[number % len(VISITS)]
        text = f"{visitor} arrived in {city} on day {number} for talks with North Korean officials."
    else:
        text = f"Farmers expect a record harvest this year, the agriculture office said on day {number}."
    return {"id": f"wire-{number:04d}", "title": f"Wire story {number}", "text": text + " " + PADDING * padding}


def write_articles(path: Path, count: int, padding: int = 0) -> Path:
    path.write_text("".join(json.dumps(article(n, padding)) + "\n" for n in range(count)), encoding="utf-8")
    return path
