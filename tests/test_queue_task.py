"""The analysis task as a worker runs it (called here in process with a real job context): it saves the batch
and sends the new alerts to the configured notifiers, each once."""

from __future__ import annotations

import shutil
from pathlib import Path

from procrastinate import JobContext

from alerts.batch import BatchAnalyser
from alerts.notify import WebhookNotifier
from alerts.queue.tasks import ANALYSER, NOTIFIERS, analyse_batch
from alerts.rulebook import RuleBook
from storage import Store

from queue_corpus import article
from test_notify import Hook


def test_a_job_saves_its_batch_and_notifies_its_new_alerts_once(
    tmp_path: Path, repo_root: Path, sqlite_url: str, extractor
) -> None:
    from alerts.model import Article

    shutil.copytree(repo_root / "rules", tmp_path / "rules")
    hook = Hook()
    try:
        with Store(sqlite_url) as store:
            ids = [store.ingest(Article(**article(n)))[0] for n in range(4)]
            analyser = BatchAnalyser(store, RuleBook(tmp_path / "rules"), extractor)
            notifier = WebhookNotifier("desk", hook.url, min_severity="critical")
            context = JobContext(
                app=None,
                job=None,
                start_timestamp=0.0,
                abort_reason=lambda: None,
                additional_context={ANALYSER: analyser, NOTIFIERS: [notifier]},
            )
            done = analyse_batch(context, ids)
            again = analyse_batch(context, ids)  # the job run twice: nothing left to do, nothing sent again
            critical = [alert.id for alert in store.list_alerts(severity="critical")]
    finally:
        hook.close()
    assert done == {"articles": 4, "failed": 0, "alerts_new": 3}  # two critical transfers and a visit
    assert again == {"articles": 0, "failed": 0, "alerts_new": 0}
    assert len(critical) == 2 and sorted(hook.delivered()) == sorted(critical)
