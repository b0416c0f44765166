"""`jsonl` sources: a dump of articles, one JSON object a line, that another tool keeps appending to.

The state is the byte offset and line number reached, plus fingerprints (inode, the first and the last KiB
before the offset). When the file grew and the fingerprints still match, only the new lines are read; when
it shrank, was replaced or its bytes before the offset changed, it was rewritten and is read from the start
(the pipeline deduplicates what it has already stored). A last line without its newline may still be being
written: it is read when it parses, or left for the next run; if the file has not grown by then, it is
reported as it is.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from alerts.config import SourceConfig
from alerts.errors import InputError
from alerts.limits import MAX_ARTICLE_BYTES
from alerts.sources.base import Checkpoint, SourceError, SourceItem, SourceState
from alerts.sources.files import loads_json_line, parse_jsonl_line

STATE_KEY = "jsonl"
FINGERPRINT_BYTES = 1024


def _fingerprint(handle: BinaryIO, offset: int) -> dict[str, str]:
    """Hashes of the first and of the last KiB before `offset`: enough to notice a rewritten dump cheaply."""
    head = os.pread(handle.fileno(), min(FINGERPRINT_BYTES, offset), 0)
    tail_start = max(0, offset - FINGERPRINT_BYTES)
    tail = os.pread(handle.fileno(), offset - tail_start, tail_start)
    return {"head": hashlib.sha256(head).hexdigest(), "tail": hashlib.sha256(tail).hexdigest()}


class JsonlSource:
    """The lines of a `.jsonl` dump that were not read by an earlier run."""

    def __init__(self, name: str, path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> None:
        self.name = name
        self.path = Path(path)
        self.max_bytes = max_bytes  # per line: a longer line is reported, never held in memory whole

    @classmethod
    def from_config(cls, config: SourceConfig, stop_event: threading.Event | None = None) -> JsonlSource:
        """The source for a config entry (`stop_event` is for network sources; files need no back-off)."""
        if config.path is None:
            raise SourceError(config.name, "a jsonl source needs a `path`")
        return cls(config.name, config.path, max_bytes=config.max_bytes)

    def fetch(self, state: SourceState) -> Iterator[SourceItem]:
        try:
            handle = self.path.open("rb")
        except OSError as error:
            raise SourceError(self.name, f"cannot open {self.path}: {error.strerror or error}") from None
        with handle:
            stat = os.fstat(handle.fileno())
            checkpoint = Checkpoint(state, STATE_KEY, {})
            saved: dict[str, Any] = checkpoint.value
            offset, line_no = self._resume_point(handle, stat, saved)
            pending_size = saved.get("pending_size")
            saved.clear()
            saved.update(ino=stat.st_ino, offset=offset, line=line_no, pending_size=None)
            checkpoint.prepare = lambda: saved.update(_fingerprint(handle, saved["offset"]))
            handle.seek(offset)
            try:
                for raw, length in self._lines(handle):
                    line_no += 1
                    origin = f"{self.path}:{line_no}"
                    if raw is None:
                        yield InputError(origin, f"line of {length:,} bytes is over the {self.max_bytes:,}-byte limit")
                    elif not raw.endswith(b"\n") and not self._complete(raw) and pending_size != stat.st_size:
                        saved["pending_size"] = stat.st_size  # still being written? read it next time
                        checkpoint.touched()
                        break
                    elif raw.strip():
                        yield self._parse(raw, origin, first=offset == 0)
                    offset += length
                    saved.update(offset=offset, line=line_no)
                    checkpoint.touched()
            finally:
                checkpoint.flush()

    @staticmethod
    def _resume_point(handle: BinaryIO, stat: os.stat_result, saved: dict[str, Any]) -> tuple[int, int]:
        """Where to start reading: after the saved offset if the file is the same one grown, else at 0."""
        offset = saved.get("offset") or 0
        if not offset:
            return 0, 0
        same = (
            saved.get("ino") == stat.st_ino
            and stat.st_size >= offset
            and _fingerprint(handle, offset) == {"head": saved.get("head"), "tail": saved.get("tail")}
        )
        return (offset, saved.get("line") or 0) if same else (0, 0)

    def _lines(self, handle: BinaryIO) -> Iterator[tuple[bytes | None, int]]:
        """(line, its length in bytes) from the current position; the line is None when over the limit."""
        while raw := handle.readline(self.max_bytes + 1):
            if len(raw) <= self.max_bytes or raw.endswith(b"\n"):
                yield raw, len(raw)
                continue
            length = len(raw)
            while not raw.endswith(b"\n") and (raw := handle.readline(1 << 20)):
                length += len(raw)  # skip the rest of the line without keeping it
            yield None, length

    @staticmethod
    def _complete(raw: bytes) -> bool:
        """Whether a last line without its newline is whole JSON (a writer that omits the final newline)."""
        try:
            loads_json_line(raw.decode("utf-8-sig"))
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            return False
        return True

    @staticmethod
    def _parse(raw: bytes, origin: str, first: bool) -> SourceItem:
        try:
            text = raw.decode("utf-8-sig" if first else "utf-8")
        except UnicodeDecodeError as error:
            return InputError(origin, f"not UTF-8 text ({error.reason} at byte {error.start})", raw)
        return parse_jsonl_line(text, origin)
