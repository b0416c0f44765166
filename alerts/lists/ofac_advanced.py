"""The OFAC SDN list in its "advanced" XML release (sdn_advanced.xml, Treasury's Sanctions List Service).

Unlike the legacy CSV, the advanced file is normalised: every code is an ID into `ReferenceValueSets`
(party sub-types, alias types, name-part types, feature types, countries, sanctions programmes), so the
parser first reads those tables and then resolves each `DistinctParty` through them:
- `Profile/@PartySubTypeID` -> the party type ("Individual", "Entity") or the sub-type "Vessel"/"Aircraft";
- `Identity/Alias` (`@Primary`, `@AliasTypeID` -> "A.K.A.", "F.K.A.", "N.K.A.", `@LowQuality="true"` for a
  weak alias) > `DocumentedName/DocumentedNamePart/NamePartValue` (one DocumentedName per script); an individual's name is written as the
  legacy list writes it, "LAST, First Middle", from the name-part types;
- `Feature/@FeatureTypeID` -> "Nationality Country", "Citizenship Country", "Vessel Flag", an organisation's
  "Location" (its address; the legacy release puts that country in add.csv) (each a
  `VersionLocation` -> `Locations/Location/LocationCountry`), "Vessel Call Sign", "MMSI" (a `VersionDetail`);
- `IDRegDocuments/IDRegDocument` of type "Vessel Registration Identification": the IMO number ("IMO 9179842");
- `SanctionsEntries/SanctionsEntry/@ProfileID` > `SanctionsMeasure` of type "Program" > `Comment`: programmes;
- `DateOfIssue` (Year, Month, Day): the publication date.
The namespace has changed between releases, so elements are matched by local name.
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from alerts.lists.countries import country_code
from alerts.lists.errors import ListFormatError
from alerts.lists.model import ListEntity, ListName, ListSnapshot

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=True)
_TYPES = {"individual": "person", "entity": "organization", "vessel": "vessel", "aircraft": "aircraft"}
_ALIAS_KINDS = {"a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "nka"}
_COUNTRY_FEATURES = ("nationality country", "citizenship country")
_IMO = re.compile(r"\bIMO\s*(\d{7})\b")


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _children(element: etree._Element, *path: str) -> list[etree._Element]:
    """Descendants along `path` of local names, whatever the namespace."""
    found = [element]
    for name in path:
        found = [child for parent in found for child in parent if isinstance(child.tag, str) and _local(child) == name]
    return found


def _first(element: etree._Element, *path: str) -> etree._Element | None:
    found = _children(element, *path)
    return found[0] if found else None


def _text(element: etree._Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _values(root: etree._Element, set_name: str) -> dict[str, etree._Element]:
    """One reference table, `ReferenceValueSets/<set_name>/*`, by ID."""
    return {
        value.get("ID", ""): value
        for table in _children(root, "ReferenceValueSets", set_name)
        for value in table
        if isinstance(value.tag, str)
    }


def _names(values: dict[str, etree._Element]) -> dict[str, str]:
    return {value_id: _text(value).lower() for value_id, value in values.items()}


def _published(root: etree._Element) -> date | None:
    issued = _first(root, "DateOfIssue")
    if issued is None:
        return None
    try:
        return date(*(int(_text(_first(issued, part)) or "0") for part in ("Year", "Month", "Day")))
    except ValueError:
        return None


class _References:
    """The reference tables and the locations a party's features point into."""

    def __init__(self, root: etree._Element) -> None:
        party_types = _names(_values(root, "PartyTypeValues"))
        # A sub-type is "Vessel", "Aircraft" or "Unknown"; an unknown one is an individual or an entity by its type.
        self.sub_types = {}
        for sub_id, sub in _values(root, "PartySubTypeValues").items():
            sub_name = _text(sub).lower()
            self.sub_types[sub_id] = (
                sub_name if sub_name in ("vessel", "aircraft") else party_types.get(sub.get("PartyTypeID", ""), "")
            )
        self.alias_types = _names(_values(root, "AliasTypeValues"))
        self.name_part_types = _names(_values(root, "NamePartTypeValues"))
        self.feature_types = _names(_values(root, "FeatureTypeValues"))
        self.doc_types = _names(_values(root, "IDRegDocTypeValues"))
        self.sanctions_types = _names(_values(root, "SanctionsTypeValues"))
        self.countries = {
            country_id: country_code(country.get("ISO2") or _text(country))
            for country_id, country in _values(root, "CountryValues").items()
        }
        self.location_countries = {
            location.get("ID", ""): self.countries.get(country.get("CountryID", ""))
            for location in _children(root, "Locations", "Location")
            for country in _children(location, "LocationCountry")[:1]
        }


def _documented_name(name: etree._Element, groups: dict[str, str], person: bool) -> str:
    """The name's parts in document order; an individual's last name first, then a comma, as OFAC writes it."""
    parts = [
        (groups.get(value.get("NamePartGroupID", ""), ""), _text(value))
        for value in _children(name, "DocumentedNamePart", "NamePartValue")
        if _text(value)
    ]
    last = [text for part_type, text in parts if part_type == "last name"]
    rest = [text for part_type, text in parts if part_type != "last name"]
    if person and last and rest:
        return f"{' '.join(last)}, {' '.join(rest)}"
    return " ".join(text for _type, text in parts)


