"""The code and docs point readers to docs/, which ships with the project, never to a spec users do not have."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHIPPED = ("alerts", "storage", "tests", "benchmarks", "tools", "docs", "seeds", "rules")


def test_nothing_cites_the_spec_file():
    citing = [
        f"{path.relative_to(REPO)}:{number}"
        for folder in SHIPPED
        for path in (REPO / folder).rglob("*")
        if path.suffix in (".py", ".md", ".yaml") and path.name != "test_docs_references.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"SPEC\.md|\bSPEC\b(?!IF|UL)", line)
    ]
    assert citing == []


def test_docs_named_in_docstrings_exist():
    named = {
        match
        for folder in ("alerts", "storage")
        for path in (REPO / folder).rglob("*.py")
        for match in re.findall(r"docs/[a-z_]+\.md", path.read_text(encoding="utf-8"))
    }
    assert named and all((REPO / doc).is_file() for doc in named), sorted(named)
