"""The task queue of a shared (PostgreSQL) deployment, on Procrastinate.

- `app`: the Procrastinate app for a database URL, and the one analysis task registered on it;
- `tasks`: what a job does (a batch of article ids through alerts.batch);
- `enqueue`: deferring jobs in batches, and whether the queue is idle;
- `worker`: `alerts worker`, N processes that run jobs and hand on the jobs of dead workers.

SQLite deployments have no queue: `uses_queue(url)` says which way a database goes (without importing
Procrastinate, which only the queue's own modules do).
"""

from sqlalchemy.engine import make_url


def uses_queue(database_url: str) -> bool:
    """Analysis goes through the task queue on PostgreSQL; SQLite analyses in the running process."""
    return make_url(database_url).get_backend_name() == "postgresql"
