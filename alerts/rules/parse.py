"""From one loaded YAML rule (ruamel mapping with positions) to a validated `Rule`, or to problems.

Everything an analyst can get wrong is reported here with the line and column of the offending key: unknown
fields (with a did-you-mean), operators that do not apply to a field, values outside a field's closed set,
unknown named lists, bad severities and durations, refs to aliases that do not exist yet, and conditions
that can never match (satisfy.py). Nothing in a rule is ever evaluated as code.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from alerts.durations import parse_duration
from alerts.model import SEVERITIES, Escalation, severity_rank
from alerts.rules.compiler import MAX_CONTAINS_REFS, MAX_REFS, split_part
from alerts.rules.conditions import AllOf, AnyOf, Node, NotOf, Ref, Test, tests_in
from alerts.rules.definitions import SINGLE, Example, KeyField, NamedList, Rule
from alerts.rules.diagnostics import Reporter, did_you_mean
from alerts.rules.fields import FIELDS, LIST, NUMBER, PARTY_CODE, FieldSpec
from alerts.rules.satisfy import never_matches
from alerts.yamlio import position

RULE_KEYS = (
    "id", "title", "description", "severity", "status", "tags", "references", "falsepositives", "author",
    "enabled", "when", "dedupe", "escalate", "examples", "supersedes",
    # Sigma's names, read with the same meaning (docs/rules.md, "Coming from Sigma")
    "level", "date", "modified", "related",
)  # fmt: skip
#: Sigma's spelling of the lowest severity.
SEVERITY_ALIASES = {"informational": "info"}
#: Sigma's `related:` types.
RELATION_TYPES = ("derived", "obsolete", "merged", "renamed", "similar")
#: Sigma fields with no counterpart here, and where their meaning went.
SIGMA_HINTS = {
    "detection": "Sigma's 'detection:' is 'when:' here: a condition over indicator fields (see docs/rules.md)",
    "logsource": "rules read indicators extracted from news, not logs: drop 'logsource:'",
    "fields": "the fields an alert shows are its indicators': drop 'fields:'",
    "condition": "a condition goes under 'when:' (see docs/rules.md)",
}
DATE_TEXT = re.compile(r"^\d{4}[-/]\d{2}[-/]\d{2}$")
STATUSES = ("experimental", "test", "stable")
MAX_DEPTH = 32
MAX_ALIASES = 4
DEFAULT_DEDUPE_WINDOW = timedelta(days=1)

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")
TAG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9_-]+)+$")
ALIAS_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
RESERVED_ALIASES = frozenset({SINGLE, "all", "any", "not", "indicators"})

SCALAR_OPS = ("eq", "ne", "in", "not_in", "in_list", "not_in_list", "present")
NUMBER_OPS = ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte")
LIST_OPS = (
    "contains", "not_contains", "contains_any", "contains_all", "any_in_list", "none_in_list", "all_in_list",
    "present",
)  # fmt: skip
REF_OPS = ("eq", "contains")
NEGATED = {
    "ne": "eq", "not_in": "in", "not_in_list": "in_list", "not_contains": "contains", "none_in_list": "any_in_list",
}  # fmt: skip
NULL_MARK = "\u2400"  # reserved by the compiler for "absent"; no literal may contain it


class _Context:
    """What a condition may refer to while it is parsed: the named lists and the join aliases bound so far."""

    def __init__(
        self, report: Reporter, lists: dict[str, NamedList], earlier: tuple[str, ...] = (), in_join: bool = False
    ) -> None:
        self.report = report
        self.lists = lists
        self.earlier: dict[str, None] = dict.fromkeys(earlier)
        self.in_join = in_join
        self.used_lists: set[str] = set()
        self.ok = True

    def error(self, node: Any, key: Any, reason: str) -> None:
        self.ok = False
        self.report.at(node, key, reason)


def parse_rule(doc: Any, report: Reporter, lists: dict[str, NamedList]) -> Rule | None:
    """Validate one rule mapping; return the Rule (version left empty for the loader) or None with problems."""
    before = len(report.problems)
    if not isinstance(doc, dict):
        report.at(doc, None, "a rule must be a mapping with id, title, severity and when")
        return None
    for key in doc:
        if key in SIGMA_HINTS:
            report.at(doc, key, SIGMA_HINTS[key])
    report.unknown_keys(doc, (*RULE_KEYS, *SIGMA_HINTS), "rule field")  # the hints above name those
    rule_id = _text(doc, "id", report, required=True)
    if rule_id is not None and not ID_PATTERN.match(rule_id):
        report.at(doc, "id", f"id '{rule_id}' may use only letters, digits, '.', '_' and '-'")
    title = _text(doc, "title", report, required=True)
    description = _text(doc, "description", report) or ""
    author = _text(doc, "author", report)
    severity = _severity(doc, report)
    for key in ("date", "modified"):
        _date(doc, key, report)
    _related(doc, report)
    supersedes = _rule_ids(doc, "supersedes", report, rule_id)
    status = _choice(doc, "status", STATUSES, report) or "experimental"
    enabled = doc.get("enabled", True)
    if not isinstance(enabled, bool):
        report.at(doc, "enabled", "enabled must be true or false")
    tags = _texts(doc, "tags", report)
    for index, tag in enumerate(tags):
        if not TAG_PATTERN.match(tag):
            report.at(doc["tags"], index, f"tag '{tag}' must be namespaced lower case, like regime.un.dprk")
    references = _texts(doc, "references", report)
    falsepositives = _texts(doc, "falsepositives", report)

    context = _Context(report, lists)
    aliases = _parse_when(doc, context)
    dedupe_key, window = _parse_dedupe(doc, report, aliases)
    escalation = _parse_escalate(doc, report, severity)
    examples = _parse_examples(doc, report)
    if status == "stable" and not any(example.expect == "fire" for example in examples):
        report.at(doc, "status", "a stable rule needs at least one example with expect: fire")

    if len(report.problems) > before or aliases is None or rule_id is None or title is None or severity is None:
        return None
    line, _ = position(doc)
    return Rule(
        id=rule_id,
        title=title,
        severity=severity,
        aliases=aliases,
        version="",
        file=report.file,
        line=line,
        description=description,
        status=status,
        tags=tuple(tags),
        references=tuple(references),
        falsepositives=tuple(falsepositives),
        author=author,
        enabled=enabled,
        dedupe_key=dedupe_key,
        dedupe_window=window,
        escalation=escalation,
        examples=examples,
        lists=tuple(sorted(context.used_lists)),
        supersedes=supersedes,
    )


# --- scalar rule fields -------------------------------------------------------------------------------------


def _text(doc: dict, key: str, report: Reporter, required: bool = False) -> str | None:
    value = doc.get(key)
    if value is None:
        if required:
            report.at(doc, None, f"rule needs '{key}'")
        return None
    if not isinstance(value, str) or not value.strip():
        report.at(doc, key, f"{key} must be non-empty text")
        return None
    return str(value)


def _texts(doc: dict, key: str, report: Reporter) -> list[str]:
    value = doc.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        report.at(doc, key, f"{key} must be a list of text")
        return []
    return [str(item) for item in value]


def _severity(doc: dict, report: Reporter) -> str | None:
    """`severity:`, or Sigma's `level:` for it (with `informational` for `info`); not both."""
    if "severity" in doc and "level" in doc:
        report.at(doc, "level", "give 'severity' or Sigma's 'level', not both")
        return None
    key = "level" if "level" in doc else "severity"
    value = doc.get(key)
    if isinstance(value, str) and value in SEVERITY_ALIASES:
        return SEVERITY_ALIASES[value]
    choice = _choice(doc, key, SEVERITIES, report)
    if value is None:
        report.at(doc, None, f"rule needs 'severity' (one of {', '.join(SEVERITIES)})")
    return choice


