"""Scale-out on the task queue: articles/s for 1, 2 and 4 worker processes against one in-process run, and a
reprocess through 2 workers of which one is SIGKILLed midway.

    python benchmarks/scaleout.py [--articles 1000] [--workers 1,2,4] [--reprocess-articles 20000]
                                  [--postgres URL] [--skip-reprocess]

Every queue figure runs on PostgreSQL in a scratch schema of its own (dropped afterwards), on the synthetic corpus
of benchmarks/corpus.py (articles of 250-700 words, 5% relevant):
- in-process: `Pipeline.run_source`, ingest and analysis in this process (what `alerts run --once` does),
  on a SQLite file and on PostgreSQL;
- N workers: `alerts worker` processes already started and waiting (spaCy loaded), then the scheduler's
  side (ingest and enqueue, `Pipeline` with a queue) is timed until the last article is analysed;
- N workers, drain: the same, but the workers are paused (SIGSTOP) while everything is ingested and enqueued
  and timed from when they resume: the workers' own scale-out, without the ingest sharing their cores (as when
  the scheduler runs on another machine, or the queue holds a backlog);
- reprocess: the articles stored and marked analysed, `alerts reprocess --all` (re-extraction) through two
  `alerts worker` processes, one of them SIGKILLed when about half is done; the run must complete with every
  article reprocessed once, each alert's article count equal to its supporting links, no link doubled.
The machine's load average is printed beside each figure: on a shared machine other work takes cores too,
so each line also gives the CPU seconds our processes spent per 1,000 articles, which load does not change.
Nothing is asserted except the reprocess's completeness (a failure is printed): the figures are for reading.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import generate

from alerts.config import AppConfig, ExtractionConfig, QueueConfig, SourceConfig, load_config
from alerts.extract import Extractor
from alerts.model import Article
from alerts.pipeline import Pipeline
from alerts.queue.enqueue import open_queue
from storage import ArticleAnalysis, Store

REPO = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f} (5 min {five:.2f}) on {os.cpu_count()} cores"


@contextmanager
def scratch_schema(base: str) -> Iterator[str]:
    engine = sa.create_engine(base)
    schema = f"alerts_scale_{uuid.uuid4().hex[:8]}"
    with engine.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in base else "?"
    url = f"{base}{separator}options=-csearch_path%3D{schema}"
    try:
        yield url
    finally:
        if url in _engines:
            _engines.pop(url).dispose()
        with engine.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        engine.dispose()


def write_corpus(articles: list[Article], path: Path) -> Path:
    path.write_text("".join(json.dumps({"id": a.id, "title": a.title, "text": a.text}) + "\n" for a in articles))
    return path


def write_config(folder: Path, url: str, corpus: Path, queue: QueueConfig) -> Path:
    config_file = folder / f"config-{uuid.uuid4().hex[:6]}.yaml"
    config_file.write_text(
        json.dumps(  # JSON is YAML: no quoting questions for the URL
            {
                "database_url": url,
                "rules_dir": str(REPO / "rules"),
                "queue": queue.model_dump(),
                "sources": [{"name": "bench", "type": "jsonl", "path": str(corpus)}],
            }
        )
    )
    return config_file


_engines: dict[str, sa.Engine] = {}


def count(url: str, sql: str) -> int:
    """One number from the database; the engine is kept, so polling does not open a connection each time."""
    engine = _engines.get(url) or _engines.setdefault(url, sa.create_engine(url))
    with engine.connect() as connection:
        return int(connection.execute(sa.text(sql)).scalar_one())


class Workers:
    """`alerts worker` processes on one config, each logging to its own file."""

    def __init__(self, config_file: Path, folder: Path, processes: int) -> None:
        self.logs = [folder / f"worker-{uuid.uuid4().hex[:6]}.log" for _ in range(processes)]
        self.processes = []
        for log in self.logs:
            with log.open("wb") as output:
                self.processes.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "alerts", "worker", "--config", str(config_file)],
                        stdout=output,
                        stderr=subprocess.STDOUT,
                    )
                )

    def wait_ready(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while not all("waiting for jobs" in log.read_text() for log in self.logs):
            if time.monotonic() > deadline or any(p.poll() is not None for p in self.processes):
                raise SystemExit("a worker did not start: see " + ", ".join(map(str, self.logs)))
            time.sleep(0.1)

    def signal(self, signum: signal.Signals) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signum)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            process.wait(120)


#: How often the finish is polled: the timed runs last seconds, so a coarse poll (it was 0.5 s) adds up to a
#: tenth to them; one count over an indexed column costs well under a millisecond.
POLL_SECONDS = 0.05


def wait_until(url: str, sql: str, target: int, timeout: float, on_poll=None) -> None:
    deadline = time.monotonic() + timeout
    while (value := count(url, sql)) < target:
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out: {value} of {target} after {timeout:.0f}s ({sql})")
        if on_poll:
            on_poll(value)
        time.sleep(POLL_SECONDS)


def in_process(url: str, label: str, corpus: Path, articles: int, extractor: Extractor) -> float:
    source = SourceConfig(name="bench", type="jsonl", path=corpus)
    config = AppConfig(database_url=url, rules_dir=REPO / "rules", sources=[source])
    with Store(url) as store:
        pipeline = Pipeline(config, store, extractor)
        start, cpu = time.perf_counter(), time.process_time()
        pipeline.run_source(source)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    report(label, seconds, cpu, articles)
    return seconds


def report(label: str, seconds: float, cpu: float, articles: int) -> None:
    print(
        f"{label:<27} {seconds:7.1f} s {articles / seconds:7.1f} articles/s  "
        f"cpu {cpu * 1000 / articles:5.1f} s/1000 articles   {load()}",
        flush=True,
    )


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of these processes and their children so far."""
    total = 0.0
    for pid in pids:
        process = psutil.Process(pid)
        for member in [process, *process.children(recursive=True)]:
            times = member.cpu_times()
            total += times.user + times.system
    return total


