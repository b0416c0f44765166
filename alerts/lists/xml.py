"""XML releases of official lists: the UN Security Council consolidated list, the EU consolidated financial
sanctions list (FSF) and the UK sanctions list.

All three are parsed with lxml from bytes, with entity expansion and network access off (a list file is input
from the network like any other). Each parser names the elements it reads in its docstring; the formats are
described by their publishers:
- UN: https://scsanctions.un.org/resources/xml/en/consolidated.xml (schema consolidated.xsd);
- EU: https://webgate.ec.europa.eu/fsd/fsf (the "XML 1.1" file, namespace http://eu.europa.ec/fpi/fsd/export);
- UK: https://www.gov.uk/government/publications/the-uk-sanctions-list (UK_Sanctions_List.xml).
"""

from __future__ import annotations

from datetime import date, datetime

from lxml import etree

from alerts.lists.countries import country_code
from alerts.lists.errors import ListFormatError
from alerts.lists.model import ListEntity, ListName, ListSnapshot

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=True)
EU_NS = "http://eu.europa.ec/fpi/fsd/export"


def _root(data: bytes, origin: str) -> etree._Element:
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        line = error.lineno if error.lineno else None
        raise ListFormatError(origin, f"malformed XML: {error.msg}", line) from None


def _date(text: str | None) -> date | None:
    """The date part of an ISO timestamp ("2024-05-03T10:00:02-04:00") or of a plain date."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.strip()[:10]).date()
    except ValueError:
        return None


def _text(element: etree._Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _codes(values: list[str]) -> tuple[str, ...]:
    return tuple(sorted({code for value in values if (code := country_code(value))}))


def parse_un_xml(data: bytes, origin: str = "consolidated.xml") -> ListSnapshot:
    """CONSOLIDATED_LIST (dateGenerated) > INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY: DATAID, FIRST_NAME ..
    FOURTH_NAME, UN_LIST_TYPE, REFERENCE_NUMBER, NATIONALITY/VALUE, *_ALIAS (QUALITY "Good", "a.k.a." or
    "Low" -- the UN's weak alias -- and ALIAS_NAME), ENTITY_ADDRESS/COUNTRY."""
    root = _root(data, origin)
    if root.tag != "CONSOLIDATED_LIST":
        raise ListFormatError(origin, f"not a UN consolidated list: the root element is <{root.tag}>", root.sourceline)
    entities: list[ListEntity] = []
    for kind, tag, alias_tag in (
        ("person", "INDIVIDUAL", "INDIVIDUAL_ALIAS"),
        ("organization", "ENTITY", "ENTITY_ALIAS"),
    ):
        for element in root.iter(tag):
            parts = [_text(element.find(f)) for f in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
            name = " ".join(part for part in parts if part)
            data_id = _text(element.find("DATAID")) or _text(element.find("REFERENCE_NUMBER"))
            if not name or not data_id:
                raise ListFormatError(origin, f"<{tag}> without a name or DATAID", element.sourceline)
            names = [ListName(name)]
            for alias in element.iter(alias_tag):
                alias_name = _text(alias.find("ALIAS_NAME"))
                if alias_name:
                    names.append(ListName(alias_name, "aka", weak=_text(alias.find("QUALITY")).lower() == "low"))
            original = _text(element.find("NAME_ORIGINAL_SCRIPT"))
            if original:
                names.append(ListName(original, "aka"))
            countries = [_text(v) for v in element.iterfind("NATIONALITY/VALUE")]
            countries += [_text(c) for c in element.iterfind("ENTITY_ADDRESS/COUNTRY")]
            program = _text(element.find("UN_LIST_TYPE"))
            entities.append(ListEntity(data_id, kind, names, (program,) if program else (), _codes(countries)))
    return ListSnapshot(_date(root.get("dateGenerated")), entities)


def parse_eu_xml(data: bytes, origin: str = "eu_fsf.xml") -> ListSnapshot:
    """export (generationDate) > sanctionEntity (logicalId): regulation/@programme, subjectType/@code
    (person, enterprise), nameAlias/@wholeName (@strong="false" is a weak alias), citizenship/@countryIso2Code,
    address/@countryIso2Code."""
    root = _root(data, origin)
    ns = {"e": EU_NS} if root.tag.startswith("{") else {}
    prefix = "e:" if ns else ""
    if etree.QName(root).localname != "export":
        raise ListFormatError(origin, f"not an EU FSF export: the root element is <{root.tag}>", root.sourceline)
    entities: list[ListEntity] = []
    for element in root.iterfind(f"{prefix}sanctionEntity", ns):
        logical_id = element.get("logicalId")
        names = [
            ListName(alias.get("wholeName", "").strip(), "primary" if i == 0 else "aka", alias.get("strong") == "false")
            for i, alias in enumerate(element.iterfind(f"{prefix}nameAlias", ns))
            if alias.get("wholeName", "").strip()
        ]
        if not logical_id or not names:
            raise ListFormatError(origin, "<sanctionEntity> without a logicalId or a name", element.sourceline)
        subject = element.find(f"{prefix}subjectType", ns)
        kind = "person" if subject is not None and subject.get("code") == "person" else "organization"
        programs = tuple(
            dict.fromkeys(r.get("programme") for r in element.iterfind(f"{prefix}regulation", ns) if r.get("programme"))
        )
        countries = [c.get("countryIso2Code", "") for c in element.iterfind(f"{prefix}citizenship", ns)]
        countries += [a.get("countryIso2Code", "") for a in element.iterfind(f"{prefix}address", ns)]
        entities.append(ListEntity(logical_id, kind, names, programs, _codes([c for c in countries if c != "00"])))
    return ListSnapshot(_date(root.get("generationDate")), entities)


_UK_TYPES = {"individual": "person", "entity": "organization", "ship": "vessel"}


def parse_uk_xml(data: bytes, origin: str = "UK_Sanctions_List.xml") -> ListSnapshot:
    """Designations (DateGenerated) > Designation: UniqueID, RegimeName, IndividualEntityShip, Names/Name
    (Name1..Name6, NameType "Primary Name" or "Alias", AliasStrength "Weak"), Nationalities/Nationality,
    ShipDetails/Ship (IMONumber, CurrentFlag, CallSign)."""
    root = _root(data, origin)
    if root.tag != "Designations":
        raise ListFormatError(origin, f"not a UK sanctions list: the root element is <{root.tag}>", root.sourceline)
    entities: list[ListEntity] = []
    for element in root.iterfind("Designation"):
        unique_id = _text(element.find("UniqueID"))
        names: list[ListName] = []
        for name in element.iterfind("Names/Name"):
            whole = " ".join(p for p in (_text(name.find(f"Name{i}")) for i in range(1, 7)) if p)
            if not whole:
                continue
            primary = _text(name.find("NameType")).lower() == "primary name"
            weak = _text(name.find("AliasStrength")).lower() == "weak"
            if primary:
                names.insert(0, ListName(whole))
            else:
                names.append(ListName(whole, "aka", weak))
        if not unique_id or not names:
            raise ListFormatError(origin, "<Designation> without a UniqueID or a name", element.sourceline)
        kind = _UK_TYPES.get(_text(element.find("IndividualEntityShip")).lower(), "organization")
        regime = _text(element.find("RegimeName"))
        ship = element.find("ShipDetails/Ship")
        entities.append(
            ListEntity(
                unique_id,
                kind,
                names,
                (regime,) if regime else (),
                _codes([_text(n) for n in element.iterfind("Nationalities/Nationality")]),
                imo=_text(ship.find("IMONumber")) or None if ship is not None else None,
                call_sign=_text(ship.find("CallSign")) or None if ship is not None else None,
                flag=country_code(_text(ship.find("CurrentFlag"))) if ship is not None else None,
            )
        )
    return ListSnapshot(_date(_text(root.find("DateGenerated")) or root.get("DateGenerated")), entities)
