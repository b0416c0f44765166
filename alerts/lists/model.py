"""What every official list becomes once parsed: entities with their names, whatever format they came in.

OFAC, the UN, the EU, the UK and OpenSanctions each publish in their own shape; the parsers in this package
turn each into `ListEntity` records so that storage and screening handle one shape only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ENTITY_TYPES: tuple[str, ...] = ("person", "organization", "vessel", "aircraft")
NAME_KINDS: tuple[str, ...] = ("primary", "aka", "fka", "nka")


@dataclass(frozen=True, slots=True)
class ListName:
    """One name of an entity. A `weak` alias (OFAC "weak a.k.a.", UN "Low" quality) is too broad to match
    on its own: screening uses it only with corroboration."""

    name: str
    kind: str = "primary"
    weak: bool = False


@dataclass(slots=True)
class ListEntity:
    """One designated person, organisation, vessel or aircraft. `entity_id` is the list's own id.

    `countries` are ISO 3166-1 alpha-2 codes (lower case, as followthemoney writes them) of nationality,
    citizenship or registration; `flag` is a vessel's flag state as a code too.
    """

    entity_id: str
    entity_type: str
    names: list[ListName]
    programs: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    imo: str | None = None
    mmsi: str | None = None
    call_sign: str | None = None
    flag: str | None = None

    @property
    def name(self) -> str:
        """The primary name (the first one)."""
        return self.names[0].name


@dataclass(slots=True)
class ListSnapshot:
    """A whole list as published on `published` (the list's own date, when it states one)."""

    published: date | None
    entities: list[ListEntity] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.entities)
