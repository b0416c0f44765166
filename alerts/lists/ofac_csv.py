"""The OFAC SDN list in its legacy CSV release: sdn.csv, alt.csv (alternate names) and add.csv (addresses).

The format (OFAC's "SDN data specification"): no header row, Latin-1, `-0-` for an empty field, and the
entity number `ent_num` joining the three files. sdn.csv has 12 columns: ent_num, SDN_Name, SDN_Type,
Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks. alt.csv: ent_num, alt_num,
alt_type (aka, fka, nka), alt_name, alt_remarks. add.csv: ent_num, add_num, address, city/state/postal code,
country, add_remarks. The last line of each file may be a lone Ctrl-Z (0x1A), an end-of-file mark.

Identifiers that have no column of their own (a vessel's IMO and MMSI numbers, a person's nationality) are
written in the Remarks column ("Vessel Registration Identification IMO 9179842; MMSI 273355410;
nationality Korea, North"); they are read from there. When no alt.csv is given, the aliases are read from the
Remarks column too, where sdn.csv repeats them ("a.k.a. 'KOMID'").
"""

from __future__ import annotations

import csv
import io
import re

from alerts.lists.countries import country_code
from alerts.lists.errors import ListFormatError
from alerts.lists.model import ListEntity, ListName, ListSnapshot

EMPTY = "-0-"
SDN_COLUMNS = 12
ALT_COLUMNS = 5
ADD_COLUMNS = 6
EOF_MARK = "\x1a"

_TYPES = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft", "": "organization"}
_IMO = re.compile(r"\bIMO (\d{7})\b")
_MMSI = re.compile(r"\bMMSI (\d{9})\b")
_NATIONALITY = re.compile(r"\b(?:nationality|citizen|Nationality of Registration) ([^;]+?)\s*(?:;|\.?$)")
#: `a.k.a. 'KOMID'.` / `f.k.a. 'ANA I'; f.k.a. 'SAND SWAN'.` -- names may hold apostrophes ("YO'N"), so a name
#: ends at a quote followed by the end, a separator or a space.
_ALIAS = re.compile(r"\b([afn])\.k\.a\. '(.+?)'(?=[.;,]?(?:\s|$))")


def _cell(value: str) -> str:
    value = value.strip()
    return "" if value == EMPTY else value


def _rows(data: bytes, origin: str, columns: int) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every record, checking the column count; the end-of-file mark is skipped."""
    text = data.decode("latin-1")
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for cells in reader:
            if not cells or (len(cells) == 1 and cells[0].strip() in ("", EOF_MARK)):
                continue
            if len(cells) != columns:
                raise ListFormatError(origin, f"expected {columns} columns, found {len(cells)}", reader.line_num)
            rows.append((reader.line_num, [_cell(cell) for cell in cells]))
    except csv.Error as error:
        raise ListFormatError(origin, f"not valid CSV: {error}", reader.line_num) from None
    return rows


def _programs(text: str) -> tuple[str, ...]:
    """`NPWMD] [DPRK2` (the column keeps OFAC's bracketed list without its outer brackets) -> two programmes."""
    return tuple(part.strip(" []") for part in text.split("] [") if part.strip(" []"))


def _remark_aliases(remarks: str) -> list[ListName]:
    return [ListName(name.strip(), kind=f"{letter}ka") for letter, name in _ALIAS.findall(remarks) if name.strip()]


def parse_ofac_csv(
    sdn: bytes, alt: bytes | None = None, add: bytes | None = None, *, origin: str = "sdn.csv"
) -> ListSnapshot:
    """Parse the trio (alt and add optional). OFAC's CSV release states no publication date: the caller
    supplies it (from the HTTP Last-Modified header or the file name)."""
    entities: dict[str, ListEntity] = {}
    for line, cells in _rows(sdn, origin, SDN_COLUMNS):
        ent_num, name, kind, program, _title, call_sign, _vtype, _tonnage, _grt, flag, _owner, remarks = cells
        if not ent_num.isdigit():
            raise ListFormatError(origin, f"ent_num {ent_num!r} is not a number", line)
        if not name:
            raise ListFormatError(origin, f"entity {ent_num} has no name", line)
        entity_type = _TYPES.get(kind.lower())
        if entity_type is None:
            raise ListFormatError(origin, f"unknown SDN_Type {kind!r}", line)
        names = [ListName(name)]
        if alt is None:
            names += _remark_aliases(remarks)
        countries = {code for text in _NATIONALITY.findall(remarks) if (code := country_code(text))}
        imo, mmsi = _IMO.search(remarks), _MMSI.search(remarks)
        entities[ent_num] = ListEntity(
            entity_id=ent_num,
            entity_type=entity_type,
            names=names,
            programs=_programs(program),
            countries=tuple(sorted(countries)),
            imo=imo.group(1) if imo else None,
            mmsi=mmsi.group(1) if mmsi else None,
            call_sign=call_sign or None,
            flag=country_code(flag) if flag else None,
        )
    if alt is not None:
        alt_origin = origin.replace("sdn", "alt") if "sdn" in origin else "alt.csv"
        for _line, (ent_num, _alt_num, alt_type, alt_name, alt_remarks) in _rows(alt, alt_origin, ALT_COLUMNS):
            entity = entities.get(ent_num)
            if entity is None or not alt_name:
                continue  # an alias of an entity that is no longer listed: OFAC's files are not always in step
            kind = alt_type.lower().replace(".", "") or "aka"
            weak = "weak" in alt_remarks.lower()
            entity.names.append(ListName(alt_name, kind=kind if kind in ("aka", "fka", "nka") else "aka", weak=weak))
    if add is not None:
        add_origin = origin.replace("sdn", "add") if "sdn" in origin else "add.csv"
        for _line, (ent_num, _add_num, _address, _city, country, _remarks) in _rows(add, add_origin, ADD_COLUMNS):
            entity = entities.get(ent_num)
            code = country_code(country)
            if entity is not None and code and entity.entity_type == "organization" and code not in entity.countries:
                entity.countries = tuple(sorted({*entity.countries, code}))
    return ListSnapshot(published=None, entities=list(entities.values()))
