"""Evaluating an article's indicators with durable_rules, synchronously and leaving nothing behind.

durable_rules' Host starts timer threads that run actions on their own schedule, a ruleset name can be
registered once per process, and `delete_state` crashes the engine once a join has partial matches. So:

- `_SyncHost` starts no threads: an action runs only inside our own assert/retract calls, or in `_drain`,
  which runs any action still queued before an evaluation returns.
- A ruleset is registered under a name derived from its content (compiler.CompiledRuleset.name) and reused
  when the same content comes again (a reloaded, unchanged pack costs nothing).
- Each ruleset keeps one session (sid). An evaluation asserts the article's facts, collects what fired,
  and retracts every fact it asserted before returning, so the next article starts from an empty session
  and memory stays flat (one by one: the batch `retract_facts` crashes the engine). If the engine fails
  mid-way the session is abandoned for a fresh one.
- One process-wide lock serialises use of the engine (its C state is not thread-safe); actions append to
  the collector of the ruleset that is being evaluated, under that lock.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Sequence
from typing import Any

import durable_rules_engine
from durable.engine import Host, MessageNotHandledException, MessageObservedException

from alerts.rules.compiler import CompiledPack, CompiledRuleset, compile_pack, part_facts, to_facts
from alerts.rules.definitions import Rule, RulePack
from alerts.rules.matches import Evaluator, Firing

_LOCK = threading.RLock()
#: durable_rules 2.0.28 now and then refuses a definition it accepts on the next call, with "error code: 102"
#: (ERR_UNEXPECTED_TYPE) from its JSON reader: seen once in a benchmark after a long spaCy run and once in the
#: property test, never on a quiet heap (6,000 creations of the default pack in a row all passed). A failed
#: creation registers nothing, so creating again under the same name is safe.
_CREATE_ATTEMPTS = 3
_UNEXPECTED_TYPE = "error code: 102"
_HOST: _SyncHost | None = None
_LOADED: dict[str, _Loaded] = {}


class _SyncHost(Host):
    """A durable_rules Host without its background dispatch threads."""

    def _run(self) -> None:
        """The base class starts 0.2 s timer threads here; no action may run outside an evaluation."""


def _host() -> _SyncHost:
    global _HOST
    if _HOST is None:
        _HOST = _SyncHost()
    return _HOST


class _Loaded:
    """One registered ruleset, its session id and the firings its actions collect."""

    def __init__(self, compiled: CompiledRuleset) -> None:
        self.name = compiled.name
        self.hits: list[tuple[str, int | None, tuple[int, ...]]] = []
        self.session = 0
        for attempt in range(1, _CREATE_ATTEMPTS + 1):
            # durable_rules deletes each rule's "run" from the definition it is given: a fresh copy per try.
            definition = {
                rule_name: {**json.loads(json.dumps(rule)), "run": self._action(*compiled.targets[rule_name])}
                for rule_name, rule in compiled.definition.items()
            }
            try:
                _host().register_rulesets({self.name: definition})
                break
            except durable_rules_engine.error as error:
                if _UNEXPECTED_TYPE not in str(error) or attempt == _CREATE_ATTEMPTS:
                    raise
        self.ruleset = _host().get_ruleset(self.name)

    @property
    def sid(self) -> str:
        return f"article-{self.session}"

    def _action(self, rule_id: str, part: int | None, aliases: tuple[str, ...]) -> Callable[[Any], None]:
        def fired(closure: Any) -> None:
            message = closure._m  # {alias: fact}
            self.hits.append((rule_id, part, tuple(message[alias]["idx"] for alias in aliases)))

        return fired

    def run(self, facts: list[dict[str, Any]]) -> list[tuple[str, int | None, tuple[int, ...]]]:
        """Assert the facts, let every matching rule fire, retract them all; what fired."""
        host, sid = _host(), self.sid
        self.hits = []
        asserted = []
        try:
            for fact in facts:
                fact["sid"] = sid
                try:
                    host.assert_fact(self.name, fact)  # runs the actions it triggers before returning
                    asserted.append(fact)
                except MessageNotHandledException:
                    pass  # no rule has a use for this fact
                except MessageObservedException:
                    pass  # the same fact is already asserted (and has fired)
            self._drain()
        finally:
            try:
                for fact in asserted:
                    with contextlib.suppress(MessageNotHandledException):
                        host.retract_fact(self.name, fact)
                self._drain()
            except BaseException:
                self.session += 1  # leave a damaged session behind rather than reuse it
                raise
        hits, self.hits = self.hits, []
        return hits

    def _drain(self) -> None:
        """Run any action still queued in the engine (what the timer thread would otherwise do later)."""
        while True:
            result = durable_rules_engine.start_action(self.ruleset._handle)
            if not result:
                return
            self.ruleset._flush_actions(
                json.loads(result[0]), {"message": json.loads(result[1])}, result[2], lambda error, state: None
            )

    def leftover_facts(self) -> list[dict[str, Any]]:
        try:
            return _host().get_facts(self.name, self.sid)
        except durable_rules_engine.error:
            return []  # no session state at all


def _load(compiled: CompiledRuleset) -> _Loaded:
    loaded = _LOADED.get(compiled.name)
    if loaded is None:
        loaded = _LOADED[compiled.name] = _Loaded(compiled)
    return loaded


class RuleEngine(Evaluator):
    """The rule pack compiled to durable_rules: `evaluate(indicators)` -> the RuleMatch list of one article."""

    def __init__(self, pack: RulePack | Sequence[Rule]) -> None:
        self.rules: list[Rule] = pack.enabled if isinstance(pack, RulePack) else list(pack)
        self.version = pack.version if isinstance(pack, RulePack) else None
        self.compiled: CompiledPack = compile_pack(self.rules)
        with _LOCK:
            self._loaded = [_load(ruleset) for ruleset in self.compiled.rulesets]
            self._joins = _load(self.compiled.joins) if self.compiled.joins is not None else None

    def _fire_views(self, views: list[dict[str, Any]]) -> list[Firing]:
        if not views or not self._loaded:
            return []
        firings: set[Firing] = set()
        passed: dict[str, dict[int, set[int]]] = {}  # join rule -> part -> indicators that passed it
        facts = to_facts(views, "")
        with _LOCK:
            for loaded in self._loaded:
                for rule_id, part, indexes in loaded.run(facts):
                    if part is None:
                        firings.add(Firing(rule_id, indexes))
                    else:
                        passed.setdefault(rule_id, {}).setdefault(part, set()).update(indexes)
            joinable = {
                rule_id: parts
                for rule_id, parts in passed.items()
                if len(parts) == len(self.compiled.parts[rule_id][1])  # every part has a candidate
            }
            if joinable and self._joins is not None:
                derived = [
                    fact
                    for rule_id, parts in joinable.items()
                    for fact in part_facts(*self.compiled.parts[rule_id], parts, views, "")
                ]
                for rule_id, _, indexes in self._joins.run(derived):
                    if len(set(indexes)) == len(indexes):  # a join combines distinct indicators
                        firings.add(Firing(rule_id, indexes))
        return sorted(firings)

    def leftover_facts(self) -> int:
        """Facts still held by the engine between evaluations (always 0; tests check it)."""
        with _LOCK:
            loaded = [*self._loaded, *([self._joins] if self._joins is not None else [])]
            return sum(len(one.leftover_facts()) for one in loaded)
