"""A JSONL dump written by another tool keeps its publication dates under the names such tools use."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from alerts.model import Article
from alerts.sources.files import parse_jsonl_line


@pytest.mark.parametrize("key", ["published_at", "published", "publishedAt", "datePublished", "pubDate", "date"])
def test_common_names_of_the_publication_date_are_read(key):
    line = json.dumps({"id": "a", "text": "Some text.", key: "2026-03-04T05:06:07Z"})
    article = parse_jsonl_line(line, "dump.jsonl:1")
    assert isinstance(article, Article)
    assert article.published_at is not None
    assert article.published_at.replace(tzinfo=None) == datetime(2026, 3, 4, 5, 6, 7)


def test_published_at_wins_over_an_alias():
    line = json.dumps({"id": "a", "text": "Some text.", "date": "2020-01-01", "published_at": "2026-03-04"})
    article = parse_jsonl_line(line, "dump.jsonl:1")
    assert isinstance(article, Article)
    assert article.published_at is not None and article.published_at.year == 2026
