"""Safe YAML reading with source positions, for config.yaml, rule files and named lists.

ruamel.yaml's round-trip loader keeps the line and column of every key, which is what lets a validation error
say `rules/x.yaml:12:5: ...`. It constructs only plain mappings, sequences and scalars (no Python objects), so
loading a rule file can never run code. Files over `MAX_YAML_BYTES` are refused before parsing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from alerts.errors import AlertsError

MAX_YAML_BYTES = 1_000_000


class YamlError(AlertsError):
    """A YAML file that cannot be read or parsed; the message is `file:line:column: reason`."""

    def __init__(self, file: Path | str, line: int, column: int, reason: str) -> None:
        super().__init__(f"{file}:{line}:{column}: {reason}")
        self.file, self.line, self.column, self.reason = str(file), line, column, reason


def _parser() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def load_yaml_text(text: str, file: Path | str = "<string>") -> Any:
    """Parse YAML text into ruamel's position-aware mappings and sequences (dict/list subclasses)."""
    try:
        return _parser().load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise YamlError(file, line, column, f"YAML syntax: {reason}") from None
    except YAMLError as error:
        raise YamlError(file, 1, 1, f"YAML syntax: {error}") from None
    except RecursionError:
        raise YamlError(file, 1, 1, "YAML nesting is too deep") from None


def load_yaml_file(path: Path | str, max_bytes: int = MAX_YAML_BYTES) -> Any:
    """Read and parse a YAML file, refusing oversized or non-UTF-8 files with a one-line error."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise YamlError(path, 1, 1, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise YamlError(path, 1, 1, f"not UTF-8 ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise YamlError(path, 1, 1, error.strerror or str(error)) from None
    return load_yaml_text(text, path)


def position(node: Any, key: str | int | None = None) -> tuple[int, int]:
    """1-based (line, column) of `key` inside a loaded mapping/sequence, or of the node itself; (1, 1) if unknown."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return (1, 1)
    try:
        if key is not None:
            line, column = lc.key(key) if isinstance(node, dict) else lc.item(key)
        else:
            line, column = lc.line, lc.col
    except (KeyError, IndexError, TypeError):
        line, column = lc.line, lc.col
    return (line + 1, column + 1)


def to_plain(node: Any) -> Any:
    """Strip ruamel's position-aware types down to plain dict/list/str/int/float/bool/None."""
    if isinstance(node, dict):
        return {str(key): to_plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [to_plain(value) for value in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node
