"""Readable names for party codes in reports: `KP` is North Korea, for a reader who does not know ISO codes.

Names come from the gazetteer's country data (alerts/data/parties/countries.json, built by
tools/build_gazetteer.py); group slugs (`houthis`, `rsf`) are already words and are shown as they are.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

COUNTRIES = Path(__file__).resolve().parent / "data" / "parties" / "countries.json"


@cache
def _country_names() -> dict[str, str]:
    countries = json.loads(COUNTRIES.read_text(encoding="utf-8"))["countries"]
    return {code: entry["name"] for code, entry in countries.items()}


def party_name(code: str) -> str | None:
    """'North Korea' for 'KP'; None for a group slug or an unknown code."""
    return _country_names().get(code)


def party_label(code: str) -> str:
    """'KP (North Korea)' for a state, the slug itself for a group."""
    name = party_name(code)
    return f"{code} ({name})" if name else code
