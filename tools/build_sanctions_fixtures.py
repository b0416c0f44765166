"""Build the list fixtures in tests/data/sanctions/ from the shipped OFAC SDN snapshot (a maintainer's tool).

    .venv/bin/python tools/build_sanctions_fixtures.py

Why derived files: the tests must run offline and never read outside the project, and the official files are
large. Each fixture holds the same few hundred real SDN entities (the ones the tests name, and every 60th
row), written in the official format of each publisher:
- sdn.csv: the snapshot's own rows, byte for byte (legacy OFAC CSV, Latin-1, CRLF, the 0x1A end mark);
- alt.csv and add.csv: the OFAC companion files, derived from the rows' Remarks ("a.k.a. '...'" ->
  alt.csv rows; the country an organisation's registration names, "(Turkey)" -> an add.csv country);
- consolidated.xml: the UN Security Council format (INDIVIDUALS/ENTITIES, aliases with QUALITY; aliases of
  four letters or fewer are marked "Low", the UN's weak aliases);
- eu_fsf.xml: the EU Financial Sanctions Files XML 1.1 format;
- uk_sanctions.xml: the UK sanctions list XML format;
- entities.ftm.json: FollowTheMoney entities, one JSON object a line, built with the followthemoney library;
- sdn_advanced.xml: OFAC's "advanced" XML (SDN_ADVANCED schema): reference value sets with the fixture's own
  IDs, a DistinctParty per entity (an individual's name split into Last/First name parts at the comma),
  features for nationality, an organisation's address country ("Location"), vessel flag, call sign and MMSI, the IMO number as a "Vessel Registration
  Identification" document, programmes as SanctionsMeasure comments; aliases of four letters or fewer are
  marked LowQuality="true" (weak), as in the UN file.
The UN, EU, UK, FtM and advanced XML files carry OFAC's entities in those formats: they test the parsers, not the lists.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from alerts.lists.countries import country_code  # noqa: E402
from alerts.lists.ofac_csv import parse_ofac_csv  # noqa: E402

SNAPSHOT = REPO / "alerts" / "data" / "sanctions" / "ofac_sdn_2024-05-03.csv.gz"
OUT = REPO / "tests" / "data" / "sanctions"
#: Entities the tests and the screening set name: KOMID, the Angara, Sovcomflot, Rosoboronexport, Prigozhin,
#: Kim Jong Un.
NAMED = {"9345", "37059", "34741", "18782", "21171", "20157"}
EVERY = 60
PUBLISHED = "2024-05-03"


def main() -> None:
    raw = gzip.decompress(SNAPSHOT.read_bytes())
    lines = raw.split(b"\r\n")
    kept_lines = [line for i, line in enumerate(lines) if line.split(b",", 1)[0].decode() in NAMED or i % EVERY == 0]
    kept_lines = [line for line in kept_lines if line.strip() and line != b"\x1a"]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "sdn.csv").write_bytes(b"\r\n".join(kept_lines) + b"\r\n\x1a")
    snapshot = parse_ofac_csv((OUT / "sdn.csv").read_bytes())
    write_alt_add(kept_lines)
    entities = snapshot.entities
    (OUT / "consolidated.xml").write_text(un_xml(entities), encoding="utf-8")
    (OUT / "eu_fsf.xml").write_text(eu_xml(entities), encoding="utf-8")
    (OUT / "uk_sanctions.xml").write_text(uk_xml(entities), encoding="utf-8")
    (OUT / "entities.ftm.json").write_text(ftm_json(entities), encoding="utf-8")
    trio = parse_ofac_csv(
        (OUT / "sdn.csv").read_bytes(), (OUT / "alt.csv").read_bytes(), (OUT / "add.csv").read_bytes()
    )
    (OUT / "sdn_advanced.xml").write_text(ofac_advanced_xml(trio.entities), encoding="utf-8")
    print(f"{len(entities)} entities written to {OUT.relative_to(REPO)}")


def write_alt_add(lines: list[bytes]) -> None:
    alias = re.compile(r"\b([afn])\.k\.a\. '(.+?)'(?=[.;,]?(?:\s|$))")
    registered = re.compile(r"\(([A-Z][A-Za-z ,.]+)\)")  # "Registration Number 9855920 (Turkey)"
    alt, add = io.StringIO(newline=""), io.StringIO(newline="")
    alt_writer = csv.writer(alt, lineterminator="\r\n")
    add_writer = csv.writer(add, lineterminator="\r\n")
    alt_num = add_num = 0
    for row in csv.reader(io.StringIO(b"\r\n".join(lines).decode("latin-1"))):
        ent_num, kind, remarks = row[0], row[2].strip(), row[11]
        for letter, name in alias.findall(remarks):
            alt_num += 1
            alt_writer.writerow([ent_num, alt_num, f"{letter}ka", name, "-0-"])
        if kind == "-0-":
            for country in dict.fromkeys(c for c in registered.findall(remarks) if country_code(c)):
                add_num += 1
                add_writer.writerow([ent_num, add_num, "-0-", "-0-", country, "-0-"])
    (OUT / "alt.csv").write_bytes(alt.getvalue().encode("latin-1") + b"\x1a")
    (OUT / "add.csv").write_bytes(add.getvalue().encode("latin-1") + b"\x1a")


def _e(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _program(entity) -> str:
    return entity.programs[0] if entity.programs else "SDN"


def un_xml(entities) -> str:
    people, groups = [], []
    for entity in entities:
        if entity.entity_type not in ("person", "organization"):
            continue
        aliases = "".join(
            f"<{'INDIVIDUAL' if entity.entity_type == 'person' else 'ENTITY'}_ALIAS>"
            f"<QUALITY>{'Low' if len(n.name) <= 4 else 'Good'}</QUALITY><ALIAS_NAME>{_e(n.name)}</ALIAS_NAME>"
            f"</{'INDIVIDUAL' if entity.entity_type == 'person' else 'ENTITY'}_ALIAS>"
            for n in entity.names[1:]
        )
        if entity.entity_type == "person":
            surname, _, given = entity.name.partition(", ")
            nationality = "".join(f"<NATIONALITY><VALUE>{c.upper()}</VALUE></NATIONALITY>" for c in entity.countries)
            people.append(
                f"<INDIVIDUAL><DATAID>{entity.entity_id}</DATAID><FIRST_NAME>{_e(given)}</FIRST_NAME>"
                f"<SECOND_NAME>{_e(surname)}</SECOND_NAME><UN_LIST_TYPE>{_e(_program(entity))}</UN_LIST_TYPE>"
                f"<REFERENCE_NUMBER>QDi.{entity.entity_id}</REFERENCE_NUMBER>{nationality}{aliases}</INDIVIDUAL>"
            )
        else:
            address = "".join(
                f"<ENTITY_ADDRESS><COUNTRY>{c.upper()}</COUNTRY></ENTITY_ADDRESS>" for c in entity.countries
            )
            groups.append(
                f"<ENTITY><DATAID>{entity.entity_id}</DATAID><FIRST_NAME>{_e(entity.name)}</FIRST_NAME>"
                f"<UN_LIST_TYPE>{_e(_program(entity))}</UN_LIST_TYPE>"
                f"<REFERENCE_NUMBER>QDe.{entity.entity_id}</REFERENCE_NUMBER>{aliases}{address}</ENTITY>"
            )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated="{PUBLISHED}T00:00:00.000-04:00">\n'
        f"<INDIVIDUALS>\n"
        + "\n".join(people)
        + "\n</INDIVIDUALS>\n<ENTITIES>\n"
        + "\n".join(groups)
        + "\n</ENTITIES>\n</CONSOLIDATED_LIST>\n"
    )


def eu_xml(entities) -> str:
    rows = []
    for entity in entities:
        if entity.entity_type not in ("person", "organization"):
            continue
        subject = "person" if entity.entity_type == "person" else "enterprise"
        names = "".join(
            f'<nameAlias wholeName="{_e(n.name)}" strong="{"false" if n.weak else "true"}"/>' for n in entity.names
        )
        citizens = "".join(f'<citizenship countryIso2Code="{c.upper()}"/>' for c in entity.countries)
        rows.append(
            f'<sanctionEntity logicalId="{entity.entity_id}"><regulation programme="{_e(_program(entity))}"/>'
            f'<subjectType code="{subject}"/>{names}{citizens}</sanctionEntity>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="{PUBLISHED}T16:00:00.000+02:00">\n'
        + "\n".join(rows)
        + "\n</export>\n"
    )


def uk_xml(entities) -> str:
    rows = []
    kinds = {"person": "Individual", "organization": "Entity", "vessel": "Ship"}
    for entity in entities:
        if entity.entity_type not in kinds:
            continue
        names = "".join(
            f"<Name><Name6>{_e(n.name)}</Name6><NameType>{'Primary Name' if i == 0 else 'Alias'}</NameType></Name>"
            for i, n in enumerate(entity.names)
        )
        ship = ""
        if entity.entity_type == "vessel":
            ship = (
                f"<ShipDetails><Ship><IMONumber>{entity.imo or ''}</IMONumber>"
                f"<CurrentFlag>{(entity.flag or '').upper()}</CurrentFlag></Ship></ShipDetails>"
            )
        rows.append(
            f"<Designation><UniqueID>UK{entity.entity_id}</UniqueID><RegimeName>{_e(_program(entity))}</RegimeName>"
            f"<IndividualEntityShip>{kinds[entity.entity_type]}</IndividualEntityShip><Names>{names}</Names>{ship}"
            "</Designation>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Designations><DateGenerated>{PUBLISHED}</DateGenerated>\n'
        + "\n".join(rows)
        + "\n</Designations>\n"
    )


def ftm_json(entities) -> str:
    from followthemoney import model

    schemata = {"person": "Person", "organization": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}
    lines = []
    for entity in entities:
        proxy = model.make_entity(schemata[entity.entity_type])
        proxy.id = f"ofac-{entity.entity_id}"
        proxy.add("name", entity.name)
        for alias in entity.names[1:]:
            proxy.add("weakAlias" if alias.weak else "alias", alias.name)
        proxy.add("programId", list(entity.programs))
        if entity.entity_type == "person":
            proxy.add("nationality", list(entity.countries))
        elif entity.entity_type == "organization":
            proxy.add("country", list(entity.countries))
        if entity.entity_type == "vessel":
            proxy.add("imoNumber", entity.imo)
            proxy.add("flag", entity.flag)
            proxy.add("callSign", entity.call_sign)
        data = proxy.to_dict()
        data["last_change"] = f"{PUBLISHED}T08:00:00"
        lines.append(json.dumps(data, ensure_ascii=False, sort_keys=True))
    return "\n".join(lines) + "\n"


ADVANCED_NS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML"
#: (table, value element, [(ID, extra attributes, text)]): the reference values the fixture uses.
ADVANCED_REFERENCES = [
    ("PartyTypeValues", "PartyType", [(1, "", "Individual"), (2, "", "Entity"), (4, "", "Transport")]),
    (
        "PartySubTypeValues",
        "PartySubType",
        [
            (1, ' PartyTypeID="4"', "Vessel"),
            (2, ' PartyTypeID="4"', "Aircraft"),
            (3, ' PartyTypeID="2"', "Unknown"),
            (4, ' PartyTypeID="1"', "Unknown"),
        ],
    ),
    (
        "AliasTypeValues",
        "AliasType",
        [(1400, "", "A.K.A."), (1401, "", "F.K.A."), (1402, "", "N.K.A."), (1403, "", "Name")],
    ),
    (
        "NamePartTypeValues",
        "NamePartType",
        [
            (1520, "", "Last Name"),
            (1521, "", "First Name"),
            (1525, "", "Entity Name"),
            (1526, "", "Vessel Name"),
            (1528, "", "Aircraft Name"),
        ],
    ),
    (
        "FeatureTypeValues",
        "FeatureType",
        [
            (1, "", "Vessel Call Sign"),
            (3, "", "Vessel Flag"),
            (10, "", "Nationality Country"),
            (11, "", "Citizenship Country"),
            (25, "", "Location"),
            (1507, "", "MMSI"),
        ],
    ),
    ("IDRegDocTypeValues", "IDRegDocType", [(1571, "", "Passport"), (1626, "", "Vessel Registration Identification")]),
    ("SanctionsTypeValues", "SanctionsType", [(1, "", "Program"), (2, "", "Block")]),
]
_SUB_TYPES = {"person": 4, "organization": 3, "vessel": 1, "aircraft": 2}
_NAME_PART = {"organization": 1525, "vessel": 1526, "aircraft": 1528}
_ALIAS_TYPES = {"primary": 1403, "aka": 1400, "fka": 1401, "nka": 1402}


def _advanced_alias(entity, index: int, name, groups: list[tuple[int, int]]) -> str:
    """One Alias with its DocumentedName; the name-part groups it uses are appended to `groups`."""
    if entity.entity_type == "person":
        last, _, first = name.name.partition(", ")
        parts = [(1520, last), (1521, first)] if first else [(1520, last)]
    else:
        parts = [(_NAME_PART[entity.entity_type], name.name)]
    values = ""
    for part_index, (part_type, text) in enumerate(parts):
        group_id = int(entity.entity_id) * 100 + index * 10 + part_index
        groups.append((group_id, part_type))
        values += (
            f'<DocumentedNamePart><NamePartValue NamePartGroupID="{group_id}" ScriptID="215" '
            f'ScriptStatusID="1" Acronym="false">{_e(text)}</NamePartValue></DocumentedNamePart>'
        )
    primary = "true" if name.kind == "primary" else "false"
    weak = "true" if name.kind != "primary" and len(name.name) <= 4 else "false"
    return (
        f'<Alias FixedRef="{entity.entity_id}" AliasTypeID="{_ALIAS_TYPES[name.kind]}" Primary="{primary}" '
        f'LowQuality="{weak}"><DocumentedName ID="{int(entity.entity_id) * 100 + index}" '
        f'FixedRef="{entity.entity_id}" DocNameStatusID="1">{values}</DocumentedName></Alias>'
    )


def _advanced_feature(feature_id: int, feature_type: int, content: str) -> str:
    return (
        f'<Feature ID="{feature_id}" FeatureTypeID="{feature_type}"><FeatureVersion ID="{feature_id}" '
        f'ReliabilityID="1"><Comment/>{content}</FeatureVersion></Feature>'
    )


def ofac_advanced_xml(entities) -> str:
    from followthemoney import registry

    codes = sorted({code for e in entities for code in (*e.countries, e.flag) if code})
    country_ids = {code: 11000 + i for i, code in enumerate(codes)}
    location_ids = {code: 20000 + i for i, code in enumerate(codes)}
    references = (
        "".join(
            f"<{table}>"
            + "".join(f'<{element} ID="{vid}"{attrs}>{_e(text)}</{element}>' for vid, attrs, text in values)
            + f"</{table}>"
            for table, element, values in ADVANCED_REFERENCES
        )
        + "<CountryValues>"
        + "".join(
            f'<Country ID="{country_ids[c]}" ISO2="{c.upper()}">{_e(registry.country.caption(c) or c)}</Country>'
            for c in codes
        )
        + "</CountryValues>"
    )
    locations = "".join(
        f'<Location ID="{location_ids[c]}"><LocationCountry CountryID="{country_ids[c]}" CountryRelevanceID="1"/>'
        "</Location>"
        for c in codes
    )
    parties, documents, entries = [], [], []
    for entity in entities:
        ent_id = int(entity.entity_id)
        groups: list[tuple[int, int]] = []
        aliases = "".join(_advanced_alias(entity, i, name, groups) for i, name in enumerate(entity.names))
        group_xml = "".join(f'<NamePartGroup ID="{g}" NamePartTypeID="{t}"/>' for g, t in groups)
        features = []
        feature_id = ent_id * 10
        country_feature = {"person": 10, "organization": 25}.get(entity.entity_type, 11)
        for code in entity.countries:
            feature_id += 1
            features.append(
                _advanced_feature(feature_id, country_feature, f'<VersionLocation LocationID="{location_ids[code]}"/>')
            )
        if entity.flag:
            feature_id += 1
            features.append(
                _advanced_feature(feature_id, 3, f'<VersionLocation LocationID="{location_ids[entity.flag]}"/>')
            )
        for feature_type, value in ((1, entity.call_sign), (1507, entity.mmsi)):
            if value:
                feature_id += 1
                features.append(
                    _advanced_feature(
                        feature_id, feature_type, f'<VersionDetail DetailTypeID="1432">{_e(value)}</VersionDetail>'
                    )
                )
        if entity.imo:
            documents.append(
                f'<IDRegDocument ID="{ent_id}" IDRegDocTypeID="1626" IdentityID="{ent_id}">'
                f"<Comment/><IDRegistrationNo>IMO {entity.imo}</IDRegistrationNo>"
                "<IssuingAuthority/></IDRegDocument>"
            )
        parties.append(
            f'<DistinctParty FixedRef="{ent_id}"><Comment/><Profile ID="{ent_id}" '
            f'PartySubTypeID="{_SUB_TYPES[entity.entity_type]}"><Identity ID="{ent_id}" FixedRef="{ent_id}" '
            f'Primary="true" False="false">{aliases}<NamePartGroups><MasterNamePartGroup>{group_xml}'
            f"</MasterNamePartGroup></NamePartGroups></Identity>{''.join(features)}</Profile></DistinctParty>"
        )
        measures = "".join(
            f'<SanctionsMeasure ID="{ent_id * 10 + i}" SanctionsTypeID="1"><Comment>{_e(p)}</Comment>'
            "</SanctionsMeasure>"
            for i, p in enumerate(entity.programs)
        )
        entries.append(
            f'<SanctionsEntry ID="{ent_id}" ProfileID="{ent_id}" ListID="1550">{measures}'
            f'<SanctionsMeasure ID="{ent_id * 10 + 9}" SanctionsTypeID="2"><Comment/></SanctionsMeasure>'
            "</SanctionsEntry>"
        )
    year, month, day = (int(part) for part in PUBLISHED.split("-"))
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Sanctions xmlns="{ADVANCED_NS}">\n'
        f"<DateOfIssue><Year>{year}</Year><Month>{month}</Month><Day>{day}</Day></DateOfIssue>\n"
        f"<ReferenceValueSets>{references}</ReferenceValueSets>\n<Locations>{locations}</Locations>\n"
        "<IDRegDocuments>"
        + "\n".join(documents)
        + "</IDRegDocuments>\n<DistinctParties>\n"
        + "\n".join(parties)
        + "\n</DistinctParties>\n<ProfileRelationships/>\n<SanctionsEntries>\n"
        + "\n".join(entries)
        + "\n</SanctionsEntries>\n</Sanctions>\n"
    )


if __name__ == "__main__":
    main()
