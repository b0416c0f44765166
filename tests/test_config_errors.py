"""config.yaml problems: every one reported at once as `file:line:col: setting: reason`, at load time."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from alerts.cli import app
from alerts.config import load_config
from alerts.errors import ConfigError

BROKEN = """\
database_url: sqlite:///x.db
sources:
  - name: wire
    type: feed
    urls: [https://example.org/rss]
  - name: inbox
    type: folder
    path: inbox
    schedul: {interval: 15m}
  - name: dumps
    type: jsonl
schedule:
  cron: "0 25 * * *"
extraction:
  batch_size: many
"""


def problems(tmp_path: Path, text: str) -> list[str]:
    config = tmp_path / "config.yaml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    return str(raised.value).splitlines()


def test_every_problem_is_reported_with_its_line_and_column(tmp_path):
    file = tmp_path / "config.yaml"
    assert problems(tmp_path, BROKEN) == [
        f"{file}:5:5: sources[0].urls: a feed reads one address: write `url:` (did you mean 'url'?)",
        f"{file}:9:5: sources[1].schedul: unknown setting 'schedul' (did you mean 'schedule'?)",
        f"{file}:10:5: sources[2]: a jsonl source needs `path:`",
        f"{file}:13:3: schedule.cron: cron '0 25 * * *': Error validating expression '25': the last value (25) "
        "is higher than the maximum value (23)",
        f"{file}:15:3: extraction.batch_size: Input should be a valid integer, unable to parse string as an integer",
    ]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("{name: pages, type: url_list, url: 'https://example.org/a'}", "a url_list reads a list of pages"),
        ("{name: wire, type: feed}", "a feed needs `url:`"),
        ("{name: inbox, type: folder, url: 'https://example.org'}", "a folder source reads `path:`, not `url:`"),
        ("{name: pages, type: url_list}", "a url_list needs `urls:` or `path:`"),
    ],
)
def test_each_source_type_gets_what_it_reads(tmp_path, source, reason):
    (problem,) = problems(tmp_path, f"sources:\n  - {source}\n")
    assert problem.startswith(f"{tmp_path / 'config.yaml'}:2:")
    assert reason in problem


def test_a_schedule_needs_exactly_one_of_interval_and_cron(tmp_path):
    (problem,) = problems(tmp_path, "schedule: {interval: 1h, cron: '0 * * * *'}\n")
    assert problem.endswith("schedule: a schedule needs `interval` or `cron`, not both or neither")


def test_the_cli_prints_every_problem_and_exits_2(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text(BROKEN, encoding="utf-8")
    result = CliRunner().invoke(app, ["list", "--config", str(config)])
    assert result.exit_code == 2
    assert result.output.count(f"{config}:") == 5


def test_a_good_config_still_loads(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text(
        "sources:\n  - {name: wire, type: feed, url: 'https://example.org/rss', schedule: {cron: '*/5 6-18 * * 1-5'}}\n"
        "  - {name: pages, type: url_list, urls: ['https://example.org/a']}\n",
        encoding="utf-8",
    )
    loaded = load_config(config)
    assert [source.name for source in loaded.sources] == ["wire", "pages"]
