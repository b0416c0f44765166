"""One canonical form per article URL, so that the same story reached through a feed, a URL list or a JSONL
dump (with tracking parameters, an anchor, or a trailing slash) deduplicates to one article.

The rules are deliberately conservative: only changes that never point at a different page are made.
"""

from __future__ import annotations

from urllib.parse import unquote_plus, urlsplit, urlunsplit

#: Query parameters that only track the reader and never select the page.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_ga", "ref_src", "cmpid"}
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING_PARAMS


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no utm_*/fbclid-style parameters, no trailing
    slash on the path (except the root), remaining query parameters kept in their order.

    A string that is not an absolute http(s) URL is returned stripped but otherwise unchanged, so the function
    is safe to call on whatever a JSONL dump put in its `url` field.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return text
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username or parts.password:
        userinfo = parts.username or ""
        if parts.password:
            userinfo += f":{parts.password}"
        netloc = f"{userinfo}@{netloc}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    # Filter the raw `name=value` pairs rather than re-encoding them: a re-encoded value could name another page.
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and not _is_tracking(unquote_plus(pair.split("=", 1)[0]))
    )
    return urlunsplit((scheme, netloc, path, query, ""))