def through_workers(
    base: str, corpus: Path, articles: int, processes: int, folder: Path, queue: QueueConfig, *, drain: bool
) -> float:
    """Articles/s through `processes` workers.

    With `drain`, the workers are paused (SIGSTOP) while the scheduler's side ingests and enqueues everything,
    and the clock starts when they resume: the figure is the workers' own scale-out, as when the scheduler runs
    on another machine or the queue holds a backlog. Without it, ingest runs beside the workers on the same cores.
    """
    with scratch_schema(base) as url:
        Store(url).close()  # the schema, the queue's included, before the workers connect
        config_file = write_config(folder, url, corpus, queue)
        workers = Workers(config_file, folder, processes)
        try:
            workers.wait_ready()
            config = load_config(config_file)
            pids = [process.pid for process in workers.processes]
            if drain:
                workers.signal(signal.SIGSTOP)
            start, cpu, workers_cpu = time.perf_counter(), time.process_time(), cpu_seconds(pids)
            with Store(url) as store, open_queue(config) as task_queue:
                Pipeline(config, store, queue=task_queue).run_source(config.sources[0])
            cpu = time.process_time() - cpu  # this process: ingest and enqueue, then only polling
            if drain:
                start, cpu = time.perf_counter(), 0.0
                workers.signal(signal.SIGCONT)
            wait_until(url, "SELECT count(*) FROM articles WHERE processed_at IS NOT NULL", articles, 3600)
            seconds, cpu = time.perf_counter() - start, cpu + cpu_seconds(pids) - workers_cpu
        finally:
            workers.signal(signal.SIGCONT)
            workers.stop()
    plural = "es" if processes > 1 else ""
    report(f"{processes} worker process{plural}{', drain' if drain else ''}", seconds, cpu, articles)
    return seconds


