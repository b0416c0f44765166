"""The task queue of a shared (PostgreSQL) deployment, on Procrastinate.

- `app`: the Procrastinate app for a database URL, and the one analysis task registered on it;
- `tasks`: what a job does (a batch of article ids through alerts.batch);
- `enqueue`: deferring jobs in batches, and whether the queue is idle;
- `worker`: `alerts worker`, N processes that run jobs and hand on the jobs of dead workers.

SQLite deployments have no queue: `uses_queue(url)` says which way a database goes.
"""

from alerts.queue.app import ANALYSIS_QUEUE, make_app, uses_queue

__all__ = ["ANALYSIS_QUEUE", "make_app", "uses_queue"]
