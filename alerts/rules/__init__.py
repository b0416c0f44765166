"""The YAML rule language: loading and validating a rules folder, compiling it to durable_rules, evaluating.

Entry points (the CLI and the pipeline call these):

- `load_rule_pack(rules_dir) -> RulePack`: rules (valid ones, enabled and disabled), named lists, problems
  (`str(problem)` is `file:line:column: reason`) and a content version. `alerts rules validate`.
- `RuleEngine(pack).evaluate(indicators) -> list[RuleMatch]`: one article's indicators as
  `Indicator.to_dict()` dicts, in article order.
- `run_examples(pack, extractor, rule_id=None) -> list[ExampleResult]`: `alerts rules test`.
- `replay(articles, current, edited) -> ReplayReport`: `alerts rules replay`.
- `PlainEvaluator(rules)`: the same evaluation in plain Python (reference semantics, benchmark baseline).

docs/rules.md describes the rule format.
"""

from alerts.rules.compiler import compile_pack, compile_rule
from alerts.rules.definitions import Example, NamedList, Problem, Rule, RulePack
from alerts.rules.engine import RuleEngine
from alerts.rules.examples import ExampleResult, run_examples
from alerts.rules.loader import load_rule_file, load_rule_pack
from alerts.rules.matches import Firing
from alerts.rules.plain import PlainEvaluator
from alerts.rules.replay import ReplayChange, ReplayReport, replay

__all__ = [
    "Example",
    "ExampleResult",
    "Firing",
    "NamedList",
    "PlainEvaluator",
    "Problem",
    "ReplayChange",
    "ReplayReport",
    "Rule",
    "RuleEngine",
    "RulePack",
    "compile_pack",
    "compile_rule",
    "load_rule_file",
    "load_rule_pack",
    "replay",
    "run_examples",
]