def _date(doc: dict, key: str, report: Reporter) -> None:
    """Sigma's `date:` and `modified:`: when the rule was written and last changed (documentation only)."""
    value = doc.get(key)
    if value is None or isinstance(value, date):
        return
    if not (isinstance(value, str) and DATE_TEXT.match(value)):
        report.at(doc, key, f"{key} must be a date like 2026-11-30")


def _related(doc: dict, report: Reporter) -> None:
    """Sigma's `related:`: a list of {id, type}, kept as documentation; to replace a rule use `supersedes:`."""
    value = doc.get("related")
    if value is None:
        return
    if not isinstance(value, list):
        report.at(doc, "related", "related must be a list of {id, type}")
        return
    for index, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            report.at(value, index, "each related entry needs an 'id'")
            continue
        report.unknown_keys(item, ("id", "type"), "related field")
        if item.get("type") not in RELATION_TYPES:
            choices = ", ".join(RELATION_TYPES)
            report.at(item, "type" if "type" in item else None, f"related type must be one of {choices}")


def _rule_ids(doc: dict, key: str, report: Reporter, own_id: str | None) -> tuple[str, ...]:
    """A list of other rules' ids (their existence is checked against the whole pack by the loader)."""
    value = doc.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and ID_PATTERN.match(item) for item in value):
        report.at(doc, key, f"{key} must be a list of rule ids")
        return ()
    if own_id in value:
        report.at(doc, key, f"a rule cannot list itself in {key}")
    return tuple(str(item) for item in value)


