"""OpenSanctions' FollowTheMoney export: one JSON entity a line (the `entities.ftm.json` of a dataset).

Entities are read through the followthemoney model, so schema inheritance ("Company" is a "LegalEntity") and
property types are the library's, not ours. Only the schemata screening cares about are kept: Person,
Organization (and its descendants: Company, PublicBody), LegalEntity, Vessel and Airplane; relations
(Sanction, Ownership, Family) are skipped. The programmes are the `programId` (else `program`) values.
"""

from __future__ import annotations

import json
from datetime import date

from alerts.lists.errors import ListFormatError
from alerts.lists.model import ListEntity, ListName, ListSnapshot

_KINDS = (("Person", "person"), ("Vessel", "vessel"), ("Airplane", "aircraft"), ("LegalEntity", "organization"))


def parse_ftm_json(data: bytes, origin: str = "entities.ftm.json") -> ListSnapshot:
    """Parse the export; the publication date is the latest `last_change` of its entities."""
    from followthemoney import model  # a second to import: only when such a list is loaded
    from followthemoney.exc import InvalidData

    entities: list[ListEntity] = []
    latest: str | None = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ListFormatError(origin, f"not UTF-8 ({error.reason} at byte {error.start})") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            proxy = model.get_proxy(raw)
        except (json.JSONDecodeError, InvalidData, TypeError, KeyError) as error:
            raise ListFormatError(origin, f"not a FollowTheMoney entity: {error}", number) from None
        kind = next((k for schema, k in _KINDS if proxy.schema.is_a(schema)), None)
        names = proxy.get("name")
        if kind is None or not names:
            continue
        change = raw.get("last_change")
        if isinstance(change, str) and (latest is None or change > latest):
            latest = change
        all_names = [ListName(names[0])] + [ListName(n, "aka") for n in names[1:]]
        all_names += [ListName(n, "aka") for n in proxy.get("alias", quiet=True)]
        all_names += [ListName(n, "fka") for n in proxy.get("previousName", quiet=True)]
        all_names += [ListName(n, "aka", weak=True) for n in proxy.get("weakAlias", quiet=True)]
        programs = proxy.get("programId", quiet=True) or proxy.get("program", quiet=True)
        countries = {
            *proxy.get("nationality", quiet=True),
            *proxy.get("citizenship", quiet=True),
            *proxy.get("country", quiet=True),
        }
        flags = proxy.get("flag", quiet=True)
        entities.append(
            ListEntity(
                entity_id=str(proxy.id),
                entity_type=kind,
                names=all_names,
                programs=tuple(programs),
                countries=tuple(sorted(countries)),
                imo=_digits(proxy.first("imoNumber", quiet=True)),
                mmsi=_digits(proxy.first("mmsi", quiet=True)),
                call_sign=proxy.first("callSign", quiet=True),
                flag=flags[0] if flags else None,
            )
        )
    published = date.fromisoformat(latest[:10]) if latest else None
    return ListSnapshot(published, entities)


def _digits(value: str | None) -> str | None:
    """ "IMO 9179842" -> "9179842"."""
    if not value:
        return None
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits or None
