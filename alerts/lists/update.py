"""`alerts lists update`: read each configured list, check it, and swap it in as a new version.

A list is only replaced by a version that is known good: every file of it downloaded completely (alerts/fetch.py
refuses a body cut short or over the cap), at least `min_bytes` long, parsed without error, and holding at
least `min_entities` entities and `min_share` of the entities of the version it replaces (a truncated CSV
still parses: it is caught by its row count). Anything else leaves the current version in place and is
reported as a one-line failure naming the list and the reason.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path

from alerts.config import ListSourceConfig, ScreeningConfig
from alerts.errors import AlertsError
from alerts.fetch import HttpFetcher
from alerts.lists.ftm import parse_ftm_json
from alerts.lists.model import ListSnapshot
from alerts.lists.ofac_advanced import parse_ofac_advanced_xml
from alerts.lists.ofac_csv import parse_ofac_csv
from alerts.lists.xml import parse_eu_xml, parse_uk_xml, parse_un_xml
from storage import Store
from storage.sanctions_lists import ListVersion, SanctionLists

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "sanctions"
#: The list screening uses when config.yaml names none: the OFAC SDN snapshot shipped in the package.
EMBEDDED = ListSourceConfig(
    name="ofac_sdn",
    title="OFAC SDN",
    format="ofac_csv",
    path=DATA_DIR / "ofac_sdn_2024-05-03.csv.gz",
    published="2024-05-03",
    min_entities=10_000,
)

_PARSERS: dict[str, Callable[[bytes, str], ListSnapshot]] = {
    "un_xml": parse_un_xml,
    "eu_xml": parse_eu_xml,
    "uk_xml": parse_uk_xml,
    "ftm_json": parse_ftm_json,
    "ofac_advanced_xml": parse_ofac_advanced_xml,
}


class ListUpdateError(AlertsError):
    """A list could not be updated; the version in use stays."""


@dataclass(frozen=True, slots=True)
class UpdateResult:
    """What updating one list did: `updated` (a new version), `unchanged` (same content) or `failed`."""

    name: str
    status: str
    version: ListVersion | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class _Download:
    content: bytes
    origin: str
    last_modified: date | None


def configured_lists(config: ScreeningConfig) -> list[ListSourceConfig]:
    """The lists to screen against: those config.yaml names, else the embedded OFAC snapshot."""
    return list(config.lists) or [EMBEDDED]


def _read(location: str | Path, fetcher: HttpFetcher) -> _Download:
    text = str(location)
    if "://" in text:
        result = fetcher.get(text)
        modified = None
        if result.last_modified:
            try:
                modified = parsedate_to_datetime(result.last_modified).date()
            except (TypeError, ValueError):
                modified = None
        return _Download(result.content, text, modified)
    path = Path(location)
    try:
        content = path.read_bytes()
    except OSError as error:
        raise ListUpdateError(f"{path}: cannot read the list file: {error.strerror or error}") from None
    if path.suffix == ".gz":
        try:
            content = gzip.decompress(content)
        except (OSError, EOFError) as error:
            raise ListUpdateError(f"{path}: not a complete gzip file: {error}") from None
    return _Download(content, str(path), None)


def read_list(source: ListSourceConfig, fetcher: HttpFetcher) -> tuple[ListSnapshot, str, str]:
    """Download (or read) and parse one list: (snapshot, origin, sha256 of its files). Raises
    ListUpdateError, ListFormatError or FetchError (all AlertsError) with a one-line reason."""
    location = source.url or source.path
    if location is None:
        raise ListUpdateError(f"list {source.name}: needs a url or a path")
    main = _read(location, fetcher)
    if len(main.content) < source.min_bytes:
        raise ListUpdateError(
            f"{main.origin}: {len(main.content):,} bytes, fewer than the {source.min_bytes:,} expected"
        )
    digest = hashlib.sha256(main.content)
    if source.format == "ofac_csv":
        alt = _read(source.alt, fetcher) if source.alt else None
        add = _read(source.add, fetcher) if source.add else None
        for part in (alt, add):
            if part is not None:
                digest.update(part.content)
        snapshot = parse_ofac_csv(
            main.content, alt.content if alt else None, add.content if add else None, origin=main.origin
        )
    else:
        snapshot = _PARSERS[source.format](main.content, main.origin)
    if source.published:
        snapshot.published = date.fromisoformat(source.published)
    elif snapshot.published is None:
        snapshot.published = main.last_modified
    return snapshot, main.origin, digest.hexdigest()


def _check_size(source: ListSourceConfig, snapshot: ListSnapshot, current: ListVersion | None, origin: str) -> None:
    count = len(snapshot.entities)
    if count < source.min_entities:
        raise ListUpdateError(f"{origin}: {count:,} entities, fewer than the {source.min_entities:,} expected")
    if current is not None and count < current.entity_count * source.min_share:
        raise ListUpdateError(
            f"{origin}: {count:,} entities, under {source.min_share:.0%} of the {current.entity_count:,} "
            "of the version in use (a partial file?)"
        )


def update_list(store: Store, source: ListSourceConfig, fetcher: HttpFetcher | None = None) -> UpdateResult:
    """Read, check and store one list; a failure is returned (and logged), never half-applied."""
    lists = SanctionLists(store)
    current = next((v for v in lists.versions() if v.list_name == source.name), None)
    try:
        if fetcher is None:
            with HttpFetcher(
                timeout=source.timeout,
                max_bytes=source.max_bytes,
                retries=2,
                allow_private_networks=source.allow_private_networks,
            ) as own:
                snapshot, origin, sha256 = read_list(source, own)
        else:
            snapshot, origin, sha256 = read_list(source, fetcher)
        _check_size(source, snapshot, current, origin)
    except AlertsError as error:
        log.error("list %s not updated: %s", source.name, error)
        return UpdateResult(source.name, "failed", current, str(error))
    version = lists.save(source.name, source.label, snapshot, origin, sha256)
    if version is None:
        return UpdateResult(source.name, "unchanged", current)
    return UpdateResult(source.name, "updated", version)


def update_lists(
    store: Store, config: ScreeningConfig, only: str | None = None, fetcher: HttpFetcher | None = None
) -> list[UpdateResult]:
    """Update every configured list (or the one named `only`; ListUpdateError if there is no such list)."""
    sources = configured_lists(config)
    if only is not None:
        sources = [s for s in sources if s.name == only]
        if not sources:
            known = ", ".join(s.name for s in configured_lists(config))
            raise ListUpdateError(f"no list named {only!r} in the config (lists: {known})")
    return [update_list(store, source, fetcher) for source in sources]


def ensure_lists(store: Store, config: ScreeningConfig) -> None:
    """On first use, store the configured lists that are local files (the embedded snapshot among them), so
    that screening works out of the box; lists from URLs wait for `alerts lists update`."""
    stored = {v.list_name for v in SanctionLists(store).versions()}
    for source in configured_lists(config):
        if source.name not in stored and source.url is None:
            result = update_list(store, source)
            if result.status == "failed":
                log.warning("list %s could not be loaded: %s", source.name, result.error)
