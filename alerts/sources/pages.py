"""Text out of HTML: feed summaries (small fragments, stripped) and whole article pages (trafilatura).

trafilatura only ever sees HTML this project fetched itself (through `alerts.fetch`), so the timeout, size
cap and retry policy hold for pages too; it is never given a URL to download.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser

from alerts.model import normalise_text
from alerts.sources.files import parse_published

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "hr",
        "dd",
        "dt",
    }
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "iframe", "svg"})
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
HTML_TYPES = ("text/html", "application/xhtml+xml")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """A feed summary or content fragment as plain text: tags dropped, entities decoded, one line per block."""
    if "<" not in fragment and "&" not in fragment:
        return normalise_text(fragment)
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return normalise_text("\n".join(line for line in lines if line))


@dataclass(frozen=True, slots=True)
class Page:
    """An article page's main text and metadata as trafilatura found them."""

    text: str
    title: str | None
    published_at: datetime | None


def declared_charset(content_type: str) -> str | None:
    match = _CHARSET.search(content_type or "")
    return match.group(1) if match else None


def is_html(content_type: str) -> bool:
    """Whether a response's content type can be an article page (a missing type is given the benefit)."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return not media or media in HTML_TYPES


def extract_page(content: bytes, url: str, content_type: str = "") -> Page | None:
    """The main text of an HTML page (boilerplate, navigation and comments removed); None when there is none."""
    charset = declared_charset(content_type)
    document: bytes | str = content
    if charset:
        try:
            document = content.decode(charset, errors="replace")
        except LookupError:  # an unknown charset name: let trafilatura sniff the bytes
            document = content
    import trafilatura  # heavy (lxml, justext, courlan): loaded only when a page is read
    from trafilatura.settings import Document

    result = trafilatura.bare_extraction(
        document, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    if not isinstance(result, Document) or not (result.text or "").strip():  # a dict only with as_dict=True
        return None
    title = (result.title or "").strip() or None
    text = normalise_text(result.text or "")
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return Page(text=text, title=title, published_at=parse_published(result.date))
