"""Loading a rules folder: named lists first, then every rule file, each validated on its own.

A rule file with any problem is rejected as a whole (half a file is not what its author meant), while the
other files still load: one typo must not silence the pack. Every rule gets a version, a content hash of the
rule as written plus the values of the lists it uses (editing a list changes what the rule fires on), and
the pack gets a version over all of them, so a long-running process knows when to rebuild its engine.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from alerts.rules.definitions import NamedList, Problem, Rule, RulePack
from alerts.rules.diagnostics import Reporter, shown_path
from alerts.rules.lists import load_lists
from alerts.rules.parse import parse_rule
from alerts.rules.precedence import supersession_problems
from alerts.yamlio import YamlError, load_yaml_file, to_plain

LISTS_FOLDER = "lists"
RULE_SUFFIXES = (".yaml", ".yml")
#: A rule file may be at most this big: 15 times the largest rule shipped. ruamel parses about 150 KB a second,
#: so the cap is what keeps any file from holding up a pack's (re)load (docs/limits.md).
MAX_RULE_FILE_BYTES = 32_000


def load_rule_pack(rules_dir: Path | str) -> RulePack:
    """Load and validate `rules_dir` (rule files anywhere under it, named lists in `lists/`)."""
    rules_dir = Path(rules_dir)
    if not rules_dir.is_dir():
        problem = Problem(str(rules_dir), 1, 1, "no such rules folder")
        return RulePack(str(rules_dir), [], {}, [problem], _pack_version([], {}))
    lists, problems = load_lists(rules_dir / LISTS_FOLDER, rules_dir)
    rules: list[Rule] = []
    first_seen: dict[str, Rule] = {}
    for path in rule_files(rules_dir):
        accepted, found = load_rule_file(path, shown_path(path, rules_dir), lists, first_seen)
        problems += found
        for rule in accepted:
            first_seen[rule.id] = rule
        rules += accepted
    problems += supersession_problems(rules)
    return RulePack(str(rules_dir), rules, lists, problems, _pack_version(rules, lists))


def rule_files(rules_dir: Path) -> list[Path]:
    """Every YAML file under the folder except the named lists and hidden folders, in a stable order."""
    files = []
    for path in rules_dir.rglob("*"):
        relative = path.relative_to(rules_dir).parts
        if path.suffix not in RULE_SUFFIXES or not path.is_file():
            continue
        if relative[0] == LISTS_FOLDER or any(part.startswith(".") for part in relative):
            continue
        files.append(path)
    return sorted(files)


def load_rule_file(
    path: Path, shown: str, lists: dict[str, NamedList], known: dict[str, Rule] | None = None
) -> tuple[list[Rule], list[Problem]]:
    """Validate one file (a rule mapping, or a list of them); all its rules, or none of them with the reasons."""
    known = known or {}
    try:
        doc = load_yaml_file(path, max_bytes=MAX_RULE_FILE_BYTES)
    except YamlError as error:
        return [], [Problem(shown, error.line, error.column, error.reason)]
    report = Reporter(shown)
    if doc is None or doc == []:  # a rule file emptied by mistake must not make its rules vanish unnoticed
        report.at_line(1, 1, "empty rule file: it defines no rule (delete it, or disable its rules)")
        return [], report.problems
    docs = doc if isinstance(doc, list) else [doc]
    parsed: list[tuple[Any, Rule]] = []
    for item in docs:
        rule = parse_rule(item, report, lists)
        if rule is not None:
            parsed.append((item, rule))
    seen: dict[str, Rule] = {}
    for item, rule in parsed:
        earlier = known.get(rule.id) or seen.get(rule.id)
        if earlier is not None:
            report.at(item, "id", f"duplicate rule id '{rule.id}', first defined at {earlier.file}:{earlier.line}")
        seen[rule.id] = rule
    if report.problems:
        return [], report.problems
    return [_versioned(item, rule, lists) for item, rule in parsed], []


def _versioned(item: Any, rule: Rule, lists: dict[str, NamedList]) -> Rule:
    source = to_plain(item)
    used = {name: list(lists[name].values) for name in rule.lists}
    return replace(rule, version=_hash({"rule": source, "lists": used})[:12], source=source)


def _pack_version(rules: list[Rule], lists: dict[str, NamedList]) -> str:
    content = {
        "rules": [[rule.id, rule.version, rule.enabled] for rule in sorted(rules, key=lambda r: r.id)],
        "lists": {name: list(named.values) for name, named in sorted(lists.items())},
    }
    return _hash(content)[:16]


def _hash(content: Any) -> str:
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
