"""OFAC's SDN advanced XML: parsed from a fixture in the official schema, checked against the CSV release of the
same entities, refused cleanly when malformed, and loaded over real HTTP like the other formats.

tests/data/sanctions/sdn_advanced.xml is derived from the shipped OFAC snapshot by
tools/build_sanctions_fixtures.py (the same 256 entities as sdn.csv, alt.csv and add.csv).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from alerts.config import ListSourceConfig, ScreeningConfig
from alerts.fetch import HttpFetcher
from alerts.lists.errors import ListFormatError
from alerts.lists.model import ListEntity
from alerts.lists.ofac_advanced import parse_ofac_advanced_xml
from alerts.lists.ofac_csv import parse_ofac_csv
from alerts.lists.update import update_lists
from storage import Store
from storage.sanctions_lists import SanctionLists
from tests.sources_http import LocalServer, Reply

FIXTURES = Path(__file__).parent / "data" / "sanctions"
KOMID, ANGARA, MAKLED, GLORY_HARVEST = "9345", "37059", "11500", "38418"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(scope="module")
def advanced() -> dict[str, ListEntity]:
    return {e.entity_id: e for e in parse_ofac_advanced_xml(fixture("sdn_advanced.xml"), "sdn_advanced.xml").entities}


def test_parties_become_people_organisations_vessels_and_aircraft(advanced) -> None:
    snapshot = parse_ofac_advanced_xml(fixture("sdn_advanced.xml"), "sdn_advanced.xml")
    assert snapshot.published == date(2024, 5, 3)  # from DateOfIssue
    assert {e.entity_type for e in snapshot.entities} == {"person", "organization", "vessel", "aircraft"}
    komid = advanced[KOMID]
    assert komid.entity_type == "organization" and komid.programs == ("NPWMD", "DPRK2")
    assert [(n.name, n.kind, n.weak) for n in komid.names] == [
        ("KOREA MINING DEVELOPMENT TRADING CORPORATION", "primary", False),
        ("KOMID", "aka", False),
    ]
    makled = advanced[MAKLED]  # name parts "MAKLED GARCIA" (Last Name) and "Walid" (First Name)
    assert (makled.entity_type, makled.name, makled.countries) == ("person", "MAKLED GARCIA, Walid", ("ve",))


def test_vessels_keep_imo_flag_call_sign_and_mmsi(advanced) -> None:
    angara = advanced[ANGARA]
    assert (angara.entity_type, angara.name, angara.imo, angara.flag) == ("vessel", "ANGARA", "9179842", "ru")
    glory = advanced[GLORY_HARVEST]
    assert (glory.call_sign, glory.mmsi) == ("3FYH7", "356978000")
    assert sum(1 for e in advanced.values() if e.entity_type == "vessel" and e.imo) >= 10


def test_low_quality_aliases_are_weak(advanced) -> None:
    weak = {n.name for e in advanced.values() for n in e.names if n.weak}
    assert "CBSP" in weak and "KOMID" not in weak  # the fixture marks aliases of four letters or fewer LowQuality


def test_a_name_in_a_second_script_is_an_alias() -> None:
    latin = b'Acronym="false">ANGARA</NamePartValue></DocumentedNamePart></DocumentedName>'
    cyrillic = (
        '<DocumentedName ID="1" FixedRef="37059" DocNameStatusID="1"><DocumentedNamePart><NamePartValue '
        'NamePartGroupID="3705900" ScriptID="220">АНГАРА</NamePartValue>'
        "</DocumentedNamePart></DocumentedName>"
    ).encode()
    content = fixture("sdn_advanced.xml").replace(latin, latin + cyrillic, 1)
    angara = next(e for e in parse_ofac_advanced_xml(content, "sdn_advanced.xml").entities if e.entity_id == ANGARA)
    assert [(n.name, n.kind) for n in angara.names] == [("ANGARA", "primary"), ("АНГАРА", "aka")]


def test_the_same_entities_as_the_csv_release() -> None:
    csv = parse_ofac_csv(fixture("sdn.csv"), fixture("alt.csv"), fixture("add.csv"))
    xml = parse_ofac_advanced_xml(fixture("sdn_advanced.xml"), "sdn_advanced.xml")

    def fields(entity: ListEntity) -> tuple:
        return (
            entity.entity_id,
            entity.entity_type,
            [(n.name, n.kind) for n in entity.names],
            entity.programs,
            entity.countries,
            entity.imo,
            entity.mmsi,
            entity.call_sign,
            entity.flag,
        )

    assert [fields(e) for e in xml.entities] == [fields(e) for e in csv.entities]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\n".join(fixture("sdn_advanced.xml").splitlines()[:6]), r"sdn_advanced.xml: line \d+: malformed XML"),
        (
            fixture("sdn_advanced.xml").replace(b"</DistinctParty>", b"</DistinctPart>", 1),
            r"sdn_advanced.xml: line \d+: malformed XML",
        ),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<x>&e;</x>',
            r"sdn_advanced.xml: line 3: not an OFAC SDN advanced file: the root element is <x>",
        ),
        (
            fixture("sdn_advanced.xml").replace(b'PartySubTypeID="1"', b'PartySubTypeID="99"', 1),
            r"sdn_advanced.xml: line \d+: party \d+: unknown PartySubTypeID '99'",
        ),
    ],
    ids=["truncated", "mismatched-tag", "other-document", "unknown-party-type"],
)
def test_bad_files_give_one_line_errors(content: bytes, reason: str) -> None:
    with pytest.raises(ListFormatError, match=reason):
        parse_ofac_advanced_xml(content, "sdn_advanced.xml")


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    local = LocalServer().start()
    yield local
    local.close()


def test_update_over_http_reads_the_advanced_file(server, sqlite_url) -> None:
    server.routes["/sdn_advanced.xml"] = Reply(body=fixture("sdn_advanced.xml"))
    config = ScreeningConfig(
        lists=[ListSourceConfig(name="ofac", format="ofac_advanced_xml", url=server.url("/sdn_advanced.xml"))]
    )
    with HttpFetcher(timeout=5, retries=0, allow_private_networks=True) as fetcher, Store(sqlite_url) as store:
        assert [r.status for r in update_lists(store, config, fetcher=fetcher)] == ["updated"]
        server.routes["/sdn_advanced.xml"] = Reply(body=fixture("sdn_advanced.xml")[:100_000])
        [failed] = update_lists(store, config, fetcher=fetcher)
        assert failed.status == "failed" and "malformed XML" in (failed.error or "")
        [version] = SanctionLists(store).versions()
        assert (version.entity_count, version.published) == (256, date(2024, 5, 3))
        stored = SanctionLists(store).current_entities(["ofac"])["ofac"]
        angara = next(e for e in stored if e.entity_id == ANGARA)
        assert (angara.imo, angara.flag) == ("9179842", "ru")
        assert any(n.weak for e in stored for n in e.names)
