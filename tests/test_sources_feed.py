"""Feed sources against a real local HTTP server: RSS 2.0, RSS 1.0, Atom, conditional GET, and every way a
feed server fails (500, malformed XML, too slow, too big, not a feed, gone)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from alerts.config import SourceConfig
from alerts.errors import InputError
from alerts.model import Article
from alerts.sources import FeedSource, MemorySourceState, SourceError, build_source

from sources_http import LocalServer, Reply

RSS2 = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>World desk</title><link>https://news.example.org/</link><description>World news</description>
<item>
  <title>Lavrov arrives in Pyongyang</title>
  <link>https://News.Example.org/world/lavrov-pyongyang/?utm_source=rss&amp;utm_medium=feed#top</link>
  <guid isPermaLink="false">efe-2023-10-19-lavrov</guid>
  <pubDate>Thu, 19 Oct 2023 08:30:00 GMT</pubDate>
  <description>&lt;p&gt;Russian Foreign Minister &lt;b&gt;Sergei Lavrov&lt;/b&gt; arrived in Pyongyang.&lt;/p&gt;&lt;p&gt;The US says North Korea sent more than 1,000 containers of munitions to Russia by rail and sea.&lt;/p&gt;&lt;script&gt;track()&lt;/script&gt;</description>
</item>
<item>
  <title>Germany delivers tanks to Ukraine</title>
  <link>https://news.example.org/europe/tanks</link>
  <pubDate>Wed, 18 Oct 2023 12:00:00 +0200</pubDate>
  <description>Germany delivered Leopard tanks to Ukraine, the defence ministry said.</description>
</item>
</channel></rss>"""

RSS1 = b"""<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://wire.example.net/">
  <title>Wire</title><link>https://wire.example.net/</link><description>Wire service</description>
  <items><rdf:Seq><rdf:li rdf:resource="https://wire.example.net/iran-drones"/></rdf:Seq></items>
</channel>
<item rdf:about="https://wire.example.net/iran-drones">
  <title>Iran accused of sending drones to the Houthis</title>
  <link>https://wire.example.net/iran-drones</link>
  <description>Iran reportedly shipped drone parts to the Houthis in Yemen, UN experts said.</description>
  <dc:date>2023-10-17T09:15:00Z</dc:date>
</item>
</rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Sanctions monitor</title><id>urn:uuid:feed-1</id><updated>2023-10-20T10:00:00Z</updated>
  <link href="https://monitor.example.com/"/>
  <entry>
    <title type="html">EU widens &lt;em&gt;Myanmar&lt;/em&gt; sanctions</title>
    <id>urn:uuid:entry-myanmar</id>
    <link rel="alternate" href="https://monitor.example.com/eu-myanmar?fbclid=abc&amp;page=2"/>
    <updated>2023-10-20T09:00:00Z</updated>
    <published>2023-10-20T08:00:00Z</published>
    <summary>Short summary.</summary>
    <content type="html">&lt;p&gt;The EU imposed new sanctions on Myanmar's military.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Jet fuel suppliers&lt;/li&gt;&lt;li&gt;Arms brokers&lt;/li&gt;&lt;/ul&gt;</content>
  </entry>
</feed>"""

PAGE = b"""<html><head><meta charset="utf-8"><title>Belarus and Russia | Site</title>
<meta property="article:published_time" content="2023-10-16T07:00:00Z"></head><body>
<nav>Home | World | Sport</nav>
<article><h1>Belarus and Russia sign a defence pact</h1>
<p>Belarus and Russia signed an agreement on military cooperation on Monday, covering joint exercises and
air defence, the defence ministries of both countries said in a joint statement.</p>
<p>The agreement also foresees cooperation in space and the training of officers at Russian academies, a
step analysts described as a further integration of the two armed forces.</p></article>
<footer>Copyright Site</footer></body></html>"""


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    running = LocalServer().start()
    yield running
    running.close()


def feed_source(server: LocalServer, path: str, **options) -> FeedSource:
    options = {"timeout": 2.0, "retries": 2, "backoff": 0.01, "allow_private_networks": True, **options}
    return FeedSource("desk", server.url(path), **options)


def articles(items) -> list[Article]:
    items = list(items)
    assert all(isinstance(item, Article) for item in items), items
    return items


def test_rss2_entries_become_articles(server: LocalServer) -> None:
    server.routes["/rss"] = Reply(body=RSS2, headers={"Content-Type": "application/rss+xml; charset=utf-8"})
    first, second = articles(feed_source(server, "/rss").fetch(MemorySourceState()))

    assert first.id == "efe-2023-10-19-lavrov"
    assert first.url == "https://news.example.org/world/lavrov-pyongyang"
    assert first.title == "Lavrov arrives in Pyongyang"
    assert first.published_at == datetime(2023, 10, 19, 8, 30, tzinfo=UTC)
    assert first.text.split("\n")[0] == "Lavrov arrives in Pyongyang"
    assert "Sergei Lavrov arrived in Pyongyang." in first.text
    assert "more than 1,000 containers" in first.text
    assert "<" not in first.text and "track()" not in first.text
    assert first.origin == server.url("/rss") + " [efe-2023-10-19-lavrov]"
    # No guid: the link is the id; the +0200 date is converted to UTC.
    assert second.id == "https://news.example.org/europe/tanks"
    assert second.published_at == datetime(2023, 10, 18, 10, 0, tzinfo=UTC)


