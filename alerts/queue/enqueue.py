"""Deferring analysis jobs: article ids in batches of `queue.batch_size`, many jobs per round trip.

`TaskQueue` is what `alerts.pipeline.Pipeline` and `alerts.reprocess` talk to; it holds an opened
Procrastinate app (synchronous use, from the CLI or the scheduler's thread).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import procrastinate

from alerts.batch import Mode
from alerts.config import AppConfig
from alerts.queue.app import ANALYSE_TASK, ANALYSIS_QUEUE, make_app

#: Jobs deferred per INSERT: thousands of jobs for a large reprocess go in a few statements.
DEFER_CHUNK = 500


class TaskQueue:
    def __init__(self, app: procrastinate.App, batch_size: int) -> None:
        self.app = app
        self.batch_size = max(1, batch_size)
        self.task = app.tasks[ANALYSE_TASK]

    def enqueue(self, article_ids: Sequence[int], mode: Mode = "new", reprocess_id: int | None = None) -> int:
        """One job per `batch_size` ids, in order; returns how many jobs."""
        jobs: list[dict[str, Any]] = [
            {
                "article_ids": list(article_ids[start : start + self.batch_size]),
                "mode": mode,
                "reprocess_id": reprocess_id,
            }
            for start in range(0, len(article_ids), self.batch_size)
        ]
        for start in range(0, len(jobs), DEFER_CHUNK):
            self.task.batch_defer(*jobs[start : start + DEFER_CHUNK])
        return len(jobs)

    def queued_articles(self, reprocess_id: int) -> set[int]:
        """Article ids in this reprocess's jobs still waiting or running (so a resume does not queue them twice)."""
        found: set[int] = set()
        for status in ("todo", "doing"):
            for job in self.app.job_manager.list_jobs(queue=ANALYSIS_QUEUE, task=ANALYSE_TASK, status=status):
                ids = job.task_kwargs.get("article_ids")
                if job.task_kwargs.get("reprocess_id") == reprocess_id and isinstance(ids, list):
                    found.update(int(article_id) for article_id in ids if isinstance(article_id, int))
        return found

    def waiting(self) -> int:
        """Analysis jobs waiting or running."""
        stats = self.app.job_manager.list_queues(queue=ANALYSIS_QUEUE)
        return sum(row["todo"] + row["doing"] for row in stats)

    def is_idle(self) -> bool:
        return self.waiting() == 0


@contextmanager
def open_queue(config: AppConfig) -> Iterator[TaskQueue]:
    """A `TaskQueue` on the config's database, its connections closed when the block ends."""
    app = make_app(config.database_url, config.queue)
    with app.open():
        yield TaskQueue(app, config.queue.batch_size)
