"""Corroboration counts publishers (registered domains), not configured sources, and never touches the network."""

from __future__ import annotations

import socket

import pytest

from alerts.model import Article
from alerts.publishers import publisher, registered_domain
from storage import Store

from review_data import MIRROR_TEXT, NOW, match, transfer


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.example.co.uk/world/1", "example.co.uk"),
        ("https://news.example.co.uk/a", "example.co.uk"),
        ("https://feeds.example.com/rss?x=1", "example.com"),
        ("http://127.0.0.1:8123/page", "127.0.0.1"),
        ("https://wire.example/story", "wire.example"),  # no public suffix: the host itself
        ("", None),
    ],
)
def test_registered_domain(url, domain):
    assert registered_domain(url) == domain


def test_publisher_falls_back_to_the_source_name_then_the_origin():
    assert publisher("https://www.example.com/a", "Feed A", "x") == "example.com"
    assert publisher(None, "Feed A", "x") == "Feed A"
    assert publisher(None, None, "seeds/a.txt") == "seeds/a.txt"


def test_no_network_is_used(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the Public Suffix List must come from the bundled snapshot")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    from alerts import publishers

    publishers._extractor.cache_clear()
    assert registered_domain("https://a.b.example.org/x") == "example.org"


def test_two_feeds_carrying_one_site_s_story_are_one_confirmation(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'a.db'}") as store:
        ids = []
        for number, (url, source) in enumerate(
            [
                ("https://www.example.com/world/shells", "feed-one"),
                ("https://mobile.example.com/world/shells-2", "feed-two"),
                ("https://other.example.org/shells", "feed-one"),
            ]
        ):
            text = MIRROR_TEXT + f" ({number})"
            row, _ = store.ingest(Article(f"a{number}", text, "Shells", url, source=source, origin=source), now=NOW)
            outcome = store.save_analysis(
                row,
                [transfer(text, "Satellite images", "shipped", "KP", "RU")],
                [match("kp-ru", "high", "supplier=KP|recipient=RU", (0,))],
                now=NOW,
            )
            ids += outcome.new_alert_ids + outcome.corroborated_alert_ids
            if number == 1:
                assert store.get_alert(ids[0]).alert.source_count == 1  # same site through a second feed
        assert store.get_alert(ids[0]).alert.source_count == 2
        assert store.get_alert(ids[0]).alert.article_count == 3
