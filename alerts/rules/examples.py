"""Running the examples embedded in rules through the real extractor and evaluator (`alerts rules test`).

An example passes when its rule fires on the text (`expect: fire`) or does not (`expect: no_fire`), and,
when it states a `severity`, when the highest severity the enabled pack raises on the text is exactly that.
Each rule's own examples are checked even when the rule is disabled, so a rule can be tested before it is
switched on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from alerts.model import Article, Indicator, normalise_text, severity_rank
from alerts.rules.definitions import RulePack
from alerts.rules.engine import RuleEngine
from alerts.wording import plural


class Extractor(Protocol):
    def extract(self, article: Article) -> list[Indicator]: ...


@dataclass(frozen=True, slots=True)
class ExampleResult:
    """The outcome of one example; `str()` is `file:line: rule example n: reason` (the CLI adds PASS/FAIL)."""

    rule_id: str
    number: int  # 1-based position among the rule's examples
    file: str
    line: int
    text: str
    expect: str
    fired: bool
    expected_severity: str | None
    pack_severity: str | None  # highest severity the enabled pack gave the text (None: no alert)
    indicators: int

    @property
    def passed(self) -> bool:
        if self.fired != (self.expect == "fire"):
            return False
        return self.expected_severity is None or self.expected_severity == self.pack_severity

    @property
    def reason(self) -> str:
        if self.fired != (self.expect == "fire"):
            verb = "did not fire" if self.expect == "fire" else "fired"
            return f"expected {self.expect}, but the rule {verb} ({plural(self.indicators, 'indicator')} extracted)"
        if self.expected_severity is not None and self.expected_severity != self.pack_severity:
            got = self.pack_severity or "no alert"
            return f"expected the pack's highest severity {self.expected_severity}, got {got}"
        return "ok"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.rule_id} example {self.number}: {self.reason}"


def run_examples(pack: RulePack, extractor: Extractor, rule_id: str | None = None) -> list[ExampleResult]:
    """Run every example of every valid rule (or of `rule_id` only; KeyError if there is no such rule)."""
    selected = [pack.rule(rule_id)] if rule_id is not None else pack.rules
    engine = RuleEngine(pack.rules)
    enabled = {rule.id for rule in pack.enabled}
    results = []
    for rule in selected:
        for number, example in enumerate(rule.examples, start=1):
            article = Article(id=f"example:{rule.id}:{number}", text=normalise_text(example.text))
            indicators = [indicator.to_dict() for indicator in extractor.extract(article)]
            matches = engine.evaluate(indicators)
            severities = [match.severity for match in matches if match.rule_id in enabled]
            results.append(
                ExampleResult(
                    rule_id=rule.id,
                    number=number,
                    file=rule.file,
                    line=example.line,
                    text=example.text,
                    expect=example.expect,
                    fired=any(match.rule_id == rule.id for match in matches),
                    expected_severity=example.severity,
                    pack_severity=max(severities, key=severity_rank) if severities else None,
                    indicators=len(indicators),
                )
            )
    return results
