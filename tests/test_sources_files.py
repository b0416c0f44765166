"""Folder and JSONL sources on real files: only new or changed files, only appended lines, and state that
never claims an item the consumer did not take."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from alerts.config import SourceConfig
from alerts.errors import InputError
from alerts.model import Article
from alerts.sources import FolderSource, JsonlSource, MemorySourceState, SourceError, build_source


def ids(items) -> list[str]:
    return [item.id if isinstance(item, Article) else f"error:{item.origin}" for item in items]


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "inbox"
    write(root / "a.txt", "Title A\nNorth Korea shipped shells to Russia.")
    write(root / "sub" / "b.txt", "Title B\nThe EU imposed sanctions.")
    write(root / "c.jsonl", '{"id": "c1", "text": "One"}\n{"id": "c2", "text": "Two"}\n')
    write(root / ".hidden.txt", "never read")
    write(root / "notes.md", "not an article type")
    return root


def test_folder_reads_new_files_then_nothing(folder: Path) -> None:
    source, state = FolderSource("inbox", folder), MemorySourceState()
    first = list(source.fetch(state))
    assert ids(first) == ["a", "c1", "c2", "sub/b"]
    assert first[0].title == "Title A" and first[0].origin == str(folder / "a.txt")
    assert list(source.fetch(state)) == []
    assert set(state.get("files")) == {"a.txt", "c.jsonl", "sub/b.txt"}


def test_folder_rereads_changed_files_only(folder: Path) -> None:
    source, state = FolderSource("inbox", folder), MemorySourceState()
    list(source.fetch(state))

    write(folder / "a.txt", "Title A\nNorth Korea shipped more shells to Russia.")
    write(folder / "d.txt", "Title D\nA new file.")
    stat = (folder / "sub" / "b.txt").stat()
    os.utime(folder / "sub" / "b.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))  # touched only

    changed = list(source.fetch(state))
    assert ids(changed) == ["a", "d"]
    assert "more shells" in changed[0].text
    assert state.get("files")["sub/b.txt"]["mtime_ns"] == stat.st_mtime_ns + 5_000_000_000
    assert list(source.fetch(state)) == []


def test_folder_forgets_deleted_files(folder: Path) -> None:
    source, state = FolderSource("inbox", folder), MemorySourceState()
    list(source.fetch(state))
    (folder / "a.txt").unlink()
    assert list(source.fetch(state)) == []
    assert "a.txt" not in state.get("files")
    write(folder / "a.txt", "Title A\nNorth Korea shipped shells to Russia.")
    assert ids(source.fetch(state)) == ["a"]  # back again: a new file as far as the folder knows


def test_folder_bad_files_are_input_errors(folder: Path) -> None:
    write(folder / "bin.txt", b"\x00\x01\x02binary")
    write(folder / "empty.txt", "   \n")
    write(folder / "big.txt", "x" * 2000)
    items = list(FolderSource("inbox", folder, max_bytes=1000).fetch(MemorySourceState()))
    errors = {Path(item.origin).name: item.reason for item in items if isinstance(item, InputError)}
    assert errors["bin.txt"].startswith("binary content")
    assert errors["empty.txt"] == "empty article"
    assert errors["big.txt"] == "article is 2,000 bytes, over the 1,000-byte limit"
    assert ids(item for item in items if isinstance(item, Article)) == ["a", "c1", "c2", "sub/b"]


LATIN_TEXT = "Le ministère a déclaré que les obus livrés à l'armée étaient arrivés à Vladivostok après des mois.\n"


@pytest.mark.parametrize(
    "encoded",
    [LATIN_TEXT.encode("latin-1"), LATIN_TEXT.encode("utf-16"), LATIN_TEXT.encode("utf-8-sig")],
    ids=["latin-1", "utf-16-bom", "utf-8-bom"],
)
def test_folder_text_in_other_encodings_is_decoded_not_quarantined(folder: Path, encoded: bytes) -> None:
    write(folder / "other.txt", encoded)
    items = [
        item
        for item in FolderSource("inbox", folder).fetch(MemorySourceState())
        if Path(item.origin).name == "other.txt"
    ]
    assert [item.text for item in items] == [LATIN_TEXT.strip()]


def test_html_in_a_folder_is_extracted_like_a_page(folder: Path) -> None:
    body = "<p>North Korea shipped artillery shells to Russia by rail, the ministry said on Tuesday.</p>" * 3
    page = (
        f"<!DOCTYPE html><html><head><title>Shells by rail</title><script>var x = 1;</script></head>"
        f"<body><nav>Home | World</nav><article>{body}</article></body></html>"
    )
    write(folder / "saved.html", page)
    write(folder / "saved-as-text.txt", page)
    items = {item.id: item for item in FolderSource("inbox", folder).fetch(MemorySourceState())}
    for key in ("saved", "saved-as-text"):
        assert "North Korea shipped artillery shells" in items[key].text
        assert "<" not in items[key].text and "var x" not in items[key].text


def test_folder_state_never_covers_an_article_the_consumer_did_not_take(folder: Path) -> None:
    source, state = FolderSource("inbox", folder), MemorySourceState()
    run = source.fetch(state)
    assert next(run).id == "a"
    assert next(run).id == "c1"  # asking for c1 means a was stored
    run.close()  # stopped mid-file: c.jsonl is not done
    assert set(state.get("files")) == {"a.txt"}
    assert ids(source.fetch(state)) == ["c1", "c2", "sub/b"]


def test_folder_missing_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="^source gone: .* is not a folder"):
        list(FolderSource("gone", tmp_path / "nope").fetch(MemorySourceState()))
    with pytest.raises(ValidationError, match="a folder source needs `path:`"):  # refused when the config loads
        SourceConfig(name="nopath", type="folder")


def record(number: int) -> str:
    return json.dumps({"id": f"n{number}", "text": f"Article number {number}.", "title": f"T{number}"}) + "\n"


def test_jsonl_appended_dump_yields_only_new_lines(tmp_path: Path) -> None:
    dump = write(tmp_path / "dump.jsonl", record(1) + record(2))
    source, state = JsonlSource("dump", dump), MemorySourceState()
    assert ids(source.fetch(state)) == ["n1", "n2"]
    assert list(source.fetch(state)) == []

    with dump.open("a") as handle:
        handle.write("\n" + record(3) + "{not json\n" + record(4))
    items = list(source.fetch(state))
    assert ids(items) == ["n3", f"error:{dump}:5", "n4"]
    assert items[0].origin == f"{dump}:4"  # line numbers carry on across runs (line 3 is blank)
    assert "invalid JSON" in items[1].reason and items[1].raw == "{not json\n"
    assert state.get("jsonl")["line"] == 6


def test_jsonl_rewritten_dump_is_read_again(tmp_path: Path) -> None:
    dump = write(tmp_path / "dump.jsonl", record(1) + record(2) + record(3))
    source, state = JsonlSource("dump", dump), MemorySourceState()
    list(source.fetch(state))

    write(dump, record(7) + record(8) + record(9) + record(10))  # same inode, longer, different bytes
    assert ids(source.fetch(state)) == ["n7", "n8", "n9", "n10"]

    write(dump, record(5))  # shorter
    assert ids(source.fetch(state)) == ["n5"]

    replacement = write(tmp_path / "new.jsonl", record(5) + record(6))
    os.replace(replacement, dump)  # a new file renamed into place
    assert ids(source.fetch(state)) == ["n5", "n6"]


def test_jsonl_line_being_written_waits_for_its_end(tmp_path: Path) -> None:
    dump = write(tmp_path / "dump.jsonl", record(1) + '{"id": "n2", "te')
    source, state = JsonlSource("dump", dump), MemorySourceState()
    assert ids(source.fetch(state)) == ["n1"]

    with dump.open("a") as handle:
        handle.write('xt": "Finished."}')  # complete JSON, still without its newline
    assert ids(source.fetch(state)) == ["n2"]
    with dump.open("a") as handle:
        handle.write("\n" + record(3))
    assert ids(source.fetch(state)) == ["n3"]


def test_jsonl_truncated_last_line_is_reported_once_it_stops_growing(tmp_path: Path) -> None:
    dump = write(tmp_path / "dump.jsonl", record(1) + '{"id": "n2", "te')
    source, state = JsonlSource("dump", dump), MemorySourceState()
    assert ids(source.fetch(state)) == ["n1"]
    (error,) = source.fetch(state)
    assert isinstance(error, InputError) and error.origin == f"{dump}:2" and "invalid JSON" in error.reason
    assert list(source.fetch(state)) == []


def test_jsonl_bad_bytes_spoil_one_line_only(tmp_path: Path) -> None:
    dump = write(
        tmp_path / "dump.jsonl",
        "\ufeff".encode() + record(1).encode() + b'{"id": "x", "text": "\xff"}\n' + record(3).encode(),
    )
    items = list(JsonlSource("dump", dump).fetch(MemorySourceState()))
    assert ids(items) == ["n1", f"error:{dump}:2", "n3"]
    assert items[1].reason.startswith("not UTF-8") and items[1].raw == b'{"id": "x", "text": "\xff"}\n'


def test_jsonl_overlong_line_is_reported_and_skipped(tmp_path: Path) -> None:
    huge = json.dumps({"id": "big", "text": "x" * 5000}) + "\n"
    dump = write(tmp_path / "dump.jsonl", record(1) + huge + record(3))
    source, state = JsonlSource("dump", dump, max_bytes=1000), MemorySourceState()
    items = list(source.fetch(state))
    assert ids(items) == ["n1", f"error:{dump}:2", "n3"]
    assert items[1].reason == f"line of {len(huge):,} bytes is over the 1,000-byte limit"
    with dump.open("a") as handle:
        handle.write(record(4))
    assert ids(source.fetch(state)) == ["n4"]


def test_jsonl_stopped_run_resumes_after_the_last_taken_line(tmp_path: Path) -> None:
    dump = write(tmp_path / "dump.jsonl", "".join(record(n) for n in range(1, 6)))
    source, state = JsonlSource("dump", dump), MemorySourceState()
    run = source.fetch(state)
    next(run), next(run), next(run)
    run.close()
    assert ids(source.fetch(state)) == ["n3", "n4", "n5"]


def test_jsonl_missing_file_is_a_source_error(tmp_path: Path) -> None:
    config = SourceConfig(name="dump", type="jsonl", path=tmp_path / "missing.jsonl")
    with pytest.raises(SourceError, match="^source dump: cannot open .*missing.jsonl"):
        list(build_source(config).fetch(MemorySourceState()))
