"""`alerts report --format json`: the report's data as one JSON document (see `Report.to_dict`)."""

from __future__ import annotations

import json

from alerts.reports.data import Report


def render(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
