"""Country names as lists write them ("Korea, North", "Burma", "Iran") to ISO 3166-1 alpha-2 codes.

followthemoney's country type knows the spellings official lists use, so no table of our own is kept.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def country_code(text: str | None) -> str | None:
    """The lower-case alpha-2 code of a country name or code, or None when it names no country."""
    if not text or not text.strip():
        return None
    from followthemoney import registry  # imported on first use: a second of start-up the screener never pays

    return registry.country.clean(text.strip())
