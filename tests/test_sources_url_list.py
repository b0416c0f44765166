"""url_list sources against a real local HTTP server: trafilatura extraction of pages fetched by our own
client, conditional GET, unchanged pages skipped, bad pages reported once, a site down failing the source."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from alerts.config import SourceConfig
from alerts.errors import InputError
from alerts.model import Article
from alerts.sources import MemorySourceState, SourceError, UrlListSource, build_source

from sources_http import LocalServer, Reply

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Iran drones reach the Houthis - Example Daily</title>
<meta property="og:title" content="Iran drones reach the Houthis">
<meta property="article:published_time" content="2023-10-17T06:00:00Z">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>Iran drones reach the Houthis</h1>
<p>Iran has supplied attack drones and missile components to the Houthis in Yemen, according to a
confidential report by United Nations experts seen by reporters on Tuesday.</p>
<p>The panel said the shipments, intercepted in the Arabian Sea, violated the arms embargo imposed by the
Security Council, and that the parts matched those of drones used in attacks on shipping.</p>
<p>{extra}</p>
</article></main>
<aside>Most read: Football results, Weather</aside>
<footer>&copy; Example Daily. All rights reserved.</footer>
</body></html>"""


def page(extra: str = "Tehran denied the accusation.") -> bytes:
    return ARTICLE.format(extra=extra).encode("utf-8")


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    running = LocalServer().start()
    yield running
    running.close()


def url_source(server: LocalServer, *paths: str, file: Path | None = None, **options) -> UrlListSource:
    options = {"timeout": 2.0, "retries": 1, "backoff": 0.01, "allow_private_networks": True, **options}
    return UrlListSource("pages", [server.url(path) for path in paths], file, **options)


def test_main_text_and_metadata_are_extracted(server: LocalServer) -> None:
    server.routes["/world/iran-drones/"] = Reply(body=page(), headers={"Content-Type": "text/html; charset=utf-8"})
    source = url_source(server, "/world/iran-drones/?utm_campaign=x#comments")
    (article,) = source.fetch(MemorySourceState())

    assert isinstance(article, Article)
    assert article.id == article.url == server.url("/world/iran-drones")
    assert article.title == "Iran drones reach the Houthis"
    assert article.published_at.date() == date(2023, 10, 17)
    assert article.text.startswith("Iran drones reach the Houthis\n")
    assert "supplied attack drones and missile components" in article.text
    assert "violated the arms embargo" in article.text
    for boilerplate in ("Sport", "Most read", "All rights reserved"):
        assert boilerplate not in article.text
    assert article.source == "127.0.0.1"
    assert article.origin == server.url("/world/iran-drones/?utm_campaign=x#comments")


def test_charset_from_the_http_header_is_honoured(server: LocalServer) -> None:
    body = page("Le ministre a dément\u00e9 l'accusation.").replace(b'<meta charset="utf-8">', b"")
    server.routes["/latin"] = Reply(
        body=body.decode("utf-8").encode("latin-1"), headers={"Content-Type": "text/html; charset=ISO-8859-1"}
    )
    (article,) = url_source(server, "/latin").fetch(MemorySourceState())
    assert "dément\u00e9 l'accusation" in article.text


def test_unchanged_pages_are_not_read_again(server: LocalServer) -> None:
    def with_etag(request) -> Reply:
        if request.headers.get("if-none-match") == '"p1"':
            return Reply(304)
        return Reply(body=page(), headers={"ETag": '"p1"', "Content-Type": "text/html"})

    server.routes["/etag"] = with_etag
    server.routes["/plain"] = Reply(body=page(), headers={"Content-Type": "text/html"})
    source, state = url_source(server, "/etag", "/plain"), MemorySourceState()

    assert len(list(source.fetch(state))) == 2
    assert list(source.fetch(state)) == []  # a 304 and a byte-identical page
    assert server.hits("/etag")[1].headers["if-none-match"] == '"p1"'

    server.routes["/plain"] = Reply(body=page("Update: the panel's report was published."), headers={})
    (updated,) = source.fetch(state)
    assert "Update: the panel's report was published." in updated.text


def test_bad_pages_are_input_errors_reported_once(server: LocalServer) -> None:
    server.routes["/ok"] = Reply(body=page(), headers={"Content-Type": "text/html"})
    server.routes["/pdf"] = Reply(body=b"%PDF-1.7 ...", headers={"Content-Type": "application/pdf"})
    server.routes["/empty"] = Reply(
        body=b"<html><body><script>app()</script></body></html>", headers={"Content-Type": "text/html"}
    )
    source, state = url_source(server, "/missing", "/pdf", "/empty", "/ok"), MemorySourceState()

    missing, pdf, empty, ok = source.fetch(state)
    assert isinstance(missing, InputError) and missing.reason == "HTTP 404 Not Found"
    assert isinstance(pdf, InputError) and "not an HTML page (application/pdf)" in pdf.reason
    assert pdf.raw == b"%PDF-1.7 ..."
    assert isinstance(empty, InputError) and empty.reason == "no article text found in the page"
    assert isinstance(ok, Article)

    assert list(source.fetch(state)) == []  # the 404 is not reported again; the others did not change
    assert len(server.hits("/missing")) == 2


def test_urls_from_a_file_with_comments(server: LocalServer, tmp_path: Path) -> None:
    server.routes["/a"] = Reply(body=page("First page."), headers={"Content-Type": "text/html"})
    server.routes["/b"] = Reply(body=page("Second page."), headers={"Content-Type": "text/html"})
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# analyst picks\n{server.url('/a')}\n\n  {server.url('/b')}  \n{server.url('/a')}\n")
    config = SourceConfig(
        name="picks", type="url_list", path=listing, urls=[server.url("/b")], retries=0, allow_private_networks=True
    )

    items = list(build_source(config).fetch(MemorySourceState()))
    assert [item.url for item in items] == [server.url("/b"), server.url("/a")]


def test_a_site_that_is_down_fails_the_source(server: LocalServer) -> None:
    server.routes["/a"] = Reply(503)
    server.routes["/b"] = Reply(body=b"", delay=30)
    source = url_source(server, "/a", "/b", timeout=0.3)
    with pytest.raises(SourceError, match="^source pages: every page failed; first: .*/a: HTTP 503"):
        list(source.fetch(MemorySourceState()))
    assert len(server.hits("/a")) == 2  # retried once


def test_one_page_down_is_retried_next_run_without_failing_the_others(server: LocalServer) -> None:
    server.routes["/up"] = Reply(body=page(), headers={"Content-Type": "text/html"})
    server.routes["/flaky"] = [
        Reply(500),
        Reply(500),
        Reply(body=page("Later."), headers={"Content-Type": "text/html"}),
    ]
    source, state = url_source(server, "/flaky", "/up"), MemorySourceState()

    (first,) = source.fetch(state)
    assert first.url == server.url("/up")
    (second,) = source.fetch(state)
    assert second.url == server.url("/flaky")


def test_a_missing_url_file_fails_the_source(tmp_path: Path) -> None:
    source = UrlListSource("picks", [], tmp_path / "nope.txt")
    with pytest.raises(SourceError, match="cannot read the URL list"):
        list(source.fetch(MemorySourceState()))
