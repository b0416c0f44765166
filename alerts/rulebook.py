"""The rule set a long-running process evaluates with, reloaded from disk before each run.

Two promises meet here. At start a broken rule file is rejected while the good files still load (so one typo
does not silence every rule). Later, when an analyst's edit breaks validation, a running scheduler logs why
and keeps the last good set rather than running half a pack. durable_rules cannot redefine a ruleset name in
one process, so each pack version gets an engine (and a durable_rules ruleset) of its own, made only when
the pack's content hash changes.

Parsing and validating the pack costs about as much as saving the articles of a run, so `reload` first
compares the folder's file listing (name, size, modification time, inode) with the last one read and
parses only when it differs: a worker calls it before every batch.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from alerts.rules import RuleEngine, RulePack, load_rule_pack

log = logging.getLogger(__name__)


class RuleBook:
    """Holds the current `RuleEngine` for a rules folder and swaps it when the folder changes validly."""

    def __init__(self, rules_dir: Path) -> None:
        self.rules_dir = Path(rules_dir)
        self.pack: RulePack | None = None
        self.engine: RuleEngine | None = None
        self.problems: list[str] = []
        self._listing: tuple[tuple[str, int, int, int], ...] | None = None

    def reload(self) -> RuleEngine:
        """Re-read the folder if a file changed; adopt it when valid (or when nothing was loaded yet) and return
        the engine.

        Whatever the files hold, a pack that was running keeps running: a failure to load or compile the new
        files (even one the validator did not foresee) is logged and the last good engine returned."""
        listing = folder_listing(self.rules_dir)
        if self.engine is not None and listing == self._listing:
            return self.engine
        self._listing = listing
        try:
            pack = load_rule_pack(self.rules_dir)
            self.problems = [str(problem) for problem in pack.problems]
            if self.pack is not None and pack.version == self.pack.version:
                return self.current
            if self.problems and self.engine is not None and self.pack is not None:
                for problem in self.problems:
                    log.warning("rule pack rejected, keeping version %s: %s", self.pack.version, problem)
                return self.engine
            engine = RuleEngine(pack)
        except Exception as error:
            if self.engine is None:
                raise
            self.problems = [f"{self.rules_dir}: rule pack not loaded ({type(error).__name__}: {error})"]
            log.exception("rule pack not loaded, keeping version %s", self.pack.version if self.pack else "?")
            return self.engine
        for problem in self.problems:
            log.warning("rule file rejected, the other files still run: %s", problem)
        self.pack, self.engine = pack, engine
        log.info("rule pack %s loaded: %d rules", pack.version, len(pack.rules))
        return self.engine

    @property
    def current(self) -> RuleEngine:
        return self.engine if self.engine is not None else self.reload()


def folder_listing(folder: Path) -> tuple[tuple[str, int, int, int], ...]:
    """(relative path, size, mtime in ns, inode) of every file under `folder`: what an edit always changes."""
    found = []
    for directory, _folders, files in os.walk(folder):
        for name in files:
            path = os.path.join(directory, name)
            try:
                info = os.stat(path)
            except FileNotFoundError:  # removed while we looked: the next listing will not have it
                continue
            found.append((os.path.relpath(path, folder), info.st_size, info.st_mtime_ns, info.st_ino))
    return tuple(sorted(found))
