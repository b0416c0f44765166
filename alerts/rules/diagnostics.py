"""Collecting validation problems with positions, and the did-you-mean hints that go with them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from alerts.rules.definitions import Problem
from alerts.wording import did_you_mean
from alerts.yamlio import position

__all__ = ["Reporter", "did_you_mean", "shown_path"]


class Reporter:
    """Accumulates problems for one file; positions come from ruamel's line/column data."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def at(self, node: Any, key: str | int | None, reason: str) -> None:
        line, column = position(node, key)
        self.problems.append(Problem(self.file, line, column, reason))

    def at_line(self, line: int, column: int, reason: str) -> None:
        self.problems.append(Problem(self.file, line, column, reason))

    def unknown_keys(self, node: dict, allowed: Iterable[str], what: str) -> None:
        allowed = list(allowed)
        for key in node:
            if key not in allowed:
                self.at(node, key, f"unknown {what} '{key}'{did_you_mean(key, allowed)}")


def shown_path(path: Path, root: Path) -> str:
    """A file as problems name it: relative to the rules folder's parent (`rules/x.yaml`) when it is inside."""
    try:
        return str(path.resolve().relative_to(root.resolve().parent))
    except ValueError:
        return str(path)
