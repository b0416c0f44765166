"""The Procrastinate app for one database: its connection, and the analysis task registered with retries.

Procrastinate's tables live in the same database and schema as ours (migration 0003 creates them, so
`alerts db upgrade` is the only set-up). It connects with psycopg 3 through a libpq URI built from the
SQLAlchemy URL, so options such as `?options=-csearch_path%3Dalerts` reach both.
"""

from __future__ import annotations

import procrastinate

from alerts.config import QueueConfig
from alerts.queue import tasks, uses_queue
from storage.engine import normalise_url

ANALYSIS_QUEUE = "analysis"
#: The task's full name as stored in each job row: stable, since queued jobs outlive a code upgrade.
ANALYSE_TASK = "alerts.analyse_batch"
#: The pool of each process: a worker fetches and finishes jobs and sends heartbeats through it (and listens
#: for new jobs on one more connection of its own, outside the pool).
POOL_MIN, POOL_MAX = 1, 2


def libpq_uri(database_url: str) -> str:
    """The SQLAlchemy URL as a libpq connection URI (no driver name, password kept, query kept)."""
    url = normalise_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def make_app(database_url: str, queue_config: QueueConfig | None = None) -> procrastinate.App:
    """The app with `ANALYSE_TASK` registered; the retry strategy only matters to workers."""
    if not uses_queue(database_url):
        raise ValueError("the task queue needs PostgreSQL; SQLite deployments analyse in process")
    settings = queue_config or QueueConfig()
    connector = procrastinate.PsycopgConnector(conninfo=libpq_uri(database_url), min_size=POOL_MIN, max_size=POOL_MAX)
    app = procrastinate.App(connector=connector)
    app.task(
        name=ANALYSE_TASK,
        queue=ANALYSIS_QUEUE,
        pass_context=True,
        # Procrastinate reads max_attempts=0 as "retry for ever": no retries is no strategy at all.
        retry=procrastinate.RetryStrategy(max_attempts=settings.retries, exponential_wait=2)
        if settings.retries
        else False,
    )(tasks.analyse_batch)
    return app
