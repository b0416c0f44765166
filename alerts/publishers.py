"""Who published an article, for counting how many independent outlets corroborate an alert.

Configured sources are not publishers: two feeds can carry the same wire story from one site, and one feed
(an aggregator) carries many sites. So an article's publisher is its URL's registered domain
(`www.example.co.uk` and `news.example.co.uk` are both `example.co.uk`), from the Public Suffix List as
tldextract ships it; without a URL, the source name. No network is touched: the bundled list snapshot is
used and nothing is cached to disk.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

import tldextract


@cache
def _extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def registered_domain(url: str) -> str | None:
    """`example.co.uk` for `https://news.example.co.uk/a`; the bare host when it has no public suffix
    (an IP address, `localhost`, `site.example`); None for no URL."""
    host = urlsplit(url).hostname if url else None
    if not host:
        return None
    found = _extractor()(host)
    return found.top_domain_under_public_suffix or host


def publisher(url: str | None, source: str | None, fallback: str) -> str:
    """The publisher an article counts as: its registered domain, else its source name, else `fallback`."""
    return registered_domain(url or "") or source or fallback
