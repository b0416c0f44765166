"""Durations as people write them in config.yaml, rules and options: 90s, 15m, 6h, 7d, 2w.

A module of its own (standard library only) so that the command line can check a `--since 7d` without
loading the config's validation machinery.
"""

from __future__ import annotations

import re
from datetime import timedelta

_DURATION = re.compile(r"^\s*(\d+)\s*(s|m|h|d|w)\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
MAX_DURATION = timedelta(days=36_500)  # a century: longer than any window, period or snooze means a typo


def parse_duration(text: str | int | float) -> timedelta:
    """'90s', '15m', '6h', '7d', '2w' (or a number of seconds) as a timedelta; ValueError when it is not one,
    or is longer than `MAX_DURATION` (which also keeps `now - duration` inside what datetime can hold)."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        seconds = text
    else:
        match = _DURATION.match(str(text))
        if not match:
            raise ValueError(f"{text!r} is not a duration like 30s, 15m, 6h, 7d or 2w")
        seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if not 0 <= seconds <= MAX_DURATION.total_seconds():
        raise ValueError(f"{text!r} is not a duration between 0 and {MAX_DURATION.days:,} days")
    return timedelta(seconds=seconds)


__all__ = ["MAX_DURATION", "parse_duration"]
