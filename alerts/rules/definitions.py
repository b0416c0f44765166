"""What the loader produces: rules, named lists, problems, and the pack that holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from alerts.model import Escalation
from alerts.rules.conditions import Node
from alerts.textsafe import one_line

#: The alias a single-indicator rule's condition is bound to.
SINGLE = "m"


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation finding; `str()` is the `file:line:column: reason` line `alerts rules validate` prints."""

    file: str
    line: int
    column: int
    reason: str

    def __str__(self) -> str:
        # one line whatever the reason quotes: a key with a newline or an escape sequence stays visible, inert
        return f"{one_line(self.file)}:{self.line}:{self.column}: {one_line(self.reason)}"


@dataclass(frozen=True, slots=True)
class NamedList:
    """A named list of values (party codes, regimes) with the source of every entry; rules refer to it by name."""

    name: str
    values: tuple[str, ...]
    entries: tuple[dict[str, Any], ...]
    file: str
    description: str = ""
    #: Values whose entry says `verified: false`: a rule counts them only when it asks to.
    unverified: frozenset[str] = frozenset()

    def values_for(self, include_unverified: bool = False) -> tuple[str, ...]:
        """The values a rule tests: the verified ones, or every one when the rule opts in."""
        if include_unverified:
            return self.values
        return tuple(value for value in self.values if value not in self.unverified)


@dataclass(frozen=True, slots=True)
class Example:
    """An embedded example: a short text that the rule must fire on (or not), through the real extractor."""

    text: str
    expect: str  # "fire" or "no_fire"
    severity: str | None  # the highest severity the whole enabled pack must give the text, when stated
    line: int


@dataclass(frozen=True, slots=True)
class KeyField:
    """One dedupe key field: `alias` is None in a single-indicator rule."""

    alias: str | None
    field: str

    def __str__(self) -> str:
        return self.field if self.alias is None else f"{self.alias}.{self.field}"


@dataclass(frozen=True)
class Rule:
    """A validated rule. `aliases` is ((SINGLE, condition),) for a one-indicator rule, else the join's parts."""

    id: str
    title: str
    severity: str
    aliases: tuple[tuple[str, Node], ...]
    version: str
    file: str
    line: int
    description: str = ""
    status: str = "experimental"
    tags: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    falsepositives: tuple[str, ...] = ()
    author: str | None = None
    enabled: bool = True
    dedupe_key: tuple[KeyField, ...] = ()  # empty: the matched indicators' parties (fields.DEFAULT_KEYS)
    dedupe_window: timedelta | None = None
    escalation: Escalation | None = None
    examples: tuple[Example, ...] = ()
    lists: tuple[str, ...] = ()  # the named lists it uses
    #: Rules this one replaces: when both match the same indicator, only this one's alert is raised.
    supersedes: tuple[str, ...] = ()
    source: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # the rule as written

    @property
    def is_join(self) -> bool:
        return len(self.aliases) > 1


@dataclass
class RulePack:
    """A loaded rules folder: valid rules (enabled and disabled), named lists, and what was rejected and why."""

    rules_dir: str
    rules: list[Rule]
    lists: dict[str, NamedList]
    problems: list[Problem]
    version: str

    @property
    def enabled(self) -> list[Rule]:
        return [rule for rule in self.rules if rule.enabled]

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)
