"""Source state in memory and in a real SQLite store, and the canonical URL rule shared with storage."""

from __future__ import annotations

from pathlib import Path

import pytest

from alerts.sources import FolderSource, MemorySourceState, StoreSourceState
from alerts.urls import canonical_url
from storage import Store


def test_memory_state_round_trips_json_and_isolates_copies() -> None:
    state = MemorySourceState()
    value = {"etag": '"x"', "entries": {"a": "1"}}
    state.set("http", value)
    value["etag"] = "changed"
    read = state.get("http")
    assert read == {"etag": '"x"', "entries": {"a": "1"}}
    read["entries"]["b"] = "2"
    assert state.get("http")["entries"] == {"a": "1"}
    assert state.get("missing") is None
    with pytest.raises(TypeError):
        state.set("bad", {"when": object()})


def test_store_state_survives_a_new_store_and_is_scoped_per_source(sqlite_url: str) -> None:
    with Store(sqlite_url) as store:
        StoreSourceState(store, "feed-a").set("http", {"etag": '"v1"', "last_modified": None})
        StoreSourceState(store, "feed-b").set("http", {"etag": '"other"'})
    with Store(sqlite_url) as store:
        assert StoreSourceState(store, "feed-a").get("http") == {"etag": '"v1"', "last_modified": None}
        assert StoreSourceState(store, "feed-b").get("http") == {"etag": '"other"'}
        assert StoreSourceState(store, "feed-c").get("http") is None


def test_folder_source_remembers_its_files_in_the_database(sqlite_url: str, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.txt").write_text("One\nNorth Korea sent shells to Russia.")
    with Store(sqlite_url) as store:
        assert [a.id for a in FolderSource("inbox", inbox).fetch(StoreSourceState(store, "inbox"))] == ["one"]
    (inbox / "two.txt").write_text("Two\nThe EU imposed sanctions.")
    with Store(sqlite_url) as store:
        assert [a.id for a in FolderSource("inbox", inbox).fetch(StoreSourceState(store, "inbox"))] == ["two"]


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        (
            "HTTPS://News.Example.ORG/World/Story/?utm_source=rss&id=7&UTM_Medium=x#comments",
            "https://news.example.org/World/Story?id=7",
        ),
        ("http://example.org:80/a/?fbclid=123", "http://example.org/a"),
        ("https://example.org:8443/", "https://example.org:8443/"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org/search?q=a%2Fb&gclid=z&page=2", "https://example.org/search?q=a%2Fb&page=2"),
        ("  https://example.org/a  ", "https://example.org/a"),
        ("urn:uuid:1234", "urn:uuid:1234"),
        ("not a url", "not a url"),
    ],
)
def test_canonical_url(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical
    assert canonical_url(canonical) == canonical
