"""Read articles from `.txt` and `.html` files, `.jsonl` dumps, folders (recursively) and standard input.

A `.txt` file is one article whose first line is the title; its encoding is detected (alerts/sources/decode.py).
An HTML file (by its suffix or its first bytes) goes through the same main-text extraction as a fetched page.
A `.jsonl` file has one article per line with at least `id` and `text` (optional `title`, `url`, `source`,
and `published_at` or a name other tools give it, such as `published`), parsed strictly: a line over the size
limit, nested too deep or with a field of the wrong type is that line's problem. Problems are yielded as `InputError`s naming the file and line, never
raised, so a caller can report them and carry on.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from dateutil import parser as date_parser

from alerts.errors import InputError
from alerts.limits import MAX_ARTICLE_BYTES, MAX_JSON_DEPTH
from alerts.model import Article, normalise_text
from alerts.sources.decode import NotText, decode_text

HTML_SUFFIXES = (".html", ".htm")
ARTICLE_SUFFIXES = (".txt", ".jsonl", *HTML_SUFFIXES)
DEFAULT_MAX_BYTES = MAX_ARTICLE_BYTES
#: The optional fields of a JSONL record, each a string (or null) when present.
_TEXT_FIELDS = ("title", "url", "published_at", "source")
_HTML_START = (b"<!doctype html", b"<html")

ReadResult = Article | InputError
#: A JSON string (escapes included) or one bracket: what `_nesting` scans, so brackets inside strings are skipped.
_JSON_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')

#: The names dumps give an article's publication date, in the order they are tried: ours first, then those of
#: news APIs, schema.org and RSS exports, so that a dump written by another tool keeps its dates.
PUBLISHED_KEYS = ("published_at", "published", "publishedAt", "datePublished", "pubDate", "publication_date", "date")


def decode_article_bytes(data: bytes, origin: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Bytes -> normalised text, or InputError for what no analyst could read (empty, binary, huge)."""
    if len(data) > max_bytes:
        raise InputError(origin, f"article is {len(data):,} bytes, over the {max_bytes:,}-byte limit", data)
    try:
        text = decode_text(data)
    except NotText as error:
        raise InputError(origin, str(error), data) from None
    text = normalise_text(text)
    if not text:
        raise InputError(origin, "empty article", data)
    return text


def looks_like_html(data: bytes) -> bool:
    """Whether a file's first bytes open an HTML document (a saved page named `.txt`)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(_HTML_START)


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
    """The bytes of a `.txt` article (first line: the title) or of an HTML page as an Article; InputError when
    unreadable."""
    if origin.lower().endswith(HTML_SUFFIXES) or looks_like_html(data):
        return html_article(data, origin, article_id, max_bytes)
    text = decode_article_bytes(data, origin, max_bytes)
    title = text.split("\n", 1)[0].strip() or None
    return Article(id=article_id, text=text, title=title, origin=origin)


def html_article(data: bytes, origin: str, article_id: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """A saved HTML page, its main text taken out as for a fetched page (tags, menus and scripts dropped)."""
    from alerts.sources.pages import extract_page  # trafilatura is heavy: loaded only for HTML

    if len(data) > max_bytes:
        raise InputError(origin, f"article is {len(data):,} bytes, over the {max_bytes:,}-byte limit", data)
    page = extract_page(data, origin)
    if page is None:
        raise InputError(origin, "no article text found in the HTML page", data)
    return Article(id=article_id, text=page.text, title=page.title, published_at=page.published_at, origin=origin)


def article_from_record(record: Any, origin: str) -> Article:
    """One JSONL record as an Article; InputError when `id` or `text` is missing or a field has the wrong type."""
    if not isinstance(record, dict):
        raise InputError(origin, "each line must be a JSON object")
    missing = [key for key in ("id", "text") if record.get(key) in (None, "")]
    if missing:
        raise InputError(origin, f"missing required field(s): {', '.join(missing)}")
    if not isinstance(record["id"], (str, int)) or isinstance(record["id"], bool):
        raise InputError(origin, "field 'id' must be a string or an integer")
    if not isinstance(record["text"], str):
        raise InputError(origin, "field 'text' must be a string")
    for key in _TEXT_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InputError(origin, f"field '{key}' must be a string, not {_json_type(record[key])}")
    text = normalise_text(record["text"])
    if not text:
        raise InputError(origin, "empty article")
    optional = {key: normalise_text(record.get(key) or "") or None for key in ("title", "url", "source")}
    return Article(
        id=normalise_text(str(record["id"])),
        text=text,
        **optional,
        published_at=parse_published(next((record[key] for key in PUBLISHED_KEYS if record.get(key)), None)),
        origin=origin,
    )


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", bool: "a boolean", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def read_jsonl_stream(stream: IO[str] | Iterable[str], name: str) -> Iterator[ReadResult]:
    """Each line of a JSONL stream as an Article, or an InputError naming `name:line`."""
    for number, line in enumerate(stream, start=1):
        if line.strip():
            yield parse_jsonl_line(line, f"{name}:{number}")


def loads_json_line(line: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """json.loads with a nesting limit; ValueError (a JSONDecodeError for syntax) for a line it refuses."""
    depth = _nesting(line)
    if depth > max_depth:
        raise ValueError(f"JSON nested {depth} levels deep, over the limit of {max_depth}")
    return json.loads(line)


def _nesting(line: str) -> int:
    """The deepest bracket nesting of a JSON text, strings skipped; linear, with no recursion."""
    deepest = depth = 0
    for token in _JSON_STRUCTURE.findall(line):
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def parse_jsonl_line(line: str, origin: str, max_chars: int = MAX_ARTICLE_BYTES) -> ReadResult:
    """One non-blank JSONL line as an Article, or an InputError (carrying the line) naming `origin`. Whatever
    the line holds, the answer is one of the two: never an exception."""
    if len(line) > max_chars:
        return InputError(origin, f"line of {len(line):,} characters is over the {max_chars:,} limit", line[:1000])
    try:
        record = loads_json_line(line)
        return article_from_record(record, origin)
    except json.JSONDecodeError as error:
        return InputError(origin, f"invalid JSON ({error.msg}, column {error.colno})", line)
    except InputError as error:
        error.raw = line
        return error
    except (ValueError, RecursionError) as error:
        return InputError(origin, f"unusable JSON ({error})", line)
    except Exception as error:  # noqa: BLE001 - whatever else a line provokes is that line's problem
        return InputError(origin, f"unusable line ({type(error).__name__}: {error})", line)


def read_jsonl_file(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> Iterator[ReadResult]:
    """A `.jsonl` file, line by line; an undecodable or oversized line is reported, and the next one read."""
    try:
        handle = path.open("rb")
    except OSError as error:
        yield InputError(str(path), error.strerror or str(error))
        return
    with handle:
        for number, raw in enumerate(_binary_lines(handle, max_bytes), start=1):
            origin = f"{path}:{number}"
            if raw is None:
                yield InputError(origin, f"line is over the {max_bytes:,}-byte limit")
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                yield InputError(origin, f"not UTF-8 text ({error.reason} at byte {error.start})", raw)
                continue
            if line.strip():
                yield parse_jsonl_line(line, origin)


def _binary_lines(handle: IO[bytes], max_bytes: int) -> Iterator[bytes | None]:
    """The lines of a binary file; None for a line over `max_bytes`, which is skipped, never held whole."""
    while raw := handle.readline(max_bytes + 1):
        if len(raw) <= max_bytes or raw.endswith(b"\n"):
            yield raw
            continue
        while not raw.endswith(b"\n") and (raw := handle.readline(1 << 20)):
            pass
        yield None


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
