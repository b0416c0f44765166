"""The kinds of bad article a source meets, as files for a folder source and lines for a JSONL source.

Shared by tests/test_hostile_articles.py (a small `scale`, through a real storing run in CI) and
benchmarks/fuzz.py (full size: 5 MB texts, 10,000 weapon words). Each kind says what a run must do with it:
`analysed` (stored and analysed), `quarantined` (with a reason), or `either`. The good articles are this
project's own sentences.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from storage import Store

Outcome = Literal["analysed", "quarantined", "either"]

GOOD_ARTICLES = {
    "good-1": "Shells by rail\n\nNorth Korea sent artillery shells to Russia by rail in October, officials said.",
    "good-2": "Drones for the Houthis\n\nIran supplied attack drones to the Houthis through Oman, investigators said.",
    "good-3": "New listings\n\nThe EU imposed sanctions on three Belarusian firms over arms deliveries to Russia.",
    "good-4": "A quiet week\n\nThe city council approved a new budget for parks and libraries on Monday.",
    "good-5": "Tanks for Kyiv\n\nGermany delivered Leopard tanks to Ukraine, the defence ministry said.",
}
LEAD = "North Korea shipped anti-tank missiles and artillery shells to Russia by sea, officials said. "
OTHER_LEAD = "Iran sold attack drones to Russia, and Belarus was put under new sanctions by the EU. "


@dataclass(frozen=True)
class BadFile:
    """One file for a folder source (`.txt`, `.html`, `.jsonl`) and what a run must do with it."""

    name: str
    content: bytes
    outcome: Outcome


@dataclass(frozen=True)
class BadLine:
    """One line of a JSONL dump (without its newline) and what a run must do with it."""

    name: str
    content: bytes
    outcome: Outcome


def _line(record: object) -> bytes:
    return json.dumps(record, ensure_ascii=True).encode()


def bad_files(scale: float = 1.0) -> list[BadFile]:
    """Every bad file kind; `scale` shrinks the big ones (1.0: 5 MB texts, 10,000 weapon words)."""
    big = max(1, int(5_000_000 * scale))
    words = max(100, int(10_000 * scale))
    nested = max(1_000, int(100_000 * scale))
    return [
        BadFile("one-line.txt", (LEAD * (big // len(LEAD) + 1))[:big].encode(), "either"),
        BadFile("parentheses.txt", ("Arms (" * nested + "missiles" + ")" * nested).encode(), "either"),
        BadFile("spaced-parentheses.txt", ("( " * nested + "missiles to Russia" + " )" * nested).encode(), "either"),
        BadFile("weapon-words.txt", ("Weapons\n\n" + "missiles " * words).encode(), "analysed"),
        BadFile("abbreviations.txt", ("Missiles " + "U.S. A. B. Gen. " * (big // 64)).encode(), "either"),
        BadFile(
            "latin-1.txt",
            ("Armes livrées\n\nLa Corée du Nord a livré des obus à la Russie, a déclaré le ministère. " + LEAD).encode(
                "latin-1"
            ),
            "analysed",
        ),
        BadFile("utf-16.txt", ("Shells\n\n" + LEAD).encode("utf-16"), "analysed"),
        BadFile(
            "page.html",
            (
                f"<!doctype html><html><head><title>Shells</title><script>var a = 1;</script>"
                f"</head><body><nav>Home</nav><article><p>{LEAD * 3}</p></article></body></html>"
            ).encode(),
            "analysed",
        ),
        BadFile(
            "page-as-text.txt",
            (f"<html><body><p>{LEAD * 3}</p><p>More text here.</p></body></html>").encode(),
            "analysed",
        ),
        BadFile(
            "osc-title.txt", ("\x1b]0;owned terminal\x07Shells \x1b[2J\x1b[31mred\n\n" + LEAD).encode(), "analysed"
        ),
        BadFile("empty.txt", b"  \n\n", "quarantined"),
        BadFile("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "quarantined"),
        BadFile("huge.txt", b"x" * 10_000_001, "quarantined"),
        BadFile("controls.txt", ("Controls\n\n" + "\x01\x02\x7f\x85\u200b" + LEAD + "\x00").encode(), "either"),
        BadFile(
            "right-to-left.txt",
            ("RTL\n\n\u202e" + LEAD + "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627").encode(),
            "analysed",
        ),
        BadFile("emoji.txt", ("Emoji \U0001f680\n\n" + LEAD + "\U0001f4a5" * 1000).encode(), "analysed"),
        BadFile("long-token.txt", ("Token\n\n" + LEAD + "A" * 200_000 + " " + LEAD).encode(), "analysed"),
        BadFile("crlf.txt", ("Line endings\r\n\r\n" + LEAD + "\r" + LEAD).encode(), "analysed"),
    ]


def bad_lines(scale: float = 1.0) -> list[BadLine]:
    """Every bad JSONL line kind; `scale` as for `bad_files`."""
    big = max(1, int(5_000_000 * scale))
    depth = max(1_000, int(100_000 * scale))
    return [
        BadLine("nested", b'{"id": "n", "text": ' + b"[" * depth + b"]" * depth + b"}", "quarantined"),
        BadLine(
            "nested-object",
            b'{"id": "o", "text": "x", "meta": ' + b'{"a":' * depth + b"1" + b"}" * depth + b"}",
            "quarantined",
        ),
        BadLine("surrogate", b'{"id": "s", "text": "Arms \\ud800 shipped. ' + LEAD.encode() + b'"}', "analysed"),
        BadLine("numeric-url", _line({"id": "u", "text": LEAD, "url": 12345}), "quarantined"),
        BadLine("list-title", _line({"id": "t", "text": LEAD, "title": ["a", "b"]}), "quarantined"),
        BadLine("list-source", _line({"id": "c", "text": LEAD, "source": ["x"]}), "quarantined"),
        BadLine("object-id", _line({"id": {"a": 1}, "text": LEAD}), "quarantined"),
        BadLine("broken", b'{"id": "b", "text": "unterminated', "quarantined"),
        BadLine("not-object", b"[1, 2, 3]", "quarantined"),
        BadLine("big-text", _line({"id": "big", "text": (OTHER_LEAD * (big // len(OTHER_LEAD) + 1))[:big]}), "either"),
        BadLine("nul", _line({"id": "nul", "text": "NUL\x00 " + LEAD}), "analysed"),
        BadLine("invalid-utf8", b'{"id": "x8", "text": "caf\xe9 ' + LEAD.encode() + b'"}', "quarantined"),
        BadLine("huge-number", b'{"id": 1' + b"0" * 5000 + b', "text": "' + LEAD.encode() + b'"}', "either"),
        BadLine("bad-date", _line({"id": "d", "text": LEAD, "published_at": "99999-99-99T99:99"}), "analysed"),
    ]


def good_lines() -> list[bytes]:
    """The good articles as JSONL lines, worded apart from the files (the same text would be deduplicated)."""
    return [
        _line({"id": f"jsonl-{key}", "text": f"{text} The dump repeats it."}) for key, text in GOOD_ARTICLES.items()
    ]


@dataclass(frozen=True)
class CorpusRun:
    """What a storing run made of the corpus: per item name, `analysed`, `quarantined: reason`, or `missing`."""

    results: dict[str, str]
    failures: list[str]  # promises broken: a good article not analysed, a bad one neither analysed nor quarantined


def write_corpus(inbox: Path, dump: Path, files: list[BadFile], lines: list[BadLine]) -> None:
    """The folder source's files (good ones first) and the JSONL dump (good lines around the bad ones)."""
    inbox.mkdir(parents=True, exist_ok=True)
    for key, text in GOOD_ARTICLES.items():
        (inbox / f"{key}.txt").write_text(text, encoding="utf-8")
    for item in files:
        (inbox / item.name).write_bytes(item.content)
    good = good_lines()
    body = [good[0], *(line.content for line in lines), *good[1:]]
    dump.write_bytes(b"\n".join(body) + b"\n")