def test_rss1_rdf_feed(server: LocalServer) -> None:
    server.routes["/rdf"] = Reply(body=RSS1, headers={"Content-Type": "application/rdf+xml"})
    (article,) = articles(feed_source(server, "/rdf").fetch(MemorySourceState()))

    assert article.url == "https://wire.example.net/iran-drones"
    assert article.title == "Iran accused of sending drones to the Houthis"
    assert "shipped drone parts to the Houthis" in article.text
    assert article.published_at == datetime(2023, 10, 17, 9, 15, tzinfo=UTC)


def test_atom_feed_prefers_full_content_and_strips_html(server: LocalServer) -> None:
    server.routes["/atom"] = Reply(body=ATOM, headers={"Content-Type": "application/atom+xml"})
    (article,) = articles(feed_source(server, "/atom").fetch(MemorySourceState()))

    assert article.id == "urn:uuid:entry-myanmar"
    assert article.title == "EU widens Myanmar sanctions"
    assert article.url == "https://monitor.example.com/eu-myanmar?page=2"
    assert article.published_at == datetime(2023, 10, 20, 8, 0, tzinfo=UTC)
    assert article.text == (
        "EU widens Myanmar sanctions\n\nThe EU imposed new sanctions on Myanmar's military.\n"
        "Jet fuel suppliers\nArms brokers"
    )


def conditional_feed(request) -> Reply:
    """200 with validators; 304 when the client sends both back."""
    etag, modified = '"v1"', "Thu, 19 Oct 2023 09:00:00 GMT"
    if request.headers.get("if-none-match") == etag and request.headers.get("if-modified-since") == modified:
        return Reply(304, headers={"ETag": etag})
    return Reply(body=RSS2, headers={"ETag": etag, "Last-Modified": modified, "Content-Type": "application/rss+xml"})


def test_conditional_get_with_etag_and_last_modified(server: LocalServer) -> None:
    server.routes["/rss"] = conditional_feed
    source, state = feed_source(server, "/rss"), MemorySourceState()

    assert len(articles(source.fetch(state))) == 2
    assert state.get("http") == {"etag": '"v1"', "last_modified": "Thu, 19 Oct 2023 09:00:00 GMT"}
    assert list(source.fetch(state)) == []

    first, second = server.hits("/rss")
    assert "if-none-match" not in first.headers
    assert second.headers["if-none-match"] == '"v1"'
    assert second.headers["if-modified-since"] == "Thu, 19 Oct 2023 09:00:00 GMT"


def test_a_changed_feed_yields_only_new_and_changed_entries(server: LocalServer) -> None:
    server.routes["/rss"] = Reply(body=RSS2)
    source, state = feed_source(server, "/rss"), MemorySourceState()
    assert len(articles(source.fetch(state))) == 2

    changed = RSS2.replace(b"Leopard tanks", b"Leopard 2 tanks").replace(
        b"<item>",
        b"<item><title>New entry</title><link>https://news.example.org/new</link>"
        b"<description>Fresh text.</description></item><item>",
        1,
    )
    server.routes["/rss"] = Reply(body=changed)
    ids = [article.id for article in articles(source.fetch(state))]
    assert ids == ["https://news.example.org/new", "https://news.example.org/europe/tanks"]


def test_validators_are_kept_back_until_every_entry_was_taken(server: LocalServer) -> None:
    """A run stopped after the first entry must not make the next GET conditional (a 304 would hide the rest)."""
    server.routes["/rss"] = conditional_feed
    source, state = feed_source(server, "/rss"), MemorySourceState()

    run = source.fetch(state)
    next(run)
    next(run)  # asking for the second confirms the first was stored
    run.close()
    assert state.get("http") is None

    (remaining,) = articles(source.fetch(state))
    assert remaining.id == "https://news.example.org/europe/tanks"
    assert "if-none-match" not in server.hits("/rss")[1].headers


def test_server_error_is_retried_then_fails_the_source(server: LocalServer) -> None:
    server.routes["/rss"] = Reply(500, b"oops")
    with pytest.raises(SourceError) as caught:
        list(feed_source(server, "/rss", retries=2).fetch(MemorySourceState()))
    assert len(server.hits("/rss")) == 3
    message = str(caught.value)
    assert message.startswith("source desk:") and "HTTP 500" in message and "3 attempts" in message
    assert "\n" not in message


def test_a_transient_error_then_success(server: LocalServer) -> None:
    server.routes["/rss"] = [Reply(503), Reply(502), Reply(body=RSS2)]
    assert len(articles(feed_source(server, "/rss", retries=3).fetch(MemorySourceState()))) == 2
    assert len(server.hits("/rss")) == 3


