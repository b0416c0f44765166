"""Fuzzing the rule loader with mutations of the default pack: every outcome is a clean problem or success.

A rule file is checked on its own against the default lists (a rule file's load does not depend on the
other rule files), a list file through a whole pack load. benchmarks/fuzz.py runs thousands of whole packs.
"""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alerts.rulebook import RuleBook
from alerts.rules import load_rule_pack
from alerts.rules.diagnostics import shown_path
from alerts.rules.loader import load_rule_file, rule_files

from hostile_rules import BILLION_LAUGHS, check_pack, mutate_text, problem_failures, rule_counts

#: A hang guard, not a speed target (benchmarks/fuzz.py measures the 2 s per pack the loader is held to): a
#: loader that blows up on aliases or nesting takes minutes, far past this on any machine.
HANG_SECONDS = 30.0


@pytest.fixture(scope="module")
def default_pack(repo_root: Path):
    return load_rule_pack(repo_root / "rules")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_a_mutated_rule_file_gives_clean_problems_or_rules(seed: int, repo_root: Path, default_pack, tmp_path_factory):
    rng = random.Random(seed)
    original = rng.choice(rule_files(repo_root / "rules"))
    folder = tmp_path_factory.mktemp("rules")
    path = folder / original.name
    path.write_bytes(mutate_text(original.read_text(encoding="utf-8"), rng))
    started = time.perf_counter()
    rules, problems = load_rule_file(path, shown_path(path, folder), default_pack.lists)
    seconds = time.perf_counter() - started
    assert seconds < HANG_SECONDS, path.read_bytes()[:200]
    assert rules or problems, "a rule file that yields no rule must say why"
    assert problem_failures([str(problem) for problem in problems]) == []


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_a_mutated_named_list_keeps_the_pack_loading_cleanly(seed: int, repo_root: Path, tmp_path_factory):
    rng = random.Random(seed)
    target = tmp_path_factory.mktemp("pack") / "rules"
    shutil.copytree(repo_root / "rules", target)
    chosen = rng.choice(sorted((target / "lists").glob("*.yaml")))
    chosen.write_bytes(mutate_text(chosen.read_text(encoding="utf-8"), rng))
    outcome = check_pack(target, rule_counts(repo_root / "rules"))
    assert outcome.failures == []
    assert outcome.seconds < HANG_SECONDS


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('id: x\ntitle: "Arms \\ud800 x"\nseverity: low\nwhen: {type: arms_transfer}\n', "lone surrogate"),
        (BILLION_LAUGHS, "more than"),
        (BILLION_LAUGHS + "i: *h\n", "more than"),  # a duplicate key: ruamel's message would print the expansion
        ("a: &a [1, *a]\n", "recursive alias"),
        ("[]\n", "empty rule file"),
        ("", "empty rule file"),
        ("id: x\ntitle: a\n  b: c\n\tseverity: [\n", "YAML syntax"),
        ("when: " + "[" * 5_000 + "]" * 5_000 + "\n", "nested deeper"),
    ],
    ids=[
        "surrogate",
        "billion-laughs",
        "laughs-duplicate-key",
        "recursive",
        "empty-list",
        "empty",
        "scanner-error",
        "deep-flow",
    ],
)
def test_hostile_rule_files_are_one_line_problems_at_once(tmp_path: Path, content: str, reason: str):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yaml").write_text(content, encoding="utf-8", errors="surrogatepass")
    started = time.perf_counter()
    pack = load_rule_pack(rules)
    assert time.perf_counter() - started < HANG_SECONDS
    lines = [str(problem) for problem in pack.problems]
    assert len(lines) == 1 and lines[0].startswith("rules/bad.yaml:") and reason in lines[0]
    assert problem_failures(lines) == []


def test_undecodable_bytes_are_reported_where_they_are(tmp_path: Path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yaml").write_bytes(b"id: x\ntitle: caf\xe9\n")
    assert [str(problem) for problem in load_rule_pack(rules).problems] == [
        "rules/bad.yaml:2:11: not UTF-8 (invalid continuation byte: byte 0xe9)"
    ]


def test_hot_reload_keeps_the_last_good_pack_whatever_the_new_files_hold(tmp_path: Path, repo_root: Path):
    rules = tmp_path / "rules"
    shutil.copytree(repo_root / "rules", rules)
    book = RuleBook(rules)
    engine = book.reload()
    good = book.pack.version
    target = rules / "arms-transfer-other.yaml"
    for hostile in (b'id: x\ntitle: "Arms \\ud800 x"\n', BILLION_LAUGHS.encode(), b"[]\n", b"\xff\xfe\x00garbage"):
        target.write_bytes(hostile)
        assert book.reload() is engine and book.pack.version == good
        assert book.problems and all(problem.startswith("rules/arms-transfer-other.yaml:") for problem in book.problems)
