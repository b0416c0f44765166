"""Safe YAML reading with source positions, for config.yaml, rule files and named lists.

ruamel.yaml's round-trip loader keeps the line and column of every key, which is what lets a validation error
say `rules/x.yaml:12:5: ...`. It constructs only plain mappings, sequences and scalars (no Python objects), so
loading a rule file can never run code. Files over `MAX_YAML_BYTES` are refused before parsing, which bounds
the parse time (ruamel parses a few hundred KB a second).

Aliases are not copied by the loader, but everything that walks the document afterwards (validation,
hashing) sees each alias expanded: nine lines of nested aliases ("billion laughs") expand to a billion nodes.
So a loaded document is walked once, as expanded, under a budget of `MAX_YAML_NODES` nodes and
`MAX_YAML_DEPTH` levels, and refused when it needs more; the same walk refuses strings that hold a lone
surrogate (a `"\\ud800"` escape), which no file, database or terminal can encode. Every error message is one
line, with unprintable characters escaped (alerts/textsafe.py).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from alerts.errors import AlertsError
from alerts.textsafe import one_line

MAX_YAML_BYTES = 1_000_000
MAX_YAML_NODES = 50_000
MAX_YAML_DEPTH = 64
MAX_REASON_CHARS = 300
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_FLOW_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[\[\]{}]')


class YamlError(AlertsError):
    """A YAML file that cannot be read or parsed; the message is `file:line:column: reason`."""

    def __init__(self, file: Path | str, line: int, column: int, reason: str) -> None:
        reason = one_line(reason)
        if len(reason) > MAX_REASON_CHARS:  # ruamel quotes whole values in some messages
            reason = reason[: MAX_REASON_CHARS - 1] + "…"
        super().__init__(f"{one_line(str(file))}:{line}:{column}: {reason}")
        self.file, self.line, self.column, self.reason = str(file), line, column, reason


def _parser() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def load_yaml_text(text: str, file: Path | str = "<string>", max_nodes: int = MAX_YAML_NODES) -> Any:
    """Parse YAML text into ruamel's position-aware mappings and sequences (dict/list subclasses), checked
    against the node and depth budget; YamlError (`file:line:column: reason`) for anything it refuses."""
    _check_flow_nesting(text, file)
    yaml = _parser()
    with _as_yaml_error(file):
        node = yaml.compose(text)
    _check_expansion(node, file, max_nodes)  # before construction, which may quote a value expanded
    with _as_yaml_error(file):
        doc = yaml.constructor.construct_document(node) if node is not None else None
    _check_budget(doc, file, max_nodes)
    return doc


@contextmanager
def _as_yaml_error(file: Path | str) -> Iterator[None]:
    """ruamel's errors (and its warnings, multi-line on stderr) as one YamlError at their position."""
    try:
        with warnings.catch_warnings():  # a reused anchor: harmless here
            warnings.simplefilter("ignore")
            yield
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = " ".join(str(part) for part in (error.context, error.problem) if part)
        raise YamlError(file, line, column, f"YAML syntax: {reason}") from None
    except YAMLError as error:
        raise YamlError(file, 1, 1, f"YAML syntax: {error}") from None
    except RecursionError:
        raise YamlError(file, 1, 1, "YAML nesting is too deep") from None
    except Exception as error:  # noqa: BLE001 - ruamel's constructors raise plain errors on some odd scalars
        raise YamlError(file, 1, 1, f"YAML not readable: {type(error).__name__}: {error}") from None


def _check_flow_nesting(text: str, file: Path | str) -> None:
    """Refuse `[[[[...` or `{{{{...` nested past the depth budget before ruamel sees it: its recursive parser
    takes seconds to fail on a few thousand levels. Brackets in double-quoted strings are skipped; any other
    bracket counts, which can only over-count (a refusal then names the spot, and no real rule nests 64 deep)."""
    depth = 0
    for match in _FLOW_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_YAML_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
                raise YamlError(file, line, column, f"YAML is nested deeper than {MAX_YAML_DEPTH} levels")
        elif token in "]}":
            depth = max(0, depth - 1)


def _check_expansion(root: Node | None, file: Path | str, max_nodes: int) -> None:
    """Refuse a composed document whose aliases would expand past `max_nodes`: its expanded size is counted on
    the node graph (each node once, aliases shared), so this costs the file's size, not the expansion's."""
    if root is None:
        return
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes and not children_done:
            continue
        children = _children(node)
        if not children_done:
            sizes[id(node)] = 0  # in progress: an alias back to it is a cycle
            stack.append((node, True))
            for child in children:
                if id(child) not in sizes:
                    stack.append((child, False))
                elif sizes[id(child)] == 0:
                    raise YamlError(
                        file,
                        child.start_mark.line + 1,
                        child.start_mark.column + 1,
                        "a recursive alias (a node that contains itself) is not allowed",
                    )
            continue
        sizes[id(node)] = total = 1 + sum(sizes[id(child)] for child in children)
        if total > max_nodes:
            mark = node.start_mark
            raise YamlError(
                file, mark.line + 1, mark.column + 1, f"YAML expands to more than {max_nodes:,} nodes (aliases?)"
            )


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_budget(doc: Any, file: Path | str, max_nodes: int) -> None:
    """Walk `doc` as its readers will (aliases expanded), without recursion; YamlError at the first node past
    the node or depth budget, or at the first string holding a lone surrogate."""
    stack: list[tuple[Any, Any, Any, int]] = [(doc, None, None, 1)]  # node, its parent, its key there, depth
    seen = 0
    while stack:
        node, parent, key, depth = stack.pop()
        seen += 1
        if seen > max_nodes:
            line, column = position(parent, key)
            raise YamlError(file, line, column, f"YAML expands to more than {max_nodes:,} nodes (aliases?)")
        if isinstance(node, str):
            if _LONE_SURROGATE.search(node) or (isinstance(key, str) and _LONE_SURROGATE.search(key)):
                line, column = position(parent, key)
                raise YamlError(file, line, column, "a lone surrogate escape (such as \\ud800) is not a character")
        elif isinstance(node, (dict, list)):
            if depth > MAX_YAML_DEPTH:
                line, column = position(parent, key)
                raise YamlError(file, line, column, f"YAML is nested deeper than {MAX_YAML_DEPTH} levels")
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for child_key, child in items:
                if isinstance(child_key, str) and _LONE_SURROGATE.search(child_key):
                    line, column = position(node, child_key)
                    raise YamlError(file, line, column, "a lone surrogate escape (such as \\ud800) is not a character")
                stack.append((child, node, child_key, depth + 1))


def load_yaml_file(path: Path | str, max_bytes: int = MAX_YAML_BYTES) -> Any:
    """Read and parse a YAML file, refusing oversized or undecodable files with a one-line error."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise YamlError(path, 1, 1, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
        data = path.read_bytes()
    except OSError as error:
        raise YamlError(path, 1, 1, error.strerror or str(error)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise YamlError(path, line, column, f"not UTF-8 ({error.reason}: byte 0x{data[error.start]:02x})") from None
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
    if line is None or column is None:  # a node ruamel built without a mark (from some merge keys and aliases)
        return (1, 1)
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