def test_client_error_is_not_retried(server: LocalServer) -> None:
    with pytest.raises(SourceError, match="HTTP 404"):
        list(feed_source(server, "/gone").fetch(MemorySourceState()))
    assert len(server.hits("/gone")) == 1


def test_malformed_xml_fails_the_source(server: LocalServer) -> None:
    server.routes["/bad"] = Reply(body=b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title><<<&&")
    with pytest.raises(SourceError, match="^source desk: malformed feed: .+"):
        list(feed_source(server, "/bad").fetch(MemorySourceState()))


def test_a_sloppy_feed_with_readable_entries_is_still_used(server: LocalServer) -> None:
    server.routes["/sloppy"] = Reply(body=b"<rss version='2.0'><channel><item><title>Kept &amp; used</title></chan")
    (article,) = articles(feed_source(server, "/sloppy").fetch(MemorySourceState()))
    assert article.title == "Kept & used"


def test_a_page_that_is_not_a_feed_fails_the_source(server: LocalServer) -> None:
    server.routes["/html"] = Reply(
        body=b"<html><body><p>Hello</p></body></html>", headers={"Content-Type": "text/html"}
    )
    with pytest.raises(SourceError, match="not an RSS or Atom feed|malformed feed"):
        list(feed_source(server, "/html").fetch(MemorySourceState()))


def test_slow_response_times_out_after_retries(server: LocalServer) -> None:
    server.routes["/slow"] = Reply(body=RSS2, delay=30)
    with pytest.raises(SourceError, match="timed out after 0.3s"):
        list(feed_source(server, "/slow", timeout=0.3, retries=1).fetch(MemorySourceState()))
    assert len(server.hits("/slow")) == 2


def test_body_over_the_cap_is_refused_from_its_length(server: LocalServer) -> None:
    server.routes["/huge"] = Reply(body=b"<rss>" + b" " * 3_000_000 + b"</rss>")
    with pytest.raises(SourceError, match="over the 100,000-byte cap"):
        list(feed_source(server, "/huge", max_bytes=100_000).fetch(MemorySourceState()))
    assert len(server.hits("/huge")) == 1  # not worth retrying


def test_body_over_the_cap_is_refused_while_streaming(server: LocalServer) -> None:
    server.routes["/stream"] = Reply(
        body=b"<rss>" + b" " * 3_000_000 + b"</rss>", content_length=False, chunk_size=8192
    )
    with pytest.raises(SourceError, match="body over the 100,000-byte cap"):
        list(feed_source(server, "/stream", max_bytes=100_000).fetch(MemorySourceState()))


def test_connection_refused_fails_the_source() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source = FeedSource(
        "desk", f"http://127.0.0.1:{port}/rss", retries=1, backoff=0.01, timeout=2, allow_private_networks=True
    )
    with pytest.raises(SourceError, match="connection failed"):
        list(source.fetch(MemorySourceState()))


def test_title_only_entries_fetch_their_page_when_asked(server: LocalServer) -> None:
    feed = (
        b"<rss version='2.0'><channel><title>t</title><item><title>Belarus and Russia sign a defence pact</title>"
        b"<link>" + server.url("/article").encode() + b"</link></item></channel></rss>"
    )
    server.routes["/rss"] = Reply(body=feed)
    server.routes["/article"] = Reply(body=PAGE, headers={"Content-Type": "text/html; charset=utf-8"})

    (plain,) = articles(feed_source(server, "/rss").fetch(MemorySourceState()))
    assert plain.text == "Belarus and Russia sign a defence pact"
    assert not server.hits("/article")

    (full,) = articles(feed_source(server, "/rss", fetch_pages=True).fetch(MemorySourceState()))
    assert full.text.startswith("Belarus and Russia sign a defence pact")
    assert "agreement on military cooperation" in full.text
    assert "Home | World" not in full.text and "Copyright" not in full.text
    assert full.published_at.date() == date(2023, 10, 16)  # trafilatura gives the page's date as a day


def test_an_entry_without_title_or_text_is_an_input_error(server: LocalServer) -> None:
    server.routes["/rss"] = Reply(
        body=b"<rss version='2.0'><channel><title>t</title><item><guid isPermaLink='false'>x1</guid></item>"
        b"<item><title>Kept</title><guid isPermaLink='false'>x2</guid></item></channel></rss>"
    )
    error, kept = feed_source(server, "/rss").fetch(MemorySourceState())
    assert isinstance(error, InputError) and "no title and no text" in error.reason and error.raw
    assert isinstance(kept, Article) and kept.id == "x2"


def test_build_source_reads_the_config(server: LocalServer) -> None:
    server.routes["/rss"] = Reply(body=ATOM)
    config = SourceConfig(
        name="monitor", type="feed", url=server.url("/rss"), timeout=5, retries=0, allow_private_networks=True
    )
    source = build_source(config)
    assert source.name == "monitor"
    assert len(articles(source.fetch(MemorySourceState()))) == 1
    with pytest.raises(ValidationError, match="a feed needs `url:`"):  # refused when the config loads
        SourceConfig(name="nourl", type="feed")
