"""The SQL layer: SQLAlchemy 2 models, Alembic migrations, and `Store`, the API the rest of the project uses.

from storage import Store, upgrade
upgrade(url)                       # `alerts db upgrade` (a Store also upgrades on open)
with Store(url) as store:
    row_id, created = store.ingest(article)
    outcome = store.save_analysis(row_id, indicators, matches)
"""

from storage.batches import ArticleAnalysis
from storage.errors import DuplicateSnoozeError, NoDatabaseError, NotFoundError, StorageError
from storage.leases import default_holder
from storage.migrate import head_revision, upgrade
from storage.records import (
    AlertArticle,
    AlertDetail,
    AlertRecord,
    AnalysisOutcome,
    AuditEntry,
    Lease,
    QuarantineRecord,
    RunRecord,
    SnoozeRecord,
    StoredArticle,
    StoredIndicator,
    StoredMatch,
    SuppressionRecord,
)
from storage.reporting import ReportAlert, ReportEvidence, ReportRows, ReportSnooze
from storage.reprocessing import ReprocessRecord
from storage.store import Store

__all__ = [
    "AlertArticle",
    "AlertDetail",
    "AlertRecord",
    "AnalysisOutcome",
    "ArticleAnalysis",
    "AuditEntry",
    "DuplicateSnoozeError",
    "Lease",
    "NoDatabaseError",
    "NotFoundError",
    "QuarantineRecord",
    "ReportAlert",
    "ReportEvidence",
    "ReportRows",
    "ReportSnooze",
    "ReprocessRecord",
    "RunRecord",
    "SnoozeRecord",
    "StorageError",
    "Store",
    "StoredArticle",
    "StoredIndicator",
    "StoredMatch",
    "SuppressionRecord",
    "default_holder",
    "head_revision",
    "upgrade",
]