def _choice(doc: dict, key: str, choices: tuple[str, ...], report: Reporter, required: bool = False) -> str | None:
    value = doc.get(key)
    if value is None:
        if required:
            report.at(doc, None, f"rule needs '{key}' (one of {', '.join(choices)})")
        return None
    if value not in choices:
        report.at(doc, key, f"{key} '{value}' is not one of {', '.join(choices)}{did_you_mean(value, choices)}")
        return None
    return str(value)


def _duration(node: dict, key: str, report: Reporter) -> timedelta | None:
    value = node.get(key)
    try:
        duration = parse_duration(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    except ValueError:
        duration = None
    if duration is None or duration <= timedelta(0):
        report.at(node, key, f"{key} {value!r} is not a duration like 30m, 6h, 7d or 2w")
        return None
    return duration


# --- when ---------------------------------------------------------------------------------------------------


def _parse_when(doc: dict, context: _Context) -> tuple[tuple[str, Node], ...] | None:
    when = doc.get("when")
    if when is None:
        context.error(doc, None, "rule needs 'when' (the condition)")
        return None
    if isinstance(when, dict) and "indicators" in when:
        return _parse_join(doc, when, context)
    node = parse_condition(when, doc, "when", context, depth=1)
    if node is None or not context.ok:
        return None
    reason = never_matches(node)
    if reason:
        context.error(doc, "when", f"condition can never match: {reason}")
        return None
    return ((SINGLE, node),)


def _parse_join(doc: dict, when: dict, context: _Context) -> tuple[tuple[str, Node], ...] | None:
    for key in when:
        if key != "indicators":
            context.error(when, key, f"'{key}' cannot sit beside 'indicators'; put it inside one indicator's condition")
    parts = when["indicators"]
    if not isinstance(parts, dict) or len(parts) < 2:
        context.error(when, "indicators", "indicators: needs two or more named conditions (alias: condition)")
        return None
    if len(parts) > MAX_ALIASES:
        context.error(when, "indicators", f"a join may combine at most {MAX_ALIASES} indicators")
        return None
    aliases: list[tuple[str, Node]] = []
    for alias, condition in parts.items():
        if not isinstance(alias, str) or not ALIAS_PATTERN.match(alias) or alias in RESERVED_ALIASES:
            reserved = ", ".join(sorted(RESERVED_ALIASES))
            context.error(parts, alias, f"alias '{alias}' must be a lower-case name (not {reserved})")
            continue
        scoped = _Context(context.report, context.lists, tuple(name for name, _ in aliases), in_join=True)
        node = parse_condition(condition, parts, alias, scoped, depth=2)
        context.used_lists |= scoped.used_lists
        if node is None or not scoped.ok:
            context.ok = False
            continue
        reason = never_matches(node)
        if reason:
            context.error(parts, alias, f"condition '{alias}' can never match: {reason}")
            continue
        if not _refs_are_conjuncts(node, context):
            continue
        refs = split_part(node)[1]
        if len(refs) > MAX_REFS:
            context.error(parts, alias, f"'{alias}' uses {len(refs)} refs; a join part may use at most {MAX_REFS}")
            continue
        if sum(test.op == "contains_any" for test in refs) > MAX_CONTAINS_REFS:
            context.error(
                parts, alias, f"'{alias}' uses more than {MAX_CONTAINS_REFS} 'contains' refs (each multiplies the work)"
            )
            continue
        aliases.append((alias, node))
    if not context.ok:
        return None
    return tuple(aliases)


def _refs_are_conjuncts(node: Node, context: _Context) -> bool:
    """Refs relate a join part to earlier parts by equality: they must hold outright, not under any/not."""
    if isinstance(node, AllOf):
        return all(_refs_are_conjuncts(item, context) for item in node.items)
    if isinstance(node, Test):
        return True
    nested = [test for test in tests_in(node) if isinstance(test.value, Ref)]
    for test in nested:
        context.ok = False
        reason = f"a ref must be a plain test of its indicator, not inside any: or not: ({test.field})"
        context.report.at_line(test.line, test.column, reason)
    return not nested


def parse_condition(node: Any, parent: Any, key: Any, context: _Context, depth: int) -> Node | None:
    """Parse a condition mapping (field tests and all/any/not); None after reporting a problem."""
    if depth > MAX_DEPTH:
        context.error(parent, key, f"condition is nested deeper than {MAX_DEPTH} levels")
        return None
    if not isinstance(node, dict) or not node:
        context.error(parent, key, "a condition is a mapping of field tests, or all: / any: / not:")
        return None
    parts: list[Node] = []
    for name, value in node.items():
        part: Node | None
        if name in ("all", "any"):
            part = _parse_group(name, value, node, context, depth)
        elif name == "not":
            inner = parse_condition(value, node, name, context, depth + 1)
            part = NotOf(inner) if inner is not None else None
        elif name == "indicators":
            context.error(node, name, "indicators: belongs directly under when:")
            part = None
        else:
            part = _parse_field(name, value, node, context, depth)
        if part is not None:
            parts.append(part)
    if not context.ok or not parts:
        return None
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def _parse_group(name: str, value: Any, node: dict, context: _Context, depth: int) -> Node | None:
    if not isinstance(value, list) or not value:
        context.error(node, name, f"{name}: needs a non-empty list of conditions")
        return None
    found = [parse_condition(item, value, index, context, depth + 1) for index, item in enumerate(value)]
    items = [item for item in found if item is not None]
    if len(items) < len(found):
        return None
    if len(items) == 1:
        return items[0]
    return AllOf(tuple(items)) if name == "all" else AnyOf(tuple(items))


def _parse_field(name: Any, value: Any, node: dict, context: _Context, depth: int) -> Node | None:
    spec = FIELDS.get(name)
    if spec is None:
        hint = did_you_mean(name, [*FIELDS, "all", "any", "not"])
        context.error(node, name, f"unknown indicator field '{name}'{hint}")
        return None
    line, column = position(node, name)
    if isinstance(value, dict):
        if depth + 1 > MAX_DEPTH:
            context.error(node, name, f"condition is nested deeper than {MAX_DEPTH} levels")
            return None
        if not value:
            context.error(node, name, f"{name}: needs an operator, e.g. {{eq: ...}}")
            return None
        found = [_parse_op(spec, op, arg, value, context) for op, arg in value.items()]
        parts = [part for part in found if part is not None]
        if len(parts) < len(found):
            return None
        return parts[0] if len(parts) == 1 else AllOf(tuple(parts))
    if value is None:
        context.error(node, name, f"{name}: has no value; use {{present: false}} to test that it is missing")
        return None
    if isinstance(value, list):
        op = "contains_any" if spec.kind == LIST else "in"
        values = _literals(spec, value, node, name, context)
        return Test(name, op, values, None, line, column) if values is not None else None
    literal = _literal(spec, value, node, name, context)
    if literal is None:
        return None
    if spec.kind == LIST:
        return Test(name, "contains_any", (literal,), None, line, column)
    return Test(name, "eq", literal, None, line, column)


def _parse_op(spec: FieldSpec, op: Any, arg: Any, node: dict, context: _Context) -> Node | None:
    allowed = LIST_OPS if spec.kind == LIST else NUMBER_OPS if spec.kind == NUMBER else SCALAR_OPS
    if op not in allowed:
        known = set(SCALAR_OPS) | set(NUMBER_OPS) | set(LIST_OPS)
        if op in known:
            shape = "a list" if spec.kind == LIST else "a number" if spec.kind == NUMBER else "a single value"
            reason = f"operator '{op}' does not apply to {spec.name} ({shape}); use one of {', '.join(allowed)}"
        else:
            reason = f"unknown operator '{op}' for {spec.name}{did_you_mean(op, allowed)}"
        if op == "present" and spec.always:
            reason = f"{spec.name} is always present; 'present' cannot test it"
        context.error(node, op, reason)
        return None
    negate = op in NEGATED
    base = NEGATED.get(op, op)
    line, column = position(node, op)
    test: Test | None
    if isinstance(arg, dict) and "ref" in arg:
        test = _parse_ref(spec, base, op, arg, node, context, line, column)
    elif base == "present":
        if not isinstance(arg, bool):
            context.error(node, op, "present takes true or false")
            return None
        test = Test(spec.name, "present", None, None, line, column)
        negate = not arg
    elif base in ("in_list", "any_in_list", "all_in_list"):
        test = _parse_list_ref(spec, base, arg, node, op, context, line, column)
    elif base in ("in", "contains_any", "contains_all"):
        if not isinstance(arg, list):
            context.error(node, op, f"{op} takes a list of values, e.g. [{', '.join((spec.enum or ('A', 'B'))[:2])}]")
            return None
        values = _literals(spec, arg, node, op, context)
        test = Test(spec.name, base, values, None, line, column) if values is not None else None
    else:  # eq, contains, gt, gte, lt, lte with a literal
        literal = _literal(spec, arg, node, op, context, numeric=base in ("gt", "gte", "lt", "lte"))
        if literal is None:
            return None
        if base == "contains":
            test = Test(spec.name, "contains_any", (literal,), None, line, column)
        else:
            test = Test(spec.name, base, literal, None, line, column)
    if test is None:
        return None
    return NotOf(test) if negate else test


def _parse_ref(
    spec: FieldSpec, base: str, op: str, arg: dict, node: dict, context: _Context, line: int, column: int
) -> Test | None:
    if op not in REF_OPS:
        context.error(node, op, f"operator '{op}' cannot take a ref; refs work with {', '.join(REF_OPS)}")
        return None
    if len(arg) != 1 or not isinstance(arg["ref"], str) or arg["ref"].count(".") != 1:
        context.error(node, op, "a ref is written {ref: alias.field}, e.g. {ref: visit.host_state}")
        return None
    alias, field_name = arg["ref"].split(".")
    if not context.in_join:
        context.error(node, op, "refs compare two indicators: use them inside when: indicators:")
        return None
    if alias not in context.earlier:
        hint = did_you_mean(alias, context.earlier)
        context.error(node, op, f"ref to '{alias}': only an indicator named before this one can be referred to{hint}")
        return None
    target = FIELDS.get(field_name)
    if target is None:
        context.error(node, op, f"ref to unknown field '{field_name}'{did_you_mean(field_name, FIELDS)}")
        return None
    if target.kind == LIST:
        context.error(node, op, f"a ref must name a single-valued field; {field_name} is a list")
        return None
    wanted = "number" if spec.kind == NUMBER or base in ("gt", "gte", "lt", "lte") else "text"
    if (target.kind == NUMBER) != (wanted == "number"):
        context.error(node, op, f"{spec.name} {op} needs a {wanted} field, and {alias}.{field_name} is not one")
        return None
    ref = Ref(alias, field_name)
    if base == "contains":
        return Test(spec.name, "contains_any", ref, None, line, column)
    return Test(spec.name, base, ref, None, line, column)


def _parse_list_ref(
    spec: FieldSpec, base: str, arg: Any, node: dict, op: str, context: _Context, line: int, column: int
) -> Test | None:
    include_unverified = False
    if isinstance(arg, dict):  # {list: embargoed_states, unverified: true}
        unknown = set(arg) - {"list", "unverified"}
        if unknown or not isinstance(arg.get("list"), str) or not isinstance(arg.get("unverified", False), bool):
            context.error(node, op, f"{op} takes a list name, or {{list: NAME, unverified: true|false}}")
            return None
        arg, include_unverified = arg["list"], arg.get("unverified", False)
    if not isinstance(arg, str):
        context.error(node, op, f"{op} takes the name of a list in rules/lists/")
        return None
    named = context.lists.get(arg)
    if named is None:
        hint = did_you_mean(arg, context.lists)
        context.error(node, op, f"unknown list '{arg}'{hint}: no rules/lists/{arg}.yaml was loaded")
        return None
    context.used_lists.add(arg)
    leaf = {"in_list": "in", "any_in_list": "contains_any", "all_in_list": "subset"}[base]
    return Test(spec.name, leaf, named.values_for(include_unverified), arg, line, column)


def _literals(spec: FieldSpec, values: list, node: Any, key: Any, context: _Context) -> tuple | None:
    if not values:
        context.error(node, key, f"an empty list never matches anything; list the {spec.name} values")
        return None
    out = []
    for value in values:
        literal = _literal(spec, value, node, key, context)
        if literal is None:
            return None
        if literal not in out:
            out.append(literal)
    return tuple(out)


def _literal(spec: FieldSpec, value: Any, node: Any, key: Any, context: _Context, numeric: bool = False) -> Any:
    if spec.kind == NUMBER or numeric:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            context.error(node, key, f"{spec.name} compares with a number, not {value!r}")
            return None
        if not -1000 <= value <= 1000 or (value and abs(value) < 0.001):
            context.error(node, key, f"{value!r} is out of range: write a decimal like 0.6")
            return None
        return round(float(value), 3)
    if not isinstance(value, str) or not value:
        shown = f"'{value}'" if value is not None else "null"
        context.error(node, key, f"{spec.name} values are text; write {shown} in quotes if you mean it as text")
        return None
    if NULL_MARK in value:
        context.error(node, key, f"values may not contain the character {NULL_MARK!r}")
        return None
    if spec.enum is not None and value not in spec.enum:
        hint = did_you_mean(value, spec.enum)
        context.error(node, key, f"{spec.name} is never '{value}'{hint}: it is one of {', '.join(spec.enum)}")
        return None
    if spec.party and not PARTY_CODE.match(value):
        context.error(
            node, key, f"{spec.name} holds codes like KP or houthis, never '{value}' (use the ISO code or group slug)"
        )
        return None
    return str(value)


# --- dedupe, escalate, examples -----------------------------------------------------------------------------


def _parse_dedupe(
    doc: dict, report: Reporter, aliases: tuple[tuple[str, Node], ...] | None
) -> tuple[tuple[KeyField, ...], timedelta | None]:
    dedupe = doc.get("dedupe")
    if dedupe is None:
        return (), DEFAULT_DEDUPE_WINDOW
    if not isinstance(dedupe, dict):
        report.at(doc, "dedupe", "dedupe must be a mapping with key and window")
        return (), None
    report.unknown_keys(dedupe, ("key", "window"), "dedupe field")
    window = _duration(dedupe, "window", report) if "window" in dedupe else DEFAULT_DEDUPE_WINDOW
    raw = dedupe.get("key", [])
    raw = [raw] if isinstance(raw, str) else raw
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        report.at(dedupe, "key", "dedupe key must be a field name or a list of field names")
        return (), window
    if aliases is None:
        return (), window  # the condition is broken already; its aliases are unknown
    names = [name for name, _ in aliases]
    joined = len(names) > 1
    keys: list[KeyField] = []
    for index, item in enumerate(raw):
        alias, _, field_name = item.rpartition(".")
        if joined and alias not in names:
            report.at(raw, index, f"in a join, key fields are alias.field (aliases: {', '.join(names)}), not '{item}'")
            continue
        if not joined and alias:
            report.at(raw, index, f"key field '{item}' names an alias, but this rule matches one indicator")
            continue
        if field_name not in FIELDS:
            report.at(raw, index, f"unknown key field '{field_name}'{did_you_mean(field_name, FIELDS)}")
            continue
        keys.append(KeyField(alias or None, field_name))
    return tuple(keys), window


def _parse_escalate(doc: dict, report: Reporter, severity: str | None) -> Escalation | None:
    escalate = doc.get("escalate")
    if escalate is None:
        return None
    if not isinstance(escalate, dict):
        report.at(doc, "escalate", "escalate must be a mapping with sources, window and severity")
        return None
    report.unknown_keys(escalate, ("sources", "window", "severity"), "escalate field")
    sources = escalate.get("sources")
    if isinstance(sources, bool) or not isinstance(sources, int) or sources < 2:
        where = "sources" if "sources" in escalate else None
        report.at(escalate, where, "escalate needs sources: a whole number, 2 or more")
    window = _duration(escalate, "window", report) if "window" in escalate else None
    if window is None and "window" not in escalate:
        report.at(escalate, None, "escalate needs window (e.g. 7d)")
    target = _choice(escalate, "severity", SEVERITIES, report, required=True)
    if target and severity and severity_rank(target) <= severity_rank(severity):
        report.at(escalate, "severity", f"escalation severity '{target}' must be above the rule's '{severity}'")
        return None
    if target is None or window is None or not isinstance(sources, int) or isinstance(sources, bool) or sources < 2:
        return None
    return Escalation(count=sources, window=window, to_severity=target)


def _parse_examples(doc: dict, report: Reporter) -> tuple[Example, ...]:
    examples = doc.get("examples")
    if examples is None:
        return ()
    if not isinstance(examples, list):
        report.at(doc, "examples", "examples must be a list of {text, expect}")
        return ()
    out = []
    for index, example in enumerate(examples):
        if not isinstance(example, dict):
            report.at(examples, index, "an example is a mapping with text and expect")
            continue
        report.unknown_keys(example, ("text", "expect", "severity", "note"), "example field")
        text = example.get("text")
        if not isinstance(text, str) or not text.strip():
            report.at(examples, index, "example needs text")
            continue
        expect = _choice(example, "expect", ("fire", "no_fire"), report, required=True)
        severity = _choice(example, "severity", SEVERITIES, report)
        if expect is None:
            continue
        line, _ = position(examples, index)
        out.append(Example(str(text), expect, severity, line))
    return tuple(out)