def check_corpus(store: Store, inbox: Path, dump: Path, files: list[BadFile], lines: list[BadLine]) -> CorpusRun:
    """Find every good and bad item among the stored articles and the quarantine, and check its outcome."""
    analysed = {stored.article.origin for stored in store.list_articles() if stored.processed_at is not None}
    quarantined = {entry.origin: entry.reason for entry in store.list_quarantine(include_resolved=True, limit=None)}
    expected: dict[str, tuple[str, Outcome]] = {}
    for key in GOOD_ARTICLES:
        expected[key] = (str(inbox / f"{key}.txt"), "analysed")
    for item in files:
        expected[item.name] = (str(inbox / item.name), item.outcome)
    expected["jsonl-good-1"] = (f"{dump}:1", "analysed")
    for number, line in enumerate(lines, start=2):
        expected[f"jsonl-{line.name}"] = (f"{dump}:{number}", line.outcome)
    for offset, key in enumerate(list(GOOD_ARTICLES)[1:]):
        expected[f"jsonl-{key}"] = (f"{dump}:{len(lines) + 2 + offset}", "analysed")
    results: dict[str, str] = {}
    failures: list[str] = []
    for name, (origin, outcome) in expected.items():
        if origin in analysed:
            results[name] = "analysed"
        elif quarantined.get(origin):
            results[name] = f"quarantined: {quarantined[origin]}"
        else:
            results[name] = "missing"
        got = results[name].split(":", 1)[0]
        if got == "missing" or (outcome != "either" and got != outcome):
            failures.append(f"{name}: expected {outcome}, got {results[name][:160]}")
    return CorpusRun(results, failures)
