"""Start-up time of the command line: `alerts --help`, and `alerts list` on an empty SQLite database.

    python benchmarks/startup.py [--runs 7]

Each command runs `--runs` times in a fresh interpreter (as a user would start it); the script prints the
median wall time and the median CPU time (user + system) of the child. On a busy machine the wall time
includes waiting for a core, so the CPU time is the better guide to what an idle machine would see.
Nothing is asserted: the figures are for reading.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS: dict[str, list[str]] = {
    "alerts --help": ["--help"],
    "alerts list (empty SQLite database)": ["list"],
}


def _timed_run(arguments: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, child CPU seconds) of one `python -m alerts ...` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "alerts", *arguments],
        cwd=cwd,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per command (the median is printed)")
    options = parser.parse_args()
    env = {name: value for name, value in os.environ.items() if not name.startswith("ALERTS_")}
    env["PYTHONPATH"] = str(ROOT)
    with tempfile.TemporaryDirectory(prefix="alerts-startup-") as folder:
        cwd = Path(folder)
        (cwd / "config.yaml").write_text("database_url: sqlite:///alerts.db\n", encoding="utf-8")
        subprocess.run(
            [sys.executable, "-m", "alerts", "db", "upgrade"], cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL
        )
        _timed_run(["--help"], cwd, env)  # warm the bytecode and file caches once
        print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
        for label, arguments in COMMANDS.items():
            runs = [_timed_run(arguments, cwd, env) for _ in range(options.runs)]
            wall = statistics.median(run[0] for run in runs)
            cpu = statistics.median(run[1] for run in runs)
            print(f"{label:<40} median wall {wall:.3f} s   median CPU {cpu:.3f} s   ({options.runs} runs)")


if __name__ == "__main__":
    main()
