"""The limits every way in shares, so that a file, a dump line, a feed and `alerts analyze` agree.

One article (a `.txt` or `.html` file, a JSONL line, a fetched page or feed) may be at most
`MAX_ARTICLE_BYTES`; a JSON line may nest at most `MAX_JSON_DEPTH` levels. See docs/limits.md.
"""

from __future__ import annotations

MAX_ARTICLE_BYTES = 10_000_000
MAX_JSON_DEPTH = 32
