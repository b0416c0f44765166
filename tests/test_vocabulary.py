"""Each closed vocabulary has one home (alerts.vocabulary, alerts.model), and every user of it agrees."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import get_args

from alerts.config import NotifierConfig, SourceConfig
from alerts.model import SEVERITIES, Severity
from alerts.sources import SOURCE_TYPES as SOURCE_BUILDERS
from alerts.vocabulary import ALERT_OUTCOMES, ALERT_STATUSES, NOTIFIER_TYPES, SOURCE_TYPES
from storage.models import AlertRow

REPO = Path(__file__).resolve().parent.parent


def test_the_config_reads_the_vocabularies():
    assert get_args(SourceConfig.model_fields["type"].annotation) == SOURCE_TYPES
    assert get_args(NotifierConfig.model_fields["type"].annotation) == NOTIFIER_TYPES
    assert get_args(NotifierConfig.model_fields["min_severity"].annotation) == SEVERITIES == get_args(Severity)


def test_every_source_type_has_a_builder():
    assert set(SOURCE_BUILDERS) == set(SOURCE_TYPES)


def test_the_database_constraints_use_the_same_statuses_and_outcomes():
    checks = " ".join(str(c.sqltext) for c in AlertRow.__table__.constraints if hasattr(c, "sqltext"))
    assert all(repr(value) in checks for value in ALERT_STATUSES + ALERT_OUTCOMES)


def test_no_module_outside_storage_reaches_its_sql():
    found = subprocess.run(
        ["grep", "-rn", "--include=*.py", r"storage\.models\|storage\.sql\|storage\.queries", "alerts/"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.stdout == ""