def _party_names(profile: etree._Element, refs: _References, person: bool) -> list[ListName]:
    names: list[ListName] = []
    for identity in _children(profile, "Identity"):
        groups = {
            group.get("ID", ""): refs.name_part_types.get(group.get("NamePartTypeID", ""), "")
            for group in _children(identity, "NamePartGroups", "MasterNamePartGroup", "NamePartGroup")
        }
        for alias in _children(identity, "Alias"):
            # An alias may be written in several scripts (Latin, then Cyrillic, Arabic..): one DocumentedName each;
            # the first spelling of the primary alias is the entity's name, the others are its a.k.a.s.
            texts = [
                text
                for documented in _children(alias, "DocumentedName")
                if (text := _documented_name(documented, groups, person))
            ]
            primary = alias.get("Primary") == "true" and identity.get("Primary", "true") == "true"
            if primary and texts:
                names.insert(0, ListName(texts.pop(0)))
            kind = "aka" if primary else _ALIAS_KINDS.get(refs.alias_types.get(alias.get("AliasTypeID", ""), ""), "aka")
            names += [ListName(text, kind, weak=alias.get("LowQuality") == "true") for text in texts]
    return names


def _features(profile: etree._Element, refs: _References) -> dict[str, list[str]]:
    """Feature type name -> its values: a country code for a location, else the detail text."""
    features: dict[str, list[str]] = {}
    for feature in _children(profile, "Feature"):
        kind = refs.feature_types.get(feature.get("FeatureTypeID", ""), "")
        for version in _children(feature, "FeatureVersion"):
            for location in _children(version, "VersionLocation"):
                code = refs.location_countries.get(location.get("LocationID", ""))
                if code:
                    features.setdefault(kind, []).append(code)
            for detail in _children(version, "VersionDetail"):
                if _text(detail):
                    features.setdefault(kind, []).append(_text(detail))
    return features


def parse_ofac_advanced_xml(content: bytes, origin: str = "sdn_advanced.xml") -> ListSnapshot:
    """Parse sdn_advanced.xml (the elements read are listed in this module's docstring)."""
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError as error:
        raise ListFormatError(origin, f"malformed XML: {error.msg}", error.lineno or None) from None
    if _local(root) != "Sanctions" or _first(root, "DistinctParties") is None:
        raise ListFormatError(
            origin, f"not an OFAC SDN advanced file: the root element is <{_local(root)}>", root.sourceline
        )
    refs = _References(root)
    imo_by_identity = {
        document.get("IdentityID", ""): match.group(1)
        for document in _children(root, "IDRegDocuments", "IDRegDocument")
        if refs.doc_types.get(document.get("IDRegDocTypeID", "")) == "vessel registration identification"
        and (match := _IMO.search(_text(_first(document, "IDRegistrationNo"))))
    }
    programs_by_profile: dict[str, list[str]] = {}
    for entry in _children(root, "SanctionsEntries", "SanctionsEntry"):
        for measure in _children(entry, "SanctionsMeasure"):
            if refs.sanctions_types.get(measure.get("SanctionsTypeID", "")) == "program" and _text(
                _first(measure, "Comment")
            ):
                programs_by_profile.setdefault(entry.get("ProfileID", ""), []).append(_text(_first(measure, "Comment")))
    entities: list[ListEntity] = []
    for party in _children(root, "DistinctParties", "DistinctParty"):
        profile = _first(party, "Profile")
        party_id = party.get("FixedRef") or (profile.get("ID") if profile is not None else None)
        if profile is None or not party_id:
            raise ListFormatError(origin, "<DistinctParty> without a FixedRef or a Profile", party.sourceline)
        entity_type = _TYPES.get(refs.sub_types.get(profile.get("PartySubTypeID", ""), ""))
        if entity_type is None:
            raise ListFormatError(
                origin,
                f"party {party_id}: unknown PartySubTypeID {profile.get('PartySubTypeID')!r}",
                profile.sourceline,
            )
        names = _party_names(profile, refs, entity_type == "person")
        if not names:
            raise ListFormatError(origin, f"party {party_id} has no name", profile.sourceline)
        features = _features(profile, refs)
        country_features = _COUNTRY_FEATURES + (("location",) if entity_type == "organization" else ())
        identities = [identity.get("ID", "") for identity in _children(profile, "Identity")]
        imo = next((imo_by_identity[i] for i in identities if i in imo_by_identity), None)
        entities.append(
            ListEntity(
                entity_id=party_id,
                entity_type=entity_type,
                names=names,
                programs=tuple(dict.fromkeys(programs_by_profile.get(profile.get("ID", ""), []))),
                countries=tuple(sorted({code for kind in country_features for code in features.get(kind, [])})),
                imo=imo,
                mmsi=next(iter(features.get("mmsi", [])), None),
                call_sign=next(iter(features.get("vessel call sign", [])), None),
                flag=next(iter(features.get("vessel flag", [])), None),
            )
        )
    return ListSnapshot(_published(root), entities)
