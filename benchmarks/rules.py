"""Rule evaluation speed: durable_rules against the plain-Python reading of the same rules, in one run.

Two packs: the default pack (rules/) and 500 generated single-indicator rules plus 10 joins (written as YAML
into a temporary folder and loaded through the validator like any analyst's pack). Both evaluate the same
generated articles (a few indicators each, most of them about embargoed parties). Prints indicators
evaluated per second for each evaluator and the ratio; checks on the way that both fire the same matches.

    .venv/bin/python benchmarks/rules.py [--articles 2000] [--rules 500] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alerts.model import MODALITIES, WEAPON_CATEGORIES
from alerts.rules import PlainEvaluator, RuleEngine, load_rule_pack

ROOT = Path(__file__).resolve().parent.parent
PARTIES = ["KP", "RU", "IR", "BY", "SY", "UA", "DE", "US", "FR", "CN", "houthis", "IL", "TR"]
EVIDENCE = {"sentence": "s", "start": 0, "end": 1}


def indicator(rng: random.Random) -> dict:
    kinds = ["arms_transfer", "arms_transfer", "sanctions_reference", "military_cooperation", "high_level_visit"]
    kind = rng.choice(kinds)
    data = {
        "type": kind, "confidence": round(rng.uniform(0.3, 1.0), 3), "modality": rng.choice(MODALITIES),
        "attribution": rng.choice([None, "US", "KCNA", "New York Times"]), "evidence": EVIDENCE,
    }  # fmt: skip
    if kind == "arms_transfer":
        data.update(
            supplier=rng.choice(PARTIES), recipient=rng.choice(PARTIES),
            weapon_categories=rng.sample(WEAPON_CATEGORIES, rng.randint(0, 3)), items="shells",
            quantity=rng.choice([None, "1,000 containers"]), mode_of_transport=rng.sample(["rail", "sea", "air"], 1),
        )  # fmt: skip
    elif kind == "sanctions_reference":
        data.update(
            parties=rng.sample(PARTIES, rng.randint(1, 3)), regime=rng.choice([None, "UN", "EU", "US"]),
            kind=rng.choice(["violation", "imposed", "evasion", "mention"]),
        )  # fmt: skip
    elif kind == "military_cooperation":
        data.update(parties=rng.sample(PARTIES, 2), domains=rng.sample(["military", "space", "nuclear"], 2))
    else:
        data.update(visitor_state=rng.choice(PARTIES), host_state=rng.choice(PARTIES), visitor="a minister")
    return data


def articles(rng: random.Random, count: int) -> list[list[dict]]:
    return [[indicator(rng) for _ in range(rng.randint(1, 8))] for _ in range(count)]


def generated_rule(rng: random.Random, number: int) -> str:
    kind = rng.choice(["arms_transfer", "sanctions_reference", "military_cooperation", "high_level_visit"])
    tests = [f"type: {kind}", f"confidence: {{gte: {rng.choice([0.4, 0.5, 0.6, 0.7, 0.8])}}}"]
    tests.append(f"modality: [{', '.join(rng.sample(MODALITIES, rng.randint(1, 3)))}]")
    if kind == "arms_transfer":
        side = rng.choice(["supplier", "recipient"])
        tests.append(f"{side}: {{{rng.choice(['in_list: embargoed_states', 'not_in_list: embargoed_states'])}}}")
        tests.append(f"weapon_categories: [{', '.join(rng.sample(WEAPON_CATEGORIES, 3))}]")
    elif kind in ("sanctions_reference", "military_cooperation"):
        tests.append("parties: {any_in_list: embargoed_states}")
        if kind == "sanctions_reference":
            tests.append(f"kind: {{not_in: [{rng.choice(['mention', 'imposed'])}]}}")
    else:
        visitors = ", ".join(rng.sample(PARTIES, 3))
        tests.append(f"any:\n    - visitor_state: [{visitors}]\n    - host_state: {{in_list: embargoed_states}}")
    body = "\n  ".join(tests)
    severity = rng.choice(["info", "low", "medium", "high", "critical"])
    return f"id: generated-{number}\ntitle: Generated rule {number}\nseverity: {severity}\nwhen:\n  {body}\n"


def generated_join(number: int) -> str:
    return (
        f"id: generated-join-{number}\ntitle: Generated join {number}\nseverity: medium\nwhen:\n  indicators:\n"
        f"    visit: {{type: high_level_visit, host_state: {{in_list: embargoed_states}}}}\n"
        f"    deal:\n      type: military_cooperation\n      confidence: {{gte: 0.{number % 5 + 3}}}\n"
        f"      parties: {{contains: {{ref: visit.host_state}}}}\n"
    )


def measure(label: str, pack, batches: list[list[dict]]) -> None:
    started = time.perf_counter()
    engine = RuleEngine(pack)
    built = time.perf_counter() - started
    plain = PlainEvaluator(pack.enabled)
    count = sum(len(batch) for batch in batches)
    for batch in batches[:200]:
        assert engine.evaluate(batch) == plain.evaluate(batch), "the evaluators disagree"
    timings = {}
    for name, evaluator in (("durable_rules", engine), ("plain Python", plain)):
        started = time.perf_counter()
        fired = sum(len(evaluator.evaluate(batch)) for batch in batches)
        timings[name] = time.perf_counter() - started
        print(f"  {name:<14} {count / timings[name]:>10,.0f} indicators/s   ({fired:,} matches)")
    ratio = timings["durable_rules"] / timings["plain Python"]
    print(f"  durable_rules takes {ratio:.2f}x the plain-Python time (compile + register: {built * 1000:.0f} ms)")
    print(f"  {label}: {len(pack.enabled)} rules, {len(batches):,} articles, {count:,} indicators")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rules", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    batches = articles(rng, args.articles)

    print("default pack (rules/)")
    default = load_rule_pack(ROOT / "rules")
    assert not default.problems, default.problems
    measure("default pack", default, batches)

    with tempfile.TemporaryDirectory() as folder:
        rules_dir = Path(folder) / "rules"
        (rules_dir / "lists").mkdir(parents=True)
        for path in (ROOT / "rules" / "lists").glob("*.yaml"):
            (rules_dir / "lists" / path.name).write_text(path.read_text())
        for number in range(args.rules):
            (rules_dir / f"generated-{number:04d}.yaml").write_text(generated_rule(rng, number))
        for number in range(10):
            (rules_dir / f"join-{number:02d}.yaml").write_text(generated_join(number))
        started = time.perf_counter()
        generated = load_rule_pack(rules_dir)
        loaded = time.perf_counter() - started
        assert not generated.problems, generated.problems[:3]
        print(f"\n{args.rules} generated rules + 10 joins (loaded and validated in {loaded * 1000:.0f} ms)")
        measure("generated pack", generated, batches)


if __name__ == "__main__":
    main()
