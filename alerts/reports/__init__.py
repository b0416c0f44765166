"""`alerts report`: the period's alerts summarised by severity, rule, state pair and day.

`build_report()` reads the numbers once (`alerts.reports.data`); one small module per output format renders
them. `render(report, fmt)` returns the text for every format but the terminal table, which prints to a
Rich console (`alerts.reports.table.print_report`).
"""

from __future__ import annotations

from collections.abc import Callable

from alerts.reports import csv, html, json, markdown
from alerts.reports.data import DATE_BASES, Report, build_report

#: The text formats: name -> renderer. `table` is separate because it draws on a console.
RENDERERS: dict[str, Callable[[Report], str]] = {
    "json": json.render,
    "csv": csv.render,
    "markdown": markdown.render,
    "html": html.render,
}

__all__ = ["DATE_BASES", "RENDERERS", "Report", "build_report"]
