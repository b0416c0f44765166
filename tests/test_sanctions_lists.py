"""Official lists: each format parsed from its fixture, updates over real HTTP, bad downloads refused, diffs.

The fixtures in tests/data/sanctions/ are derived from the shipped OFAC snapshot by
tools/build_sanctions_fixtures.py (see its docstring for what is real and what is derived).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alerts.cli import app
from alerts.config import ListSourceConfig, ScreeningConfig
from alerts.fetch import HttpFetcher
from alerts.lists.errors import ListFormatError
from alerts.lists.ftm import parse_ftm_json
from alerts.lists.ofac_csv import parse_ofac_csv
from alerts.lists.update import ensure_lists, update_lists
from alerts.lists.xml import parse_eu_xml, parse_uk_xml, parse_un_xml
from storage import Store
from storage.sanctions_lists import SanctionLists
from tests.sources_http import LocalServer, Reply

FIXTURES = Path(__file__).parent / "data" / "sanctions"
KOMID, ANGARA = "9345", "37059"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    local = LocalServer().start()
    yield local
    local.close()


@pytest.fixture()
def fetcher() -> Iterator[HttpFetcher]:
    with HttpFetcher(timeout=5, retries=0, allow_private_networks=True) as client:  # the server is on 127.0.0.1
        yield client


def by_id(entities, entity_id):
    return next(e for e in entities if e.entity_id.endswith(entity_id))


def test_ofac_trio_reads_names_aliases_programmes_and_vessel_identifiers() -> None:
    snapshot = parse_ofac_csv(fixture("sdn.csv"), fixture("alt.csv"), fixture("add.csv"))
    assert len(snapshot.entities) == 256
    komid = by_id(snapshot.entities, KOMID)
    assert komid.entity_type == "organization" and komid.programs == ("NPWMD", "DPRK2")
    assert [(n.name, n.kind) for n in komid.names] == [
        ("KOREA MINING DEVELOPMENT TRADING CORPORATION", "primary"),
        ("KOMID", "aka"),
    ]
    angara = by_id(snapshot.entities, ANGARA)
    assert (angara.entity_type, angara.imo, angara.flag) == ("vessel", "9179842", "ru")
    assert any(e.countries for e in snapshot.entities if e.entity_type == "organization")  # from add.csv


def test_ofac_sdn_alone_takes_its_aliases_from_the_remarks() -> None:
    alone = parse_ofac_csv(fixture("sdn.csv"))
    trio = parse_ofac_csv(fixture("sdn.csv"), fixture("alt.csv"))
    assert {(e.entity_id, n.name) for e in alone.entities for n in e.names} == {
        (e.entity_id, n.name) for e in trio.entities for n in e.names
    }


def test_a_short_ofac_row_is_reported_with_its_line() -> None:
    broken = fixture("sdn.csv").replace(b'"KOMID"', b'"KOMID"', 1).split(b"\r\n")
    broken[3] = b'123,"ONLY THREE",-0-'
    with pytest.raises(ListFormatError, match=r"sdn.csv: line 4: expected 12 columns, found 3"):
        parse_ofac_csv(b"\r\n".join(broken))


@pytest.mark.parametrize(
    ("name", "parse", "prefix"),
    [
        ("consolidated.xml", parse_un_xml, ""),
        ("eu_fsf.xml", parse_eu_xml, ""),
        ("uk_sanctions.xml", parse_uk_xml, "UK"),
        ("entities.ftm.json", parse_ftm_json, "ofac-"),
    ],
)
def test_each_format_gives_the_same_entities(name, parse, prefix) -> None:
    snapshot = parse(fixture(name))
    assert snapshot.published == date(2024, 5, 3)
    komid = next(e for e in snapshot.entities if e.entity_id == f"{prefix}{KOMID}")
    assert komid.name == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    assert "KOMID" in [n.name for n in komid.names[1:]]
    people = [e for e in snapshot.entities if e.entity_type == "person"]
    assert len(people) > 50 and len(snapshot.entities) > 200


def test_weak_aliases_are_marked() -> None:
    un = parse_un_xml(fixture("consolidated.xml"))
    weak = {n.name for e in un.entities for n in e.names if n.weak}
    assert "CBSP" in weak and "KOMID" not in weak  # the fixture marks aliases of four letters or fewer "Low"
    ftm = parse_ftm_json(fixture("entities.ftm.json"))
    assert {n.name for e in ftm.entities for n in e.names if n.weak} == set()


def test_vessels_keep_imo_and_flag_in_uk_and_ftm_files() -> None:
    for snapshot in (parse_uk_xml(fixture("uk_sanctions.xml")), parse_ftm_json(fixture("entities.ftm.json"))):
        angara = next(e for e in snapshot.entities if e.entity_id.endswith(ANGARA))
        assert (angara.entity_type, angara.imo, angara.flag) == ("vessel", "9179842", "ru")


def test_malformed_xml_names_the_line() -> None:
    text = fixture("consolidated.xml").replace(b"</INDIVIDUAL>", b"</INDIVIDUL>", 1)
    with pytest.raises(ListFormatError, match=r"consolidated.xml: line 4: malformed XML"):
        parse_un_xml(text)


def _sources(server: LocalServer) -> ScreeningConfig:
    return ScreeningConfig(
        lists=[
            ListSourceConfig(
                name="ofac",
                format="ofac_csv",
                url=server.url("/sdn.csv"),
                alt=server.url("/alt.csv"),
                add=server.url("/add.csv"),
                published="2024-05-03",
            ),
            ListSourceConfig(name="un", title="UN SC", format="un_xml", url=server.url("/consolidated.xml")),
            ListSourceConfig(name="ftm", format="ftm_json", url=server.url("/entities.ftm.json")),
        ]
    )


def _serve_all(server: LocalServer) -> None:
    for name in ("sdn.csv", "alt.csv", "add.csv", "consolidated.xml", "entities.ftm.json"):
        server.routes[f"/{name}"] = Reply(body=fixture(name))


def test_update_over_http_stores_a_version_per_list_and_is_idempotent(server, fetcher, sqlite_url) -> None:
    _serve_all(server)
    config = _sources(server)
    with Store(sqlite_url) as store:
        first = update_lists(store, config, fetcher=fetcher)
        assert [(r.name, r.status) for r in first] == [("ofac", "updated"), ("un", "updated"), ("ftm", "updated")]
        second = update_lists(store, config, fetcher=fetcher)
        assert [r.status for r in second] == ["unchanged"] * 3
        versions = {v.list_name: v for v in SanctionLists(store).versions()}
        assert versions["ofac"].entity_count == 256 and versions["ofac"].published == date(2024, 5, 3)
        assert versions["un"].title == "UN SC" and versions["un"].published == date(2024, 5, 3)
        entities = SanctionLists(store).current_entities(["ofac"])["ofac"]
        assert by_id(entities, KOMID).names[1].name == "KOMID"


@pytest.mark.parametrize(
    ("route", "reply", "reason"),
    [
        ("/sdn.csv", Reply(500, b"server error"), "500"),
        (
            "/alt.csv",
            Reply(body=fixture("alt.csv")[:700], headers={"Content-Length": "2091"}, content_length=False),
            "",
        ),
        ("/consolidated.xml", Reply(body=fixture("consolidated.xml")[:30_000]), "malformed XML"),
        ("/sdn.csv", Reply(body=b"\r\n".join(fixture("sdn.csv").split(b"\r\n")[:60])), "under 50% of the 256"),
    ],
    ids=["http-500", "truncated-download", "malformed-xml", "partial-file"],
)
def test_a_bad_download_never_replaces_a_good_version(server, fetcher, sqlite_url, route, reply, reason) -> None:
    _serve_all(server)
    config = _sources(server)
    with Store(sqlite_url) as store:
        update_lists(store, config, fetcher=fetcher)
        before = SanctionLists(store).versions()
        server.routes[route] = reply
        name = "un" if route == "/consolidated.xml" else "ofac"
        [result] = update_lists(store, config, only=name, fetcher=fetcher)
        assert result.status == "failed" and reason in (result.error or "")
        assert SanctionLists(store).versions() == before


def test_diff_lists_what_the_last_update_added_and_removed(tmp_path, sqlite_url) -> None:
    rows = fixture("sdn.csv").split(b"\r\n")
    older, newer = tmp_path / "older.csv", tmp_path / "newer.csv"
    older.write_bytes(b"\r\n".join(rows[:200]))
    newer.write_bytes(b"\r\n".join(rows[10:210]))
    source = ListSourceConfig(name="ofac", format="ofac_csv", path=older)
    with Store(sqlite_url) as store:
        update_lists(store, ScreeningConfig(lists=[source]))
        update_lists(store, ScreeningConfig(lists=[source.model_copy(update={"path": newer})]))
        diff = SanctionLists(store).diff("ofac")
    assert diff is not None and diff.older is not None
    assert len(diff.added) == 10 and len(diff.removed) == 10
    assert {c.entity_id for c in diff.removed} == {row.split(b",")[0].decode() for row in rows[:10]}


def test_the_embedded_snapshot_loads_on_first_use_in_seconds(database_url) -> None:
    with Store(database_url) as store:
        ensure_lists(store, ScreeningConfig())
        ensure_lists(store, ScreeningConfig())  # the second call finds it stored
        [version] = SanctionLists(store).versions()
    assert (version.list_name, version.entity_count, version.published) == ("ofac_sdn", 14965, date(2024, 5, 3))


def test_lists_commands(tmp_path, server) -> None:
    _serve_all(server)
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database_url: sqlite:///alerts.db\nscreening:\n  lists:\n"
        f"    - {{name: un, title: UN SC, format: un_xml, url: '{server.url('/consolidated.xml')}', allow_private_networks: true}}\n"
        f"    - {{name: local, format: ofac_csv, path: sdn.csv}}\n",
        encoding="utf-8",
    )
    (tmp_path / "sdn.csv").write_bytes(fixture("sdn.csv"))
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade", "--config", str(config)]).exit_code == 0  # only writers create it
    shown = runner.invoke(app, ["lists", "--config", str(config)])
    assert shown.exit_code == 0, shown.output
    assert "never" in shown.stdout and "256" in shown.stdout  # the local list is stored on first use
    updated = runner.invoke(app, ["lists", "update", "--source", "un", "--config", str(config)])
    assert updated.exit_code == 0 and "un: updated; published 2024-05-03, 237 entities" in updated.stdout
    server.routes["/consolidated.xml"] = Reply(500, b"")
    failed = runner.invoke(app, ["lists", "update", "--source", "un", "--config", str(config)])
    assert failed.exit_code == 1 and "failed, the version in use stays" in failed.stderr
    diff = runner.invoke(app, ["lists", "diff", "--config", str(config)])
    assert diff.exit_code == 0 and "un: one version only (237 entities" in diff.stdout
    unknown = runner.invoke(app, ["lists", "update", "--source", "nope", "--config", str(config)])
    assert unknown.exit_code == 2 and "no list named 'nope'" in unknown.stderr
