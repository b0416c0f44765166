"""`folder` sources: `.txt`, `.html` and `.jsonl` files below a folder, read again only when new or changed.

Each file's mtime, size and SHA-256 are remembered. An unchanged stat means an unchanged file (not even
hashed); a changed stat with the same hash (a `touch`, a copy) only refreshes the stat; a changed hash reads
the file again, and the pipeline's content-hash deduplication keeps articles that did not change from being
stored twice. Hidden files and folders are skipped, so a writer that writes `.name.tmp` and renames it into
place is never read half-written.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from alerts.config import SourceConfig
from alerts.errors import InputError
from alerts.limits import MAX_ARTICLE_BYTES
from alerts.sources.base import Checkpoint, SourceError, SourceItem, SourceState
from alerts.sources.files import iter_folder, read_jsonl_file, read_text_file

STATE_KEY = "files"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class FolderSource:
    """Articles from the new and changed files below `path` (recursively, in sorted order)."""

    def __init__(self, name: str, path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> None:
        self.name = name
        self.path = Path(path)
        self.max_bytes = max_bytes

    @classmethod
    def from_config(cls, config: SourceConfig, stop_event: threading.Event | None = None) -> FolderSource:
        """The source for a config entry (`stop_event` is for network sources; files need no back-off)."""
        if config.path is None:
            raise SourceError(config.name, "a folder source needs a `path`")
        return cls(config.name, config.path, max_bytes=config.max_bytes)

    def fetch(self, state: SourceState) -> Iterator[SourceItem]:
        if not self.path.is_dir():
            raise SourceError(self.name, f"{self.path} is not a folder (missing or not a directory)")
        checkpoint = Checkpoint(state, STATE_KEY, {})
        known: dict[str, dict] = checkpoint.value
        present: set[str] = set()
        try:
            for file in iter_folder(self.path):
                key = file.relative_to(self.path).as_posix()
                present.add(key)
                try:
                    stat = file.stat()
                except OSError:
                    continue  # removed between listing and stat: the next run will not see it either
                entry = known.get(key)
                if entry and entry.get("mtime_ns") == stat.st_mtime_ns and entry.get("size") == stat.st_size:
                    continue
                try:
                    digest = file_sha256(file)
                except OSError as error:
                    yield InputError(str(file), error.strerror or str(error))
                    continue
                if not (entry and entry.get("sha256") == digest):
                    yield from self._read(file, key, stat.st_size)
                # Reached only after the consumer took every article of the file: the file is done.
                known[key] = {"mtime_ns": stat.st_mtime_ns, "size": stat.st_size, "sha256": digest}
                checkpoint.touched()
            for key in set(known) - present:
                del known[key]
                checkpoint.touched()
        finally:
            checkpoint.flush()

    def _read(self, file: Path, key: str, size: int) -> Iterator[SourceItem]:
        if file.suffix.lower() == ".jsonl":
            yield from read_jsonl_file(file, self.max_bytes)
            return
        if size > self.max_bytes:
            yield InputError(str(file), f"article is {size:,} bytes, over the {self.max_bytes:,}-byte limit")
            return
        try:
            yield read_text_file(file, os.path.splitext(key)[0], max_bytes=self.max_bytes)
        except InputError as error:
            yield error