def reprocess_with_a_kill(base: str, count_articles: int, folder: Path, queue: QueueConfig) -> None:
    articles = generate(count_articles, 0.05, seed=11)
    with scratch_schema(base) as url:
        with Store(url) as store:
            for start in range(0, len(articles), 500):
                chunk = articles[start : start + 500]
                rows = store.ingest_many(chunk)
                # Stored as analysed with nothing found: the reprocess is what extracts them.
                store.save_batch([ArticleAnalysis(row_id, [], []) for row_id, _ in rows])
        config_file = write_config(folder, url, folder / "unused.jsonl", queue)
        workers = Workers(config_file, folder, 2)
        try:
            workers.wait_ready()
            started = time.perf_counter()
            command = subprocess.Popen(
                [sys.executable, "-m", "alerts", "reprocess", "--all", "--config", str(config_file)],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            done_sql = "SELECT count(*) FROM articles WHERE reprocessed_by IS NOT NULL"
            killed: list[int] = []

            def kill_at_half(done: int) -> None:
                if not killed and done >= count_articles // 2:
                    workers.processes[0].send_signal(signal.SIGKILL)
                    killed.append(done)
                    print(f"  SIGKILL to one worker at {done} of {count_articles} articles", flush=True)

            wait_until(url, done_sql, count_articles, 6 * 3600, kill_at_half)
            output, _ = command.communicate(timeout=600)
            seconds = time.perf_counter() - started
        finally:
            workers.stop()
        links = count(url, "SELECT count(*) FROM alert_articles")
        supported = count(url, "SELECT coalesce(sum(article_count), 0) FROM alerts")
        doubled = count(
            url,
            "SELECT count(*) FROM (SELECT article_id, fingerprint FROM indicators "
            "GROUP BY article_id, fingerprint HAVING count(*) > 1) AS d",
        )
        done = count(url, done_sql)
        complete = done == count_articles and links == supported and doubled == 0 and command.returncode == 0
    print(
        f"reprocess of {count_articles} articles, 2 workers, one killed: {seconds:.1f} s, "
        f"{count_articles / seconds:.1f} articles/s   {load()}\n"
        f"  reprocessed {done}/{count_articles}; alert links {links}, alerts' article counts {supported}; "
        f"doubled indicators {doubled}; command said: {output.strip().splitlines()[-1] if output.strip() else '-'}\n"
        f"  {'COMPLETE: nothing lost or doubled' if complete else 'INCOMPLETE OR DOUBLED: see the figures above'}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", default="1,2,4", help="worker process counts to measure, comma-separated")
    parser.add_argument("--reprocess-articles", type=int, default=20_000)
    parser.add_argument("--skip-reprocess", action="store_true")
    parser.add_argument("--postgres", default=os.environ.get("ALERTS_TEST_POSTGRES_URL", DEFAULT_POSTGRES))
    args = parser.parse_args()
    # jobs of the default size (queue.batch_size); short heartbeats so that the killed worker is noticed quickly
    queue = QueueConfig(heartbeat_seconds=2, stalled_after_seconds=10, poll_seconds=1)

    articles = generate(args.articles, 0.05)
    words = sum(article.word_count for article in articles)
    print(f"corpus: {len(articles)} articles, {words:,} words, 5% relevant; queue jobs of {queue.batch_size} articles")
    print(f"before: {load()}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = write_corpus(articles, folder / "corpus.jsonl")
        extractor = Extractor(ExtractionConfig())
        sqlite = in_process(
            f"sqlite:///{folder / 'in-process.db'}", "in-process run, SQLite", corpus, len(articles), extractor
        )
        with scratch_schema(args.postgres) as url:
            base = in_process(url, "in-process run, PostgreSQL", corpus, len(articles), extractor)
        print(f"  PostgreSQL / SQLite time: {base / sqlite:.2f}x", flush=True)
        for drain in (False, True):
            timings: dict[int, float] = {}
            for processes in (int(n) for n in args.workers.split(",")):
                timings[processes] = through_workers(
                    args.postgres, corpus, len(articles), processes, folder, queue, drain=drain
                )
                versus_one = f", vs 1 worker: {timings[1] / timings[processes]:.2f}x" if 1 in timings else ""
                print(f"  speed-up vs in-process: {base / timings[processes]:.2f}x{versus_one}", flush=True)
        if not args.skip_reprocess:
            reprocess_with_a_kill(args.postgres, args.reprocess_articles, folder, queue)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
