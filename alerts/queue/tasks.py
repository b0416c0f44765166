"""What one analysis job does: a batch of article ids through `alerts.batch.BatchAnalyser`.

The worker builds the analyser once per process (loading spaCy takes seconds) and hands it to every job in
the job context. A job is idempotent: its batch is saved in one transaction, a `new` job skips articles
already analysed, and a reprocess job's save of an article done before changes nothing. So a job that runs
twice, because its worker died after saving or a retry overlapped, leaves the database as one run did.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from procrastinate import JobContext

from alerts.batch import BatchAnalyser, Mode
from alerts.notify import notify_pending

log = logging.getLogger(__name__)

#: The keys under which the worker puts its `BatchAnalyser` and the configured notifiers in each job's context.
ANALYSER = "analyser"
NOTIFIERS = "notifiers"


def analyse_batch(
    context: JobContext, article_ids: list[int], mode: Mode = "new", reprocess_id: int | None = None
) -> dict[str, int]:
    """Analyse and save one batch, then send its new or escalated alerts to the notifiers (each alert once,
    whichever worker gets there first); returns what it did (kept in the worker's log)."""
    analyser: BatchAnalyser = context.additional_context[ANALYSER]
    result = analyser.process(article_ids, mode, reprocess_id)
    notifiers = context.additional_context.get(NOTIFIERS) or []
    if notifiers and (result.outcome.alerts_new or result.outcome.alerts_escalated):
        notify_pending(analyser.store, notifiers, datetime.now(UTC))
    log.info(
        "job %s: %s batch of %d: %d saved, %d failed, %d new alert(s)",
        context.job.id if context.job else "?",
        mode,
        len(article_ids),
        result.articles,
        result.failed,
        result.outcome.alerts_new,
    )
    return {"articles": result.articles, "failed": result.failed, "alerts_new": result.outcome.alerts_new}
