"""Named lists (`rules/lists/*.yaml`): data that rules refer to by name, every entry citing its source.

A list file:

    name: embargoed_states        # must equal the file name
    description: ...
    entries:
      - value: KP
        source: "UNSCR 1718 (2006) ..."
        verified: true            # false: not confirmed from a primary source (see instrument, source_url)
        ...                       # any further facts about the entry (bodies, since, instrument, as_of)

Rules count an entry with `verified: false` only when they ask to (`in_list: {list: NAME, unverified:
true}`): an alert should not rest on a fact nobody checked unless its author says so.
A broken list file is reported and left out; a rule that uses a missing list is then rejected by the loader.
"""

from __future__ import annotations

from pathlib import Path

from alerts.rules.definitions import NamedList, Problem
from alerts.rules.diagnostics import Reporter, shown_path
from alerts.yamlio import YamlError, load_yaml_file, to_plain

#: Lists are bigger than rules (a source for every entry; the largest shipped is 20 KB) but as bounded: see
#: MAX_RULE_FILE_BYTES in loader.py.
MAX_LIST_FILE_BYTES = 64_000
LIST_KEYS = ("name", "description", "sources", "licence", "notes", "entries")


def load_list(path: Path, shown: str) -> tuple[NamedList | None, list[Problem]]:
    """Read one list file; `shown` is the path as problems print it."""
    report = Reporter(shown)
    try:
        doc = load_yaml_file(path, max_bytes=MAX_LIST_FILE_BYTES)
    except YamlError as error:
        return None, [Problem(shown, error.line, error.column, error.reason)]
    if not isinstance(doc, dict):
        report.at_line(1, 1, "a named list must be a mapping with 'name' and 'entries'")
        return None, report.problems
    report.unknown_keys(doc, LIST_KEYS, "list field")
    name = doc.get("name")
    if name != path.stem:
        where = "name" if "name" in doc else None
        report.at(doc, where, f"list name must be '{path.stem}' (the file name), not {name!r}")
    entries = doc.get("entries")
    if not isinstance(entries, list) or not entries:
        report.at(doc, "entries" if "entries" in doc else None, "a named list needs a non-empty 'entries' list")
        return None, report.problems
    values: list[str] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            report.at(entries, index, "each entry must be a mapping with 'value' and 'source'")
            continue
        value, source = entry.get("value"), entry.get("source")
        if not isinstance(value, str) or not value.strip():
            report.at(entries, index, "entry needs a text 'value'")
            continue
        if not source or not isinstance(source, (str, list)):
            report.at(entries, index, f"entry '{value}' needs a 'source' (where the fact comes from)")
        if value in values:
            report.at(entries, index, f"duplicate value '{value}'")
        values.append(value)
    if report.problems:
        return None, report.problems
    description = doc.get("description") or ""
    plain = tuple(to_plain(entry) for entry in entries)
    unverified = frozenset(entry["value"] for entry in plain if entry.get("verified") is False)
    return NamedList(str(name), tuple(values), plain, shown, str(description), unverified), []


def load_lists(lists_dir: Path, root: Path) -> tuple[dict[str, NamedList], list[Problem]]:
    """Every `*.yaml` in `lists_dir`; problems name files relative to `root` when possible."""
    lists: dict[str, NamedList] = {}
    problems: list[Problem] = []
    if not lists_dir.is_dir():
        return lists, problems
    for path in sorted([*lists_dir.glob("*.yaml"), *lists_dir.glob("*.yml")]):
        named, found = load_list(path, shown_path(path, root))
        problems += found
        if named is not None:
            lists[named.name] = named
    return lists, problems
