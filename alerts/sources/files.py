"""Read articles from `.txt` files, `.jsonl` dumps, folders (recursively) and standard input.

A `.txt` file is one article whose first line is the title. A `.jsonl` file has one article per line with at
least `id` and `text` (optional `title`, `url`, `published_at` or a common alias such as `published`, `source`). Problems are yielded as
`InputError`s naming the file and line, never raised, so a caller can report them and carry on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from dateutil import parser as date_parser

from alerts.errors import InputError
from alerts.model import Article, normalise_text

ARTICLE_SUFFIXES = (".txt", ".jsonl")
DEFAULT_MAX_BYTES = 5_000_000

ReadResult = Article | InputError

#: The names dumps give an article's publication date, in the order they are tried: ours first, then those of
#: news APIs, schema.org and RSS exports, so that a dump written by another tool keeps its dates.
PUBLISHED_KEYS = ("published_at", "published", "publishedAt", "datePublished", "pubDate", "publication_date", "date")


def decode_article_bytes(data: bytes, origin: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Bytes -> normalised text, or InputError for what no analyst could read (empty, binary, not UTF-8, huge)."""
    if len(data) > max_bytes:
        raise InputError(origin, f"article is {len(data):,} bytes, over the {max_bytes:,}-byte limit", data)
    if b"\x00" in data[:8192]:
        raise InputError(origin, "binary content (NUL bytes), not a text article", data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(origin, f"not UTF-8 text ({error.reason} at byte {error.start})", data) from None
    text = normalise_text(text)
    if not text:
        raise InputError(origin, "empty article", data)
    return text


def parse_published(value: Any) -> datetime | None:
    """A lenient date parse for `published_at`: ISO 8601 or what news sites write; None when unreadable."""
    if not value:
        return None
    try:
        return date_parser.parse(str(value))
    except (ValueError, OverflowError):
        return None


def read_text_file(path: Path, article_id: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """One `.txt` article: the first non-empty line is the title, the whole file is the text."""
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(origin, error.strerror or str(error)) from None
    return text_article(data, origin, article_id or path.stem, max_bytes)


def text_article(data: bytes, origin: str, article_id: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """The bytes of a `.txt` article (first line: the title) as an Article; InputError when unreadable."""
    text = decode_article_bytes(data, origin, max_bytes)
    title = text.split("\n", 1)[0].strip() or None
    return Article(id=article_id, text=text, title=title, origin=origin)


def article_from_record(record: Any, origin: str) -> Article:
    """One JSONL record as an Article; InputError when `id` or `text` is missing or of the wrong type."""
    if not isinstance(record, dict):
        raise InputError(origin, "each line must be a JSON object")
    missing = [key for key in ("id", "text") if record.get(key) in (None, "")]
    if missing:
        raise InputError(origin, f"missing required field(s): {', '.join(missing)}")
    if not isinstance(record["text"], str):
        raise InputError(origin, "field 'text' must be a string")
    text = normalise_text(record["text"])
    if not text:
        raise InputError(origin, "empty article")
    return Article(
        id=str(record["id"]),
        text=text,
        title=record.get("title") or None,
        url=record.get("url") or None,
        published_at=parse_published(next((record[key] for key in PUBLISHED_KEYS if record.get(key)), None)),
        source=record.get("source") or None,
        origin=origin,
    )


def read_jsonl_stream(stream: IO[str] | Iterable[str], name: str) -> Iterator[ReadResult]:
    """Each line of a JSONL stream as an Article, or an InputError naming `name:line`."""
    for number, line in enumerate(stream, start=1):
        if line.strip():
            yield parse_jsonl_line(line, f"{name}:{number}")


def parse_jsonl_line(line: str, origin: str) -> ReadResult:
    """One non-blank JSONL line as an Article, or an InputError (carrying the line) naming `origin`."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return InputError(origin, f"invalid JSON ({error.msg}, column {error.colno})", line)
    try:
        return article_from_record(record, origin)
    except InputError as error:
        error.raw = line
        return error


def read_jsonl_file(path: Path) -> Iterator[ReadResult]:
    """A `.jsonl` file, line by line; undecodable lines are reported, not fatal."""
    try:
        handle = path.open("r", encoding="utf-8", errors="strict", newline="")
    except OSError as error:
        yield InputError(str(path), error.strerror or str(error))
        return
    with handle:
        try:
            yield from read_jsonl_stream(handle, str(path))
        except UnicodeDecodeError as error:
            yield InputError(str(path), f"not UTF-8 text ({error.reason}); lines after the bad byte were not read")


def iter_folder(folder: Path) -> Iterator[Path]:
    """Article files below `folder`, recursively, in a stable (sorted) order; hidden files are skipped."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path.suffix.lower() in ARTICLE_SUFFIXES:
            yield path


def read_path(path: Path, root: Path | None = None) -> Iterator[ReadResult]:
    """Articles in one path: a `.txt` or `.jsonl` file or a folder. Text-file ids are paths below `root`."""
    if path.is_dir():
        for file in iter_folder(path):
            yield from read_path(file, root=path)
        return
    if not path.exists():
        yield InputError(str(path), "no such file or folder")
        return
    if path.suffix.lower() == ".jsonl":
        yield from read_jsonl_file(path)
        return
    article_id = path.relative_to(root).with_suffix("").as_posix() if root else path.stem
    try:
        yield read_text_file(path, article_id)
    except InputError as error:
        yield error


def read_inputs(paths: Iterable[str]) -> Iterator[ReadResult]:
    """The `alerts analyze` inputs in order: files, folders, and `-` for JSONL on standard input."""
    for name in paths:
        if name == "-":
            yield from read_jsonl_stream(sys.stdin, "<stdin>")
        else:
            yield from read_path(Path(name))
