"""Mutations of the default rule pack, for the fuzz test (test_hostile_rules.py) and benchmarks/fuzz.py.

Each mutation takes the text of one rule or list file and a seeded `random.Random` and returns new bytes: what
an analyst's slip, a bad merge, a truncated copy or a hostile contributor could leave in `rules/`. The
checks (`check_pack`) are what `alerts rules validate` promises: every problem one printable line naming
`file:line:col`, and no file's rules gone without a problem naming that file.
"""

from __future__ import annotations

import random
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alerts.rules import RuleEngine, load_rule_pack

PROBLEM_LINE = re.compile(r"^[^\n]+:\d+:\d+: [^\n]+$")
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")

HOSTILE_SCALARS = [
    '"Arms \\ud800 x"',
    '"\\udfff"',
    '"\\x1b]0;pwned\\x07"',
    '"\\x1b[2J\\x1b[H"',
    "\u202eevil",
    "''",
    '""',
    "~",
    "null",
    "[]",
    "{}",
    "-1",
    "1e999",
    "0x7fffffffffffffff",
    "99999999999999999999999",
    "!!python/object/apply:os.system ['true']",
    "!!python/name:subprocess.call",
    "!!binary aGVsbG8=",
    "2026-02-30",
    "&a x",
    "*nowhere",
    "|\n  block",
    "? complex",
    "'" + "x" * 5000 + "'",
    "\U0001f680" * 50,
    "\ufeff",
    "\t",
    "'\\\\'",
    "%YAML 1.1",
    "---",
    "...",
]
BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


def _lines(text: str) -> list[str]:
    return text.split("\n")


def replace_scalar(text: str, rng: random.Random) -> str:
    """A value after `key:` replaced with a hostile scalar."""
    lines = _lines(text)
    candidates = [i for i, line in enumerate(lines) if re.match(r"^\s*-?\s*[\w-]+:\s*\S", line)]
    if not candidates:
        return text
    i = rng.choice(candidates)
    key = lines[i].split(":", 1)[0]
    lines[i] = f"{key}: {rng.choice(HOSTILE_SCALARS)}"
    return "\n".join(lines)


def drop_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def duplicate_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return "\n".join(lines)


def shift_indent(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    lines[i] = (" " * rng.choice([1, 2, 3])) + lines[i] if rng.random() < 0.5 else lines[i].lstrip()
    return "\n".join(lines)


def truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


def insert_garbage(text: str, rng: random.Random) -> str:
    position = rng.randrange(len(text) + 1)
    garbage = rng.choice(
        [
            "\x00",
            "\x1b[31m",
            "\t",
            ":",
            "- ",
            "{",
            "[",
            "]",
            "}",
            "&",
            "*",
            "!",
            "|",
            ">",
            "%",
            "@",
            "`",
            '"',
            "'",
            "\\",
            "\r",
            "\u2028",
            "\x85",
            "#",
            "? ",
            "<<: *x",
        ]
    )
    return text[:position] + garbage + text[position:]


def billion_laughs(text: str, rng: random.Random) -> str:
    levels = rng.randint(3, 9)
    kept = "\n".join(BILLION_LAUGHS.split("\n")[:levels])
    return text + "\n" + kept.replace("a:", "zz_a:", 1) if rng.random() < 0.3 else kept + "\n"


def deep_nesting(text: str, rng: random.Random) -> str:
    depth = rng.choice([70, 1_000, 20_000])
    return text.replace("when:", "when: " + "[" * depth + "]" * depth + "\nwhen_x:", 1)


def many_examples(text: str, rng: random.Random) -> str:
    count = rng.choice([100, 2_000, 14_000])
    examples = "".join(
        f"  - text: Russia sent shells to North Korea, case {i}.\n    expect: fire\n" for i in range(count)
    )
    return re.sub(r"\nexamples:.*", "", text, flags=re.S) + "\nexamples:\n" + examples


def whole_file(text: str, rng: random.Random) -> str:
    return rng.choice(["", "[]", "{}", "~", "---\n---\n", "- 1\n- 2\n", "id: x", "\ufeff", " \n\t\n", "!!set {a, b}"])


def python_tag(text: str, rng: random.Random) -> str:
    tag = rng.choice(
        [
            "!!python/object/apply:os.system ['touch pwned']",
            "!!python/object/new:subprocess.Popen [[true]]",
            "!!python/module:os",
            "!custom {a: 1}",
        ]
    )
    return text.replace("title:", f"title: {tag}\ntitle_was:", 1)


def random_bytes(text: str, rng: random.Random) -> bytes:
    data = bytearray(text.encode("utf-8"))
    for _ in range(rng.randint(1, 5)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


MUTATIONS: list[Callable[[str, random.Random], str | bytes]] = [
    replace_scalar,
    replace_scalar,
    replace_scalar,
    drop_line,
    duplicate_line,
    shift_indent,
    truncate,
    insert_garbage,
    insert_garbage,
    billion_laughs,
    deep_nesting,
    many_examples,
    whole_file,
    python_tag,
    random_bytes,
]


def mutate_text(text: str, rng: random.Random) -> bytes:
    """One file's text after 1-3 mutations, as the bytes to write."""
    content: str | bytes = text
    for _ in range(rng.randint(1, 3)):
        mutation = rng.choice(MUTATIONS)
        current = content if isinstance(content, str) else content.decode("utf-8", errors="replace")
        content = mutation(current, rng)
    return content if isinstance(content, bytes) else content.encode("utf-8", errors="surrogatepass")


def mutate_pack(source: Path, target: Path, rng: random.Random) -> Path:
    """Copy the pack at `source` to `target` with one of its files mutated; returns that file."""
    shutil.copytree(source, target)
    chosen = rng.choice(sorted(target.rglob("*.yaml")))
    chosen.write_bytes(mutate_text(chosen.read_text(encoding="utf-8"), rng))
    return chosen


@dataclass
class PackOutcome:
    seconds: float
    failures: list[str]  # what broke a promise; empty when the pack was handled cleanly


def check_pack(rules_dir: Path, original_files: dict[str, int]) -> PackOutcome:
    """Load and compile a (mutated) pack as `alerts rules validate` and a run do, and check the promises.

    `original_files` maps each rule file (as problems name it) to how many rules it held before mutation.
    A traceback is caught and reported as a failure, never raised."""
    started = time.perf_counter()
    try:
        pack = load_rule_pack(rules_dir)
        RuleEngine(pack)
    except Exception as error:  # noqa: BLE001 - the point of the fuzz: record it, go on
        return PackOutcome(time.perf_counter() - started, [f"traceback: {type(error).__name__}: {error!r}"[:300]])
    seconds = time.perf_counter() - started
    failures = problem_failures([str(problem) for problem in pack.problems])
    named = {problem.file for problem in pack.problems}
    loaded: dict[str, int] = {}
    for rule in pack.rules:
        loaded[rule.file] = loaded.get(rule.file, 0) + 1
    for file, count in original_files.items():
        if loaded.get(file, 0) < count and file not in named:
            failures.append(f"{file}: {count - loaded.get(file, 0)} rule(s) gone without a problem")
    return PackOutcome(seconds, failures)


def problem_failures(lines: list[str]) -> list[str]:
    """The problem lines that are not one printable `file:line:col: reason` line."""
    return [
        f"problem not one printable file:line:col line: {line!r}"[:300]
        for line in lines
        if not PROBLEM_LINE.match(line) or UNPRINTABLE.search(line)
    ]


def rule_counts(rules_dir: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for rule in load_rule_pack(rules_dir).rules:
        counts[rule.file] = counts.get(rule.file, 0) + 1
    return counts
